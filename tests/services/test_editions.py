"""Issue 15: every accepted change makes a catalogue edition, recorded field by field,
and an earlier edition can be restored (undo), through a full build beside the old."""

from __future__ import annotations

import csv
import io

import pytest

from kbapp.domain.errors import NotFound
from kbapp.storage.editions import KEEP
from tests.faults import kbapp_env, run_kbapp
from tests.services.test_import import LOCAL
from tests.services.test_import_preview import FORENSIC, MANUAL, modified_catalogue


def _category(kb) -> str:
    return kb.repository().records.get(f"resource:{MANUAL}")["category"]


def test_each_change_is_an_edition_and_undo_goes_back_one_at_a_time(editable, tmp_path):
    kb, _ = editable
    kb.import_catalogue(modified_catalogue(tmp_path))
    local = tmp_path / "local.txt"
    local.write_text(LOCAL, encoding="utf-8")
    kb.import_catalogue(local)
    known = kb.editions()
    assert [(e.number, e.action) for e in known] == [(1, "start"), (2, "import"), (3, "import")]
    assert known[0].imports == [] and known[2].imports == ["0001-catalogue-2027.txt", "0002-local.txt"]
    assert known[1].summary == "1 added, 2 changed, 0 removed"

    # The change log says, field by field, what edition 2 did.
    logged = [(c.status, c.resource_id, c.field, c.old, c.new) for _, c in kb.change_log(2)]
    assert ("changed", MANUAL, "category", "Guidance", "Standards") in logged
    assert logged[-2][:3] == ("changed", FORENSIC, "title") or any(row[1] == FORENSIC for row in logged)
    assert ("added", "local-access-control-standard", "", "", "") in logged

    assert kb.undo_target() == 2
    report = kb.restore_edition(2)
    assert report.edition.number == 4 and report.restored == 2
    assert kb.repository().state.counts()["resource"] == 31  # the local file's two are out
    assert [f.name for f in kb.imports()] == ["0001-catalogue-2027.txt"]
    assert _category(kb) == "Standards"

    assert kb.undo_target() == 1  # undo again goes further back, not to edition 3
    kb.restore_edition(1)
    assert kb.imports() == [] and _category(kb) == "Guidance"
    assert kb.repository().state.counts()["resource"] == 30
    assert kb.build().index_reason == "ok"
    assert kb.engine().search("Issue 8").hits[0].id == f"resource:{FORENSIC}"

    # A later edition is still there to return to: its files were kept aside, not deleted.
    kb.restore_edition(3)
    assert [f.name for f in kb.imports()] == ["0001-catalogue-2027.txt", "0002-local.txt"]
    assert kb.repository().state.counts()["resource"] == 32 and _category(kb) == "Standards"


def test_a_removal_is_an_edition_and_can_be_undone(editable, tmp_path):
    kb, _ = editable
    local = tmp_path / "local.txt"
    local.write_text(LOCAL, encoding="utf-8")
    kb.import_catalogue(local)
    kb.remove_import("0001-local.txt")
    last = kb.editions()[-1]
    assert (last.action, last.file, last.imports) == ("remove", "0001-local.txt", [])
    assert {c.resource_id for _, c in kb.change_log(last.number)} == {
        "force-information-security-policy",
        "local-access-control-standard",
    }
    kb.restore_edition(kb.undo_target())
    assert [f.name for f in kb.imports()] == ["0001-local.txt"]
    assert kb.repository().state.counts()["resource"] == 32


def test_only_the_last_ten_editions_are_kept_and_an_unknown_one_is_named(editable, tmp_path):
    kb, _ = editable
    table = tmp_path / "one.csv"
    table.write_text("title,published,authoring_body,category\nA table entry,01/04/2024,Example Body,Policy\n")
    kb.import_catalogue(table)
    kb.remove_import("0001-one.csv")  # kept aside while an edition names it
    archive = kb.paths.data / "editions"
    assert [p.name for p in archive.glob("*.csv")] == ["0001-one.csv"]
    for n in range(KEEP + 1):
        path = tmp_path / f"one-{n}.txt"
        path.write_text(LOCAL.replace("Local Access", f"Local {n} Access"), encoding="utf-8")
        kb.import_catalogue(path)
    numbers = [e.number for e in kb.editions()]
    assert len(numbers) == KEEP and numbers[-1] == KEEP + 4
    with pytest.raises(NotFound, match=r"no catalogue edition 1 \(kept: 5, 6"):
        kb.restore_edition(1)
    assert list(archive.glob("*.csv")) == []  # no kept edition names it any more


def test_the_command_line_lists_editions_undoes_and_exports_the_change_log(tmp_path):
    env = kbapp_env(tmp_path / "home")
    path = modified_catalogue(tmp_path)
    assert run_kbapp(["import", str(path)], env).returncode == 0
    listed = run_kbapp(["editions"], env)
    assert "import (in effect)" in listed.stdout and "1 added, 2 changed, 0 removed" in listed.stdout
    exported = tmp_path / "changes.csv"
    done = run_kbapp(["changes", "--format", "csv", "--output", str(exported)], env)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    category = next(r for r in rows if r["field"] == "Category")
    assert (category["resource_id"], category["old"], category["new"]) == (
        f"resource:{MANUAL}",
        "Guidance",
        "Standards",
    )
    assert category["file"] == str(path) and category["action"] == "import"
    undone = run_kbapp(["editions", "--undo"], env)
    assert undone.returncode == 0 and "restored edition 1 as edition 3" in undone.stdout
    shown = run_kbapp(["show", f"resource:{MANUAL}"], env)
    assert "Guidance" in shown.stdout
    nothing = run_kbapp(["editions", "--restore", "99"], env)
    assert nothing.returncode == 1 and "no catalogue edition 99" in nothing.stderr


def test_a_restore_that_fails_puts_the_kept_imports_back(editable, tmp_path, monkeypatch):
    """A failure (a full disk during the build), not a kill: nothing changes, and the next
    start does not finish a restore the user was told had failed."""
    from kbapp.domain.errors import WriteError
    from kbapp.services import build as building

    kb, _ = editable
    local = tmp_path / "local.txt"
    local.write_text(LOCAL, encoding="utf-8")
    kb.import_catalogue(local)

    def full_disk(store):
        raise WriteError("could not write the knowledge base (disk full)")

    monkeypatch.setattr(building, "rebuild_locked", full_disk)
    with pytest.raises(WriteError, match="disk full"):
        kb.restore_edition(1)
    monkeypatch.undo()
    assert [f.name for f in kb.imports()] == ["0001-local.txt"]
    assert not (kb.paths.data / "editions" / "restoring.json").exists()
    assert kb.build().index_reason == "ok" and kb.repository().state.counts()["resource"] == 32
    assert [e.number for e in kb.editions()] == [1, 2]
