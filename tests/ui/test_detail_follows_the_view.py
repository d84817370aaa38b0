"""Issue 14: on switching to Standards or Mappings, the detail pane still showed a record
previewed in another view. A previewed record now gives way to the row the user is on in
the view shown, or to nothing; a record the user opened stays, as they are reading it."""

from __future__ import annotations

from tests.ui.conftest import type_query


def test_a_preview_from_search_goes_on_switching_to_a_view_with_nothing_chosen(qtbot, window):
    type_query(qtbot, window, "firearms")
    previewed = window.detail.current
    assert previewed and previewed.startswith("resource:")
    window.tabs.setCurrentWidget(window.standards)
    assert window.detail.current is None
    assert "Nothing selected" in window.detail.browser.toPlainText()
    window.tabs.setCurrentWidget(window.search_page)
    assert window.detail.current == previewed  # the row the user is on in Search, again


def test_the_view_shown_brings_its_own_row_back(qtbot, window):
    window.tabs.setCurrentWidget(window.mappings)
    tree = window.mappings.tree
    tree.setCurrentIndex(window.mappings.tree_model.clause_items["27002:10.1.2"].index())
    assert window.detail.current == "mapping:27002:10.1.2"
    type_query(qtbot, window, "firearms")
    assert window.detail.current.startswith("resource:")
    window.tabs.setCurrentWidget(window.mappings)
    assert window.detail.current == "mapping:27002:10.1.2"


def test_a_record_the_user_opened_stays_across_views(qtbot, window):
    type_query(qtbot, window, "firearms")
    window.open_record("term:risk")
    for page in (window.standards, window.mappings, window.search_page):
        window.tabs.setCurrentWidget(page)
        assert window.detail.current == "term:risk"
