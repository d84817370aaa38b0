"""CSV export: cells round-trip through Python's csv module, formulas are neutralised,
and a failed export leaves the earlier file intact."""

from __future__ import annotations

import csv
import io
import os

import pytest

from kbapp.domain.errors import ExportError
from kbapp.export.csv import flatten, neutralise, write_csv
from tests.export.libreoffice import convert_to_xlsx, soffice


def read_back(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    "cell",
    [
        "=SUM(A1)",
        "+1",
        "-2",
        "@cmd",
        "\tx",
        "\rx",
        "＝SUM(A1)",
        "＋1",
        "－2",
        "＠cmd",
        "\u22122",
        "\ufeff=SUM(A1)",
        "\u200d=SUM(A1)",
        "\u2060=1",
        "\u200b\ufeff+1",
    ],
)
def test_formula_like_cells_are_neutralised(cell):
    """Includes the look-alikes some spreadsheets read as formulas (issue 12, item 21)."""
    assert neutralise(cell) == "'" + cell


def test_ordinary_cells_are_left_alone():
    assert neutralise("Risk") == "Risk"
    assert neutralise("\ufeffRisk") == "\ufeffRisk"  # an invisible mark alone is left as written
    assert neutralise(None) == ""
    assert neutralise(2020) == "2020"


def test_quotes_commas_newlines_round_trip(tmp_path):
    rows = [
        {
            "type": "abbreviation",
            "id": "abbreviation:X",
            "abbreviation": 'He said "no", then\nleft',
            "expansion": "=1+1",
        }
    ]
    path = write_csv(tmp_path / "out.csv", rows)
    (back,) = read_back(path)
    assert back["abbreviation"] == 'He said "no", then\nleft'
    assert back["expansion"] == "'=1+1"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in path.read_bytes()


def test_every_record_type_flattens_and_reads_back(repo, tmp_path):
    ids = [
        "resource:investigation-app",
        "term:asset",
        "abbreviation:SLA",
        "mapping:27001:4.2.1",
        "standard:iso-iec-27033",
        "section:wp-appendix-d-incident-1",
    ]
    rows = [flatten(repo.records.get(i)) for i in ids]
    back = read_back(write_csv(tmp_path / "all.csv", rows))
    assert [r["id"] for r in back] == ids
    assert [r["type"] for r in back] == ["resource", "term", "abbreviation", "mapping", "standard", "section"]
    assert back[0]["description"] == repo.records.get("resource:investigation-app")["description"]
    assert back[1]["itil_definition"].endswith("(abbreviated)")
    assert back[3]["inherited_from"] == "4.2"
    assert "Part 2: Guidelines for the design and implementation of network security" in back[4]["parts"]
    assert back[5]["source"] == "itil-v3-and-information-security.txt, lines 844-848"


def test_every_export_has_the_same_leading_columns_and_an_order_that_does_not_follow_the_records(repo):
    """Issue 16: an auditor cites any row by the same columns, whatever the mix of types."""
    from kbapp.export.csv import LEADING, columns_for

    ids = ["term:asset", "mapping:27002:10.1.2", "resource:investigation-app", "abbreviation:SLA"]
    rows = [flatten(repo.records.get(i)) for i in ids]
    columns = columns_for(rows)
    assert columns[:7] == LEADING == ["type", "id", "label", "summary", "source", "edition", "note"]
    assert columns == columns_for(list(reversed(rows)))  # the same, whatever the records' order
    assert columns.index("title") < columns.index("term") < columns.index("expansion") < columns.index("clause")
    by_id = {r["id"]: r for r in rows}
    assert by_id["term:asset"]["label"] == "Asset"
    assert by_id["term:asset"]["summary"] == "Anything of value to an organization."
    assert by_id["abbreviation:SLA"]["summary"] == "Service Level Agreement"
    assert by_id["mapping:27002:10.1.2"]["edition"] == "ISO/IEC 27002:2005"
    assert by_id["mapping:27002:10.1.2"]["label"].startswith("ISO/IEC 27002:2005 10.1.2")
    assert by_id["resource:investigation-app"]["label"] == repo.records.get("resource:investigation-app")["title"]
    assert flatten(repo.records.get("term:risk"), note="cited in finding 3")["note"] == "cited in finding 3"


def test_failed_export_leaves_the_old_file(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old contents", encoding="utf-8")
    os.chmod(tmp_path, 0o500)
    try:
        if os.access(tmp_path, os.W_OK):
            pytest.skip("running as a user who can write to read-only folders")
        with pytest.raises(ExportError, match="cannot write"):
            write_csv(path, [{"type": "abbreviation", "id": "abbreviation:X", "abbreviation": "X", "expansion": "Y"}])
    finally:
        os.chmod(tmp_path, 0o700)
    assert path.read_text(encoding="utf-8") == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_export_into_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="missing"):
        write_csv(
            tmp_path / "missing" / "out.csv",
            [{"type": "abbreviation", "id": "a", "abbreviation": "A", "expansion": "B"}],
        )


def test_failure_while_writing_leaves_no_part_file(tmp_path, monkeypatch):
    path = tmp_path / "out.csv"
    path.write_text("old", encoding="utf-8")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ExportError, match="No space left"):
        write_csv(path, [{"type": "abbreviation", "id": "a", "abbreviation": "A", "expansion": "B"}])
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_csv_text_parses_as_rfc4180():
    from kbapp.export.csv import to_csv_text

    text = to_csv_text([{"type": "section", "id": "s", "number": "1", "title": "A, B", "text": 'x "y"'}])
    header, row = list(csv.reader(io.StringIO(text)))
    assert dict(zip(header, row, strict=True)) == {
        "type": "section", "id": "s", "label": "", "summary": "", "source": "", "edition": "", "note": "",
        "number": "1", "title": "A, B", "text": 'x "y"',
    }  # fmt: skip


# ----- opened in a real spreadsheet ---------------------------------------------------

DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(1,2)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://example.invalid")']
AWKWARD = ['He said "yes", then left', "a,b;c", "first line\nsecond line", "ISO/IEC 27001:2013", "Détention ▪ ü"]
CSV_IMPORT = "CSV:44,34,76,1,,1033,false,true,true,false,false,,true"  # token 13: evaluate formulas


def _sheet_cells(xlsx) -> tuple[list[list[str]], int]:
    """The cells of the first sheet as text, and how many held a formula."""
    import re
    import zipfile
    from xml.etree import ElementTree

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(xlsx) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
                shared.append("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows, formulas = [], 0
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        cells: dict[int, str] = {}
        for c in row.findall("m:c", ns):
            column = re.match(r"[A-Z]+", c.get("r")).group(0)
            index = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(column))) - 1
            formulas += c.find("m:f", ns) is not None
            v = c.find("m:v", ns)
            inline = c.find("m:is", ns)
            if c.get("t") == "s" and v is not None:
                cells[index] = shared[int(v.text)]
            elif inline is not None:
                cells[index] = "".join(t.text or "" for t in inline.iter(f"{{{ns['m']}}}t"))
            else:
                cells[index] = v.text if v is not None else ""
        rows.append([cells.get(i, "") for i in range(max(cells, default=-1) + 1)])
    return rows, formulas


def test_libreoffice_opens_the_export_as_text_not_formulas(tmp_path):
    soffice()
    values = DANGEROUS + AWKWARD
    ours = tmp_path / "ours.csv"
    write_csv(ours, [{"type": "abbreviation", "id": f"a{i}", "abbreviation": v} for i, v in enumerate(values)])
    # The control: the same cells written raw, to show this LibreOffice does evaluate them.
    control = tmp_path / "control.csv"
    with open(control, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["type", "id", "abbreviation"], ["abbreviation", "a0", "=1+1"]])
    out = tmp_path / "out"
    convert_to_xlsx([ours, control], out, tmp_path / "profile", infilter=CSV_IMPORT)
    control_rows, control_formulas = _sheet_cells(out / "control.xlsx")
    assert control_formulas == 1 and control_rows[1][2] == "2"  # evaluated: the check can see formulas

    rows, formulas = _sheet_cells(out / "ours.xlsx")
    assert formulas == 0
    header = rows[0]
    column = header.index("abbreviation")
    cells = [row[column] for row in rows[1:]]
    # Shown as typed, marked as text. (LibreOffice reads a CR inside a quoted field as a
    # line break, as spreadsheets do; the cell is still text.)
    assert cells[: len(DANGEROUS)] == ["'" + v.replace("\r", "\n") for v in DANGEROUS]
    assert cells[len(DANGEROUS) :] == AWKWARD  # quotes, commas, newlines and accents round-trip


# ----- issue 11, item 19: an export keeps the permissions a user expects ---------------


def test_a_new_export_follows_the_umask_and_an_overwritten_one_keeps_its_mode(tmp_path):
    rows = [{"type": "term", "id": "term:risk", "term": "Risk", "source": "x"}]
    previous = os.umask(0o022)
    try:
        fresh = write_csv(tmp_path / "new.csv", rows)
        assert fresh.stat().st_mode & 0o777 == 0o644
        shared = tmp_path / "shared.csv"
        shared.write_text("old paper\n", encoding="utf-8")
        shared.chmod(0o664)  # a group-writable working paper
        write_csv(shared, rows)
        assert shared.stat().st_mode & 0o777 == 0o664
        assert "Risk" in shared.read_text(encoding="utf-8-sig")
        os.umask(0o077)
        private = write_csv(tmp_path / "private.csv", rows)
        assert private.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(previous)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.csv", "private.csv", "shared.csv"]  # no temp left


def test_a_reference_whose_publication_was_inferred_says_so_in_its_own_column(repo):
    """Issue 11, item 17: twelve references took their publication from the row above."""
    flagged = repo.db.execute("SELECT clause_id, publication, section FROM clause_refs WHERE inferred_publication")
    flagged = flagged.fetchall()
    assert len(flagged) == 12
    for clause_id, publication, section in flagged:
        row = flatten(repo.records.get(f"mapping:{clause_id}"))
        assert f"{publication} {section}" in row["itil_publications_inferred"].split("; ")
        assert "[publication inferred]" in row["itil_references"]
    stated = flatten(repo.records.get("mapping:27002:10.1.2"))
    assert stated["itil_publications_inferred"] == "" and "inferred" not in stated["itil_references"]
