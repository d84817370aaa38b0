"""Damage inside kb.sqlite that SQLite's quick_check cannot see: altered text, a flipped
bit inside stored JSON, a zeroed page. None is shown, exported or raised: the content
seal or the failed read marks the database damaged, and it is rebuilt."""

from __future__ import annotations

import os
import sqlite3

import pytest

from kbapp.storage.integrity import problem_with
from tests.faults import kbapp_env, run_kbapp


@pytest.fixture
def home(own_kb, tmp_path):
    own_kb.ensure_ready(check=True)  # checked whole once, as a first start does
    own_kb.close()
    return own_kb, kbapp_env(tmp_path)


def _alter(path, old: bytes, new: bytes, keep_time: bool) -> None:
    """Change bytes in place; with ``keep_time`` as a failing disk does, leaving the
    file's time as it was."""
    st = path.stat()
    data = path.read_bytes()
    at = data.index(old)
    path.write_bytes(data[:at] + new + data[at + len(old) :])
    if keep_time:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _altered_resource(path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id FROM resources WHERE description LIKE '%officur%'").fetchone()[0]


def test_altered_text_is_never_shown_by_the_command_line(home):
    kb, env = home
    _alter(kb.paths.database, b"officer", b"officur", keep_time=False)
    assert problem_with(kb.paths.database) is None  # SQLite sees nothing wrong
    rid = _altered_resource(kb.paths.database)
    shown = run_kbapp(["show", f"resource:{rid}"], env)
    assert shown.returncode == 0, shown.stderr
    assert "officur" not in shown.stdout and "officer" in shown.stdout  # "officur", before
    assert "differs from the checksum" in shown.stderr and "resources" in shown.stderr
    assert list(kb.paths.data.glob("kb.sqlite.damaged-*"))  # kept aside, not deleted


def test_altered_text_is_found_at_the_window_s_start(home):
    kb, _ = home
    _alter(kb.paths.database, b"officer", b"officur", keep_time=True)
    report = kb.ensure_ready(check=True)  # what the window does at every start
    assert any("differs from the checksum" in notice for notice in report.notices)
    assert kb.repository().records.get("resource:armed-policing-app")
    with sqlite3.connect(kb.paths.database) as conn:
        assert conn.execute("SELECT count(*) FROM resources WHERE description LIKE '%officur%'").fetchone() == (0,)


def test_a_flipped_bit_in_stored_json_is_rebuilt_not_a_traceback(home):
    kb, env = home
    with sqlite3.connect(kb.paths.database) as conn:
        blocks = conn.execute("SELECT blocks FROM sections WHERE blocks LIKE '[{%' LIMIT 1").fetchone()[0]
    _alter(kb.paths.database, blocks[:40].encode(), blocks[:1].encode() + b"|" + blocks[2:40].encode(), True)
    listed = run_kbapp(["list", "sections"], env)
    assert "Traceback" not in listed.stderr  # JSONDecodeError, before
    assert listed.returncode == 0, listed.stderr
    assert "could not be read" in listed.stderr or "differs from the checksum" in listed.stderr
    assert "Introduction" in listed.stdout or len(listed.stdout.splitlines()) > 10


def test_a_zeroed_page_is_rebuilt_not_a_traceback(home):
    kb, env = home
    path = kb.paths.database
    st = path.stat()
    with sqlite3.connect(path) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'abbreviations'").fetchone()[0]
    with open(path, "r+b") as f:  # the first page of a table that a search reads
        f.seek((root - 1) * page)
        f.write(bytes(page))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    found = run_kbapp(["search", "ISMS"], env)
    assert "Traceback" not in found.stderr  # "database disk image is malformed", before
    assert found.returncode == 0, found.stderr
    assert "abbreviation:ISMS" in found.stdout or "ISMS" in found.stdout
