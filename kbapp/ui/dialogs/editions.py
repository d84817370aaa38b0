"""Catalogue editions in the window: *Edit › Undo last catalogue change* and *View ›
Change log*, which lists every edition with what it changed, field by field, can
return to any of them, and exports the log to CSV for an audit trail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbapp.domain.catalogue_diff import first_difference
from kbapp.domain.errors import KbError
from kbapp.export.csv import write_csv
from kbapp.present.change_log import CHANGE_COLUMNS, change_rows, edition_text
from kbapp.services.editions import RestoreReport, catalogue_in_effect, undo_target
from kbapp.storage.editions import KEEP, Edition
from kbapp.ui.dialogs.errors import failure_shown, show_expected
from kbapp.ui.ops import Ops
from kbapp.ui.plain import literal

EDITION_HEADERS = ["Edition", "Made (UTC)", "Change", "File", "What it changed"]
CHANGE_HEADERS = ["Change", "Resource", "Field", "Old value", "New value"]
COLUMN_CHARS = 30  # the widest a column starts; the whole text is in its tooltip


def _table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setMinimumSectionSize(table.fontMetrics().averageCharWidth() * 6)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], shown: list[list[str]] | None = None) -> None:
    """Rows of whole texts (the tooltips); ``shown``, what the cells show, if not those."""
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(" ".join((shown[r][c] if shown else text).split()))
            item.setToolTip(literal(text))
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    header, widest = table.horizontalHeader(), table.fontMetrics().averageCharWidth() * COLUMN_CHARS
    for column in range(table.columnCount()):
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
            header.resizeSection(column, min(header.sectionSize(column), widest))


class ChangeLogDialog(QDialog):
    def __init__(self, parent: QWidget, flow: EditionsFlow) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setWindowTitle("Change log")
        self.setObjectName("change-log")
        self.resize(1000, 620)
        layout = QVBoxLayout(self)
        note = QLabel(
            f"Every accepted change to the catalogue is an edition; the last {KEEP} are kept. "
            "Select an edition to read what it changed; Restore returns the catalogue to it.",
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.editions = _table(self, EDITION_HEADERS, "Catalogue editions")
        self.changes = _table(self, CHANGE_HEADERS, "What the selected edition changed")
        for column in (3, 4):  # the old and the new value share what the others leave
            self.changes.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.changes.horizontalHeader().setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 12)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.editions)
        split.addWidget(self.changes)
        split.setSizes([220, 360])
        layout.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("&Restore this edition", self)
        self.export_button = QPushButton("&Export the log to CSV…", self)
        for button in (self.restore_button, self.export_button):
            button.setAutoDefault(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.export_button.clicked.connect(self.export)
        self.editions.itemSelectionChanged.connect(self._show_changes)
        layout.addWidget(buttons)
        self.known: list[Edition] = []
        self.refresh()

    def refresh(self) -> None:
        try:
            self.known = self.flow.ops.kb.editions()
        except KbError as exc:
            show_expected(self, str(exc))
            self.known = []
        current = catalogue_in_effect(self.known)
        rows = [
            [
                str(e.number) + (" (in effect)" if e.number == current else ""),
                e.made_at.replace("T", " ").removesuffix("+00:00"),
                e.action,
                e.file,
                e.summary,
            ]
            for e in reversed(self.known)
        ]
        _fill(self.editions, rows)
        if rows:
            self.editions.selectRow(0)
        self._show_changes()

    def selected(self) -> Edition | None:
        rows = self.editions.selectionModel().selectedRows()
        return list(reversed(self.known))[rows[0].row()] if rows else None

    def _show_changes(self) -> None:
        edition = self.selected()
        rows = [] if edition is None else change_rows(self.flow.ops.kb.change_log(edition.number))
        whole = [[r["change"], r["title"], r["field"], r["old"], r["new"]] for r in rows]
        _fill(self.changes, whole, [[*cells[:3], *first_difference(cells[3], cells[4])] for cells in whole])
        state = catalogue_in_effect(self.known)
        self.restore_button.setEnabled(edition is not None and edition.state != state and not self.flow.ops.writing)

    def restore_selected(self) -> None:
        edition = self.selected()
        if edition is not None:
            self.flow.restore(edition.number, self.refresh)

    def export(self) -> None:
        folder = str(self.flow.settings.value("export/last_folder", str(Path.home())))
        name, _ = QFileDialog.getSaveFileName(self, "Export the change log", f"{folder}/changes.csv", "CSV (*.csv)")
        if name:
            self.write_log(Path(name))

    def write_log(self, path: Path) -> None:
        try:
            written = write_csv(path, change_rows(self.flow.ops.kb.change_log()), CHANGE_COLUMNS)
        except KbError as exc:
            show_expected(self, str(exc), "Export failed")
            return
        self.flow.window.statusBar().showMessage(f"Exported the change log to {written}", 10000)


class EditionsFlow:
    def __init__(self, window: QMainWindow, ops: Ops, settings: QSettings, on_restored: Callable[[], None]) -> None:
        self.window = window
        self.ops = ops
        self.settings = settings
        self.on_restored = on_restored
        self.dialog: ChangeLogDialog | None = None

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self.window, "Undo last catalogue change", literal(text))
        return answer == QMessageBox.StandardButton.Yes

    def undo_last(self) -> None:
        try:
            known = self.ops.kb.editions()
        except KbError as exc:
            show_expected(self.window, str(exc))
            return
        target = undo_target(known)
        if target is None:
            self.window.statusBar().showMessage("Nothing to undo: no catalogue change is recorded.", 10000)
            return
        last = next(e for e in known if e.number == catalogue_in_effect(known))
        back_to = next(e for e in known if e.number == target)
        if self.confirm(
            f"Undo {edition_text(last)}?\n\nThe catalogue returns to {edition_text(back_to)}, and the knowledge "
            "base is rebuilt. The undo is an edition too: View › Change log can return to any kept edition."
        ):
            self.restore(target)

    def restore(self, number: int, then: Callable[[], None] | None = None) -> None:
        def done(report: RestoreReport) -> None:
            self.window.statusBar().showMessage(
                f"Restored edition {number} (now edition {report.edition.number}): {report.edition.summary}", 15000
            )
            for notice in report.notices:
                show_expected(self.window, notice, "Restored")
            self.on_restored()
            if then:
                then()

        failed = failure_shown(self.window, f"Edition {number} was not restored.", "Restore failed")
        self.ops.write(lambda kb, _progress: kb.restore_edition(number), done, failed, label="Restoring the edition…")

    def show_log(self) -> None:
        if self.dialog is None:
            self.dialog = ChangeLogDialog(self.window, self)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
