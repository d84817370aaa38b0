"""Issue 16: XLSX, where a user picks it: a sheet of the records and a sheet of the
provenance, every cell a string, so no formula can run; opened in LibreOffice."""

from __future__ import annotations

import zipfile

from kbapp.export.provenance import sidecar
from kbapp.export.xlsx import write_xlsx
from kbapp.services.exports import export_records, verify_export
from tests.export.libreoffice import convert_to_xlsx, soffice
from tests.export.test_export import AWKWARD, DANGEROUS, _sheet_cells


def test_every_cell_is_a_string_and_the_provenance_has_its_own_sheet(own_kb, tmp_path):
    path = tmp_path / "evidence.xlsx"
    report = export_records(own_kb, ["term:risk", "mapping:27002:10.1.2"], path)
    assert report.provenance == sidecar(path) and verify_export(own_kb, path).ok
    rows, formulas = _sheet_cells(path)
    assert formulas == 0
    assert rows[0][:7] == ["type", "id", "label", "summary", "source", "edition", "note"]
    assert [r[1] for r in rows[1:]] == ["term:risk", "mapping:27002:10.1.2"]
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        workbook = book.read("xl/workbook.xml").decode("utf-8")
        first = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert 'name="Records"' in workbook and 'name="Provenance"' in workbook
    assert "xl/worksheets/sheet2.xml" in names
    assert ' t="n"' not in first and "<f>" not in first  # no number, no formula: text only


def test_libreoffice_opens_the_workbook_with_no_formula(tmp_path):
    soffice()
    values = DANGEROUS + AWKWARD + ["2024-01-01", "0012", "1e5"]
    ours = tmp_path / "ours.xlsx"
    rows = [{"type": "abbreviation", "id": f"a{i}", "abbreviation": v} for i, v in enumerate(values)]
    write_xlsx(ours, rows, ["type", "id", "abbreviation"], {"build_id": "test"})
    out = tmp_path / "out"
    convert_to_xlsx([ours], out, tmp_path / "profile")
    cells, formulas = _sheet_cells(out / "ours.xlsx")  # as LibreOffice read and saved it
    assert formulas == 0
    assert [row[2] for row in cells[1:]] == values  # each cell the text written, "0012" and "=1+1" alike
