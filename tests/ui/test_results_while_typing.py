"""Issue 17: results are shown as the keys land, with no debounce restarting at every
key, and no result older than the query in the box is ever shown. Checked by logic:
the first search is held until the test lets it go, so the order is the test's own."""

from __future__ import annotations

import threading

from kbapp.search.engine import SearchEngine
from kbapp.search.results import Filters
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.ui.search_worker import SearchService
from tests.ui.conftest import type_query


def test_keys_typed_while_a_search_runs_wait_as_one_and_only_the_newest_is_shown(qtbot, built_kb, monkeypatch):
    searched: list[str] = []
    release = threading.Event()
    real = SearchEngine.search

    def held(self, text, *args, **kwargs):
        searched.append(text)
        if len(searched) == 1:
            assert release.wait(20)  # the first search runs on while the user types on
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(SearchEngine, "search", held)
    kb = KnowledgeBase(built_kb.paths)
    service = SearchService(kb)
    shown: list[str] = []
    box = [""]  # what the search box holds, as the page's would

    def paint(result):
        assert result.query == box[0], f"a result for {result.query!r} shown under {box[0]!r}"
        shown.append(result.query)

    service.results.connect(paint)
    try:
        box[0] = "r"
        service.search("r", Filters())
        qtbot.waitUntil(lambda: searched == ["r"])  # "r" runs, held
        for text in ("ri", "ris", "risk"):  # typed while it runs: each overtakes the one waiting
            box[0] = text
            service.search(text, Filters())
        release.set()
        qtbot.waitUntil(lambda: shown == ["risk"], timeout=10000)
        qtbot.waitUntil(lambda: service._in_flight is None)
        assert searched == ["r", "risk"]  # never searched: "ri", "ris"
        assert service.dropped == 1  # "r"'s result, older than the box's "risk"
    finally:
        release.set()
        service.shutdown()
        kb.close()


def test_results_are_shown_while_the_user_types_on(qtbot, window):
    """Keys 120 ms apart, faster than the 150 ms debounce that once restarted at every
    key and so showed nothing until typing stopped: results come while typing, each
    under its own query."""
    page = window.search_page
    painted: list[tuple[str, str]] = []
    page.service.results.connect(lambda result: painted.append((result.query, page.box.text())))
    window.focus_search()
    page.box.clear()
    for key in "firearms"[:-1]:
        qtbot.keyClicks(page.box, key)
        assert page.service._in_flight is not None or page.service._pending is None  # sent at once, or waiting
        qtbot.wait(120)
    while_typing = [query for query, _ in painted]
    assert len(while_typing) >= 4, while_typing  # most of the 7 prefixes were answered as they were typed
    qtbot.keyClicks(page.box, "s")
    qtbot.waitUntil(lambda: page.last_result is not None and page.last_result.query == "firearms")
    assert all(query == shown for query, shown in painted)  # never a result under a later query
    assert page.model.rowCount() > 0


def test_the_first_paint_s_hits_get_their_snippets_just_after(qtbot, window):
    """A screenful of snippets comes with the first paint; the rest follow, as a full
    search gives them, in the list and in what an export of it would take."""
    from kbapp.ui.search_worker import FIRST_SNIPPETS
    from tests.ui.conftest import type_query

    result = type_query(qtbot, window, "risk")
    full = window.kb.engine().search("risk", limit=100, prefix_last=True)
    assert len(full.hits) > FIRST_SNIPPETS
    wanted = [h.snippet_html for h in full.hits]
    model = window.search_page.model
    qtbot.waitUntil(lambda: [h.snippet_html for h in model.hits] == wanted, timeout=10000)
    assert [h.snippet for h in result.hits] == [h.snippet for h in full.hits]  # the result shown, too


def test_the_top_hit_is_previewed_once_the_typing_has_caught_up(qtbot, window):
    """The detail pane follows the top hit of the result shown, after the list is
    painted; when a newer key came meanwhile, the pane stays as it is (its preview
    would be replaced at once, and held up the next paint)."""
    page = window.search_page
    risk = type_query(qtbot, window, "risk")
    qtbot.waitUntil(lambda: window.detail.current == risk.hits[0].id)
    older = window.kb.engine().search("information security", limit=100, prefix_last=True)
    assert older.hits[0].id != risk.hits[0].id
    page.show_result(older)
    assert window.detail.current == risk.hits[0].id  # not yet: the list is painted first
    page._waiting_for = "information security p"  # a newer key came before the preview's turn
    qtbot.wait(100)
    assert page.model.hits[0].id == older.hits[0].id  # the list shows it at once
    assert window.detail.current == risk.hits[0].id  # the preview waits for the newer key
    page.show_result(older)  # no key came: this is the result of the box's text
    qtbot.waitUntil(lambda: window.detail.current == older.hits[0].id)


def test_a_result_shown_as_the_window_closes_is_not_previewed_after_it(qtbot, built_kb, tmp_path):
    """The top hit's preview waits for the list's paint; a window closed meanwhile, its
    bookmarks file closed after it, previews nothing (it raised: a closed database)."""
    from kbapp.storage.userdata import UserData
    from kbapp.ui.app import settings_for
    from kbapp.ui.main_window import MainWindow

    userdata = UserData(tmp_path / "user.sqlite")
    window = MainWindow(KnowledgeBase(built_kb.paths), settings_for(tmp_path / "config"), userdata)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.ready, timeout=20000)
    before = window.detail.current
    result = window.kb.engine().search("risk", limit=100, prefix_last=True)
    window.search_page.show_result(result)  # its preview is queued
    window.close()
    userdata.close()
    qtbot.wait(50)  # the queued preview's turn: nothing raised, nothing shown
    assert window.detail.current == before


def test_the_search_thread_is_readied_when_the_window_has_the_knowledge_base(qtbot, window, monkeypatch):
    from kbapp.ui.search_worker import _Worker

    warmed: list[int] = []
    real = _Worker.warm
    monkeypatch.setattr(_Worker, "warm", lambda self, generation: warmed.append(generation) or real(self, generation))
    window.load()  # as when the window serves the knowledge base, at start and after a write
    qtbot.waitUntil(lambda: len(warmed) == 1)


def test_the_search_thread_keeps_its_engine_from_one_key_to_the_next(qtbot, built_kb, monkeypatch):
    """The search thread's connection and engine, with every cache they hold, last from
    one search to the next: Qt's own event loop gave each call a Python thread state of
    its own, so the thread's store was empty at every key and opened the index anew."""
    opened: list[SearchEngine] = []
    real = SearchEngine.__init__

    def counted(self, *args, **kwargs):
        opened.append(self)
        real(self, *args, **kwargs)

    monkeypatch.setattr(SearchEngine, "__init__", counted)
    kb = KnowledgeBase(built_kb.paths)
    service = SearchService(kb)
    shown: list[str] = []
    service.results.connect(lambda result: shown.append(result.query))
    try:
        for text in ("r", "ri", "risk"):
            service.search(text, Filters())
            qtbot.waitUntil(lambda text=text: shown[-1:] == [text], timeout=10000)
        assert len(opened) == 1
    finally:
        service.shutdown()
        kb.close()
