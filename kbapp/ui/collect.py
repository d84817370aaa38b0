"""Collecting records for the working papers: the selection across views, copying
records as text, and exporting the selection or the list as shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from kbapp.domain.labels import count_text
from kbapp.present.mapping_rows import COVERAGE_COLUMNS, MAPPED_STANDARDS, coverage_rows
from kbapp.present.records import records_as_text
from kbapp.ui.dialogs.errors import show_expected
from kbapp.ui.exporting import Exporter
from kbapp.ui.pages.base import Page, RepoGetter
from kbapp.ui.pages.tables import RecordTablePage
from kbapp.ui.panels.detail import DetailPane
from kbapp.ui.panels.selection import SelectionPanel

NOTHING_SELECTED = "Nothing to export: select records in a view and press Ctrl+D, or select rows first."


class Collector:
    def __init__(
        self,
        window: QMainWindow,
        repo: RepoGetter,
        current_page: Callable[[], Page],
        detail: DetailPane,
        selection: SelectionPanel,
        exporter: Exporter,
    ) -> None:
        self.window = window
        self.repo = repo
        self.current_page = current_page
        self.detail = detail
        self.selection = selection
        self.exporter = exporter

    def selected_in_view(self) -> list[str]:
        ids = self.current_page().selected_ids()
        if not ids and self.detail.current:
            ids = [self.detail.current]
        return ids

    def add_to_selection(self) -> int:
        added = self.selection.add(self.selected_in_view())
        page = self.current_page()
        if isinstance(page, RecordTablePage):
            page.model.clear_checks()  # ticked rows are now in the selection
        self.window.statusBar().showMessage(f"{added} added to the selection", 4000)
        return added

    def select_all(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.selectAll()
        elif (view := self.current_page().main_view()) is not None:
            view.selectAll()

    def copy_records(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit) and focus.hasSelectedText():
            focus.copy()
            return
        if focus is self.detail.browser and self.detail.browser.textCursor().hasSelection():
            self.detail.browser.copy()
            return
        ids = self.selected_in_view()
        if ids:
            QApplication.clipboard().setText(records_as_text([self.repo().records.get(i) for i in ids]))
            self.window.statusBar().showMessage(f"Copied {count_text(len(ids), 'record')}", 4000)

    def _export(self, ids: list[str], suggested: str, from_set: bool = False) -> None:
        model = self.selection.model
        notes, name = (model.notes, self.selection.set_name) if from_set else (None, None)
        message = self.exporter.export(ids, suggested, model.titles, notes, name)
        if message:
            self.window.statusBar().showMessage(message, 15000)
            self.selection.note.setText(message)

    def export_selection(self) -> None:
        ids = self.selection.ids or self.selected_in_view()
        if not ids:
            show_expected(
                self.window, "Nothing to export: select records in a view and press Ctrl+D, or select rows first."
            )
            return
        self._export(ids, "kbapp-selection.csv", from_set=bool(self.selection.ids))

    def export_current_list(self) -> None:
        page = self.current_page()
        shown = page.shown_list()
        if shown is not None and shown.rows:
            message = self.exporter.export_list(shown, f"kbapp-{page.title.lower()}-as-shown.csv")
            if message:
                self.window.statusBar().showMessage(message, 15000)
            return
        ids = page.all_ids()
        if not ids:
            show_expected(self.window, "This view lists nothing to export.")
            return
        self._export(ids, f"kbapp-{page.title.lower()}.csv")

    def export_coverage(self) -> None:
        """The coverage report, per top-level clause, as ``kbapp coverage`` writes it."""
        repo = self.repo()
        rows = coverage_rows({s: repo.mappings.clause_tree(s) for s in MAPPED_STANDARDS})
        message = self.exporter.export_report(rows, COVERAGE_COLUMNS, "coverage report", "kbapp-coverage.csv")
        if message:
            self.window.statusBar().showMessage(message, 15000)
