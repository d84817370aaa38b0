"""Noticing that another kbapp (the command line, a second window) wrote the knowledge
base, so that the window shows the new build instead of the one it loaded."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.ui.ops import Ops

CHECK_EVERY_MS = 2000


class OutsideWrites(QObject):
    noticed = Signal(str)  # what to say: another kbapp changed the knowledge base

    def __init__(self, kb: KnowledgeBase, ops: Ops, parent: QObject, every_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        self.kb = kb
        self.ops = ops
        self.seen: str | None = None  # the build the window shows
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.check)
        ops.changed.connect(lambda _changes: self.remember())  # this window's own writes

    def watch(self) -> None:
        self.remember()
        self.timer.start()

    def remember(self) -> None:
        self.seen = self.kb.current_build_id()

    def check(self) -> None:
        """One cheap read of the database's build id; nothing while this window writes."""
        if self.ops.writing or self.seen is None:
            return
        now = self.kb.current_build_id()
        if now and now != self.seen:
            self.seen = now
            self.noticed.emit(
                f"The knowledge base was changed by another kbapp at {datetime.now():%H:%M}; every page shows it now."
            )
