"""The window's part of the session log (services.session_log): a record opened, a
search the user settled on (the query shown for a moment, not each key), a term
looked up in Quick lookup; exports are logged where they are written. Each with the
current working set's name."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QTimer

from kbapp.services import session_log
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.ui.dialogs.quick_lookup import QuickLookup
from kbapp.ui.pages.search import SearchPage
from kbapp.ui.panels.detail import DetailPane
from kbapp.ui.panels.selection import SelectionPanel

SETTLED_MS = 1500  # a query shown this long is one the user searched for


class Recorded(Protocol):
    kb: KnowledgeBase
    search_page: SearchPage
    detail: DetailPane
    quick: QuickLookup
    selection: SelectionPanel


class SessionRecorder(QObject):
    def __init__(self, window: Recorded) -> None:
        super().__init__(window.detail)
        self.window = window
        self.logged_query = ""
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLED_MS)
        self.settle.timeout.connect(self._searched)
        window.detail.shown.connect(self._opened)
        window.search_page.model.modelReset.connect(self.settle.start)
        window.quick.installEventFilter(self)
        self.dialog: object | None = None

    def record(self, action: str, what: str, detail: str = "") -> None:
        session_log.record(self.window.kb, action, what, detail, self.window.selection.set_name)

    def _opened(self, typed_id: str) -> None:
        self.record("open", typed_id, self.window.detail.current_title())

    def _searched(self) -> None:
        result = self.window.search_page.last_result
        if result is None or not result.query.strip() or result.query == self.logged_query:
            return
        self.logged_query = result.query
        self.record("search", result.query, f"{result.total} results")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        quick = self.window.quick
        if watched is quick and event.type() == QEvent.Type.Hide and quick.definitions and quick.box.text().strip():
            self.record("lookup", quick.box.text().strip(), quick.definitions[0].get("id", ""))
        return False

    def show_log(self) -> None:
        from kbapp.ui.dialogs.session_log import SessionLogDialog

        if not isinstance(self.dialog, SessionLogDialog):
            self.dialog = SessionLogDialog(self.window.detail.window(), self.window.kb)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
