"""Issue 14, results in the window: the sort control, the order of a query of filters
alone, and the year boxes showing a typed ``year:`` filter."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect

from kbapp.search.documents import title_order
from tests.ui.conftest import hit_ids, type_query


def _dates(win):
    return [h.published for h in win.search_page.model.hits if h.type == "resource"]


def test_the_sort_control_reorders_the_results_and_says_so(qtbot, window):
    page = window.search_page
    type_query(qtbot, window, "police")
    best = hit_ids(window)
    page.order.setCurrentIndex(page.order.findData("newest"))
    qtbot.waitUntil(lambda: page.last_result.order == "newest", timeout=10000)
    assert "newest first" in page.status.text()
    assert sorted(hit_ids(window)) == sorted(best) and hit_ids(window) != best
    dates = _dates(window)
    assert dates == sorted(dates, reverse=True)
    page.order.setCurrentIndex(page.order.findData("title"))
    qtbot.waitUntil(lambda: page.last_result.order == "title", timeout=10000)
    titles = [title_order(h.title) for h in page.model.hits]  # numbers in numeric order
    assert titles == sorted(titles) and "by title" in page.status.text()


def test_the_sort_is_kept_while_typing(qtbot, window):
    page = window.search_page
    page.order.setCurrentIndex(page.order.findData("oldest"))
    type_query(qtbot, window, "guidance")
    dates = _dates(window)
    assert page.last_result.order == "oldest" and dates == sorted(dates)


def test_filters_alone_come_newest_first(qtbot, window):
    page = window.search_page
    result = type_query(qtbot, window, "year:2015..2020")
    assert result.order == "newest" and "newest first" in page.status.text()
    dates = _dates(window)
    assert len(dates) > 5 and dates == sorted(dates, reverse=True)


def test_the_year_boxes_show_a_typed_year_filter_and_give_the_boxes_back(qtbot, window):
    page = window.search_page
    type_query(qtbot, window, "police")
    page.year_from.setCurrentText("2012")
    qtbot.waitUntil(lambda: "within the filters" in page.status.text(), timeout=10000)
    type_query(qtbot, window, "police year:2016..2019")
    assert (page.year_from.currentText(), page.year_to.currentText()) == ("2016", "2019")
    assert not page.year_from.isEnabled() and "year:" in page.year_from.toolTip()
    assert page.filters().years is None  # the query's range holds, not a second one
    assert all(2016 <= h.year <= 2019 for h in page.model.hits if h.type == "resource")
    type_query(qtbot, window, "police year:2018..")
    assert (page.year_from.currentText(), page.year_to.currentText()) == ("2018", "any")
    type_query(qtbot, window, "police")
    assert page.year_from.isEnabled() and page.year_from.currentText() == "2012"
    assert page.filters().years == (2012, None)


def _global(widget):
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def test_the_suggestions_leave_the_count_and_the_hits_in_sight(qtbot, window):
    """Issue 14: the completion popup covered the result count and the first six hits."""
    window.resize(1280, 800)
    page = window.search_page
    type_query(qtbot, window, "risk")
    popup = page.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    assert popup.model().rowCount() >= 3
    covered = _global(popup)
    assert not covered.intersects(_global(page.status))
    assert not covered.intersects(_global(page.view))
    assert covered.top() >= _global(page.box).bottom()
