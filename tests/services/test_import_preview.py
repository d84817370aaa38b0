"""Issue 15: every import previewed before it is written. A modified copy of the
shipped catalogue: one resource added, one changed in three fields, one reissued
under a new issue number, and a copy with a bad date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbapp.domain.catalogue_rules import NEW_EDITION, SAME_ID
from kbapp.domain.errors import SourceError
from tests.conftest import CATALOGUE
from tests.faults import kbapp_env, run_kbapp

MANUAL = "criminal-intelligence-manual-for-analysts"
FORENSIC = "forensic-science-regulator-information-legal-obligations-issue-8"
ADDED_ENTRY = """
Resource
Local Access Control Standard

How the force grants and removes access.

Published 01/04/2024
Authoring body: Example Constabulary (EXC)
Standards
"""


def modified_catalogue(folder: Path, bad_date: bool = False) -> Path:
    text = CATALOGUE.read_text(encoding="utf-8")
    text = text.replace("(Issue 8)", "(Issue 9)", 1)
    text = text.replace(  # three fields of the first entry: date, category, a paragraph
        "Published 01/01/2011\nAuthoring body: United Nations Office on Drugs and Crime (UNODC)\nGuidance",
        "Published 15/03/2012\nAuthoring body: United Nations Office on Drugs and Crime (UNODC)\nStandards",
        1,
    )
    text = text.replace("beyond the facts asking", "beyond the facts, asking", 1)
    text += ADDED_ENTRY.replace("01/04/2024", "31/02/2024") if bad_date else ADDED_ENTRY
    path = folder / ("bad-date.txt" if bad_date else "catalogue-2027.txt")
    path.write_text(text, encoding="utf-8")
    return path


def _by_id(preview):
    return {e.resource_id: e for e in preview.entries}


def test_the_preview_lists_each_addition_and_each_changed_field_and_writes_nothing(editable, tmp_path):
    kb, _ = editable
    before = kb.repository().state.counts()
    preview = kb.preview_import(modified_catalogue(tmp_path))
    assert preview.counts() == {"added": 1, "changed": 2, "unchanged": 28, "removed": 0}
    entries = _by_id(preview)

    manual = entries[MANUAL]
    assert (manual.status, manual.rule, manual.line) == ("changed", SAME_ID, 2)
    changes = {c.field: (c.old, c.new) for c in manual.changes}
    assert changes["published"] == ("2011-01-01", "2012-03-15")
    assert changes["category"] == ("Guidance", "Standards")
    old, new = changes["description"]
    assert "beyond the facts asking" in old and "beyond the facts, asking" in new
    assert set(changes) == {"published", "category", "description"}  # the date as written goes with the date

    # A new issue is the same resource, changed, not one added and one removed.
    forensic = entries[FORENSIC]
    assert (forensic.status, forensic.rule) == ("changed", NEW_EDITION)
    assert forensic.old_title.endswith("(Issue 8)") and forensic.title.endswith("(Issue 9)")
    assert [c.field for c in forensic.changes] == ["title"]

    added = entries["local-access-control-standard"]
    assert added.status == "added" and added.rule == "" and added.line and added.line > 600
    assert any("line 1:" in w and "residue" in w for w in preview.warnings)  # the listing's heading line

    assert kb.repository().state.counts() == before and kb.imports() == []  # nothing written


def test_a_file_with_a_bad_date_is_refused_by_the_preview_and_the_import_alike(editable, tmp_path):
    kb, _ = editable
    bad = modified_catalogue(tmp_path, bad_date=True)
    with pytest.raises(SourceError, match=r"bad-date\.txt, line \d+ \(published\): '31/02/2024' is not a real date"):
        kb.preview_import(bad)
    with pytest.raises(SourceError, match="not a real date"):
        kb.import_catalogue(bad)
    assert kb.imports() == []


def test_accepting_writes_what_the_preview_showed_and_removing_brings_back_the_published_entries(editable, tmp_path):
    kb, _ = editable
    path = modified_catalogue(tmp_path)
    preview = kb.preview_import(path)
    report = kb.import_catalogue(path)
    assert (report.added, report.changed, report.unchanged) == (1, 2, 28)
    repo = kb.repository()
    manual = repo.records.get(f"resource:{MANUAL}")
    assert (manual["published"], manual["category"]) == ("2012-03-15", "Standards")
    assert manual["source"] == "imports/0001-catalogue-2027.txt" and manual["replaces"] == "resource-catalogue.txt"
    assert repo.records.get(f"resource:{FORENSIC}")["title"].endswith("(Issue 9)")  # same id: bookmarks hold
    assert repo.state.counts()["resource"] == 31
    assert kb.engine().search("Issue 9").hits[0].id == f"resource:{FORENSIC}"
    # What a rebuild makes of the kept file is what the import wrote.
    kb.build(force=True)
    assert kb.repository().records.get(f"resource:{MANUAL}")["category"] == "Standards"
    assert preview.writes_anything

    removal = kb.remove_import("0001-catalogue-2027.txt")
    assert removal.entries == 3
    repo = kb.repository()
    assert repo.records.get(f"resource:{MANUAL}")["category"] == "Guidance"
    assert repo.records.get(f"resource:{FORENSIC}")["title"].endswith("(Issue 8)")
    assert repo.state.counts()["resource"] == 30
    assert kb.build().index_reason == "ok"
    assert kb.engine().search("Issue 8").hits[0].id == f"resource:{FORENSIC}"


def test_a_file_that_changes_nothing_is_refused_and_says_so(editable, tmp_path):
    kb, _ = editable
    copy = tmp_path / "same.txt"
    copy.write_text(CATALOGUE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not kb.preview_import(copy).writes_anything
    with pytest.raises(SourceError, match="all 30 entries are as the knowledge base holds them; nothing was imported"):
        kb.import_catalogue(copy)


def test_the_command_line_dry_run_prints_the_diff_and_writes_nothing(tmp_path):
    path = modified_catalogue(tmp_path)
    env = kbapp_env(tmp_path / "home")
    shown = run_kbapp(["import", str(path), "--dry-run"], env)
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "1 added, 2 changed, 28 unchanged; nothing was written (--dry-run)" in out
    assert "    Category: Guidance → Standards" in out
    assert "      + Analysis goes beyond the facts, asking questions such as:" in out
    assert f"by {NEW_EDITION}" in out
    as_json = run_kbapp(["import", str(path), "--dry-run", "--format", "json"], env)
    first = json.loads(as_json.stdout)[0]
    assert first["counts"]["changed"] == 2
    assert "(none)" in run_kbapp(["imports"], env).stdout
