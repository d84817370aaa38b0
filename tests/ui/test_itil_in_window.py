"""ITIL sections as records in the window: found by search, opened in the detail pane,
reached by the link on a clause's reference, and linked on to their clauses."""

from __future__ import annotations

from PySide6.QtCore import QUrl

from tests.ui.conftest import hit_ids, type_query


def test_an_itil_section_is_searched_opened_and_linked(qtbot, window):
    type_query(qtbot, window, "SD 4.6.4.3")
    assert hit_ids(window)[0] == "itil:SD-4.6.4.3"
    window.open_record("itil:SD-4.6.4.3")
    text = window.detail.browser.toPlainText()
    assert "ITIL SECTION" in text.upper() and "The Information Security Management System (ISMS)" in text
    assert "Clauses that map to it" in text and "inherited from 4.2" in text
    window.detail.browser.anchorClicked.emit(QUrl("kb:mapping:27001:4.2"))
    assert window.detail.current == "mapping:27001:4.2"
    # On the clause, the reference's title opens the section's record; its number, the reverse view.
    window.detail.browser.anchorClicked.emit(QUrl("kb:itil:SD-4.6.4.3"))
    assert window.detail.current == "itil:SD-4.6.4.3"
    window.detail.browser.anchorClicked.emit(QUrl("kb:itil:SD 4.6.4.3"))
    assert window.tabs.currentWidget() is window.mappings
    assert window.detail.current == "itil:SD-4.6.4.3"


def test_a_section_no_clause_maps_to_says_so(qtbot, window, repo):
    only = next(r for r in repo.itil.sections() if r["listed_in"] == "section 7")
    window.open_record(f"itil:{only['id']}")
    assert "No clause of the mapping tables maps to this section." in window.detail.browser.toPlainText()
