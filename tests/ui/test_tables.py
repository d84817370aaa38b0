"""The table pages as an auditor filters them (issue 14): the best match first, the
descriptions searched, an empty result explained, where each entry comes from, and
bookmarks that say what and when."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from kbapp.domain.labels import origin_label
from kbapp.ui.models.records import ID_ROLE


def _column(page, header: str) -> list[str]:
    column = next(c for c, (name, _) in enumerate(page.spec.columns) if name == header)
    return [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]


def test_filtering_the_glossary_puts_the_exact_term_first(window):
    page = window.glossary
    page.filter.setText("risk")
    titles = _column(page, "Term")
    assert titles[0] == "Risk"
    assert titles[1:5] == sorted(titles[1:5], key=str.lower)  # then the terms that start so, A to Z
    assert all(t.lower().startswith("risk") for t in titles[1:5])
    page.filter.clear()
    assert _column(page, "Term") == sorted(_column(page, "Term"), key=str.lower)


def test_an_abbreviation_row_does_not_repeat_itself_in_the_abbr_column(window):
    page = window.glossary
    page.filter.setText("ISMS")
    rows = list(zip(_column(page, "Term"), _column(page, "Abbr."), strict=True))
    assert ("ISMS", "") in rows
    assert ("Information Security Management System (ISMS)", "ISMS") in rows


def test_the_catalogue_filter_searches_descriptions_and_explains_an_empty_result(qtbot, window):
    page = window.catalogue
    page.filter.setText("added value and meaning")  # in a description only
    assert _column(page, "Title") == ["Criminal Intelligence Manual for Analysts"]
    page.filter.setText("no such words anywhere")
    assert page.proxy.rowCount() == 0
    assert "Nothing in the catalogue holds" in page.count.text()
    page.filter.setFocus()
    qtbot.keyClick(page.filter, Qt.Key.Key_Escape)
    assert page.filter.text() == "" and page.proxy.rowCount() == 30
    assert page.proxy.index(0, 0).data() == "Criminal Intelligence Manual for Analysts"  # the source's order again


def test_the_catalogue_says_where_each_entry_comes_from(window):
    assert set(_column(window.catalogue, "Origin")) == {"published catalogue"}
    assert origin_label("imports/force-policies.txt") == "imported: force-policies.txt"


def test_bookmarks_show_the_kind_and_the_day(qtbot, window):
    window.open_record("abbreviation:ISMS")
    window.toggle_bookmark()
    page = window.bookmarks
    assert _column(page, "Type") == ["Abbreviation"]
    day = _column(page, "Bookmarked")[0]
    assert day and day[0].isdigit() and len(day.split()) == 3  # 2 Dec 2026


def test_the_standards_table_shows_the_catalogue_s_edition_beside_the_paper_s_2009_status(window):
    page = window.standards
    headers = [name for name, _ in page.spec.columns]
    assert "Status in 2009 (the paper)" in headers
    rows = dict(zip(_column(page, "Standard"), _column(page, "Published edition in the catalogue"), strict=True))
    assert rows["ISO/IEC 27004"] == "ISO/IEC 27004:2016"
    assert rows["ISO/IEC 27033"] == "ISO/IEC 27033-2:2012, ISO/IEC 27033-1:2015"
    assert headers[:2] == ["Standard", "Published edition in the catalogue"]  # what holds today, first
    current = dict(zip(_column(page, "Standard"), _column(page, "Current in the knowledge base"), strict=True))
    assert current["ISO/IEC 27004"] == "ISO/IEC 27004:2016"
    assert current["ISO/IEC 27001"] == "ISO/IEC 27001:2005 (the white paper's)"
    assert current["ISO/IEC 27033"].startswith("ISO/IEC 27033-1:2015, ISO/IEC 27033-2:2012 (its other parts")
    window.open_record("standard:iso-iec-27033")
    text = window.detail.browser.toPlainText()
    assert "the catalogue holds the later editions ISO/IEC 27033-2:2012, ISO/IEC 27033-1:2015" in text
    assert "Current in this knowledge base: ISO/IEC 27033-1:2015, ISO/IEC 27033-2:2012" in text


def test_a_standard_s_record_dates_the_paper_s_status(window):
    """Issue 14: "in preparation, expected 2010" read as today's status in the detail pane."""
    window.open_record("standard:iso-iec-27003")
    assert "In 2009 (the paper): in preparation, expected then 2009/2010" in window.detail.browser.toPlainText()
    window.open_record("standard:iso-iec-27004")
    text = window.detail.browser.toPlainText()
    assert "In 2009 (the paper): in preparation" in text
    assert "ISO/IEC 27004:2016" in text  # and the published edition is a click away


def _row_height(page, typed_id):
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data(ID_ROLE) == typed_id)
    return page.view.rowHeight(row)


def test_the_glossary_keeps_its_shape_filtered_or_not(qtbot, window):
    """Issue 14: unfiltered rows were sized for the columns before they stretched (one line,
    cut), filtered ones grew to a screen each."""
    window.resize(1280, 800)
    window.tabs.setCurrentWidget(window.glossary)
    page = window.glossary
    line = page.view.fontMetrics().lineSpacing()
    qtbot.wait(50)
    unfiltered = {i: _row_height(page, i) for i in ("term:control", "term:authenticity", "abbreviation:BS")}
    page.filter.setText("risk")
    qtbot.wait(50)
    assert _row_height(page, "term:control") == unfiltered["term:control"]
    page.filter.clear()
    qtbot.wait(50)
    assert {i: _row_height(page, i) for i in unfiltered} == unfiltered
    assert unfiltered["term:authenticity"] >= 3 * line  # a long definition shows several lines
    assert unfiltered["abbreviation:BS"] < 2 * line  # a short one stays one line
    tallest = max(page.view.rowHeight(r) for r in range(page.proxy.rowCount()))
    assert tallest <= 4 * line + 8  # never a screen per row


def test_every_catalogue_column_is_in_sight_at_1280(qtbot, window):
    """Issue 14: the Origin column was off-screen at 1280 px, behind a second, full-name
    body column; a body without an abbreviation now shows its name in the one Body column."""
    window.resize(1280, 800)
    window.main_split.setSizes([int(1280 * 0.58), int(1280 * 0.42)])
    window.tabs.setCurrentWidget(window.catalogue)
    page = window.catalogue
    qtbot.wait(50)
    header = page.view.horizontalHeader()
    last = page.model.columnCount() - 1
    assert [name for name, _ in page.spec.columns][last] == "Origin"
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= page.view.viewport().width()
    assert header.sectionSize(0) >= header.sectionSize(last)  # the title keeps the most room
    assert all(body for body in _column(page, "Body"))
    fm = page.view.fontMetrics()
    assert header.sectionSize(last) >= fm.horizontalAdvance(origin_label(None))  # not cut


def _accept_note_dialog(qtbot, text: str):
    """Type into the real Bookmark note dialog once it opens, and press OK."""
    from PySide6.QtWidgets import QApplication, QInputDialog

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog) and dialog.objectName() == "bookmark-note"
        dialog.setTextValue(text)
        dialog.accept()

    QTimer.singleShot(0, answer)


def test_a_bookmark_keeps_a_note_of_the_user_s_own(qtbot, window, tmp_path):
    """Issue 14: bookmarks had no note. Ctrl+Shift+B keeps one, bookmarking the record if
    need be; it shows above the record and in the Bookmarks table, and survives a reopen."""
    window.open_record("abbreviation:ISMS")
    _accept_note_dialog(qtbot, "Check scope statement\nagainst the 2013 edition")
    window.registry.bookmark_note.trigger()
    assert "Your note: Check scope statement" in window.detail.browser.toPlainText()
    assert _column(window.bookmarks, "Note") == ["Check scope statement against the 2013 edition"]
    window.bookmarks.filter.setText("2013 edition")  # the filter finds notes too
    assert _column(window.bookmarks, "Bookmarked record") and window.bookmarks.proxy.rowCount() == 1
    window.bookmarks.filter.clear()

    path = window.userdata.path
    from kbapp.storage.userdata import UserData

    again = UserData(path)
    assert again.bookmarks()[0]["note"] == "Check scope statement\nagainst the 2013 edition"
    again.close()

    _accept_note_dialog(qtbot, "   ")  # emptied: the note goes, the bookmark stays
    window.registry.bookmark_note.trigger()
    assert "Your note" not in window.detail.browser.toPlainText()
    assert _column(window.bookmarks, "Note") == [""]
    assert window.userdata.is_bookmarked("abbreviation:ISMS")
