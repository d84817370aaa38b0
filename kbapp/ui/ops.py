"""Background work for the window, through one helper (Anki's ``CollectionOp`` and
``QueryOp`` are the model).

- ``write`` runs work that changes the knowledge base (a check that may set a
  damaged file aside, a build, an import, a removal) off the UI thread. Only one
  runs at a time, whoever asks: a second is refused with a message, not queued
  behind the first's lock. (Searches have their own thread: ui/search_worker.py.)
- Work receives one progress shape, ``progress(stage, done, total)``; a plan of
  stage shares turns it into one bar.
- The worker thread's connections are closed when the work ends, whatever happens.
- After a write, ``changed`` carries what it changed (its result's ``changes``), so
  that each page refreshes only what the write touched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from kbapp.domain.progress import Progress
from kbapp.services.changes import Changes
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.ui.tasks import Task, run_task

# Each stage's share of a progress bar, as (from, to) percent.
Shares = Mapping[str, tuple[int, int]]
BUILD_SHARES: Shares = {"parsing": (0, 20), "reading": (0, 20), "indexing": (20, 100)}
IMPORT_SHARES: Shares = {"reading": (0, 70), "parsing": (0, 70), "indexing": (70, 100)}
STAGE_TEXT = {
    "parsing": "Reading the sources…",
    "reading": "Reading {name}… {percent}%",
    "indexing": "Indexing… {percent}%",
}

Failed = Callable[[BaseException, str], None]


def progress_text(stage: str, done: int, total: int, name: str = "") -> tuple[int, str]:
    """How far a stage is, in percent of the stage, and what to say of it."""
    percent = 100 * done // total if total else 0
    return percent, STAGE_TEXT.get(stage, stage).format(name=name, percent=percent)


class Ops(QObject):
    changed = Signal(object)  # Changes, after a write that changed something
    writing_changed = Signal(bool)
    refused = Signal(str)  # a write asked for while another runs

    def __init__(self, kb: KnowledgeBase, parent: QWidget) -> None:
        super().__init__(parent)
        self.kb = kb
        self.widget = parent
        self.write_task: Task | None = None

    @property
    def writing(self) -> bool:
        return self.write_task is not None

    def write(
        self,
        work: Callable[[KnowledgeBase, Progress], Any],
        on_done: Callable[[Any], None],
        on_failed: Failed,
        *,
        label: str | None = None,
        cancellable: bool = False,
        shares: Shares = BUILD_SHARES,
        on_progress: Callable[[int, str], None] | None = None,
        name: str = "",
    ) -> Task | None:
        """Run ``work(kb, progress)`` off the UI thread, unless another write runs (then
        None, and ``refused`` says why). With a ``label``, a progress dialog shows if
        the work takes a while; ``on_progress`` shows it elsewhere."""
        if self.write_task is not None:
            self.refused.emit("kbapp is still writing the knowledge base; try again when it has finished.")
            return None

        def done(result: Any) -> None:
            self._end_write()
            changes = getattr(result, "changes", None)
            if isinstance(changes, Changes) and changes:
                self.changed.emit(changes)  # pages show the new state before the result is told
            on_done(result)

        def failed(exc: BaseException, details: str) -> None:
            self._end_write()
            on_failed(exc, details)

        self.write_task = self._run(
            lambda progress: work(self.kb, progress), done, failed, label, cancellable, shares, on_progress, name
        )
        self.writing_changed.emit(True)
        return self.write_task

    def _end_write(self) -> None:
        self.write_task = None
        self.writing_changed.emit(False)

    def _run(
        self,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_failed: Failed,
        label: str | None,
        cancellable: bool,
        shares: Shares,
        on_progress: Callable[[int, str], None] | None,
        name: str,
    ) -> Task:
        def run(report: Callable[[int, str], None]) -> Any:
            def progress(stage: str, done: int, total: int) -> None:
                low, high = shares.get(stage, (0, 100))
                percent, text = progress_text(stage, done, total, name)
                report(low + (high - low) * percent // 100, text)

            try:
                return work(progress)
            finally:
                self.kb.close()  # this thread's connections end with the work

        return run_task(
            run, on_done, on_failed, parent=self.widget, label=label, cancellable=cancellable, on_progress=on_progress
        )
