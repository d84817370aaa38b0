"""The mapping views as an auditor uses them (issue 14): go to a clause by number,
Annex A included, filter the ITIL sections, and see which editions the tables are of."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def test_go_to_clause_takes_plain_numbers_and_annex_a(qtbot, window):
    from kbapp.ui.models.records import ID_ROLE

    window.tabs.setCurrentWidget(window.mappings)
    window.keys.find_here()  # Ctrl+F in Mappings: the go-to box
    assert QApplication.focusWidget() is window.mappings.filter
    for typed, clause in (("A.10.1.2", "mapping:27002:10.1.2"), ("10.1.2", "mapping:27002:10.1.2"),
                          ("4.2.1", "mapping:27001:4.2.1"), ("27002 4.2", "mapping:27002:4.2")):  # fmt: skip
        assert window.mappings.go_to_clause(typed), typed
        assert window.mappings.tree.currentIndex().siblingAtColumn(0).data(ID_ROLE) == clause, typed
        assert QApplication.focusWidget() is window.mappings.tree  # Down and Right go on from there
    window.mappings.go_to_clause("A.10.1.2")
    assert "ISO/IEC 27002:2005 10.1.2" in window.mappings.found.text()
    assert window.detail.current == "mapping:27002:10.1.2"  # the clause, with its ITIL links, is shown


def test_a_number_in_both_standards_names_the_other_and_no_clause_is_said(qtbot, window):
    window.mappings.go_to_clause("4.2")
    assert "Also: ISO/IEC 27002:2005 4.2" in window.mappings.found.text()
    assert not window.mappings.go_to_clause("99.9")
    assert window.mappings.found.text() == "No clause 99.9."


def test_the_itil_sections_can_be_filtered(qtbot, window):
    page = window.mappings
    everything = page.targets_proxy.rowCount()
    page.targets_filter.setText("4.6.4")
    assert 0 < page.targets_proxy.rowCount() < everything
    assert page.show_itil("SD 4.6.4.3")
    assert "map here directly" in page.reverse_title.text()
    assert "1 clauses" not in page.reverse_title.text()


def test_the_views_say_which_editions_the_tables_are_of(window):
    page = window.mappings
    assert "27001:2005" in page.editions.text() and "2013 and 2022" in page.editions.text()
    head = page.tree_model.index(0, 1).data()
    assert "2005 edition" in head


def test_the_coverage_column_shows_its_counts_whole(window):
    tree = window.mappings.tree
    head = window.mappings.tree_model.index(1, 2)  # ISO/IEC 27002: the longest counts
    assert tree.columnWidth(2) >= tree.fontMetrics().horizontalAdvance(head.data())


def test_a_clause_is_named_with_its_edition_in_every_view(qtbot, window):
    """27002:2005 10.1.2 is not 27002:2022's 10.1.2: the detail pane, the reverse table,
    the links of an ITIL section and a search hit all name the edition."""
    from kbapp.ui.models.records import ID_ROLE
    from tests.ui.conftest import type_query

    window.mappings.go_to_clause("10.1.2")
    assert "A.10.1.2" not in window.mappings.found.text()
    assert window.detail.current == "mapping:27002:10.1.2"
    shown = window.detail.browser.toPlainText()
    assert "ISO/IEC 27002:2005 10.1.2 Change management" in shown and "ISO/IEC 27002:2005 clause 10.1.2" in shown
    assert window.mappings.show_itil("SD 4.6.4.3")
    reverse = window.mappings.reverse_model
    standards = {reverse.index(r, 0).data() for r in range(reverse.rowCount())}
    assert standards and standards <= {"ISO/IEC 27001:2005", "ISO/IEC 27002:2005"}
    window.detail.show_record("itil:SD-4.6.4.3")
    assert "ISO/IEC 27002:2005 " in window.detail.browser.toPlainText()  # the section's clauses, in its record
    assert reverse.index(0, 0).data(ID_ROLE).startswith("mapping:")
    result = type_query(qtbot, window, "10.1.2")
    assert any(h.title.startswith("ISO/IEC 27002:2005 10.1.2 ") for h in result.hits)


def test_a_later_edition_in_the_catalogue_marks_the_tables_clauses_superseded(qtbot, own_window, monkeypatch, tmp_path):
    from tests.domain.test_standard_editions import LATER_27002
    from tests.ui.conftest import accept_import_preview

    source = tmp_path / "later 27002.txt"
    source.write_text(LATER_27002, encoding="utf-8")
    monkeypatch.setattr(own_window.imports, "ask_path", lambda: source)
    own_window.registry.import_.trigger()
    accept_import_preview(qtbot, own_window)
    qtbot.waitUntil(lambda: own_window.catalogue.model.rowCount() == 31, timeout=20000)
    qtbot.waitUntil(lambda: "superseded by" in (own_window.mappings.tree_model.index(1, 1).data() or ""), timeout=9000)
    assert "superseded by ISO/IEC 27002:2013" in own_window.mappings.tree_model.index(1, 1).data()
    assert "superseded by" not in own_window.mappings.tree_model.index(0, 1).data()  # 27001: none later here
    own_window.mappings.go_to_clause("10.1.2")
    assert "Superseded: the catalogue holds ISO/IEC 27002:2013" in own_window.detail.browser.toPlainText()
    standards = own_window.standards.model
    row = next(r for r in range(standards.rowCount()) if standards.index(r, 0).data() == "ISO/IEC 27002")
    assert standards.index(row, 1).data() == "ISO/IEC 27002:2013"  # the Standards view followed the import
    assert standards.index(row, 2).data() == "ISO/IEC 27002:2013"


def test_the_coverage_report_is_exported_from_the_mappings_view(qtbot, window, tmp_path, monkeypatch):
    import csv

    from PySide6.QtWidgets import QFileDialog

    from kbapp.export.provenance import sidecar

    target = tmp_path / "coverage.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV files (*.csv)"))
    window.tabs.setCurrentWidget(window.mappings)
    qtbot.mouseClick(window.mappings.coverage_button, Qt.MouseButton.LeftButton)
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = {(r["edition"], r["clause"]): r for r in csv.DictReader(fh)}
    assert rows[("ISO/IEC 27001:2005", "7")]["gaps"] == "7; 7.1; 7.2; 7.3"
    assert sidecar(target).exists() and "coverage report" in window.statusBar().currentMessage()
