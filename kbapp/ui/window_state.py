"""What the window keeps between sessions in ``kbapp.ini``: its geometry, splitters,
last view and text size."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QTabWidget

MIN_FONT, MAX_FONT = 7, 28
DEFAULT_SIZE = (1280, 800)


class WindowState:
    def __init__(self, settings: QSettings, window: QMainWindow, tabs: QTabWidget, splitters: dict[str, QSplitter]):
        self.settings = settings
        self.window = window
        self.tabs = tabs
        self.splitters = splitters  # settings key → splitter

    def restore(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.window.restoreGeometry(geometry)
        else:
            self.window.resize(*DEFAULT_SIZE)
        for key, splitter in self.splitters.items():
            state = s.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        self.tabs.setCurrentIndex(int(str(s.value("window/tab", 0) or 0)))
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        s.setValue("view/default_font_size", s.value("view/default_font_size", app.font().pointSize()))
        size = s.value("view/font_size")
        if size:
            self._set_font_size(max(MIN_FONT, min(MAX_FONT, int(str(size)))))

    def save(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.window.saveGeometry())
        for key, splitter in self.splitters.items():
            s.setValue(key, splitter.saveState())
        s.setValue("window/tab", self.tabs.currentIndex())
        s.sync()

    def change_font(self, step: int) -> None:
        """One point larger (+1) or smaller (-1), or back to the normal size (0)."""
        current = QApplication.font().pointSize()
        default = int(str(self.settings.value("view/default_font_size", current) or 10))
        size = default if step == 0 else max(MIN_FONT, min(MAX_FONT, current + step))
        self._set_font_size(size)
        self.settings.setValue("view/font_size", size)

    @staticmethod
    def _set_font_size(size: int) -> None:
        font = QFont(QApplication.font())
        font.setPointSize(size)
        QApplication.setFont(font)
