"""Issue 17: the window shows before anything it does not need to show is imported.
Whoosh comes with the search thread's first work, sqlite-utils with the first schema
upgrade (the first start's included) or knowledge-base write. Checked by what a fresh process has imported."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import copy_built_data
from tests.faults import ROOT, kbapp_env

# The dialogs behind menu items, and what only they use.
MADE_WHEN_USED = [
    "kbapp.ui.dialogs.local_entries",
    "kbapp.ui.dialogs.packs",
    "kbapp.ui.dialogs.editions",
    "kbapp.ui.dialogs.import_preview",
    "kbapp.services.local_entries",
    "kbapp.services.packs",
    "kbapp.sources.catalogue",
]

SHOWN = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kbapp.ui.app import create_window
window = create_window()
window.show()
app.processEvents()
print(json.dumps([window.isVisible(), sorted(sys.modules)]))
window.close()
"""


@pytest.fixture
def home(built_kb, tmp_path):
    copy_built_data(built_kb, tmp_path / "data")
    return {**kbapp_env(tmp_path), "QT_QPA_PLATFORM": "offscreen"}


def modules_when_shown(env) -> set[str]:
    done = subprocess.run([sys.executable, "-c", SHOWN], env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    visible, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert visible
    return set(modules)


def test_the_window_shows_without_whoosh_or_sqlite_utils(home):
    first = modules_when_shown(home)  # the first start makes the bookmarks file
    assert "whoosh" not in first
    modules = modules_when_shown(home)
    assert not {m for m in modules if m.split(".")[0] in ("whoosh", "sqlite_utils")}
    assert not modules & set(MADE_WHEN_USED)
    assert "kbapp.storage.userdata" in modules  # the bookmarks file was opened all the same


def test_a_bookmarks_file_of_an_older_schema_is_still_upgraded(home, tmp_path, monkeypatch):
    """The upgrade is the one thing at start that needs sqlite-utils."""
    import sqlite3

    from kbapp.paths import paths

    monkeypatch.setenv("KBAPP_HOME", str(tmp_path))
    where = paths()
    modules_when_shown(home)  # makes the file at the current schema
    conn = sqlite3.connect(where.user_database)
    conn.execute("DROP TABLE set_items")
    conn.execute("DROP TABLE working_sets")
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    modules = modules_when_shown(home)
    assert "sqlite_utils" in modules
    conn = sqlite3.connect(where.user_database)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    assert conn.execute("SELECT count(*) FROM working_sets").fetchone()[0] >= 0
    conn.close()


def test_the_menu_s_entry_and_pack_items_still_open_their_dialogs(qtbot, window, no_modal_dialogs, monkeypatch):
    """Their flows are made when first used: each item reaches its flow all the same."""
    from kbapp.ui.dialogs.local_entries import LocalEntriesFlow
    from kbapp.ui.dialogs.packs import PackFlow

    called: list[str] = []
    monkeypatch.setattr(LocalEntriesFlow, "new_entry", lambda self: called.append("new_entry"))
    monkeypatch.setattr(PackFlow, "open_pack", lambda self: called.append("open_pack"))
    window.registry.new_entry.trigger()
    window.registry.open_pack.trigger()
    assert called == ["new_entry", "open_pack"]
    assert window.imports.local is window.imports.local  # made once
