"""A command pays for what it uses: only its own module, and the index read whole only
when a check is due. Checked by what is imported and what is read, not by timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import copy_built_data
from tests.faults import ROOT, kbapp_env, run_kbapp

# What a search must never import: the other commands, the write path, the window.
NOT_FOR_A_SEARCH = (
    "sqlite_utils",
    "PySide6",
    "kbapp.ui",
    "kbapp.export",
    "kbapp.cli.commands.records",
    "kbapp.cli.commands.imports",
    "kbapp.sources.whitepaper",
    "kbapp.sources.catalogue",
    "kbapp.domain.catalogue_diff",
    "kbapp.storage.write",
)


@pytest.fixture
def home(built_kb, tmp_path):
    copy_built_data(built_kb, tmp_path / "data")
    return kbapp_env(tmp_path)


def imported_by(env, *args: str) -> set[str]:
    """The modules loaded by ``kbapp ARGS``, run as the command line runs it."""
    script = (
        "import sys, json, contextlib, io\n"
        "from kbapp.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({list(args)!r})\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout.splitlines()[-1])
    assert code == 0
    return set(modules)


def test_a_search_imports_only_what_it_uses(home):
    modules = imported_by(home, "search", "risk", "management")
    loaded = sorted(m for m in modules if m.startswith(NOT_FOR_A_SEARCH))
    assert loaded == []
    assert "kbapp.cli.commands.search" in modules and "whoosh" in modules


def test_every_command_is_listed_and_each_runs_from_its_own_module(home):
    from kbapp.cli import MODULE_OF, register
    from kbapp.cli.registry import COMMANDS

    register(list(MODULE_OF))
    assert set(COMMANDS) == set(MODULE_OF)
    for name, module in MODULE_OF.items():
        assert COMMANDS[name].run.__module__ == f"kbapp.cli.commands.{module}"
    listing = run_kbapp(["--help"], home).stdout
    assert all(name in listing for name in MODULE_OF)
    assert "--query" not in listing
    one = run_kbapp(["define", "--help"], home)
    assert one.returncode == 0 and "usage: kbapp define" in one.stdout
    wrong = run_kbapp(["serch", "risk"], home)
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr


def test_a_table_of_results_is_printed_without_making_snippets(home):
    done = run_kbapp(["search", "risk management", "--limit", "3"], home)
    assert done.returncode == 0 and "results" in done.stdout
    data = json.loads(run_kbapp(["search", "risk management", "--limit", "3", "--format", "json"], home).stdout)
    assert all(hit["snippet"] for hit in data["hits"])  # JSON carries them, as before


def age(files, seconds: float) -> None:
    for path in files:
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - int(seconds * 1e9)))


def flip_a_byte_keeping_its_time(path) -> None:
    """What a failing disk does: the content changes, the file's size and time do not."""
    st = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_the_index_is_read_whole_only_when_a_check_is_due(own_kb, monkeypatch):
    from kbapp.search.index import index_files
    from kbapp.storage.checked import INDEX_STAMP

    stamp = own_kb.paths.index.parent / INDEX_STAMP
    stamp.unlink(missing_ok=True)
    files = index_files(own_kb.paths.index)
    age(files, 60)  # built a minute ago: no write can hide behind the same time
    assert own_kb.index_state() == "ok"
    assert stamp.exists()  # the whole check passed and is remembered

    postings = max((f for f in files if f.suffix == ".pst"), key=lambda f: f.stat().st_size)
    flip_a_byte_keeping_its_time(postings)
    assert own_kb.index_state() == "ok"  # nothing says it changed: not read whole again
    assert own_kb.index_state(thorough=True) == "corrupt"  # `kbapp build` and a due check see it

    later = time.time() + 25 * 3600  # a day on, the whole check is due again
    monkeypatch.setattr(time, "time", lambda: later)
    assert own_kb.index_state() == "corrupt"


def test_a_changed_index_file_is_read_whole_at_once(own_kb):
    from kbapp.search.index import index_files

    files = index_files(own_kb.paths.index)
    age(files, 60)
    assert own_kb.index_state() == "ok"
    postings = max((f for f in files if f.suffix == ".pst"), key=lambda f: f.stat().st_size)
    data = bytearray(postings.read_bytes())
    data[len(data) // 2] ^= 0xFF
    postings.write_bytes(bytes(data))  # its time changes: the stamp no longer fits
    assert own_kb.index_state() == "corrupt"


def test_a_just_written_index_is_not_taken_as_checked(own_kb):
    from kbapp.search.index import index_files
    from kbapp.storage.checked import INDEX_STAMP

    stamp = own_kb.paths.index.parent / INDEX_STAMP
    stamp.unlink(missing_ok=True)
    index_files(own_kb.paths.index)[-1].touch()  # written a moment ago
    assert own_kb.index_state() == "ok"
    assert not stamp.exists()  # a write in the same tick could hide behind the same time


def test_kbapp_build_reads_the_whole_index(home, built_kb):
    from kbapp.search.index import index_files
    from kbapp.storage.checked import INDEX_STAMP

    index = Path(home["KBAPP_HOME"]) / "data" / "index"
    stamp = index.parent / INDEX_STAMP
    files = index_files(index)
    age(files, 60)
    assert run_kbapp(["search", "risk"], home).returncode == 0 and stamp.exists()
    postings = max((f for f in files if f.suffix == ".pst"), key=lambda f: f.stat().st_size)
    flip_a_byte_keeping_its_time(postings)
    done = run_kbapp(["build"], home)
    assert done.returncode == 0 and "index rebuilt (corrupt)" in done.stdout
