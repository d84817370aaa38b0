"""Issue 15: entries of the user's own and overrides of the catalogue's. They live in
the per-user data, survive every rebuild, an import of a modified catalogue and its
undo untouched; a same-title entry is named by the preview; packs carry them."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kbapp.domain.errors import NotFound, SourceError
from kbapp.paths import Paths
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.sources.entry_form import EntryValues
from kbapp.storage.local import local_file
from tests.faults import kbapp_env, run_kbapp
from tests.services.test_import_preview import MANUAL, modified_catalogue

OWN = EntryValues(
    title="Force X retention schedule",
    published="28/02/2025",
    body="Force X Information Management",
    abbreviation="FXIM",
    category="Records management",
    description="How long we keep records.\n\n- custody: 6 years\n- intelligence: reviewed yearly",
)


def _row(kb, rid):
    return kb.repository().state.resource_row(rid)


def _fields(kb, rid):
    row = _row(kb, rid)
    return {k: row[k] for k in ("title", "published", "category", "body_as_written", "description", "local")}


def test_an_entry_of_ones_own_is_stored_as_typed_marked_local_and_found(editable):
    kb, _ = editable
    change = kb.add_entry(OWN)
    assert change.resource_id == "local_force-x-retention-schedule"
    row = _row(kb, change.resource_id)
    assert (row["published"], row["published_as_written"]) == ("2025-02-28", "28/02/2025")  # UK day first, ISO kept
    assert row["body_as_written"] == "Force X Information Management (FXIM)"
    assert row["blocks"][1] == {
        "type": "list",
        "style": "bullet",
        "items": ["custody: 6 years", "intelligence: reviewed yearly"],
    }
    assert (row["source"], row["local"]) == ("local", "entry")
    result = kb.engine().search("retention schedule")
    assert result.hits[0].id == "resource:local_force-x-retention-schedule"
    assert result.hits[0].origin == "Your local entry"
    assert ("Your local entry", 1) in result.facets["origin"]
    # The local file is in the per-user data, beside the imports.
    assert json.loads(local_file(kb.paths.imports).read_text(encoding="utf-8"))["records"][0]["values"]["title"] == (
        OWN.title
    )


def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(editable):
    kb, _ = editable
    for values, field, words in [
        (EntryValues(), "title", "A title is required"),
        (EntryValues(**{**OWN.as_dict(), "published": "2025-02-30"}), "published", "not a real date"),
        (
            EntryValues(**{**OWN.as_dict(), "published": "last March"}),
            "published",
            "is not a date (DD/MM/YYYY, day first",
        ),
        (EntryValues(**{**OWN.as_dict(), "category": " "}), "category", "Choose a category"),
        (EntryValues(**{**OWN.as_dict(), "description": "Published 01/01/2020"}), "description", "its own field"),
    ]:
        with pytest.raises(SourceError) as refused:
            kb.add_entry(values)
        assert refused.value.field == field and words in str(refused.value)
    assert kb.local_records() == [] and not local_file(kb.paths.imports).exists()


def test_local_entries_and_overrides_survive_a_rebuild_an_import_and_its_undo_untouched(editable, tmp_path):
    kb, _ = editable
    own = kb.add_entry(OWN).resource_id
    mine = kb.values_for(MANUAL)  # a resource the modified catalogue changes in three fields
    mine.title = "Criminal Intelligence Manual for Analysts (force edition)"
    kb.edit_entry(MANUAL, mine)
    before_own, before_manual = _fields(kb, own), _fields(kb, MANUAL)
    assert before_manual["local"] == "override"

    kb.build(force=True)
    assert (_fields(kb, own), _fields(kb, MANUAL)) == (before_own, before_manual)

    path = modified_catalogue(tmp_path)
    preview = kb.preview_import(path)
    manual = next(e for e in preview.entries if e.resource_id == MANUAL)
    assert manual.status == "changed" and manual.overridden
    assert any(f"resource:{MANUAL} has your local override" in w for w in preview.warnings)
    assert own not in {e.resource_id for e in preview.entries}  # an update never matches a local entry

    kb.import_catalogue(path)
    assert (_fields(kb, own), _fields(kb, MANUAL)) == (before_own, before_manual)
    assert kb.repository().state.counts()["resource"] == 32  # 30, the added one, and the local entry

    assert kb.undo_target() == 1  # the import is undone, not the local edits after the start
    kb.restore_edition(kb.undo_target())
    assert (_fields(kb, own), _fields(kb, MANUAL)) == (before_own, before_manual)
    assert kb.repository().state.counts()["resource"] == 31

    kb.revert_override(MANUAL)
    assert _fields(kb, MANUAL)["title"] == "Criminal Intelligence Manual for Analysts"
    assert _fields(kb, MANUAL)["local"] == ""
    kb.delete_entry(own)
    assert _row(kb, own) is None and kb.local_records() == []
    actions = [e.action for e in kb.editions()]
    assert actions[:3] == ["start", "local add", "local edit"] and actions[-2:] == ["local revert", "local delete"]


def test_an_update_bringing_a_local_entrys_title_keeps_both_or_replaces_it_when_asked(editable, tmp_path):
    kb, _ = editable
    own = kb.add_entry(OWN).resource_id
    update = tmp_path / "update.txt"
    update.write_text(
        "Resource\nForce X retention schedule\nThe national text.\nPublished 01/03/2025\n"
        "Authoring body: College of Policing (CoP)\nGuidance\n",
        encoding="utf-8",
    )
    preview = kb.preview_import(update)
    assert preview.same_title_as_local == [own]
    assert any(f"your local entry resource:{own}; both are kept" in w for w in preview.warnings)
    other = tmp_path / "other.txt"
    other.write_text(update.read_text(encoding="utf-8").replace("Guidance", "Policy"), encoding="utf-8")

    kb.import_catalogue(update)  # keep both
    assert _row(kb, own)["local"] == "entry" and _row(kb, "force-x-retention-schedule")["source"].startswith("imports/")
    kb.remove_import(kb.imports()[0].name)
    report = kb.import_catalogue(other, replace_local=True)
    assert _row(kb, own) is None
    assert report.replaced_local == ["Force X retention schedule"]


def test_delete_and_revert_refuse_what_they_cannot_do(editable):
    kb, _ = editable
    with pytest.raises(NotFound, match="only your own local entries can be deleted"):
        kb.delete_entry(MANUAL)
    with pytest.raises(NotFound, match="no override of yours"):
        kb.revert_override(MANUAL)
    with pytest.raises(NotFound, match="no resource 'nothing-here'"):
        kb.edit_entry("nothing-here", OWN)
    same = kb.values_for(MANUAL)
    with pytest.raises(SourceError, match="already reads so"):
        kb.edit_entry(MANUAL, same)


def test_a_local_file_written_before_a_kill_is_taken_in_by_the_next_start(editable):
    from kbapp.storage.local import LocalData, LocalRecord, now, save_local

    kb, _ = editable
    # As a kill between writing the local file and committing leaves it: the file, not the rows.
    save_local(kb.paths.imports, LocalData([LocalRecord("local_own", "entry", OWN, now(), now())]))
    kb.close()
    assert not kb.database_is_current()
    kb.build()
    assert _row(kb, "local_own")["title"] == OWN.title


def test_packs_carry_local_entries_and_overrides_and_never_replace_those_here(tmp_path):
    here = KnowledgeBase(Paths(tmp_path / "here" / "data", tmp_path / "here" / "c", tmp_path / "here" / "l"))
    there = KnowledgeBase(Paths(tmp_path / "there" / "data", tmp_path / "there" / "c", tmp_path / "there" / "l"))
    try:
        here.build()
        there.build()
        here.add_entry(OWN)
        mine = here.values_for(MANUAL)
        mine.category = "Training"
        here.edit_entry(MANUAL, mine)
        theirs = there.values_for(MANUAL)
        theirs.category = "Policy"
        there.edit_entry(MANUAL, theirs)  # an override there already: kept
        pack = tmp_path / "moving.kbpack"
        assert here.pack(pack).local == 2

        preview = there.preview_unpack(pack)
        assert (preview.new_local, preview.local_here) == (1, 1)
        report = there.unpack(pack)
        assert report.local_added == 1
        assert _row(there, "local_force-x-retention-schedule")["local"] == "entry"
        assert _row(there, MANUAL)["category"] == "Policy"
        assert any("the pack's override of it was left out" in n for n in report.notices)
        assert there.unpack(pack).local_added == 0  # again: nothing new
    finally:
        here.close()
        there.close()


def test_the_command_line_adds_edits_lists_exports_and_deletes(tmp_path):
    env = kbapp_env(tmp_path)
    entry = tmp_path / "entry.txt"
    entry.write_text(
        "title: Force X retention schedule\npublished: 28/02/2025\nbody: College of Policing\n"
        "abbreviation: CoP\ncategory: Records management\ndescription:\nHow long we keep records.\n\n- custody\n",
        encoding="utf-8",
    )
    added = run_kbapp(["add", "--file", str(entry)], env)
    assert added.returncode == 0, added.stderr
    assert "Added your local entry “Force X retention schedule” (resource:local_force-x-retention-schedule)" in (
        added.stdout
    )
    bad = run_kbapp(["add", "--title", "X", "--published", "31/02/2025", "--body", "B", "--category", "C"], env)
    assert bad.returncode == 1 and "(published): '31/02/2025' is not a real date" in bad.stderr

    edited = run_kbapp(["edit", f"resource:{MANUAL}", "--category", "Training"], env)
    assert edited.returncode == 0 and "1 field changed (category)" in edited.stdout
    listed = run_kbapp(["local", "--format", "json"], env)
    kinds = {r["id"]: r["kind"] for r in json.loads(listed.stdout)}
    assert kinds == {"resource:local_force-x-retention-schedule": "local entry", f"resource:{MANUAL}": "override"}

    out = tmp_path / "out.csv"
    exported = run_kbapp(["search", "retention schedule", "--format", "csv", "--output", str(out)], env)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0]["source"] == "your local entry"
    only_local = run_kbapp(["search", "records", "--origin", "local"], env)
    assert "local_force-x-retention-schedule" in only_local.stdout

    deleted = run_kbapp(["delete", "local_force-x-retention-schedule"], env)
    assert deleted.returncode == 0 and "Deleted your local entry" in deleted.stdout
    reverted = run_kbapp(["revert", MANUAL], env)
    assert reverted.returncode == 0 and "Reverted your override" in reverted.stdout
    assert json.loads(run_kbapp(["local", "--format", "json"], env).stdout) == []


def test_an_override_whose_resource_leaves_is_kept_said_and_can_be_reverted(editable, tmp_path):
    kb, _ = editable
    extra = tmp_path / "extra.txt"
    extra.write_text(
        "Resource\nForce Y vetting guide\nHow we vet.\nPublished 01/03/2025\n"
        "Authoring body: College of Policing (CoP)\nGuidance\n",
        encoding="utf-8",
    )
    kb.import_catalogue(extra)
    mine = kb.values_for("force-y-vetting-guide")
    mine.category = "Policy"
    kb.edit_entry("force-y-vetting-guide", mine)
    kb.remove_import(kb.imports()[0].name)
    (listing,) = kb.local_records()
    assert (listing.kind, listing.in_knowledge_base) == ("override", False)
    with pytest.raises(NotFound, match="no longer in the catalogue"):
        kb.edit_entry("force-y-vetting-guide", mine)
    kb.revert_override("force-y-vetting-guide")
    assert kb.local_records() == []
