"""Issue 16: *Export the current list as shown* writes the rows as the view shows
them (rank, type, label, snippet or the table's columns), with the query and the
filters in the provenance beside the file."""

from __future__ import annotations

import csv
import io
import json

from PySide6.QtCore import Qt

from kbapp.export.provenance import sidecar
from kbapp.services.exports import verify_export
from tests.ui.conftest import hit_ids, type_query


def _rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_the_search_results_export_as_shown_with_their_query_and_filters(qtbot, window, tmp_path, monkeypatch):
    win = window
    out = tmp_path / "shown.csv"
    monkeypatch.setattr(win.collect.exporter, "ask_save_path", lambda suggested: out)
    type_query(qtbot, win, "risk")
    facet = win.search_page.facets["type"]
    for i in range(facet.count()):
        if facet.item(i).text().startswith("Glossary term"):
            facet.item(i).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: win.search_page.last_result.total and all(i.startswith("term:") for i in hit_ids(win)))
    win.registry.export_list.trigger()
    rows = _rows(out)
    assert list(rows[0])[:5] == ["rank", "type", "id", "label", "snippet"]
    assert [r["rank"] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    assert [r["id"] for r in rows] == hit_ids(win)  # in the order shown
    assert rows[0]["label"] == win.search_page.model.hits[0].title and rows[0]["snippet"]
    facts = json.loads(sidecar(out).read_text(encoding="utf-8"))
    assert facts["query"] == "risk" and facts["filters"]["types"] == ["term"]
    assert facts["view"] == "Search" and verify_export(win.kb, out).ok
    assert "list as shown" in win.statusBar().currentMessage()


def test_a_filtered_table_exports_its_rows_and_columns_as_shown(qtbot, window, tmp_path, monkeypatch):
    win = window
    out = tmp_path / "catalogue.csv"
    monkeypatch.setattr(win.collect.exporter, "ask_save_path", lambda suggested: out)
    win.registry.tab_1.trigger()
    win.catalogue.filter.setText("intelligence")
    qtbot.waitUntil(lambda: 0 < win.catalogue.proxy.rowCount() < 30)
    win.registry.export_list.trigger()
    rows = _rows(out)
    assert len(rows) == win.catalogue.proxy.rowCount()
    assert {"rank", "type", "id", "label", "Title", "Published", "Category", "Origin"} <= set(rows[0])
    assert rows[0]["label"] == rows[0]["Title"] and rows[0]["type"] == "resource"
    assert json.loads(sidecar(out).read_text(encoding="utf-8"))["filters"] == {"filter": "intelligence"}


def test_the_list_as_shown_in_one_file_with_its_provenance_inside(qtbot, window, tmp_path, monkeypatch):
    """Issue 16: the save dialog's third file type keeps the provenance inside the CSV."""
    from PySide6.QtWidgets import QFileDialog

    from kbapp.export.provenance import sidecar
    from kbapp.services.exports import verify_export
    from kbapp.ui.exporting import ONE_FILE_FILTER
    from tests.ui.conftest import type_query

    type_query(qtbot, window, "firearms")
    target = tmp_path / "shown"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ONE_FILE_FILTER))
    window.registry.export_list.trigger()
    written = tmp_path / "shown.csv"
    assert written.exists() and not sidecar(written).exists()
    assert "its query and filters inside it, after the rows" in window.statusBar().currentMessage()
    text = written.read_bytes().decode("utf-8-sig")
    assert "\r\n\r\nkbapp-export-provenance,1\r\n" in text and "\r\nquery,firearms\r\n" in text
    assert verify_export(window.kb, written).ok
