"""Row heights of the tables whose text wraps: the same shape filtered or not.

A row is as tall as its longest cell, up to ``MAX_LINES`` lines; longer text ends in
"…" (the whole of it is in the cell's tooltip and the detail pane). Heights are
worked out again once the header has laid out its stretched columns, which it does
after the resize that changed them, so a row is never sized for the old widths.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize, QTimer
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView

MAX_LINES = 4


class ClampedRows(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        lines = option.fontMetrics.lineSpacing() * MAX_LINES + 6  # the cell's margins
        return QSize(size.width(), min(size.height(), lines))


class RowFitter(QObject):
    """Fits a wrapping table's rows to their text, after the columns have settled."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        view.setItemDelegate(ClampedRows(view))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(view.resizeRowsToContents)
        view.horizontalHeader().sectionResized.connect(lambda *_: self.timer.start())

    def fit(self) -> None:
        self.view.resizeRowsToContents()
        self.timer.start()  # and again once the header has stretched its columns
