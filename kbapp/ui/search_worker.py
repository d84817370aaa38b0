"""As-you-type search on a thread of its own.

The UI thread never waits on a search: it sends a request with a generation
number and goes on. The worker skips requests that a newer one has overtaken,
and the UI drops any result whose generation is not the latest.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from kbapp.search.results import Filters, SearchResult
from kbapp.services.knowledge_base import KnowledgeBase

DEBOUNCE_MS = 150


class _Worker(QObject):
    finished = Signal(int, object)

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
            return
        self.searched_on.add(threading.get_ident())
        try:
            result = self.kb.engine().search(text, filters, limit=limit, prefix_last=True)
        except Exception:
            result = SearchResult(query=text, corrected=None, total=0, hits=[], failed=True)
        self.finished.emit(generation, result)

    @Slot()
    def reset(self) -> None:
        """Drop this thread's searcher, after the index was rebuilt."""
        self.kb.close()


class SearchService(QObject):
    """Debounced searches off the UI thread. ``results`` carries only the latest."""

    results = Signal(object)
    _request = Signal(int, str, object, int)
    _reset = Signal()

    def __init__(self, kb: KnowledgeBase, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.generation = 0
        self.dropped = 0
        self._pending: tuple[str, Filters, int] | None = None
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("kbapp-search")
        self.worker = _Worker(kb)
        self.worker.moveToThread(self.worker_thread)
        self._request.connect(self.worker.search)
        self._reset.connect(self.worker.reset)
        self.worker.finished.connect(self._on_finished)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(debounce_ms)
        self.timer.timeout.connect(self._send)
        self.worker_thread.start()

    def search(self, text: str, filters: Filters, limit: int = 100, immediately: bool = False) -> int:
        """Ask for a search; returns its generation. Only the newest request's result arrives."""
        self.generation += 1
        self.worker.overtake(self.generation)
        self._pending = (text, filters, limit)
        if immediately:
            self.timer.stop()
            self._send()
        else:
            self.timer.start()
        return self.generation

    def _send(self) -> None:
        if self._pending is None:
            return
        text, filters, limit = self._pending
        self._pending = None
        self._request.emit(self.generation, text, filters, limit)

    @Slot(int, object)
    def _on_finished(self, generation: int, result: SearchResult) -> None:
        if generation != self.generation:
            self.dropped += 1
            return
        self.results.emit(result)

    def cancel(self) -> None:
        """Drop any search still under way: its result will not arrive."""
        self.timer.stop()
        self._pending = None
        self.generation += 1
        self.worker.overtake(self.generation)

    def reset(self) -> None:
        self._reset.emit()

    def shutdown(self) -> None:
        self.timer.stop()
        self._reset.emit()
        self.worker_thread.quit()
        self.worker_thread.wait(5000)
