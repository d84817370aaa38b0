"""Issue 15: a new edition of the whole catalogue (--replace-catalogue): the same
preview with removals; the user's own imports stay; undo brings the old one back."""

from __future__ import annotations

from pathlib import Path

from tests.faults import kbapp_env, run_kbapp
from tests.services.test_import import LOCAL
from tests.services.test_import_preview import FORENSIC, MANUAL, modified_catalogue

COVERT = "covert-policing-app"


def new_edition(folder: Path) -> Path:
    """The modified catalogue (one added, two changed) with Covert Policing APP withdrawn."""
    text = modified_catalogue(folder).read_text(encoding="utf-8")
    start = text.index("Resource\nCovert Policing APP")
    end = text.index("Resource\n", start + 1)
    path = folder / "catalogue-2027.txt"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return path


def test_a_new_edition_previews_its_removals_and_leaves_the_user_s_imports(editable, tmp_path):
    kb, _ = editable
    local = tmp_path / "local.txt"
    local.write_text(LOCAL.replace("Local Access", "Own Access"), encoding="utf-8")
    kb.import_catalogue(local)
    edition = new_edition(tmp_path)

    as_import = kb.preview_import(edition)
    assert as_import.counts()["removed"] == 0  # a plain import never removes
    preview = kb.preview_import(edition, replace_catalogue=True)
    assert preview.counts() == {"added": 1, "changed": 2, "unchanged": 27, "removed": 1}
    assert [(e.resource_id, e.line) for e in preview.of("removed")] == [(COVERT, None)]

    report = kb.import_catalogue(edition, replace_catalogue=True)
    assert (report.added, report.changed, report.removed) == (1, 2, 1)
    assert report.name == "0002-catalogue-2027.catalogue.txt"
    repo = kb.repository()
    assert repo.state.counts()["resource"] == 30 - 1 + 1 + 2  # the local file's two stay
    assert f"resource:{COVERT}" not in repo.views.ids("resource")
    assert repo.records.get(f"resource:{FORENSIC}")["title"].endswith("(Issue 9)")
    assert "resource:own-access-control-standard" in repo.views.ids("resource")
    assert f"resource:{COVERT}" not in [h.id for h in kb.engine().search("covert policing").hits]
    kb.build(force=True)  # replayed by a rebuild, the removal included
    assert f"resource:{COVERT}" not in kb.repository().views.ids("resource")

    kb.restore_edition(kb.undo_target())
    repo = kb.repository()
    assert f"resource:{COVERT}" in repo.views.ids("resource")
    assert repo.records.get(f"resource:{MANUAL}")["category"] == "Guidance"
    assert [f.name for f in kb.imports()] == ["0001-local.txt"]


def test_removing_the_edition_brings_back_the_shipped_catalogue(editable, tmp_path):
    kb, _ = editable
    kb.import_catalogue(new_edition(tmp_path), replace_catalogue=True)
    kb.remove_import("0001-catalogue-2027.catalogue.txt")
    ids = kb.repository().views.ids("resource")
    assert f"resource:{COVERT}" in ids and len(ids) == 30


def test_the_command_line_takes_one_new_edition_and_previews_it(tmp_path):
    env = kbapp_env(tmp_path / "home")
    edition = new_edition(tmp_path)
    two = run_kbapp(["import", "--replace-catalogue", str(edition), str(edition)], env)
    assert two.returncode == 2 and "--replace-catalogue takes one file" in two.stderr
    dry = run_kbapp(["import", "--replace-catalogue", "--dry-run", str(edition)], env)
    assert "1 added, 2 changed, 27 unchanged, 1 removed; nothing was written" in dry.stdout
    assert f"REMOVED (1)\n  Covert Policing APP  [{COVERT}]" in dry.stdout
    done = run_kbapp(["import", "--replace-catalogue", str(edition)], env)
    assert done.returncode == 0 and "1 removed" in done.stdout


def test_a_large_new_edition_never_removes_what_it_adds(editable, tmp_path):
    """Entries are written 500 at a time: those added before the last batch are in the
    database when the edition works out what it lacks, and must not be taken for it."""
    from tests.benchmarks.synthetic import catalogue_text
    from tests.conftest import CATALOGUE

    kb, _ = editable
    path = tmp_path / "big-edition.txt"
    more = catalogue_text(1200)
    path.write_text(CATALOGUE.read_text(encoding="utf-8") + "\n" + more[more.index("Resource\n") :], encoding="utf-8")
    report = kb.import_catalogue(path, replace_catalogue=True)
    assert (report.added, report.removed) == (1200, 0)
    assert kb.repository().state.counts()["resource"] == 30 + 1200
