"""Focus coming back to a list (after the export dialog closes, after a tab switch) never
swaps the record being read: Qt makes row 0 current on focus-in, and that is not the
user moving to it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from kbapp.ui.models.records import ID_ROLE
from tests.ui.conftest import type_query


def test_focus_returning_to_a_table_keeps_the_record_read(qtbot, window):
    window.tabs.setCurrentWidget(window.glossary)
    view = window.glossary.view
    assert not view.currentIndex().isValid()
    window.open_record("abbreviation:ISMS")
    QApplication.sendEvent(view, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.ActiveWindowFocusReason))
    assert window.detail.current == "abbreviation:ISMS"
    # Moving to a row is still a preview.
    view.setCurrentIndex(view.model().index(2, 0))
    assert window.detail.current not in (None, "abbreviation:ISMS")


def test_arrow_keys_in_the_results_still_preview(qtbot, window):
    type_query(qtbot, window, "firearms")
    view = window.search_page.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(1, 0))
    assert window.detail.current == view.model().index(1, 0).data(ID_ROLE)
