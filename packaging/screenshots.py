"""Render each main view of the window to PNG.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/screenshots.py [out-folder] [--readme-only]

Two sets go to ``docs/screenshots/``:
- the README's pictures, at 1280×800, normal text, light: ``search-1280x800.png`` …;
- the review matrix, every view at 1024×700 and 1920×1080, at 100% and 200% text, in
  a light and a dark palette: ``search-1024x700-200-dark.png`` ….

Uses a throw-away KBAPP_HOME so the user's data is untouched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KBAPP_HOME", tempfile.mkdtemp(prefix="kbapp-shots-"))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QFont, QGuiApplication, QImage, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kbapp.ui.app import create_window  # noqa: E402
from kbapp.ui.colours import accessible, sample_dark_palette  # noqa: E402

README_SIZE = (1280, 800)
SIZES = ((1024, 700), (1920, 1080))
TEXT_SIZES = (100, 200)
THEMES = ("light", "dark")
APPETITE = "national-police-information-risk-appetite-statement-version-2-2"


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until(condition, timeout_ms: int = 20000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:
        wait(50)
        waited += 50


def with_popups(window: QWidget) -> QPixmap:
    """The window as seen, with the search suggestions drawn in (a popup is a window of its own)."""
    shot = window.grab()
    popup = window.search_page.completer.popup()
    if popup is not None and popup.isVisible():
        painter = QPainter(shot)
        painter.drawPixmap(window.mapFromGlobal(popup.mapToGlobal(popup.rect().topLeft())), popup.grab())
        painter.end()
    return shot


def views(window) -> list[tuple[str, Callable[[], QPixmap]]]:
    """Each view as a user leaves it: a step that shows it, and what to grab."""

    def search() -> QPixmap:
        window.tabs.setCurrentWidget(window.search_page)
        query = "information security management"
        window.search_page.box.setText(query)
        until(lambda: window.search_page.last_result is not None and window.search_page.last_result.query == query)
        window.search_page.completer.popup().hide()
        window.search_page.view.setCurrentIndex(window.search_page.model.index(0, 0))
        window.detail.show_record(window.search_page.model.hits[0].id)
        wait(300)
        return window.grab()

    def suggestions() -> QPixmap:
        page = window.search_page
        window.tabs.setCurrentWidget(page)
        page.box.clear()
        page.box.setFocus()
        page.box.insert("risk ma")
        page.box.textEdited.emit(page.box.text())
        until(lambda: page.last_result is not None and page.last_result.query == "risk ma")
        wait(300)
        shot = with_popups(window)
        page.completer.popup().hide()
        return shot

    def table(page, typed_id: str) -> Callable[[], QPixmap]:
        def show() -> QPixmap:
            window.tabs.setCurrentWidget(page)
            page.select_id(typed_id)
            window.detail.show_record(typed_id)
            wait(250)
            return window.grab()

        return show

    def mappings() -> QPixmap:
        window.tabs.setCurrentWidget(window.mappings)
        window.mappings.tabs.setCurrentIndex(0)
        window.mappings.tree.expandAll()
        window.mappings.go_to_clause("10.1.2")
        wait(250)
        return window.grab()

    def mappings_reverse() -> QPixmap:
        window.tabs.setCurrentWidget(window.mappings)
        window.mappings.show_itil("SD 4.6.4.3")
        wait(250)
        return window.grab()

    def bookmarks() -> QPixmap:
        if not window.userdata.bookmarks():
            window.detail.show_record("term:risk")
            window.detail.set_bookmark_note("Compare with the 27005 definition")
            window.detail.show_record(f"resource:{APPETITE}")
            window.detail.set_bookmark_note("Cited in finding 3")
            window.bookmarks_changed()
        return table(window.bookmarks, f"resource:{APPETITE}")()

    def import_preview() -> QPixmap:
        from kbapp.ui.dialogs.import_preview import ImportPreviewDialog

        preview = window.kb.preview_import(reissued_catalogue(), replace_catalogue=True)
        dialog = ImportPreviewDialog(window, preview, replace_catalogue=True)
        dialog.resize(min(window.width(), 1100), min(window.height(), 640))
        dialog.show()
        rows = [r for r in range(dialog.model.rowCount()) if dialog.model.cell(r, 3) == "Description"]
        dialog.view.selectRow(rows[0] if rows else 0)
        wait(200)
        shot = dialog.grab()
        dialog.close()
        return shot

    def change_log() -> QPixmap:
        if not window.kb.editions():
            window.kb.import_catalogue(reissued_catalogue(), replace_catalogue=True)
            window.kb.restore_edition(1)
            window.kb.close()
        window.imports.editions.show_log()
        dialog = window.imports.editions.dialog
        dialog.resize(min(window.width(), 1100), min(window.height(), 640))
        dialog.editions.selectRow(1)
        wait(200)
        shot = dialog.grab()
        dialog.hide()
        return shot

    def entry_form() -> QPixmap:
        window.imports.local.new_entry()
        form = window.imports.local.form
        form.title.setText("Force X retention schedule")
        form.published.setText("31/02/2025")
        form.body.setCurrentText("College of Policing")
        form.description.setPlainText(
            "How long we keep records.\n\n- custody: 6 years\n- intelligence: reviewed yearly"
        )
        form.accept()  # refused: the date is not real, and the category is missing
        wait(200)
        shot = form.grab()
        form.reject()
        return shot

    def quick_lookup() -> QPixmap:
        window.quick.popup()
        window.quick.box.setText("risk man")
        wait(300)
        shot = window.quick.grab()
        window.quick.hide()
        return shot

    return [
        ("search", search),
        ("suggestions", suggestions),
        ("catalogue", table(window.catalogue, f"resource:{APPETITE}")),
        ("glossary", table(window.glossary, "term:risk")),
        ("mappings", mappings),
        ("mappings-reverse", mappings_reverse),
        ("standards", table(window.standards, "standard:iso-iec-27003")),
        ("bookmarks", bookmarks),
        ("quick-lookup", quick_lookup),
        ("import-preview", import_preview),
        ("change-log", change_log),
        ("entry-form", entry_form),
    ]


def reissued_catalogue() -> Path:
    """The shipped catalogue as a publisher might reissue it: one resource reissued (Issue 9),
    one changed in three fields, one withdrawn and one added, for the import preview."""
    from kbapp.paths import source_files

    text = source_files()["catalogue"].read_text(encoding="utf-8")
    text = text.replace("(Issue 8)", "(Issue 9)", 1).replace("beyond the facts asking", "beyond the facts, asking", 1)
    text = text.replace(
        "Published 01/01/2011\nAuthoring body: United Nations Office on Drugs and Crime (UNODC)\nGuidance",
        "Published 15/03/2012\nAuthoring body: United Nations Office on Drugs and Crime (UNODC)\nStandards",
        1,
    )
    start = text.index("Resource\nCovert Policing APP")
    text = text[:start] + text[text.index("Resource\n", start + 1) :]
    text += "\nResource\nLocal Access Control Standard\n\nHow the force grants and removes access.\n\n"
    text += "Published 01/04/2024\nAuthoring body: Example Constabulary (EXC)\nStandards\n"
    path = Path(tempfile.mkdtemp(prefix="kbapp-shots-")) / "resource-catalogue-2027.txt"
    path.write_text(text, encoding="utf-8")
    return path


def save_small(shot: QPixmap, path: Path) -> None:
    """A review picture in 256 colours: a fifth of the bytes, and text as legible."""
    flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
    shot.toImage().convertToFormat(QImage.Format.Format_Indexed8, flags).save(str(path), "PNG", 0)


def set_scene(window, size: tuple[int, int], text: int, theme: str, normal_points: int) -> None:
    # As a change of system theme does: the palette, corrected to AA, then every view redrawn.
    system = sample_dark_palette() if theme == "dark" else QApplication.style().standardPalette()
    QGuiApplication.setPalette(accessible(system))
    window.restyle()
    font = QFont(QApplication.font())
    font.setPointSize(round(normal_points * text / 100))
    QApplication.setFont(font)
    for page in window.pages:
        page.refit()
    window.detail.refresh()
    w, h = size
    window.resize(w, h)
    window.main_split.setSizes([int(w * 0.58), int(w * 0.42)])
    window.search_page.splitter.setSizes([230, int(w * 0.58) - 230])  # as a first start leaves it
    wait(200)


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    readme_only = "--readme-only" in sys.argv
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    _app = QApplication.instance() or QApplication(sys.argv)
    normal_points = QApplication.font().pointSize()
    window = create_window()
    window.show()
    window.start()
    until(lambda: window.ready)
    shown = views(window)
    set_scene(window, README_SIZE, 100, "light", normal_points)
    for name, grab in shown:
        grab().save(str(out / f"{name}-{README_SIZE[0]}x{README_SIZE[1]}.png"))
    if not readme_only:
        for theme in THEMES:
            for text in TEXT_SIZES:
                for size in SIZES:
                    set_scene(window, size, text, theme, normal_points)
                    for name, grab in shown:
                        save_small(grab(), out / f"{name}-{size[0]}x{size[1]}-{text}-{theme}.png")
    window.close()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
