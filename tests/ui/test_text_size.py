"""The window at any text size and on a small screen (issue 14): every record action
stays in sight, facet values wrap whole, and a long hit ends on a whole line."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from kbapp.ui.pages.results_delegate import _whole_lines
from tests.ui.conftest import type_query


def _visible_actions(window) -> list[str]:
    from kbapp.ui.panels.record_bar import RecordBar

    record_bar = window.findChild(RecordBar)
    return [a.text() for a in record_bar.actions() if record_bar.widgetForAction(a).isVisible()]


def test_every_record_action_stays_in_sight_at_1024_with_large_text(qtbot, window):
    window.resize(1024, 700)
    for _ in range(6):
        window.change_font(+1)
    qtbot.wait(50)
    assert len(_visible_actions(window)) == 5
    window.open_record("abbreviation:ISMS")
    window.toggle_bookmark()  # "Remove bookmark" is longer
    qtbot.wait(50)
    assert len(_visible_actions(window)) == 5
    window.change_font(0)


def test_facet_values_wrap_instead_of_being_cut(qtbot, window):
    window.resize(1024, 700)
    for _ in range(3):
        window.change_font(+1)
    type_query(qtbot, window, "national cyber")
    facet = window.search_page.facets["body"]
    item = facet.item(0)
    assert item.text().startswith("National Cyber Security Centre")
    line = facet.fontMetrics().height()
    assert facet.visualItemRect(item).height() >= 1.8 * line  # on two lines, whole
    assert facet.fontMetrics().horizontalAdvance(item.text()) > facet.viewport().width()
    window.change_font(0)


def test_a_long_hit_ends_on_a_whole_line():
    doc = QTextDocument()
    doc.setTextWidth(200)
    doc.setPlainText("word " * 400)
    height = _whole_lines(doc, 137.0)
    block = doc.begin()
    layout = block.layout()
    bottoms = [layout.lineAt(i).y() + layout.lineAt(i).height() for i in range(layout.lineCount())]
    top = doc.documentLayout().blockBoundingRect(block).top()
    assert len(bottoms) > 10
    assert height <= 137.0
    assert any(abs(height - (top + b)) < 0.01 for b in bottoms)


def _double_the_text(window):
    from PySide6.QtWidgets import QApplication

    normal = QApplication.font().pointSize()
    while QApplication.font().pointSize() < 2 * normal:
        window.change_font(+1)


def test_a_table_hidden_when_the_text_grew_fits_it_when_shown(qtbot, window):
    """Qt measures only the rows in sight, so a hidden table kept the old text's widths:
    at 200% the catalogue's dates were cut ("201…")."""
    window.resize(1920, 1080)
    window.tabs.setCurrentWidget(window.search_page)
    qtbot.wait(50)
    try:
        _double_the_text(window)
        window.tabs.setCurrentWidget(window.catalogue)
        page = window.catalogue
        date = page.view.fontMetrics().horizontalAdvance("2012-01-01")
        qtbot.waitUntil(lambda: page.view.horizontalHeader().sectionSize(1) >= date, timeout=3000)
    finally:
        window.change_font(0)


def test_the_facets_and_the_lookup_grow_with_the_text(qtbot, window):
    window.resize(1920, 1080)
    qtbot.wait(50)
    page = window.search_page
    facets_before = page.splitter.sizes()[0]
    list_before = page.facets["type"].maximumHeight()
    try:
        _double_the_text(window)
        qtbot.waitUntil(lambda: page.splitter.sizes()[0] > facets_before, timeout=3000)
        assert page.splitter.sizes()[0] <= 0.4 * page.splitter.width() + 1  # the results keep most of it
        assert page.facets["type"].maximumHeight() >= 1.8 * list_before
        window.quick.popup()
        screen = window.quick.screen().availableGeometry().width() - 40  # the box stays on the screen
        assert window.quick.width() >= min(window.quick.fontMetrics().averageCharWidth() * 90, screen)
        assert window.quick.width() > 640  # its size at normal text
        window.quick.hide()
    finally:
        window.change_font(0)
