"""Issue 16: the session log records a search, an open, a lookup and an export (with
the exported file's SHA-256), each with its time and build; View › Session log shows
it by day and working set, switches it off, and exports it."""

from __future__ import annotations

import csv
import io

from kbapp.export.provenance import file_sha256
from kbapp.services import session_log
from tests.ui.conftest import type_query


def _actions(win):
    return [(e.action, e.what) for e in session_log.events(win.kb)[win.logged_before :]]


def test_a_search_an_open_a_lookup_and_an_export_are_recorded(qtbot, own_window, tmp_path, monkeypatch):
    win = own_window
    win.logged_before = len(session_log.events(win.kb))  # the copied data folder's earlier tests' events
    type_query(qtbot, win, "risk management")
    qtbot.waitUntil(lambda: ("search", "risk management") in _actions(win), timeout=5000)
    win.open_record("term:risk")
    win.quick.popup("ISMS")
    qtbot.waitUntil(lambda: bool(win.quick.definitions))
    win.quick.hide()
    win.selection.add(["term:risk"])
    out = tmp_path / "evidence.csv"
    monkeypatch.setattr(win.collect.exporter, "ask_save_path", lambda suggested: out)
    win.registry.export.trigger()

    events = session_log.events(win.kb)[win.logged_before :]
    assert [e.action for e in events if e.action != "open"] == ["search", "lookup", "export"]
    assert ("open", "term:risk") in _actions(win)
    export = events[-1]
    assert export.what == str(out) and file_sha256(out) in export.detail
    assert export.working_set == "Working set"
    build = win.kb.repository().state.meta()["build_id"]
    assert {e.build_id for e in events} == {build} and all(e.at.endswith("+00:00") for e in events)

    win.registry.session_log.trigger()
    dialog = win.recorder.dialog
    assert dialog.isVisible() and dialog.enabled.isChecked()
    assert dialog.table.rowCount() == len(events) + win.logged_before
    assert dialog.table.item(0, 1).text() == "export"  # newest first
    dialog.working_set.setCurrentIndex(dialog.working_set.findText("Working set"))
    dialog._fill()
    assert dialog.table.rowCount() == len(session_log.events(win.kb, working_set="Working set"))
    saved = dialog.export(tmp_path / "log.csv")
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows and set(rows[0]) == {"at", "action", "what", "detail", "working_set", "build_id"}

    dialog.enabled.setChecked(False)  # switched off: nothing more is recorded
    win.open_record("abbreviation:SLA")
    assert ("open", "abbreviation:SLA") not in _actions(win)
    assert "off" in dialog.summary.text()
