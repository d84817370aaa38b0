"""XLSX export: a sheet of the records and a sheet of their provenance. Every cell is
written as a string (never a formula, number, date or link), so nothing in a record
can run or change when the workbook is opened; written to a temporary file and
renamed, as the CSV is.

XlsxWriter, not openpyxl: kbapp only writes workbooks, and XlsxWriter is a pure-Python
writer with no dependencies whose ``write_string`` stores text as text whatever it
looks like."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kbapp.domain.errors import ExportError
from kbapp.export.files import written_whole

EXCEL_CELL_CHARS = 32767
RECORDS_SHEET = "Records"
PROVENANCE_SHEET = "Provenance"


def is_xlsx(path: Path) -> bool:
    return path.suffix.lower() == ".xlsx"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_xlsx(path: Path, rows: list[dict[str, Any]], columns: list[str], provenance: dict[str, Any]) -> Path:
    """Write the rows under ``columns`` and the provenance (one field a row) whole, or
    leave any earlier file as it was."""
    import xlsxwriter

    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with written_whole(path) as temp:
        book = xlsxwriter.Workbook(str(temp), options)
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(RECORDS_SHEET)
        for c, name in enumerate(columns):
            sheet.write_string(0, c, name, bold)
        for r, row in enumerate(rows, 1):
            for c, name in enumerate(columns):
                _cell(sheet, r, c, _text(row.get(name)), name)
        sheet.freeze_panes(1, 0)
        facts = book.add_worksheet(PROVENANCE_SHEET)
        facts.write_string(0, 0, "field", bold)
        facts.write_string(0, 1, "value", bold)
        for r, (key, value) in enumerate(provenance.items(), 1):
            facts.write_string(r, 0, key)
            _cell(facts, r, 1, _text(value), key)
        book.close()
    return path


def _cell(sheet: Any, row: int, column: int, text: str, name: str) -> None:
    if len(text) > EXCEL_CELL_CHARS:
        raise ExportError(
            f"row {row}, column {name}: {len(text)} characters, more than an Excel cell holds "
            f"({EXCEL_CELL_CHARS}); nothing was written (export it to CSV, which holds it whole)"
        )
    sheet.write_string(row, column, text)
