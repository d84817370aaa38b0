"""As-you-type search on a thread of its own, its results shown as the keys land.

The UI thread never waits on a search: it sends a request with a generation number
and goes on. There is no debounce: a key pressed while no search runs is searched at
once. While one runs, only the newest request waits for it (those it overtook are
never searched), and is sent when it ends. A result is shown only if its generation is
the latest, so no result older than the query in the box is ever shown.
"""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from kbapp.search.results import Filters, SearchResult
from kbapp.services.knowledge_base import KnowledgeBase

# The first paint has a screenful of snippets; the rest follow a few at a time, and stop
# as soon as a newer key overtakes them, so they never hold up its search for long.
FIRST_SNIPPETS = 12
SNIPPETS_AT_A_TIME = 8


class _SearchThread(QThread):
    """A thread whose event loop runs under a Python frame. Run by Qt's own loop, each
    slot call got a Python thread state of its own and lost it after: the thread's
    ``threading.local`` (the store's connection and search engine, with every cache
    they hold) was empty at every search, and each key opened the index anew."""

    def run(self) -> None:
        self.exec()


class _Worker(QObject):
    finished = Signal(int, object)
    snippets = Signal(int, int, object)  # generation, the first hit's place, the hits with their snippets

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__()
        self.kb = kb
        self._latest = 0
        self._lock = threading.Lock()
        self.searched_on: set[int] = set()  # thread ids that ran searches, for tests

    def overtake(self, generation: int) -> None:
        with self._lock:
            self._latest = max(self._latest, generation)

    def is_stale(self, generation: int) -> bool:
        with self._lock:
            return generation < self._latest

    @Slot(int, str, object, int)
    def search(self, generation: int, text: str, filters: Filters, limit: int) -> None:
        if self.is_stale(generation):
            self.finished.emit(generation, None)  # overtaken on its way: the next may go
            return
        self.searched_on.add(threading.get_ident())
        try:
            result = self.kb.engine().search(text, filters, limit=limit, prefix_last=True, snippets=FIRST_SNIPPETS)
        except Exception:
            result = SearchResult(query=text, corrected=None, total=0, hits=[], failed=True)
        later = list(result.hits[FIRST_SNIPPETS:])  # before the window holds the result
        self.finished.emit(generation, result)
        if result.snippets_of is not None:
            self._fill(generation, result.snippets_of, later)

    def _fill(self, generation: int, snippets_of, later: list) -> None:
        for at in range(0, len(later), SNIPPETS_AT_A_TIME):
            if self.is_stale(generation):
                return
            try:
                filled = snippets_of(later[at : at + SNIPPETS_AT_A_TIME])
            except Exception:  # a snippet is never worth a failed search: the hit shows without it
                return
            self.snippets.emit(generation, FIRST_SNIPPETS + at, filled)

    @Slot(int)
    def warm(self, generation: int) -> None:
        """Ready the engine before the first key; a search asked for stops it."""
        from kbapp.search.warming import warm  # here: the window shows before Whoosh is imported

        with contextlib.suppress(Exception):  # never worth an error: the searches do without it
            warm(self.kb.engine(), lambda: self.is_stale(generation))

    @Slot()
    def reset(self) -> None:
        """Drop this thread's searcher, after the index was rebuilt."""
        self.kb.close()


class SearchService(QObject):
    """Searches off the UI thread, one at a time. ``results`` carries only the latest."""

    results = Signal(object)
    snippets_ready = Signal(int, object)  # the first hit's place, hits of the latest result with their snippets
    _request = Signal(int, str, object, int)
    _reset = Signal()
    _warm = Signal(int)

    def __init__(self, kb: KnowledgeBase, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.dropped = 0
        self._pending: tuple[int, str, Filters, int] | None = None
        self._in_flight: int | None = None  # the generation the worker has, until it answers
        self.worker_thread = _SearchThread()
        self.worker_thread.setObjectName("kbapp-search")
        self.worker = _Worker(kb)
        self.worker.moveToThread(self.worker_thread)
        self._request.connect(self.worker.search)
        self._reset.connect(self.worker.reset)
        self._warm.connect(self.worker.warm)
        self.worker.finished.connect(self._on_finished)
        self.worker.snippets.connect(self._on_snippets)
        self.worker_thread.start()

    def search(self, text: str, filters: Filters, limit: int = 100) -> int:
        """Ask for a search; returns its generation. Only the newest request's result arrives."""
        self.generation += 1
        self.worker.overtake(self.generation)
        self._pending = (self.generation, text, filters, limit)
        if self._in_flight is None:
            self._send()
        return self.generation

    def _send(self) -> None:
        if self._pending is None:
            return
        generation, text, filters, limit = self._pending
        self._pending = None
        self._in_flight = generation
        self._request.emit(generation, text, filters, limit)

    @Slot(int, object)
    def _on_finished(self, generation: int, result: SearchResult | None) -> None:
        if generation == self._in_flight:
            self._in_flight = None
            self._send()  # the newest request that waited, if any
        if result is None or generation != self.generation:
            self.dropped += 1
            return
        self.results.emit(result)

    @Slot(int, int, object)
    def _on_snippets(self, generation: int, at: int, hits: list) -> None:
        if generation == self.generation:
            self.snippets_ready.emit(at, hits)

    def cancel(self) -> None:
        """Drop any search still under way: its result will not arrive."""
        self._pending = None
        self.generation += 1
        self.worker.overtake(self.generation)

    def reset(self) -> None:
        self._reset.emit()

    def warm(self) -> None:
        """Ready the worker's engine for the keys to come, until the first of them."""
        self._warm.emit(self.generation)

    def shutdown(self) -> None:
        self._pending = None
        self._reset.emit()
        self.worker_thread.quit()
        self.worker_thread.wait(5000)
