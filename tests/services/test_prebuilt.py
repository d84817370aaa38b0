"""A bundle's prebuilt knowledge base: the first start copies it in, checked, instead
of building; a damaged or out-of-date copy is left out and the sources are built."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kbapp.paths import Paths
from kbapp.services.knowledge_base import KnowledgeBase
from tests.faults import make_read_only, make_writable
from tests.services.test_import import LOCAL


@pytest.fixture
def prebuilt(built_kb, tmp_path) -> Path:
    """A bundle's prebuilt folder, read-only as an installed bundle is."""
    folder = tmp_path / "bundle" / "prebuilt"
    folder.mkdir(parents=True)
    shutil.copyfile(built_kb.paths.database, folder / "kb.sqlite")
    shutil.copytree(built_kb.paths.index, folder / "index")
    make_read_only(folder)
    yield folder
    make_writable(folder)


def _user(tmp_path: Path, prebuilt: Path | None) -> KnowledgeBase:
    home = tmp_path / "user"
    return KnowledgeBase(Paths(home / "data", home / "config", home / "logs"), prebuilt=prebuilt)


def _stages(kb: KnowledgeBase) -> tuple[object, list[str]]:
    stages: list[str] = []
    report = kb.build(progress=lambda stage, done, total: stages.append(stage))
    return report, stages


def test_the_first_start_copies_the_prebuilt_knowledge_base_without_parsing(prebuilt, tmp_path, built_kb):
    kb = _user(tmp_path, prebuilt)
    report, stages = _stages(kb)
    assert report.installed_from == prebuilt
    assert stages == []  # nothing parsed, nothing indexed: the progress dialog has nothing to show
    assert kb.repository().state.counts() == built_kb.repository().state.counts()
    assert kb.engine().search("ISMS").hits[0].id == "abbreviation:ISMS"
    # The copies are the user's, writable, though the bundle's are read-only.
    assert kb.paths.database.stat().st_mode & 0o200
    assert all(f.stat().st_mode & 0o200 for f in kb.paths.index.iterdir())
    assert (prebuilt / "kb.sqlite").read_bytes() == kb.paths.database.read_bytes()
    # and the next start finds it current
    assert not kb.build().built_database
    kb.close()


def test_imports_work_on_top_of_the_prebuilt_copy(prebuilt, tmp_path):
    kb = _user(tmp_path, prebuilt)
    kb.build()
    local = tmp_path / "local.txt"
    local.write_text(LOCAL, encoding="utf-8")
    kb.import_catalogue(local)
    assert kb.engine().search("Local Access Control Standard").hits[0].title == "Local Access Control Standard"
    # With an import kept, the prebuilt copy is no longer of these inputs: a lost
    # database is rebuilt from the sources and the import, not copied without it.
    kb.close()
    kb.paths.database.unlink()
    report, stages = _stages(kb)
    assert report.installed_from is None and "parsing" in stages
    assert kb.engine().search("Local Access Control Standard").total >= 1
    kb.close()


def test_a_damaged_prebuilt_database_is_left_out_and_the_sources_are_built(prebuilt, tmp_path):
    make_writable(prebuilt)
    with sqlite3.connect(prebuilt / "kb.sqlite") as conn:  # a changed definition: the seal no longer holds
        conn.execute("UPDATE terms SET informal_definition = 'tampered' WHERE rowid = 1")
    conn.close()
    kb = _user(tmp_path, prebuilt)
    report, stages = _stages(kb)
    assert report.installed_from is None and "parsing" in stages
    assert "tampered" not in kb.paths.database.read_bytes().decode("utf-8", "replace")
    assert kb.repository().state.counts()["term"] > 0
    kb.close()


def test_a_damaged_prebuilt_index_is_rebuilt_from_the_copied_database(prebuilt, tmp_path):
    make_writable(prebuilt)
    segment = max((f for f in (prebuilt / "index").iterdir() if f.suffix == ".pst"), key=lambda f: f.stat().st_size)
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0xFF
    segment.write_bytes(bytes(data))
    kb = _user(tmp_path, prebuilt)
    report, stages = _stages(kb)
    assert report.installed_from == prebuilt
    assert "parsing" not in stages  # the database was copied, the index built anew from it
    assert {f.name for f in kb.paths.index.iterdir()} != {f.name for f in (prebuilt / "index").iterdir()}
    assert kb.index_state() == "ok"
    assert kb.engine().search("ISMS").hits[0].id == "abbreviation:ISMS"
    kb.close()


def test_the_command_line_says_it_installs_the_prebuilt_copy_not_that_it_builds(
    prebuilt, tmp_path, monkeypatch, capsys
):
    from kbapp.cli import main
    from tests.conftest import SOURCES

    resources = prebuilt.parent  # a bundle's resources folder: sources, icons, prebuilt
    make_writable(resources)
    shutil.copytree(SOURCES, resources / "sources")
    monkeypatch.setenv("KBAPP_RESOURCES", str(resources))
    monkeypatch.setenv("KBAPP_HOME", str(tmp_path / "user"))
    assert main(["search", "ISMS", "--limit", "1"]) == 0
    captured = capsys.readouterr()
    assert "installing the prebuilt knowledge base" in captured.err
    assert "building" not in captured.err
    assert "abbreviation:ISMS" in captured.out


def test_the_window_at_first_start_shows_the_prebuilt_copy_at_once(qtbot, prebuilt, tmp_path):
    from tests.ui.conftest import opened_window

    kb = _user(tmp_path, prebuilt)
    with opened_window(qtbot, kb, tmp_path) as win:
        qtbot.waitUntil(lambda: "prebuilt" in win.status_index.text(), timeout=10000)
        assert win.status_index.text() == "index: ready (the bundle's prebuilt copy)"
        assert kb.paths.database.read_bytes() == (prebuilt / "kb.sqlite").read_bytes()
