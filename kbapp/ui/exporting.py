"""Exporting from the window: where to, then the same export as the command line's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kbapp.domain.errors import KbError
from kbapp.domain.labels import count_text
from kbapp.present.shown_list import ShownList
from kbapp.services.exports import export_list, export_records, export_report
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.ui.dialogs.errors import show_expected
from kbapp.ui.plain import literal

CSV_FILTER = "CSV files (*.csv)"
XLSX_FILTER = "Excel workbooks, every cell text (*.xlsx)"
ONE_FILE_FILTER = "CSV files, the provenance inside: one file (*.csv)"


class Exporter:
    def __init__(self, parent: QWidget, kb: KnowledgeBase, settings: QSettings) -> None:
        self.parent = parent
        self.kb = kb
        self.settings = settings
        self.last_export: Path | None = None
        self.inline = False  # the file type chosen: the provenance inside the CSV, not beside it

    def ask_save_path(self, suggested: str) -> Path | None:
        folder = str(self.settings.value("export/last_folder", str(Path.home())))
        path, picked = QFileDialog.getSaveFileName(
            self.parent, "Export", str(Path(folder) / suggested), f"{CSV_FILTER};;{XLSX_FILTER};;{ONE_FILE_FILTER}"
        )
        self.inline = picked == ONE_FILE_FILTER
        if not path:
            return None
        chosen = Path(path)
        wanted = ".xlsx" if picked == XLSX_FILTER else ".csv"
        if chosen.suffix.lower() not in (".csv", ".xlsx"):
            # The dialog checked the name as typed; the name written is another one.
            chosen = chosen.with_name(chosen.name + wanted)
            if chosen.exists() and not self._may_replace(chosen):
                return None
        self.settings.setValue("export/last_folder", str(chosen.parent))
        return chosen

    def _may_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self.parent,
            "Replace file?",
            literal(f"{path.name} already exists in {path.parent}. Replace it with this export?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def export_list(self, shown: ShownList, suggested: str) -> str | None:
        """Ask where, write the list as shown, and return what to tell the user."""
        path = self.ask_save_path(suggested)
        if path is None:
            return None
        try:
            report = export_list(self.kb, shown, path, inline=self.inline)
        except KbError as exc:
            show_expected(self.parent, str(exc), "Export failed")
            return None
        self.last_export = report.path
        what = f"the {count_text(report.records, 'row')} of the {shown.view} list as shown"
        beside = f", its query and filters in {report.provenance.name}" if report.provenance else ""
        beside = ", its query and filters inside it, after the rows" if report.inline else beside
        return f"Exported {what} to {report.path}{beside}"

    def export_report(self, rows: list[dict], columns: list[str], view: str, suggested: str) -> str | None:
        """Ask where, write a report (the coverage report), and return what to tell the user."""
        path = self.ask_save_path(suggested)
        if path is None:
            return None
        try:
            report = export_report(self.kb, rows, columns, path, view, inline=self.inline)
        except KbError as exc:
            show_expected(self.parent, str(exc), "Export failed")
            return None
        self.last_export = report.path
        where = f"beside it ({report.provenance.name})" if report.provenance else "inside it, after the rows"
        return f"Exported the {view} ({count_text(report.records, 'row')}) to {report.path}, its provenance {where}"

    def export(
        self,
        typed_ids: list[str],
        suggested: str,
        titles: dict[str, str] | None = None,
        notes: dict[str, str] | None = None,
        working_set: str | None = None,
    ) -> str | None:
        """Ask where, export, and return what to tell the user (None if nothing was written).
        Records no longer in the knowledge base are left out and named by ``titles``."""
        path = self.ask_save_path(suggested)
        if path is None:
            return None
        try:
            report = export_records(
                self.kb, typed_ids, path, skip_gone=True, notes=notes, working_set=working_set, inline=self.inline
            )
        except KbError as exc:
            show_expected(self.parent, str(exc), "Export failed")
            return None
        self.last_export = report.path
        message = f"Exported {count_text(report.records, 'record')} to {report.path}"
        if report.provenance is not None:
            message += f", its provenance beside it ({report.provenance.name})"
        elif report.inline:
            message += ", its provenance inside it, after the records"
        if report.left_out:
            names = ", ".join((titles or {}).get(i, i) for i in report.left_out)
            message += f". Left out, no longer in the knowledge base: {names}"
        return message
