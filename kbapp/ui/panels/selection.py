"""The selection: records collected across views for export, with its buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from kbapp.ui.models.records import ID_ROLE, Fetch, SelectionListModel


class SelectionPanel(QGroupBox):
    open_record = Signal(str)
    export_requested = Signal()

    def __init__(self, fetch: Fetch, parent: QWidget | None = None) -> None:
        super().__init__("Selected for export (0)", parent)
        self.model = SelectionListModel(fetch, self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Selected for export")
        self.view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.view.activated.connect(lambda i: self.open_record.emit(i.data(ID_ROLE)))
        remove = QShortcut(QKeySequence.StandardKey.Delete, self.view, context=Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        self.note = QLabel("Ctrl+D adds what is selected in a view; Ctrl+E exports.", self)
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for text, slot, name in (
            ("Export…", self.export_requested.emit, "Export the selection to CSV"),
            ("Remove", self.remove_selected, "Remove from the selection"),
            ("Clear", self.model.clear, "Clear the selection"),
        ):
            button = QPushButton(text, self)
            button.setAccessibleName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._count_changed)

    @property
    def ids(self) -> list[str]:
        return list(self.model.ids)

    def add(self, typed_ids: list[str]) -> int:
        return self.model.add(typed_ids)

    def remove_selected(self) -> None:
        self.model.remove([i.data(ID_ROLE) for i in self.view.selectionModel().selectedRows()])

    def _count_changed(self, *_args: object) -> None:
        self.setTitle(f"Selected for export ({self.model.rowCount()})")
