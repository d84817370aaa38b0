"""The main window: composition only. Pages sit behind ``pages.base.Page``; the
knowledge base's start, build and serve are ``session.Session``; background work goes
through ``ops.Ops``; actions and shortcuts are registered in ``actions``."""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from kbapp.domain.errors import KbError
from kbapp.domain.ids import key_of, kind_of
from kbapp.present.records import counts_text
from kbapp.services.changes import Changes
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.storage.repository import Repository
from kbapp.storage.userdata import UserData
from kbapp.ui.actions import Actions, window_actions
from kbapp.ui.collect import Collector
from kbapp.ui.colours import follow_system_palette
from kbapp.ui.dialogs.crosswalk_tables import CrosswalkFlow
from kbapp.ui.dialogs.errors import show_expected
from kbapp.ui.dialogs.help import Help
from kbapp.ui.dialogs.imports import ImportFlow
from kbapp.ui.dialogs.quick_lookup import QuickLookup
from kbapp.ui.exporting import Exporter
from kbapp.ui.icons import icon
from kbapp.ui.keyboard import Keyboard
from kbapp.ui.notices import Notices
from kbapp.ui.ops import Ops
from kbapp.ui.pages.base import Page
from kbapp.ui.pages.mappings import MappingsPage
from kbapp.ui.pages.search import SearchPage
from kbapp.ui.pages.tables import BOOKMARKS, CATALOGUE, GLOSSARY, STANDARDS, RecordTablePage
from kbapp.ui.panels.detail import DetailPane
from kbapp.ui.panels.elided import ElidedLabel
from kbapp.ui.panels.record_bar import RecordBar
from kbapp.ui.panels.selection import SelectionPanel
from kbapp.ui.search_worker import SearchService
from kbapp.ui.session import Session
from kbapp.ui.session_recorder import SessionRecorder
from kbapp.ui.tasks import Task
from kbapp.ui.window_state import WindowState

log = logging.getLogger(__name__)
READING = ("export", "export_list", "copy", "add", "lookup", "bookmark", "bookmark_note")  # need a knowledge base
WRITING = ("rebuild", "import_", "replace_catalogue", "imports", "undo_catalogue", "open_pack", "save_pack",
           "new_entry", "edit_entry", "delete_entry", "revert_entry")  # fmt: skip


class MainWindow(QMainWindow):
    def __init__(self, kb: KnowledgeBase, settings: QSettings, userdata: UserData | None = None) -> None:
        super().__init__()
        self.kb, self.settings, self.userdata = kb, settings, userdata
        self.notices = Notices(self)
        self.setWindowTitle("kbapp: information assurance knowledge base")
        self.setWindowIcon(icon("kbapp"))
        self.ops = Ops(kb, self)
        self.session = Session(kb, self.ops, self)
        self.search_page = SearchPage(self)
        self.search_page.model.icons = icon
        self.catalogue, self.glossary, self.standards, self.bookmarks = (
            RecordTablePage(spec, self.repo, icon, self) for spec in (CATALOGUE, GLOSSARY, STANDARDS, BOOKMARKS)
        )
        if userdata is not None:
            self.bookmarks.show_bookmarks(userdata)
        self.crosswalks = CrosswalkFlow(self, kb, settings, lambda: self.mappings.reload_crosswalks())
        self.mappings = MappingsPage(self.repo, self, self.crosswalks.tables)
        self.pages: list[Page] = [
            self.search_page, self.catalogue, self.glossary, self.mappings, self.standards, self.bookmarks
        ]  # fmt: skip
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Views")
        self.tabs.setDocumentMode(True)
        for page in self.pages:
            self.tabs.addTab(page, page.title)
        self.detail = DetailPane(self.repo, userdata, self)
        self.selection = SelectionPanel(self.catalogue.model.fetch, userdata, self)
        exporter = Exporter(self, kb, settings)
        self.collect = Collector(self, self.repo, self.current_page, self.detail, self.selection, exporter)
        self.imports = ImportFlow(self, self.ops, settings, self.detail, self.bookmarks_changed)
        self.quick = QuickLookup(self.repo, self)
        self.search = SearchService(kb, self)
        self.keys = Keyboard(self, self.search_page, self.tabs)
        self.help = Help(self, list)
        self.recorder = SessionRecorder(self)
        self.registry = Actions(self, window_actions(self))
        self.keys.shortcuts, self.help.menus = self.registry.shortcuts, lambda: self.registry.menus
        follow_system_palette(self, self.restyle)
        self._build_layout()
        self.status_counts, self.status_index = ElidedLabel(self), QLabel("index: not loaded", self)
        for label in (self.status_counts, self.status_index):
            self.statusBar().addPermanentWidget(label)
        splitters = {"main_split": self.main_split, "side_split": self.side, "search_split": self.search_page.splitter}
        self.state = WindowState(settings, self, self.tabs, {f"window/{k}": v for k, v in splitters.items()})
        self._connect()
        self.state.restore()
        self._set_enabled(False)

    def repo(self) -> Repository:
        return self.kb.repository()

    @property
    def ready(self) -> bool:
        return self.session.ready

    @property
    def build_task(self) -> Task | None:
        return self.session.task

    def _build_layout(self) -> None:
        bar = RecordBar(self.registry.by_name, self)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(bar)
        rl.addWidget(self.detail, 1)
        self.side = QSplitter(Qt.Orientation.Vertical, self)
        self.side.addWidget(right)
        self.side.addWidget(self.selection)
        self.side.setStretchFactor(0, 3)
        self.side.setSizes([560, 200])
        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.addWidget(self.tabs)
        self.main_split.addWidget(self.side)
        self.main_split.setStretchFactor(0, 3)
        self.main_split.setStretchFactor(1, 2)
        self.setCentralWidget(self.main_split)

    def _connect(self) -> None:
        self.session.status.connect(self.status_index.setText)
        self.session.notice.connect(self.notices.tell)
        self.session.serve.connect(self.load)
        self.session.suspend.connect(self._suspend)
        self.ops.changed.connect(self._apply_changes)
        self.ops.writing_changed.connect(lambda writing: self.registry.set_enabled(WRITING, not writing))
        for told in (self.ops.refused, self.session.told):
            told.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self.search_page.attach(self.search, lambda: self.ready, self.kb.complete)
        self.search.results.connect(lambda r: self.session.repair_if_failed(r, self.search.reset, self.notices.tell))
        self.search.results.connect(lambda r: self.detail.drop_preview(keep=bool(r.hits)))
        self.search_page.open_record.connect(self._open_from_search)
        self.tabs.currentChanged.connect(lambda _: self.detail.follow_view(self.current_page().current_id()))
        for page in self.pages:
            page.current_changed.connect(self._preview)
            if page is not self.search_page:
                page.open_record.connect(self.open_record)
        self.detail.navigate.connect(self._navigate)
        self.detail.shown.connect(self._update_history_actions)
        self.detail.outside_link.connect(
            lambda url: self.statusBar().showMessage(
                f"{url} copied: kbapp makes no network connections, paste it into a browser if you may.", 10000
            )
        )
        self.selection.open_record.connect(self.detail.show_record)
        self.selection.export_requested.connect(self.collect.export_selection)
        self.mappings.coverage_requested.connect(self.collect.export_coverage)
        self.quick.open_record.connect(self.open_record)
        self.quick.search_for.connect(self.search_text)

    def _set_enabled(self, on: bool) -> None:
        self.tabs.setEnabled(on)
        self.selection.setEnabled(on)
        self.registry.set_enabled(READING, on)
        self._update_history_actions()

    # ----- the knowledge base: start, serve, what writes changed -----

    def start(self, force: bool = False) -> None:
        self.notices.tell_untold()
        self.session.start(force)

    def _suspend(self) -> None:
        self._set_enabled(False)
        self.search.reset()
        self.kb.close()

    def load(self, focus: bool = True) -> None:
        """Show the knowledge base as it now is, on every page."""
        repo = self.repo()
        for page in self.pages:
            page.load(repo)
        self._after_change(repo)
        if self.userdata:
            self.search_page.set_history(self.userdata.recent_searches())
        if focus:
            self.focus_search()

    def _apply_changes(self, changes: Changes) -> None:
        """After a write: reopen what another thread changed and refresh only the pages it touched."""
        if not self.session.ready:
            return  # a first build: the session serves everything when it is done
        self.search.reset()
        self.kb.close()
        repo = self.repo()
        for page in self.pages:
            page.refresh(changes, repo)
        self._after_change(repo)

    def _after_change(self, repo: Repository) -> None:
        self.status_counts.setText(counts_text(repo.state.counts()))
        self.selection.model.check_present()
        self._set_enabled(True)
        self.search_page.rerun()

    # ----- search -----

    def search_text(self, text: str) -> None:
        self.tabs.setCurrentWidget(self.search_page)
        self.search_page.box.setText(text)
        self.focus_search()

    def _open_from_search(self, typed_id: str) -> None:
        if self.userdata:
            with contextlib.suppress(KbError):  # a search not remembered is no reason to interrupt
                self.userdata.remember_search(self.search_page.box.text())
            self.search_page.set_history(self.userdata.recent_searches())
        self.open_record(typed_id)

    # ----- records -----

    def current_page(self) -> Page:
        page = self.tabs.currentWidget()
        assert isinstance(page, Page)
        return page

    def _preview(self, typed_id: str | None) -> None:
        """Show the row the user moved to, without taking it into the history."""
        if typed_id and typed_id != self.detail.current:
            self.detail.show_record(typed_id, remember=False)

    def open_record(self, typed_id: str) -> None:
        self.detail.show_record(typed_id)
        self.detail.browser.setFocus()

    def _update_history_actions(self, typed_id: str | None = None) -> None:
        marked = bool(typed_id and self.userdata and self.userdata.is_bookmarked(typed_id))
        self.registry.bookmark.setText("Remove &bookmark" if marked else "&Bookmark")
        self.registry.back.setEnabled(self.detail.can_go_back())
        self.registry.forward.setEnabled(self.detail.can_go_forward())

    def _navigate(self, target: str) -> None:
        """Follow a link that leaves the detail pane: a search, or an ITIL section or mapping table."""
        if kind_of(target) == "search":
            self.search_text(key_of(target))
        elif self.mappings.follow(target):
            self.tabs.setCurrentWidget(self.mappings)

    def toggle_bookmark(self) -> None:
        try:
            message = self.detail.toggle_bookmark()
        except KbError as exc:
            show_expected(self, str(exc))
            return
        if message:
            self.bookmarks_changed()
            self.statusBar().showMessage(message, 5000)

    def bookmarks_changed(self) -> None:
        self.bookmarks.load(self.repo())

    # ----- focus, text size, about, closing -----

    def focus_search(self) -> None:
        self.keys.focus_search()

    def restyle(self) -> None:
        """The system's theme changed: every page and the record drawn again in its colours."""
        if self.ready:
            self.load(focus=False)
            self.detail.refresh()

    def change_font(self, step: int) -> None:
        self.state.change_font(step)
        for page in self.pages:
            page.refit()
        self.detail.refresh()

    def save_settings(self) -> None:
        self.state.save()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        if self.session.task is not None:
            self.session.task.cancel()
        self.search.shutdown()
        self.quick.close()
        with contextlib.suppress(RuntimeError):  # a write ending after this no longer shows here
            self.ops.changed.disconnect(self._apply_changes)
        if self.userdata is not None and self.userdata.changed:
            try:
                self.userdata.back_up(self.kb.paths.backups)
            except KbError as exc:  # a backup never stops the window closing
                log.warning("%s", exc)
        QTimer.singleShot(0, self.kb.close)
        super().closeEvent(event)
