"""Issue 16: the selection is the current working set: kept as it changes, so it
survives a restart; sets are made, chosen, renamed, copied and deleted in the panel;
each record has a note of the user's own, which the export carries."""

from __future__ import annotations

import csv
import io
import json

from PySide6.QtWidgets import QMessageBox

from kbapp.export.provenance import sidecar
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.storage.userdata import UserData
from kbapp.storage.working_sets import WorkingSets
from tests.ui.conftest import opened_window


def _answers(*texts):
    given = list(texts)
    return lambda *_args: given.pop(0)


def _shown(panel) -> list[str]:
    return [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]


def test_the_working_set_is_kept_its_notes_exported_and_it_survives_a_restart(qtbot, own_window, tmp_path, monkeypatch):
    win = own_window
    panel = win.selection
    assert panel.chooser.currentText() == "Working set"  # made at the first start
    panel.add(["term:risk", "mapping:27002:10.1.2", "abbreviation:SLA"])
    panel.view.setCurrentIndex(panel.model.index(2, 0))
    panel.move_current(-2)
    assert panel.ids == ["abbreviation:SLA", "term:risk", "mapping:27002:10.1.2"]
    panel.view.setCurrentIndex(panel.model.index(1, 0))
    panel.ask = _answers("Cited in finding 3")
    panel.edit_note()
    assert _shown(panel)[1] == "Risk — Cited in finding 3"

    out = tmp_path / "evidence.csv"
    monkeypatch.setattr(win.collect.exporter, "ask_save_path", lambda suggested: out)
    win.registry.export.trigger()
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))}
    assert rows["term:risk"]["note"] == "Cited in finding 3" and rows["abbreviation:SLA"]["note"] == ""
    assert json.loads(sidecar(out).read_text(encoding="utf-8"))["working_set"] == "Working set"

    # What a second window (a restart) finds: the same set, order and notes.
    kb = KnowledgeBase(win.kb.paths)
    with opened_window(qtbot, kb, tmp_path / "again", kb.paths.user_database) as again:
        assert again.selection.ids == ["abbreviation:SLA", "term:risk", "mapping:27002:10.1.2"]
        assert again.selection.model.notes["term:risk"] == "Cited in finding 3"


def test_sets_are_made_chosen_renamed_copied_and_deleted_in_the_panel(qtbot, own_window, monkeypatch):
    win = own_window
    panel = win.selection
    panel.add(["term:risk"])
    panel.ask = _answers("Audit of force X, May 2027")
    panel.new_set()
    assert panel.chooser.currentText() == "Audit of force X, May 2027" and panel.ids == []
    panel.add(["term:asset", "abbreviation:SLA"])
    assert panel.title() == "Selected for export (2)"

    panel.chooser.setCurrentIndex(panel.chooser.findText("Working set"))
    panel.chooser.activated.emit(panel.chooser.currentIndex())
    assert panel.ids == ["term:risk"]

    panel.ask = _answers("Force X")
    panel.rename_set()
    assert [panel.chooser.itemText(i) for i in range(panel.chooser.count())] == [
        "Audit of force X, May 2027",
        "Force X",
    ]
    panel.ask = _answers("Audit of force X, May 2027")  # a name taken: said, nothing changed
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    panel.duplicate_set()
    assert "already" in shown[0] and panel.chooser.count() == 2
    panel.ask = _answers("Force X (copy)")
    panel.duplicate_set()
    assert panel.chooser.currentText() == "Force X (copy)" and panel.ids == ["term:risk"]

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.delete_set()
    assert panel.chooser.count() == 2 and panel.chooser.currentText() != "Force X (copy)"

    userdata = UserData(win.kb.paths.user_database)
    try:
        names = {s.name: s.records for s in WorkingSets(userdata).all()}
    finally:
        userdata.close()
    assert names == {"Audit of force X, May 2027": 2, "Force X": 1}


def test_a_record_that_leaves_the_knowledge_base_stays_under_its_last_title(qtbot, own_window, tmp_path):
    from kbapp.sources.entry_form import EntryValues

    win = own_window
    rid = win.kb.add_entry(
        EntryValues("Force X retention schedule", "28/02/2025", "Force X", "", "Policy", "")
    ).resource_id
    win.kb.close()
    panel = win.selection
    panel.add([f"resource:{rid}"])
    win.kb.delete_entry(rid)
    win.kb.close()
    panel.model.check_present()
    assert _shown(panel) == ["Force X retention schedule (no longer in the knowledge base)"]
