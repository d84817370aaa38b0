"""``kbapp check --window``: the window started and used once as a user would,
each step timed and said: start, search, look up, export, quit.

It runs on a scratch data folder of its own, so a check on a user's workstation
leaves their knowledge base, bookmarks and history as they were. Without a display
the window opens offscreen.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

STEP_TIMEOUT_S = 120.0  # the first start may build the knowledge base from the sources
QUERY, TERM = "information security", "ISMS"


class StepFailed(Exception):
    pass


def run_window_check(say: Callable[[str], None]) -> bool:
    """True when every step worked; ``say`` hears each step's outcome."""
    home = os.environ.get("KBAPP_HOME")
    with tempfile.TemporaryDirectory(prefix="kbapp-check-") as scratch:
        os.environ["KBAPP_HOME"] = str(Path(scratch) / "home")
        try:
            _journey(Path(scratch), say)
        except StepFailed as exc:
            say(f"window: FAILED: {exc}")
            return False
        finally:
            if home is None:
                os.environ.pop("KBAPP_HOME", None)
            else:
                os.environ["KBAPP_HOME"] = home
    return True


def _journey(scratch: Path, say: Callable[[str], None]) -> None:
    from kbapp.ui.app import create_window

    # The offscreen platform says it cannot raise or resize a window, at every dialog;
    # that is no finding of the check's.
    previous = qInstallMessageHandler(_quiet_offscreen)
    app = QApplication.instance() or QApplication(["kbapp"])
    assert isinstance(app, QApplication)
    began = time.monotonic()
    window = create_window()
    window.show()
    QTimer.singleShot(0, window.start)
    try:
        _steps(app, window, scratch, began, say)
    finally:
        window.close()
        app.processEvents()
        qInstallMessageHandler(previous)


def _quiet_offscreen(mode, context, message: str) -> None:
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def _steps(app: QApplication, window, scratch: Path, began: float, say: Callable[[str], None]) -> None:
    _wait(app, lambda: window.ready, "the knowledge base did not become ready")
    say(f"window: started and ready in {time.monotonic() - began:.1f} s")

    results: list = []
    window.search.results.connect(results.append)
    window.search_text(QUERY)
    _wait(app, lambda: bool(results and results[-1].hits), f"searching {QUERY!r} found nothing")
    first = results[-1].hits[0]
    say(f"window: searched {QUERY!r}: {results[-1].total} results, first {first.title!r}")

    window.quick.popup()
    window.quick.box.setText(TERM)
    _wait(app, lambda: bool(window.quick.definitions), f"quick lookup found no definition of {TERM}")
    say(f"window: looked up {TERM}: {window.quick.definitions[0]['term']}")
    window.quick.hide()

    target = scratch / "kbapp-check.csv"
    window.selection.add([first.id])
    _answer_save_dialog(app, target)
    window.collect.export_selection()
    if not target.exists():
        raise StepFailed(f"the export wrote no file at {target}")
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if len(rows) != 1 or rows[0].get("id") != first.id:
        raise StepFailed(f"the export holds {len(rows)} rows, not the record {first.id}")
    say(f"window: exported {first.id} to CSV through the save dialog")

    window.close()
    app.processEvents()
    if window.isVisible():
        raise StepFailed("the window did not close")
    say("window: closed")


def _answer_save_dialog(app: QApplication, target: Path, tries: int = 200) -> None:
    """Type ``target`` into the save dialog once it is open (within ``tries`` × 50 ms), and press Save."""

    def answer() -> None:
        nonlocal tries
        tries -= 1
        dialog = next((w for w in app.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()), None)
        if dialog is not None:
            name_box = dialog.findChild(QLineEdit, "fileNameEdit")  # where a user types the name
            if name_box is None:
                dialog.selectFile(str(target))
            else:
                name_box.setText(str(target))
            dialog.accept()
        elif tries > 0:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)


def _wait(app: QApplication, done: Callable[[], bool], failure: str) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT_S
    while not done():
        if time.monotonic() > deadline:
            raise StepFailed(failure)
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
