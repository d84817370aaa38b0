"""Render each main view of the window to PNG, at 1280×800 and 1920×1080.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/screenshots.py [out-folder]

Uses a throw-away KBAPP_HOME so the user's data is untouched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KBAPP_HOME", tempfile.mkdtemp(prefix="kbapp-shots-"))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kbapp.ui.app import create_window  # noqa: E402

SIZES = {"1280x800": (1280, 800), "1920x1080": (1920, 1080)}


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until(condition, timeout_ms: int = 20000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:
        wait(50)
        waited += 50


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    _app = QApplication.instance() or QApplication(sys.argv)
    window = create_window()
    window.show()
    window.start()
    until(lambda: window.ready)
    for label, (w, h) in SIZES.items():
        window.resize(w, h)
        window.main_split.setSizes([int(w * 0.58), int(w * 0.42)])
        wait(100)

        window.tabs.setCurrentWidget(window.search_page)
        window.search_page.box.setText("information security management")
        until(lambda: window.search_page.last_result is not None and window.search_page.model.rowCount() > 0)
        wait(300)
        window.grab().save(str(out / f"search-{label}.png"))

        window.tabs.setCurrentWidget(window.catalogue)
        resource = "resource:national-police-information-risk-appetite-statement-version-2-2"
        window.catalogue.select_id(resource)
        window.detail.show_record(resource)
        wait(200)
        window.grab().save(str(out / f"catalogue-{label}.png"))

        window.tabs.setCurrentWidget(window.glossary)
        window.glossary.select_id("term:risk")
        window.detail.show_record("term:risk")
        wait(200)
        window.grab().save(str(out / f"glossary-{label}.png"))

        window.tabs.setCurrentWidget(window.mappings)
        window.mappings.tabs.setCurrentIndex(0)
        window.mappings.tree.expandAll()
        window.detail.show_record("mapping:27002:11.2")
        wait(200)
        window.grab().save(str(out / f"mappings-{label}.png"))
        window.mappings.show_itil("SD 4.6.4.3")
        wait(200)
        window.grab().save(str(out / f"mappings-reverse-{label}.png"))

        window.tabs.setCurrentWidget(window.standards)
        window.standards.select_id("standard:iso-iec-27033")
        window.detail.show_record("standard:iso-iec-27033")
        wait(200)
        window.grab().save(str(out / f"standards-{label}.png"))

        window.quick.popup()
        window.quick.box.setText("isms")
        wait(200)
        window.quick.grab().save(str(out / f"quick-lookup-{label}.png"))
        window.quick.hide()
    window.close()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
