"""The mapping views as an auditor uses them (issue 14): go to a clause by number,
Annex A included, filter the ITIL sections, and see which editions the tables are of."""

from __future__ import annotations

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
    assert "27002 10.1.2" in window.mappings.found.text()
    assert window.detail.current == "mapping:27002:10.1.2"  # the clause, with its ITIL links, is shown


def test_a_number_in_both_standards_names_the_other_and_no_clause_is_said(qtbot, window):
    window.mappings.go_to_clause("4.2")
    assert "Also: ISO/IEC 27002 4.2" in window.mappings.found.text()
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
