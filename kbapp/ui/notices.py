"""What the user must be told without being stopped (a file restored, a folder not
writable): a non-modal box over a window that goes on working, and the status bar.
What is told before the window shows waits until it does."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

log = logging.getLogger(__name__)


class Notices:
    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.untold: list[str] = []
        self.boxes: list[QMessageBox] = []

    def tell(self, message: str) -> None:
        log.warning("%s", message)
        if not self.window.isVisible():
            self.untold.append(message)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "kbapp", message, QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names and titles are shown as written
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.finished.connect(lambda _=0, b=box: self.boxes.remove(b) if b in self.boxes else None)
        self.boxes.append(box)
        box.open()
        self.window.statusBar().showMessage(message, 15000)

    def tell_untold(self) -> None:
        untold, self.untold = self.untold, []
        for message in untold:
            self.tell(message)
