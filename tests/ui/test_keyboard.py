"""Keys a keyboard-first auditor presses (issue 14): shortcuts that reach the window
from a text box, Down and Escape in the search box, Tab out of tables, Delete in the
selection, Enter in the imports list, and help on F1. (pytest-qt's key events go
through Qt's shortcut override, as real ones do; focus chains are tested for real
under Xvfb.)"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from tests.ui.conftest import hit_ids, type_query


def test_ctrl_e_exports_from_the_search_box(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "evidence.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV files (*.csv)"))
    type_query(qtbot, window, "ISMS")
    window.selection.add(["abbreviation:ISMS"])
    window.search_page.box.setFocus()
    qtbot.keyClick(window.search_page.box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(target.exists, timeout=5000)
    assert "abbreviation:ISMS" in target.read_text(encoding="utf-8-sig")
    assert window.search_page.box.text() == "ISMS"  # the box was not edited by the key


def test_ctrl_d_from_a_filter_box_adds_to_the_selection_instead_of_deleting(qtbot, window):
    window.tabs.setCurrentWidget(window.catalogue)
    window.catalogue.view.selectRow(0)
    window.catalogue.filter.setFocus()
    qtbot.keyClick(window.catalogue.filter, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(window.selection.ids) == 1


def test_down_moves_into_the_results_and_escape_clears_the_query(qtbot, window):
    type_query(qtbot, window, "risk")
    box = window.search_page.box
    window.search_page.completer.popup().hide()
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.search_page.view
    assert window.search_page.view.currentIndex().row() == 0
    window.focus_search()
    window.search_page.completer.popup().hide()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""


def test_ctrl_f_finds_in_the_view_shown_and_ctrl_k_searches_everything(qtbot, window):
    window.tabs.setCurrentWidget(window.catalogue)
    window.registry.find_here.trigger()
    assert QApplication.focusWidget() is window.catalogue.filter
    window.registry.find.trigger()
    assert window.tabs.currentWidget() is window.search_page
    assert QApplication.focusWidget() is window.search_page.box
    window.registry.find_here.trigger()  # on the Search page, its box
    assert QApplication.focusWidget() is window.search_page.box


def test_tab_leaves_a_table_instead_of_moving_between_its_cells(qtbot, window):
    for page in (window.catalogue, window.glossary, window.standards, window.bookmarks):
        assert not page.view.tabKeyNavigation(), page.title
    window.tabs.setCurrentWidget(window.catalogue)
    window.catalogue.view.setFocus()
    window.catalogue.view.selectRow(0)
    qtbot.keyClick(window.catalogue.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not window.catalogue.view


def test_delete_removes_from_the_selection(qtbot, window):
    window.selection.add(["abbreviation:ISMS", "term:risk"])
    view = window.selection.view
    view.setFocus()
    view.setCurrentIndex(window.selection.model.index(0, 0))
    view.selectionModel().select(view.currentIndex(), view.selectionModel().SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.selection.ids == ["term:risk"]


def test_enter_in_the_imports_list_closes_it_and_opens_no_file_dialog(qtbot, window, monkeypatch):
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: asked.append(1) or ("", ""))
    window.registry.imports.trigger()
    dialog = window.imports.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not asked
    assert not dialog.isVisible()


def test_f1_is_the_search_syntax_and_the_shortcuts_list_comes_from_the_actions(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    syntax = window.help.dialogs["Search syntax"]
    assert syntax.isVisible() and "year:2015..2020" in syntax.text.toPlainText()
    window.registry.keyboard_help.trigger()
    listed = window.help.dialogs["Keyboard shortcuts"].text.toPlainText()
    for action in ("Export selection to CSV", "Search everything", "Find in this view", "Quick lookup"):
        assert action in listed
    assert "Ctrl+E" in listed and "Ctrl+K" in listed and "F1" in listed
    go = next(actions for menu, actions in window.registry.menus if menu == "&Go")
    texts = [a.text().replace("&", "") for a in go]
    assert len(texts) == len(set(texts)), texts  # Search is listed once


def test_about_gives_a_readable_build_time_and_credits_the_crown_copyright(window):
    from kbapp.ui.dialogs.about import about_html

    html = about_html(window.kb)
    assert "Crown Copyright Office of Government Commerce" in html
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", html)  # no raw ISO stamp
    assert re.search(r"Knowledge base built \d{1,2} \w+ \d{4}, \d\d:\d\d UTC", html), html


def test_results_are_still_found_after_the_keys(qtbot, window):
    type_query(qtbot, window, "ISMS")
    assert hit_ids(window)[0] == "abbreviation:ISMS"


def test_a_slow_search_says_it_is_searching_then_gives_the_count(qtbot, window, monkeypatch):
    import time

    from kbapp.search.engine import SearchEngine

    real = SearchEngine.search

    def slow(self, *args, **kwargs):
        time.sleep(1.0)  # as a large index on a slow disk answers
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SearchEngine, "search", slow)
    window.search_page.box.setText("risk")
    qtbot.waitUntil(lambda: window.search_page.status.text().startswith("Searching for “risk”"), timeout=2000)
    qtbot.waitUntil(lambda: "results" in window.search_page.status.text(), timeout=5000)
    assert not window.search_page.status.text().startswith("Searching")


def test_a_search_that_finds_nothing_takes_its_preview_away_but_keeps_a_record_opened(qtbot, window):
    type_query(qtbot, window, "ISMS")
    qtbot.waitUntil(lambda: window.detail.current == "abbreviation:ISMS", timeout=5000)  # previewed
    type_query(qtbot, window, "qqqzzz")
    qtbot.waitUntil(lambda: window.detail.current is None, timeout=5000)
    assert "Nothing selected" in window.detail.browser.toPlainText()
    window.open_record("term:risk")
    type_query(qtbot, window, "zzzqqq")
    assert window.detail.current == "term:risk"
