"""The window's knowledge base from start to serving, as a state machine with signals.

    start ──▶ checking ──▶ serving                     (current: nothing to build)
                      ├──▶ serving + rebuilding ──▶ serving   (an earlier build answers)
                      └──▶ building ──▶ serving             (first start, or damage)

A complete earlier build keeps answering while a new one is made (the new database
and index are swapped in when whole); only at the first start, or after damage, does
the window wait for the build, behind a progress dialog that can cancel it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from kbapp.domain.errors import KbError
from kbapp.domain.progress import Progress
from kbapp.search.results import SearchResult
from kbapp.services.build import BuildReport, StartState, is_damage
from kbapp.services.changes import EVERYTHING
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.ui.dialogs.errors import show_expected, show_unexpected
from kbapp.ui.ops import BUILD_SHARES, Ops
from kbapp.ui.outside_writes import OutsideWrites
from kbapp.ui.tasks import Cancelled, Task


class Session(QObject):
    status = Signal(str)  # the index's state, for the status bar
    notice = Signal(str)  # something the user must be told
    serve = Signal()  # show the knowledge base as it now is, all of it
    suspend = Signal()  # stop reading: a build replaces what the window shows
    told = Signal(str)  # worth a line in the status bar for a while

    def __init__(self, kb: KnowledgeBase, ops: Ops, parent: QWidget) -> None:
        super().__init__(parent)
        self.kb = kb
        self.ops = ops
        self.widget = parent
        self.ready = False
        self.task: Task | None = None  # the check or the build under way
        self.repairing = False  # an index that failed a search is being rebuilt
        self.outside = OutsideWrites(kb, ops, self)
        self.outside.noticed.connect(self._written_elsewhere)

    def start(self, force: bool = False) -> None:
        """Check the knowledge base, then build what is missing or stale off the UI thread."""
        if self.task is not None:
            return
        if self.ready:
            self._build(force, serving=True)
            return
        self.suspend.emit()
        self.status.emit("index: checking…")
        # A write: the check sets a damaged database aside, under the writer lock.
        self.task = self.ops.write(
            lambda kb, _progress: kb.prepare(), lambda state: self._prepared(state, force), self._failed
        )

    def _prepared(self, state: StartState, force: bool) -> None:
        self.task = None
        for notice in state.notices:
            self.notice.emit(notice)
        if state.servable:
            self._serve()
        if state.current and not force:
            self.status.emit("index: ready")
            return
        self._build(force, serving=state.servable)

    def _serve(self) -> None:
        self.ready = True
        self.serve.emit()
        self.outside.watch()

    def _written_elsewhere(self, message: str) -> None:
        """Another kbapp swapped in a new build: every page reloads from it."""
        if self.ready and self.task is None:
            self.kb.close()  # this thread's connection and searcher open the new build
            self.ops.changed.emit(EVERYTHING)
            self.told.emit(message)

    def _build(self, force: bool, serving: bool) -> None:
        """Build behind a working window when ``serving``, else behind a progress dialog."""
        if not serving:
            self.ready = False
            self.suspend.emit()

        def work(kb: KnowledgeBase, progress: Progress) -> BuildReport:
            progress("parsing", 0, 1)  # a cancel before the work starts stops it here
            return kb.build(force=force, progress=progress)

        task = self.ops.write(
            work,
            lambda report: self._built(report, serving),
            self._failed,
            label=None if serving else "Building the knowledge base from the shipped sources…",
            cancellable=not serving,
            shares=BUILD_SHARES,
            on_progress=(lambda value, _text: self.status.emit(f"index: rebuilding… {value}%")) if serving else None,
        )
        if task is not None:
            self.task = task
            self.status.emit("index: rebuilding…" if serving else "index: building…")

    def repair_if_failed(self, result: SearchResult, before: Callable[[], None], tell: Callable[[str], None]) -> None:
        """A search the index could not answer: the index is damaged. It is rebuilt from
        the database behind the working window (``before`` lets go of the searchers),
        and the user told once, never shown "0 results"."""
        if not result.failed or self.repairing or not self.ready:
            return
        self.repairing = True
        before()
        self.kb.mark_index_damaged()
        tell("The search index could not answer a search: it is damaged. kbapp is rebuilding it.")
        self.start()

    def recover_from_damage(self, exc: BaseException) -> bool:
        """A read raised what only a damaged database raises: keep the file aside and
        build afresh, with a notice, instead of an error report. False when ``exc`` is
        not such damage, or a write is under way (its own error handling tells)."""
        if not is_damage(exc) or self.ops.writing or self.task is not None:
            return False
        self.suspend.emit()  # let go of every connection and searcher first
        for notice in self.kb.mark_database_damaged(f"{type(exc).__name__}: {exc}"):
            self.notice.emit(notice)
        self.ready = False
        self.start()
        return True

    def _built(self, report: BuildReport, serving: bool) -> None:
        self.task = None
        self.repairing = False
        for notice in report.notices:
            self.notice.emit(notice)
        if not serving:
            self._serve()  # the new build, swapped in whole; a serving window follows ``ops.changed``
        if report.installed_from:
            self.status.emit("index: ready (the bundle's prebuilt copy)")
        else:
            self.status.emit("index: rebuilt" if report.built_index else "index: ready")

    def _failed(self, exc: BaseException, details: Any) -> None:
        self.task = None
        if isinstance(exc, Cancelled):
            self.status.emit("index: build cancelled")
            if self.kb.database_is_current():
                self._serve()
            return
        self.status.emit("index: failed")
        if isinstance(exc, KbError):
            show_expected(self.widget, f"The knowledge base could not be built.\n\n{exc}")
        else:
            show_unexpected(self.widget, details)
        with contextlib.suppress(KbError):
            self.kb.repository()  # a previous complete build may still be there
            self._serve()
