"""Issue 15: CSV in. An export edited in a spreadsheet imports back with the same
preview; bad rows are named by line and column; neutralised cells read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kbapp.domain.errors import SourceError
from kbapp.services.exports import export_records
from tests.faults import kbapp_env, run_kbapp

MANUAL = "criminal-intelligence-manual-for-analysts"
APPETITE = "national-police-information-risk-appetite-statement-version-2-2"


def _export(kb, path: Path) -> list[dict[str, str]]:
    ids = kb.repository().views.ids("resource")
    export_records(kb, ids, path)
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns or list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


def test_an_export_edited_in_two_cells_imports_back_as_exactly_those_two_changes(editable, tmp_path):
    kb, _ = editable
    rows = _export(kb, tmp_path / "all.csv")
    assert not kb.preview_import(tmp_path / "all.csv").writes_anything  # untouched: nothing to change
    by_id = {r["id"]: r for r in rows}
    by_id[f"resource:{MANUAL}"]["category"] = "Standards"
    by_id[f"resource:{APPETITE}"]["published"] = "15/03/2013"  # typed day-first, as in the UK
    edited = _write(tmp_path / "edited.csv", rows)

    preview = kb.preview_import(edited)
    assert preview.counts() == {"added": 0, "changed": 2, "unchanged": 28, "removed": 0}
    changes = [(e.resource_id, c.field, c.old, c.new) for e in preview.of("changed") for c in e.changes]
    assert sorted(changes) == [
        (MANUAL, "category", "Guidance", "Standards"),
        (APPETITE, "published", "2012-01-01", "2013-03-15"),
    ]
    report = kb.import_catalogue(edited)
    assert (report.added, report.changed) == (0, 2)
    record = kb.repository().records.get(f"resource:{APPETITE}")
    assert (record["published"], record["published_as_written"]) == ("2013-03-15", "15/03/2013")
    assert record["source"] == "imports/0001-edited.csv"
    line = record["source_lines"][0]  # the row's first line in the file (cells hold line breaks)
    text = edited.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    assert text[line - 1].startswith(f"resource,resource:{APPETITE},")
    kb.build(force=True)  # the kept CSV is replayed by a rebuild
    assert kb.repository().records.get(f"resource:{MANUAL}")["category"] == "Standards"


def test_a_new_row_is_added_and_a_neutralised_cell_reads_back_as_written(editable, tmp_path):
    kb, _ = editable
    row = {
        "title": "'=Formula-looking Title",
        "published": "2024-04-01",
        "authoring_body": "Example Constabulary",
        "authoring_body_abbr": "EXC",
        "category": "Policy",
        "description": "First paragraph.\n\n• one item\n• two items",
        "notes": "a column of the user's own",
    }
    path = _write(tmp_path / "new.csv", [row])
    preview = kb.preview_import(path)
    assert [e.title for e in preview.of("added")] == ["=Formula-looking Title"]
    assert any("'notes' are not catalogue columns and are ignored" in w for w in preview.warnings)
    kb.import_catalogue(path)
    rid = preview.of("added")[0].resource_id
    record = kb.repository().records.get(f"resource:{rid}")
    assert record["title"] == "=Formula-looking Title"
    assert record["blocks"][1] == {"type": "list", "style": "bullet", "items": ["one item", "two items"]}
    assert record["authoring_body"] == "Example Constabulary" and record["published_as_written"] == "01/04/2024"


ROW = {"title": "A", "published": "01/04/2024", "authoring_body": "Example Constabulary", "category": "Policy"}
BAD_ROWS = {
    "no title": ({**ROW, "title": " "}, "title", "the title is empty"),
    "bad date": ({**ROW, "published": "31/02/2024"}, "published", "'31/02/2024' is not a real date"),
    "not a date": (
        {**ROW, "published": "April 2024"},
        "published",
        "is not a date (DD/MM/YYYY, day first, or YYYY-MM-DD)",
    ),
    "no category": ({**ROW, "category": ""}, "category", "the category is empty"),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row_is_named_by_line_and_column_and_nothing_is_imported(editable, tmp_path, case):
    kb, _ = editable
    bad, column, problem = BAD_ROWS[case]
    path = _write(tmp_path / "bad.csv", [ROW, bad])
    with pytest.raises(SourceError) as refused:
        kb.import_catalogue(path)
    assert (refused.value.line, refused.value.field) == (3, column)
    assert problem in str(refused.value) and "nothing was imported" in str(refused.value)
    assert kb.imports() == []


def test_a_header_without_a_required_column_names_it(editable, tmp_path):
    kb, _ = editable
    path = _write(tmp_path / "partial.csv", [{"title": "A", "published": "01/04/2024"}])
    with pytest.raises(SourceError, match="the header has no 'authoring_body' column") as refused:
        kb.preview_import(path)
    assert refused.value.line == 1


def test_rows_of_other_kinds_are_left_out_with_a_warning(editable, tmp_path):
    kb, _ = editable
    rows = [{"type": "term", "id": "term:risk", **ROW}, {"type": "resource", "id": "", **ROW}]
    preview = kb.preview_import(_write(tmp_path / "mixed.csv", rows))
    assert preview.counts()["added"] == 1
    assert any(w.startswith("line 2: a term row (term:risk)") for w in preview.warnings)


def test_the_command_line_list_csv_round_trips_with_no_change(tmp_path):
    env = kbapp_env(tmp_path / "home")
    listed = run_kbapp(["list", "resources", "--format", "csv"], env)
    path = tmp_path / "resources.csv"
    path.write_text(listed.stdout, encoding="utf-8")
    dry = run_kbapp(["import", str(path), "--dry-run"], env)
    assert dry.returncode == 0, dry.stderr
    assert "0 added, 0 changed, 30 unchanged" in dry.stdout


def test_the_csv_reader_takes_any_damage_and_answers_with_a_source_error_or_entries():
    """Bad input gets a message naming the file: never another exception."""
    import random

    from kbapp.sources.catalogue_csv import iter_csv_entries
    from kbapp.sources.text import iter_source_lines

    good = (
        "type,id,title,published,authoring_body,authoring_body_abbr,category,description\r\n"
        'resource,resource:a,"A ""quoted"" title",2024-04-01,Example Body,EXB,Policy,"One.\n\n• two\n• three"\r\n'
        "resource,resource:b,'=B,01/02/2023,Other Body,,Guidance,Text\r\n"
    ).encode()
    rng = random.Random(15)
    read = 0
    for _ in range(400):
        data = bytearray(good)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.4:
                data[at] = rng.choice(b"\",\r\n'=;x\xc3\x00")
            elif choice < 0.7:
                del data[at : at + rng.randint(1, 20)]
            else:
                data[at:at] = bytes(rng.choice(b'",\n') for _ in range(rng.randint(1, 4)))
        try:
            for entry in iter_csv_entries(iter_source_lines(io.BytesIO(bytes(data)), "x.csv"), "x.csv", []):
                assert entry.fields["title"] and entry.fields["published"]
            read += 1
        except SourceError as exc:
            assert str(exc).startswith("x.csv")
    assert read > 20  # many damaged files still read: the parse itself was exercised


def test_a_local_entry_exported_with_the_catalogue_is_left_out_when_the_file_comes_back(tmp_path):
    """An export of every resource holds the user's own entries too; imported back, they
    are neither added again as catalogue entries nor changed (only the form edits them)."""
    env = kbapp_env(tmp_path / "home")
    added = run_kbapp(
        ["add", "--title", "Force Information Security Policy", "--published", "01/04/2024",
         "--body", "College of Policing (CoP)", "--category", "Policy"], env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = tmp_path / "resources.csv"
    listed.write_text(run_kbapp(["list", "resources", "--format", "csv"], env).stdout, encoding="utf-8")
    exported = tmp_path / "exported.csv"
    ids = [r["id"] for r in csv.DictReader(io.StringIO(listed.read_text(encoding="utf-8")))]
    assert run_kbapp(["export", *(f"resource:{i}" for i in ids), "--output", str(exported)], env).returncode == 0
    for path in (listed, exported):
        dry = run_kbapp(["import", str(path), "--dry-run"], env)
        assert dry.returncode == 0, dry.stderr
        assert "0 added, 0 changed, 30 unchanged" in dry.stdout, dry.stdout
        assert "is your local entry resource:local_force-information-security-policy; left out" in dry.stdout
