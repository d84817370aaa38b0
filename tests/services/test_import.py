"""Importing catalogue files: whole or not at all, kept across rebuilds, streamed."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from kbapp.domain.errors import NotFound, SourceError
from tests.benchmarks.synthetic import catalogue_text
from tests.conftest import CATALOGUE
from tests.faults import ROOT, disk_full_after, kbapp_env, run_kbapp, snapshot

LOCAL = """Exported from the force intranet

Resource
Force Information Security Policy
The force's own policy on information security: ISMS scope, roles and incident reporting.
This is an OFFICIAL document.
Published 01/04/2024
Authoring body: College of Policing (CoP)
Policy

Resource
Local Access Control Standard
How access to CJSM and PND is granted and reviewed.

• Quarterly reviews of every account
• Leavers removed within a day
Published 15/09/2023
Authoring body: Example Constabulary (EXC)
Standards
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _ids(kb, source: str) -> list[str]:
    return kb.repository().state.resource_ids(source)


def test_imported_entries_are_stored_exactly_searched_and_kept_across_rebuilds(editable, tmp_path):
    kb, _ = editable
    shipped = kb.repository().state.counts()["resource"]
    bodies = {b["id"] for b in kb.repository().index.bodies()}
    report = kb.import_catalogue(_write(tmp_path / "Local policies.txt", LOCAL))
    assert (report.name, report.entries, report.residue, report.index) == ("0001-local-policies.txt", 2, 1, "updated")

    record = kb.repository().records.get("resource:local-access-control-standard")
    assert record["source"] == "imports/0001-local-policies.txt"
    assert record["published"] == "2023-09-15" and record["published_as_written"] == "15/09/2023"
    assert record["blocks"][1] == {
        "type": "list",
        "style": "bullet",
        "items": ["Quarterly reviews of every account", "Leavers removed within a day"],
    }
    assert record["source_lines"][0] == 11  # lines of the file the user imported
    # An authoring body the catalogue knows stays one body (one facet), a new one is added.
    assert "college-of-policing" in bodies
    assert kb.repository().records.get("resource:force-information-security-policy")["body_id"] == "college-of-policing"
    assert {b["id"] for b in kb.repository().index.bodies()} - bodies == {"example-constabulary"}
    assert kb.engine().search("quarterly leavers").hits[0].id == "resource:local-access-control-standard"
    assert kb.repository().state.counts()["resource"] == shipped + 2

    assert kb.build().index_reason == "ok"  # the import is part of the current build
    before = _ids(kb, "imports/0001-local-policies.txt")
    rebuilt = kb.build(force=True)
    assert rebuilt.built_database and rebuilt.notices == []
    assert _ids(kb, "imports/0001-local-policies.txt") == before  # same ids: bookmarks still point right
    assert kb.engine().search("quarterly leavers").hits[0].id == "resource:local-access-control-standard"


def test_an_import_can_be_listed_and_removed(editable, tmp_path):
    kb, _ = editable
    kb.import_catalogue(_write(tmp_path / "one.txt", LOCAL))
    two = LOCAL.replace("Local Access", "Second Access").replace("\nPolicy\n", "\nGuidance\n")
    kb.import_catalogue(_write(tmp_path / "two.txt", two))
    assert [(f.name, f.entries) for f in kb.imports()] == [("0001-one.txt", 1), ("0002-two.txt", 2)]
    # The second import's policy is the first's, changed (issue 15): one resource, not two.
    assert "force-information-security-policy" in _ids(kb, "imports/0002-two.txt")
    assert "force-information-security-policy-2" not in _ids(kb, "imports/0002-two.txt")

    assert kb.remove_import("0001-one.txt").entries == 1
    assert [f.name for f in kb.imports()] == ["0002-two.txt"]
    assert "local-access-control-standard" not in kb.repository().state.resource_ids_not_from("resource-catalogue.txt")
    assert [h.id for h in kb.engine().search("Local Access Control Standard").hits if h.type == "resource"][:1] != [
        "resource:local-access-control-standard"
    ]
    assert kb.repository().state.counts()["resource"] == 32
    assert kb.build().index_reason == "ok"
    with pytest.raises(NotFound, match="no import named '0001-one.txt'"):
        kb.remove_import("0001-one.txt")


def test_an_edited_shipped_catalogue_keeps_the_imports(editable, tmp_path):
    kb, sources = editable
    kb.import_catalogue(_write(tmp_path / "local.txt", LOCAL))
    catalogue = sources["catalogue"]
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("Covert Policing APP\n\nUndercover", "Covert Policing APP\n\nUndercover (v2)"))
    assert kb.build().index_reason == "updated 1 resources"
    assert len(_ids(kb, "imports/0001-local.txt")) == 2
    # A new shipped entry with an imported entry's title: the shipped one keeps the plain id
    # (as a build from scratch would give it); the import's entry, the same resource and
    # unchanged, adds nothing (issue 15: matched by id, not added again as "-2").
    entry = LOCAL.split("Resource\n")[2]
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\nResource\n" + entry)
    report = kb.build()
    assert report.built_database
    assert "local-access-control-standard" in _ids(kb, "resource-catalogue.txt")
    assert _ids(kb, "imports/0001-local.txt") == ["force-information-security-policy"]
    assert kb.build().index_reason == "ok"
    # The same entry changed in the catalogue: the import's text, kept, still wins.
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("15/09/2023", "16/09/2023"))
    kb.build()
    assert sorted(_ids(kb, "imports/0001-local.txt")) == [
        "force-information-security-policy",
        "local-access-control-standard",
    ]
    assert kb.repository().records.get("resource:local-access-control-standard")["published"] == "2023-09-15"


BAD_IMPORTS = {
    "cp1252": ("Resource\nTitle\ncaf\xe9\n".encode("cp1252"), 3, None, "not valid UTF-8"),
    "NUL bytes": (LOCAL.encode() + b"\x00", 20, None, "NUL bytes"),
    "binary": (bytes(range(256)) * 4, 1, None, "NUL bytes"),
    "empty": (b"\n \n", None, None, "empty"),
    "truncated": (LOCAL.encode()[: LOCAL.index("Published 15")], 12, "published", "no 'Published"),
    "no date": (LOCAL.replace("Published 01/04/2024\n", "").encode(), 4, "published", "no 'Published"),
    "impossible date": (LOCAL.replace("01/04/2024", "31/02/2024").encode(), 7, "published", "not a real date"),
    "no body": (LOCAL.replace("Authoring body: College of Policing (CoP)\n", "").encode(), 8, "authoring body", ""),
    # The file ends where the category should be: named at the entry's last line, a line the file has.
    "no category": (LOCAL.rsplit("Standards", 1)[0].encode(), 18, "category", "no category"),
    "no entries": (b"just some notes\n", None, "Resource", "no line 'Resource'"),
    "UTF-16 with a mark": (LOCAL.encode("utf-16"), 1, None, "UTF-16 text, not UTF-8"),
    "UTF-16 without": (LOCAL.encode("utf-16-le"), 1, None, "UTF-16 text, not UTF-8"),
}


def test_what_is_not_a_file_is_named_so(editable, tmp_path):
    import os

    kb, _ = editable
    folder = tmp_path / "a folder"
    folder.mkdir()
    fifo = tmp_path / "a pipe"
    os.mkfifo(fifo)
    for path, words in [
        (folder, "that is a folder, not a file"),
        (fifo, "not a regular file (a pipe or a device)"),
        (Path("/dev/zero"), "not a regular file (a pipe or a device)"),
        (tmp_path / "missing.txt", "no such file"),
    ]:
        with pytest.raises(SourceError, match=re.escape(words)):
            kb.import_catalogue(path)


@pytest.mark.parametrize("case", BAD_IMPORTS)
def test_a_bad_import_is_refused_whole_naming_file_line_and_field(editable, tmp_path, case):
    kb, _ = editable
    kb.import_catalogue(_write(tmp_path / "earlier.txt", LOCAL))  # an earlier import stays as it is
    kb.close()
    data, line, field, words = BAD_IMPORTS[case]
    bad = tmp_path / "bad import.txt"
    bad.write_bytes(data)
    before = snapshot(kb.paths.data)
    with pytest.raises(SourceError) as caught:
        kb.import_catalogue(bad)
    error = caught.value
    assert (error.path, error.line, error.field) == (str(bad), line, field)
    assert words in str(error) and str(error).endswith("nothing was imported")
    kb.close()
    assert snapshot(kb.paths.data) == before  # database, index and imports byte-identical


def test_a_kept_import_changed_by_hand_is_left_out_with_a_notice(editable, tmp_path):
    kb, _ = editable
    kb.import_catalogue(_write(tmp_path / "local.txt", LOCAL))
    kept = kb.paths.imports / "0001-local.txt"
    kept.write_text(LOCAL.replace("01/04/2024", "99/99/2024"), encoding="utf-8")
    report = kb.build()
    assert report.built_database
    assert len(report.notices) == 1 and "0001-local.txt was left out" in report.notices[0]
    assert "not a real date" in report.notices[0]
    assert _ids(kb, "imports/0001-local.txt") == []
    assert kb.repository().state.counts()["resource"] == 30  # the shipped corpus still whole


def test_a_full_disk_during_an_import_leaves_everything_as_it_was(editable, tmp_path):
    kb, sources = editable
    kb.close()
    (tmp_path / "sources").symlink_to(sources["catalogue"].parent)
    env = kbapp_env(tmp_path, KBAPP_RESOURCES=str(tmp_path))
    big = _write(tmp_path / "big.txt", catalogue_text(3000))
    before = snapshot(kb.paths.data)
    # The copy of the file fits; the database cannot grow by the whole import.
    limit = big.stat().st_size + 100_000
    assert kb.paths.database.stat().st_size < limit
    done = run_kbapp(["import", str(big)], env, preexec=disk_full_after(limit))
    assert done.returncode == 1
    assert "could not write the knowledge base" in done.stderr, done.stderr
    assert "nothing was imported" in done.stderr and "Traceback" not in done.stderr
    # SQLite may leave its rollback journal for the next opening to undo the pages the
    # failed transaction wrote; that opening restores the file byte for byte.
    assert kb.imports() == []
    kb.close()
    after = snapshot(kb.paths.data)
    assert after.pop(".writer.lock") and before.pop(".writer.lock")  # the lock file holds the writer's pid
    assert after == before


# ----- large imports: streamed, with progress and bounded memory ------------------

PEAK = """
import json, os, resource, sys
from pathlib import Path
from kbapp.services.knowledge_base import KnowledgeBase
from tests.benchmarks.memory import peak_rss_mb
kb = KnowledgeBase()
kb.build()
stages = []
report = kb.import_catalogue(Path(sys.argv[1]), lambda stage, done, total: stages.append([stage, done, total]))
print(json.dumps({
    "entries": report.entries,
    "stages": stages,
    "peak_mb": peak_rss_mb(),
    "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def _import_measured(tmp_path: Path, entries: int) -> dict:
    import subprocess

    home = tmp_path / f"home{entries}"
    source = _write(tmp_path / f"large{entries}.txt", catalogue_text(entries, seed=entries))
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(source)],
        env=kbapp_env(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_a_large_import_streams_with_progress_and_bounded_memory(tmp_path):
    small = _import_measured(tmp_path, 1000)
    large = _import_measured(tmp_path, 8000)  # ~270 times the shipped catalogue
    assert (small["entries"], large["entries"]) == (1000, 8000)

    reading = [s for s in large["stages"] if s[0] == "reading"]
    assert len(reading) >= 10  # a report per batch of entries read
    assert [done for _, done, _ in reading] == sorted(done for _, done, _ in reading)
    assert reading[-1][1] == reading[-1][2]  # ends at the whole file
    assert any(s[0] == "indexing" for s in large["stages"])

    # Eight times the entries; the process's memory does not follow (whole, the parsed
    # entries alone would take ~55 MB more). Whoosh's writer processes are bounded by
    # their pool size (128 MB each).
    assert large["peak_mb"] - small["peak_mb"] < 30, (small, large)
    assert large["children_peak_mb"] < 300, large


def test_an_import_from_the_command_line_reports_progress_and_lists(tmp_path):
    env = kbapp_env(tmp_path)
    local = _write(tmp_path / "local.txt", LOCAL)
    done = run_kbapp(["import", str(local)], env)
    assert done.returncode == 0, done.stderr
    assert "as imports/0001-local.txt: 2 added, 0 changed, 0 unchanged" in done.stdout
    assert "1 line before the first entry" in done.stdout
    assert "local.txt: reading 100%" in done.stderr
    listed = run_kbapp(["imports"], env)
    assert "0001-local.txt" in listed.stdout and " 2 " in listed.stdout
    found = run_kbapp(["search", "quarterly", "leavers"], env)
    assert "resource:local-access-control-standard" in found.stdout
    bad = run_kbapp(["import", str(CATALOGUE.parent / "nope.txt")], env)
    assert bad.returncode == 1 and "nope.txt: no such file" in bad.stderr
    removed = run_kbapp(["imports", "--remove", "0001-local.txt"], env)
    assert removed.returncode == 0 and "its 2 entries" in removed.stdout


def test_a_full_disk_while_indexing_an_import_says_the_entries_are_in(own_kb, tmp_path, monkeypatch):
    """The entries commit, then the index cannot be written: the message says what is
    true, searches answer from the index as it was, and the next build indexes them."""
    import errno

    from whoosh.filedb.filestore import FileStorage

    own_kb.ensure_ready()
    path = _write(tmp_path / "local.txt", LOCAL)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as disk:
        disk.setattr(FileStorage, "create_file", full)  # the disk, not kbapp, refuses
        report = own_kb.import_catalogue(path)  # "could not write the search index", exit 1, before
    assert report.entries == 2 and report.index == "not updated"
    (notice,) = report.notices
    assert notice.startswith("The 2 entries are in the knowledge base") and "No space left" in notice
    assert own_kb.repository().records.get("resource:local-access-control-standard")
    assert own_kb.engine().search("ISMS").hits  # the index as it was still answers
    own_kb.close()
    assert own_kb.ensure_ready().built_index  # the next start indexes them
    assert [h.id for h in own_kb.engine().search('"Local Access Control Standard"').hits] == [
        "resource:local-access-control-standard"
    ]


def test_a_retry_of_a_file_already_imported_is_recognised(own_kb, tmp_path):
    path = _write(tmp_path / "local.txt", LOCAL)
    first = own_kb.import_catalogue(path)
    again = _write(tmp_path / "local copy.txt", LOCAL)  # the same bytes under another name
    with pytest.raises(SourceError, match=f"imported already, as imports/{first.name}; nothing was imported"):
        own_kb.import_catalogue(again)  # two more entries, duplicates, before
    assert [f.entries for f in own_kb.imports()] == [2]
    assert own_kb.repository().state.counts()["resource"] == 32
