"""A read in the window that meets damage no start check saw (a zeroed page of
kb.sqlite): the file is kept aside and the knowledge base rebuilt, with a notice,
never the unexpected-error report."""

from __future__ import annotations

import os
import sqlite3
import sys

from kbapp.ui.dialogs import errors
from tests.ui.conftest import hit_ids, type_query


def _zero_first_page_of(path, table: str) -> None:
    st = path.stat()
    with sqlite3.connect(path) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    with open(path, "r+b") as f:
        f.seek((root - 1) * page)
        f.write(bytes(page))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_damaged_read_in_the_window_rebuilds_instead_of_an_error_report(qtbot, own_window, monkeypatch, caplog):
    window = own_window
    reports: list[str] = []
    monkeypatch.setattr(errors, "show_unexpected", lambda _parent, report: reports.append(report))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    errors.install_excepthook(lambda: window, window.session.recover_from_damage)

    window.kb.close()  # the next read comes from the disk, not from SQLite's page cache
    _zero_first_page_of(window.kb.paths.database, "abbreviations")
    try:
        window.kb.repository().records.get("abbreviation:ISMS")
        raise AssertionError("the damaged page was read without an error")
    except sqlite3.DatabaseError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)  # as Qt hands a slot's exception over

    assert reports == []  # the unexpected-error report, before
    qtbot.waitUntil(lambda: window.session.ready and window.session.task is None, timeout=60000)
    assert "The knowledge base file could not be read" in caplog.text  # the notice the user is shown
    assert list(window.kb.paths.data.glob("kb.sqlite.damaged-*"))
    window.open_record("abbreviation:ISMS")
    assert "Information Security Management System" in window.detail.browser.toPlainText()
    type_query(qtbot, window, "ISMS")
    qtbot.waitUntil(lambda: hit_ids(window)[:1] == ["abbreviation:ISMS"], timeout=10000)
