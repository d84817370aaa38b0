"""The selection: the current working set, the records collected across views for
export, each with a note of the user's own; kept in the user's data as it changes,
so nothing collected is lost on quit. Sets are chosen, made, renamed, copied and
deleted here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kbapp.domain.errors import KbError
from kbapp.storage.userdata import UserData
from kbapp.storage.working_sets import WorkingSets
from kbapp.ui.dialogs.errors import show_expected
from kbapp.ui.models.records import ID_ROLE, Fetch, SelectionListModel
from kbapp.ui.plain import literal

Ask = Callable[[QWidget, str, str, str], "str | None"]


def ask_text(parent: QWidget, title: str, label: str, text: str) -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


class SelectionPanel(QGroupBox):
    open_record = Signal(str)
    export_requested = Signal()

    def __init__(self, fetch: Fetch, userdata: UserData | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Selected for export (0)", parent)
        self.sets = WorkingSets(userdata) if userdata is not None else None
        self.ask: Ask = ask_text
        self.model = SelectionListModel(fetch, self, self.sets)
        self.chooser = QComboBox(self)
        self.chooser.setAccessibleName("Working set")
        self.chooser.activated.connect(self._chosen)
        self.manage = QToolButton(self)
        self.manage.setText("Sets")
        self.manage.setAccessibleName("Manage working sets")
        self.manage.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.manage)
        for text, slot in (
            ("&New working set…", self.new_set),
            ("&Rename…", self.rename_set),
            ("&Duplicate…", self.duplicate_set),
            ("De&lete…", self.delete_set),
        ):
            menu.addAction(text, slot)
        self.manage.setMenu(menu)
        top = QHBoxLayout()
        label = QLabel("&Set:", self)
        label.setBuddy(self.chooser)
        top.addWidget(label)
        top.addWidget(self.chooser, 1)
        top.addWidget(self.manage)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Selected for export")
        self.view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.view.activated.connect(lambda i: self.open_record.emit(i.data(ID_ROLE)))
        remove = QShortcut(QKeySequence.StandardKey.Delete, self.view, context=Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        for keys, step in (("Alt+Up", -1), ("Alt+Down", +1)):
            shortcut = QShortcut(QKeySequence(keys), self.view, context=Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda step=step: self.move_current(step))
        self.note = QLabel("Ctrl+D adds what is selected in a view; Ctrl+E exports.", self)
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        if self.sets is not None:
            layout.addLayout(top)
        else:
            self.chooser.hide()
            self.manage.hide()
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for text, slot, name in (
            ("Export…", self.export_requested.emit, "Export the selection to CSV"),
            ("Note…", self.edit_note, "Your note on the record"),
            ("Up", lambda: self.move_current(-1), "Move the record up (Alt+Up)"),
            ("Down", lambda: self.move_current(+1), "Move the record down (Alt+Down)"),
            ("Remove", self.remove_selected, "Remove from the selection"),
            ("Clear", self.clear, "Clear the selection"),
        ):
            button = QPushButton(text, self)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._count_changed)
        self._fill_chooser()
        self._count_changed()

    @property
    def ids(self) -> list[str]:
        return list(self.model.ids)

    @property
    def set_name(self) -> str | None:
        """The current working set's name (None without user data)."""
        return self.chooser.currentText() if self.sets is not None else None

    def add(self, typed_ids: list[str]) -> int:
        return self._guarded(lambda: self.model.add(typed_ids)) or 0

    def remove_selected(self) -> None:
        ids = [i.data(ID_ROLE) for i in self.view.selectionModel().selectedRows()]
        self._guarded(lambda: self.model.remove(ids))

    def clear(self) -> None:
        self._guarded(self.model.clear)

    def current_record(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def move_current(self, step: int) -> None:
        typed_id = self.current_record()
        if typed_id is None:
            return
        row = self.model.ids.index(typed_id)
        self._guarded(lambda: self.model.move(typed_id, row + step))
        self.view.setCurrentIndex(self.model.index(self.model.ids.index(typed_id), 0))

    def edit_note(self) -> None:
        typed_id = self.current_record()
        if typed_id is None:
            self.note.setText("Pick a record in the list to keep a note on it.")
            return
        title = self.model.titles.get(typed_id, typed_id)
        text = self.ask(
            self, "Note", f"Your note on “{title}” in this working set:", self.model.notes.get(typed_id, "")
        )
        if text is not None:
            self._guarded(lambda: self.model.set_note(typed_id, text))

    # ----- the sets -----

    def new_set(self) -> None:
        name = self.ask(self, "New working set", "Name of the new working set:", "")
        if name is not None and self.sets is not None:
            made = self._guarded(lambda: self.sets.create(name) if self.sets else None)
            if made is not None:
                self._show(made.id)

    def rename_set(self) -> None:
        current = self.model.set_id
        name = self.ask(self, "Rename working set", "New name:", self.chooser.currentText())
        if name is not None and self.sets is not None and current is not None:
            sets = self.sets
            self._guarded(lambda: sets.rename(current, name))
            self._fill_chooser()

    def duplicate_set(self) -> None:
        current = self.model.set_id
        name = self.ask(self, "Duplicate working set", "Name of the copy:", f"{self.chooser.currentText()} (copy)")
        if name is not None and self.sets is not None and current is not None:
            sets = self.sets
            copy = self._guarded(lambda: sets.duplicate(current, name))
            if copy is not None:
                self._show(copy.id)

    def delete_set(self) -> None:
        current, name = self.model.set_id, self.chooser.currentText()
        if self.sets is None or current is None:
            return
        answer = QMessageBox.question(
            self, "Delete working set", literal(f"Delete the working set “{name}” and its {len(self.ids)} records?")
        )
        if answer == QMessageBox.StandardButton.Yes:
            sets = self.sets
            self._guarded(lambda: sets.delete(current))
            self._show(sets.current().id)

    def _chosen(self, index: int) -> None:
        set_id = self.chooser.itemData(index)
        if set_id is not None and set_id != self.model.set_id:
            self._show(set_id)

    def _show(self, set_id: int) -> None:
        self._guarded(lambda: self.model.show_set(set_id))
        self._fill_chooser()

    def _fill_chooser(self) -> None:
        if self.sets is None:
            return
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for found in self.sets.all():
            self.chooser.addItem(found.name, found.id)
            if found.id == self.model.set_id:
                self.chooser.setCurrentIndex(self.chooser.count() - 1)
        self.chooser.blockSignals(False)
        self._count_changed()

    def _guarded(self, work: Callable):
        """Run a change of the user's data; one that cannot be saved says why."""
        try:
            return work()
        except KbError as exc:
            show_expected(self, str(exc))
            return None

    def _count_changed(self, *_args: object) -> None:
        self.setTitle(f"Selected for export ({self.model.rowCount()})")  # the set's name is in the chooser
