"""The record toolbar above the detail pane: back, forward, bookmark, add, copy.

With room, each button shows its text beside its icon; in a narrow pane (1024 px, or
large text) they shrink to icons with their text as tooltips, so none is pushed out
of sight behind the overflow arrow."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QColor, QIcon
from PySide6.QtWidgets import QStyle, QToolBar, QWidget

from kbapp.ui.colours import text_colours
from kbapp.ui.icons import icon, tinted

ICONS = {"bookmark": "action-bookmark", "add": "action-add", "copy": "action-copy"}


class RecordBar(QToolBar):
    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__("Record", parent)
        self.setMovable(False)
        style = self.style()
        self.drawn: dict[QAction, QIcon] = {
            actions["back"]: style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack),
            actions["forward"]: style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward),
        }
        self.drawn.update({actions[name]: icon(file) for name, file in ICONS.items()})
        self._tint()
        for name in ("back", "forward", "bookmark", "add", "copy"):
            self.addAction(actions[name])
            actions[name].changed.connect(self._fit)  # "Remove bookmark" is longer than "Bookmark"
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

    def _tint(self) -> None:
        """The icons in the secondary text colour, which reads at AA on the window."""
        colour = QColor(text_colours(self.palette()).secondary)
        for action, source in self.drawn.items():
            action.setIcon(tinted(source, colour))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._tint()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Text beside icons when it all fits, else icons alone."""
        metrics = self.fontMetrics()
        needed = sum(
            self.iconSize().width() + metrics.horizontalAdvance(a.text().replace("&", "")) + 24 for a in self.actions()
        )
        fits = needed <= self.width()
        wanted = Qt.ToolButtonStyle.ToolButtonTextBesideIcon if fits else Qt.ToolButtonStyle.ToolButtonIconOnly
        if self.toolButtonStyle() != wanted:
            self.setToolButtonStyle(wanted)
