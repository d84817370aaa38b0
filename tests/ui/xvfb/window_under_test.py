"""The real window, for the keyboard journeys: run on an X display, driven from
outside with real key presses, it reports on stdout, one JSON line each, what a user
would see change: the focus, the record shown, the tab, the lookup's answer.

    python -m tests.ui.xvfb.window_under_test   (DISPLAY and KBAPP_HOME set)
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kbapp.ui.app import run
from kbapp.ui.main_window import MainWindow


def say(event: str, **fields: object) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def describe(widget) -> dict[str, str]:
    if widget is None:
        return {"name": "", "class": ""}
    name = widget.accessibleName() or widget.objectName()
    holder = widget
    while not name and holder.parentWidget() is not None:  # a viewport, a popup: named by its owner
        holder = holder.parentWidget()
        name = holder.accessibleName()
    found = {"name": name, "class": type(widget).__name__, "window": widget.window().windowTitle()}
    box = widget.window()
    if isinstance(box, QMessageBox):  # a box that took the focus: say what it says, so a failure names it
        found["says"] = f"{box.text()} {box.informativeText()} {box.detailedText()}"[:2000]
    return found


class PaintClock(QObject):
    """How long after a key changed the search box its results were painted: the time
    from the box's change to the next paint of the results showing that query (the
    benchmark's keystroke-to-paint). A query overtaken before its results came is not
    painted, and not reported."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.page = window.search_page
        self.typed: dict[str, float] = {}
        self.page.box.textChanged.connect(lambda text: self.typed.__setitem__(text, time.perf_counter()))
        self.page.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            result = self.page.last_result
            if result is not None and result.query in self.typed:
                waited = time.perf_counter() - self.typed.pop(result.query)
                say("painted", query=result.query, ms=round(waited * 1000, 2), hits=len(result.hits))
        return False


class PopupWatch(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            say("suggestions", visible=event.type() == QEvent.Type.Show)
        return False


def watch(app: QApplication) -> None:
    """Hook the window that ``run()`` made, before it starts."""
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    app.focusChanged.connect(lambda _old, new: say("focus", **describe(new)))
    window.detail.shown.connect(lambda typed_id: say("shown", id=typed_id))
    window.tabs.currentChanged.connect(lambda i: say("tab", title=window.tabs.tabText(i)))
    window.quick.answer.textChanged.connect(
        lambda: say(
            "lookup", ids=[d["id"] for d in window.quick.definitions], text=window.quick.answer.toPlainText()[:300]
        )
    )
    window.selection.model.rowsInserted.connect(lambda *_: say("selection", ids=window.selection.ids))
    PaintClock(window)
    popup_watch = PopupWatch(window)
    window.search_page.completer.popup().installEventFilter(popup_watch)

    def ready_check() -> None:
        if window.ready and window.isActiveWindow():
            QTimer.singleShot(300, lambda: say("ready", **describe(QApplication.focusWidget())))
        else:
            QTimer.singleShot(50, ready_check)

    QTimer.singleShot(50, ready_check)


def main() -> int:
    app = QApplication(sys.argv)
    QTimer.singleShot(0, lambda: watch(app))
    return run()  # the window's own start, as the kbapp command makes it


if __name__ == "__main__":
    sys.exit(main())
