"""File › Crosswalk tables…: the correspondence tables between editions that the user
loaded (kbapp ships none), listed with their licence and origin, loaded and removed;
the Mappings view's Compare with selector follows at once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kbapp.domain.crosswalk import CrosswalkTable
from kbapp.domain.errors import KbError
from kbapp.services import crosswalks
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.ui.dialogs.errors import show_expected
from kbapp.ui.plain import literal

log = logging.getLogger(__name__)
FILTER = "Crosswalk tables (*.csv);;All files (*)"
COLUMNS = [("Name", "name"), ("Rows", "rows"), ("Editions", "editions"), ("Licence", "licence"), ("Origin", "origin")]


class CrosswalkTablesDialog(QDialog):
    def __init__(self, flow: CrosswalkFlow, parent: QMainWindow) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setWindowTitle("Crosswalk tables")
        self.resize(820, 360)
        intro = QLabel(
            "Correspondence tables between editions of a standard, loaded under your organisation's licence. "
            "kbapp ships none. Compare with, in the Mappings view, and kbapp map CLAUSE --to EDITION follow them.",
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Loaded crosswalk tables")
        self.table.setHorizontalHeaderLabels([name for name, _ in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.load_button = QPushButton("&Load table…", self)
        self.remove_button = QPushButton("&Remove", self)
        buttons.addButton(self.load_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        self.load_button.clicked.connect(flow.load_table)
        self.remove_button.clicked.connect(self._remove)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        loaded = crosswalks.loaded_tables(self.flow.kb)
        self.table.setRowCount(len(loaded.tables))
        for row, t in enumerate(loaded.tables):
            editions = ", ".join(f"{s}:{e}" for s, e in sorted(t.editions()))
            values = {"name": t.name, "rows": str(len(t.rows)), "editions": editions}
            values |= {"licence": t.licence, "origin": t.origin}
            for column, (_, key) in enumerate(COLUMNS):
                item = QTableWidgetItem(values[key])
                item.setToolTip(literal(values[key]))
                item.setData(Qt.ItemDataRole.UserRole, t.name)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.remove_button.setEnabled(bool(loaded.tables))

    def _remove(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            self.flow.remove(item.data(Qt.ItemDataRole.UserRole))


class CrosswalkFlow:
    def __init__(
        self, parent: QMainWindow, kb: KnowledgeBase, settings: QSettings, on_changed: Callable[[], None]
    ) -> None:
        self.parent = parent
        self.kb = kb
        self.settings = settings
        self.on_changed = on_changed
        self.dialog: CrosswalkTablesDialog | None = None

    def tables(self) -> list[CrosswalkTable]:
        """The loaded tables, for the Mappings view; one that no longer reads is left out, and said."""
        loaded = crosswalks.loaded_tables(self.kb)
        for notice in loaded.notices:
            log.warning("%s", notice)
        return loaded.tables

    def ask_path(self) -> Path | None:
        folder = str(self.settings.value("crosswalk/last_folder", str(Path.home())))
        name, _ = QFileDialog.getOpenFileName(self.parent, "Load a crosswalk table", folder, FILTER)
        if not name:
            return None
        self.settings.setValue("crosswalk/last_folder", str(Path(name).parent))
        return Path(name)

    def show_dialog(self) -> None:
        if self.dialog is None:
            self.dialog = CrosswalkTablesDialog(self, self.parent)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()

    def load_table(self) -> None:
        path = self.ask_path()
        if path is None:
            return
        try:
            loaded = crosswalks.load_table(self.kb, path)
        except KbError as exc:
            show_expected(self.parent, f"The crosswalk table was not loaded.\n\n{exc}", "Crosswalk tables")
            return
        said = f"Loaded the crosswalk table '{loaded.table.name}': {len(loaded.table.rows)} rows"
        said += " (it replaces the table of that name)" if loaded.replaced else ""
        self.parent.statusBar().showMessage(said + ". " + " ".join(loaded.warnings), 15000)
        self._changed()

    def remove(self, name: str) -> None:
        try:
            crosswalks.remove(self.kb, name)
        except KbError as exc:
            show_expected(self.parent, str(exc), "Crosswalk tables")
            return
        self.parent.statusBar().showMessage(f"Removed the crosswalk table '{name}'.", 10000)
        self._changed()

    def _changed(self) -> None:
        if self.dialog is not None:
            self.dialog.refresh()
        self.on_changed()
