"""Quick lookup as GoldenDict's popup (issue 14): headwords by prefix, Up and Down
through them, See also and the source line, an abbreviation's term, and the text
selected in the detail pane as the query."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor


def test_the_start_of_a_term_lists_its_headwords_and_defines_the_first(qtbot, window):
    quick = window.quick
    quick.popup()
    quick.box.setText("Risk man")
    assert quick.headwords.item(0).text() == "Risk Management"
    assert quick.definitions[0]["id"] == "term:risk-management"
    quick.box.setText("risk")
    words = [quick.headwords.item(i).text() for i in range(quick.headwords.count())]
    assert words[0] == "Risk" and "Risk Assessment" in words and "Risk treatment" in words
    qtbot.keyClick(quick.box, Qt.Key.Key_Down)
    assert quick.definitions[0]["term"] == words[1]
    qtbot.keyClick(quick.box, Qt.Key.Key_Return)
    assert window.detail.current == quick.definitions[0]["id"]


def test_a_definition_has_see_also_and_its_source_line(window):
    quick = window.quick
    quick.box.setText("ISMS")  # the abbreviation: the term's definitions, not only its expansion
    text = quick.answer.toPlainText()
    assert "Information Security Management System" in text and "ITIL (Service Design)" in text
    assert "See also: Information Security Management" in text
    assert "Source: itil-v3-and-information-security.txt, line" in text


def test_the_text_selected_in_the_detail_pane_is_looked_up(qtbot, window):
    window.open_record("abbreviation:ISMS")
    browser = window.detail.browser
    cursor = browser.document().find("Information Security Management System")
    assert not cursor.isNull()
    browser.setTextCursor(cursor)
    window.registry.lookup.trigger()
    assert window.quick.box.text() == "Information Security Management System"
    assert window.quick.definitions[0]["id"] == "term:information-security-management-system"
    browser.setTextCursor(QTextCursor(browser.document()))
