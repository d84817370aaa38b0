"""The main window: search, catalogue, glossary, mappings, standards, bookmarks,
a detail pane with history, a selection to export, and quick lookup."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QFont, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from kbapp import __version__
from kbapp.domain.errors import KbError
from kbapp.domain.ids import key_of, kind_of
from kbapp.export.csv import flatten, write_csv
from kbapp.paths import icon_path
from kbapp.search.results import Filters, SearchResult
from kbapp.services.knowledge_base import ImportReport, KnowledgeBase, StartState
from kbapp.storage.repository import Repository
from kbapp.storage.userdata import UserData
from kbapp.ui.dialogs.errors import show_expected, show_unexpected
from kbapp.ui.dialogs.imports import ImportsDialog, ask_import_path, start_import
from kbapp.ui.dialogs.quick_lookup import QuickLookup
from kbapp.ui.models.records import ID_ROLE, RecordTableModel, SelectionListModel
from kbapp.ui.search_worker import SearchService
from kbapp.ui.tasks import Cancelled, run_task
from kbapp.ui.widgets.detail import DetailPane
from kbapp.ui.widgets.search_page import SearchPage
from kbapp.ui.widgets.tables import MappingsPage, RecordTablePage

log = logging.getLogger(__name__)

TABS = ("Search", "Catalogue", "Glossary", "Mappings", "Standards", "Bookmarks")
MIN_FONT, MAX_FONT = 7, 28


class MainWindow(QMainWindow):
    def __init__(self, kb: KnowledgeBase, settings: QSettings, userdata: UserData | None = None) -> None:
        super().__init__()
        self.kb = kb
        self.settings = settings
        self.userdata = userdata
        self.ready = False
        self.build_task = None
        self.import_task = None
        self.imports_dialog: ImportsDialog | None = None
        self._untold: list[str] = []  # told before the window was up; start() shows them
        self._notice_boxes: list[QMessageBox] = []
        self.last_export: Path | None = None
        self._icons: dict[str, QIcon] = {}
        self.setWindowTitle("kbapp: information assurance knowledge base")
        self.setWindowIcon(self.icon("kbapp"))

        self.search_page = SearchPage(self)
        self.search_page.model.icons = self.icon
        self.search_page.complete_source = self._complete
        self.catalogue = RecordTablePage(
            "Catalogue",
            self._table_model(
                [
                    ("Title", "title"),
                    ("Published", "published"),
                    ("Body", "authoring_body_abbr"),
                    ("Category", "category"),
                    ("Authoring body", "authoring_body"),
                ]
            ),
            "Filter the catalogue: title, body, category, year…",
        )
        self.glossary = RecordTablePage(
            "Glossary",
            self._table_model(
                [
                    ("Term", "title"),
                    ("Abbr.", "abbreviation"),
                    ("Informal definition", "definition"),
                    ("ITIL definition", "itil_definition"),
                    ("Publication", "itil_publication"),
                ]
            ),
            "Filter terms and abbreviations…",
            wrap=True,
            stretch=(2, 3),
            max_width=190,
        )
        self.mappings = MappingsPage(self.repo, self)
        self.standards = RecordTablePage(
            "Standards",
            self._table_model(
                [
                    ("Standard", "designation"),
                    ("Year", "year"),
                    ("Status", "status"),
                    ("Expected", "expected_publication"),
                    ("Title", "standard_title"),
                ]
            ),
            "Filter the ISO/IEC standards…",
        )
        self.bookmarks = RecordTablePage(
            "Bookmarks", self._table_model([("Bookmarked record", "title"), ("Type", "type")]), "Filter bookmarks…"
        )
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Views")
        self.tabs.setDocumentMode(True)
        for page, name in zip(
            (self.search_page, self.catalogue, self.glossary, self.mappings, self.standards, self.bookmarks),
            TABS,
            strict=True,
        ):
            self.tabs.addTab(page, name)

        self.detail = DetailPane(self.repo, userdata, self)
        self.detail_bar = QToolBar("Record", self)
        self.selection = SelectionListModel(self._fetch_summaries, self)
        self.selection_view = QListView(self)
        self.selection_view.setModel(self.selection)
        self.selection_view.setAccessibleName("Selected for export")
        self.selection_view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.selection_view.activated.connect(lambda i: self.detail.show_record(i.data(ID_ROLE)))
        self.selection_box = QGroupBox("Selected for export (0)", self)
        self.selection_note = QLabel("Ctrl+D adds what is selected in a view; Ctrl+E exports.", self)
        self.selection_note.setWordWrap(True)
        self.selection_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._build_actions()
        self._build_layout()
        self._connect()
        self.status_counts = QLabel(self)
        self.status_index = QLabel("index: not loaded", self)
        self.statusBar().addPermanentWidget(self.status_counts)
        self.statusBar().addPermanentWidget(self.status_index)
        self.search = SearchService(kb, self)
        self.search.results.connect(self._on_results)
        self.quick = QuickLookup(self.repo, self)
        self.quick.open_record.connect(self.open_record)
        self.quick.search_for.connect(self.search_text)
        self._restore_settings()
        self._set_enabled(False)

    # ----- helpers -----

    def repo(self) -> Repository:
        return self.kb.repository()

    def icon(self, name: str) -> QIcon:
        if name not in self._icons:
            path = icon_path(name)
            self._icons[name] = QIcon(str(path)) if path.exists() else QIcon()
        return self._icons[name]

    def _fetch_summaries(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.repo().views.summaries(ids)
        for row in rows.values():
            row.setdefault("definition", row.get("informal_definition") or row.get("expansion"))
        return rows

    def _table_model(self, columns: list[tuple[str, str]]) -> RecordTableModel:
        model = RecordTableModel(columns, self._fetch_summaries, self)
        model.icons = self.icon
        return model

    # ----- layout and actions -----

    def _build_layout(self) -> None:
        self.detail_bar.setMovable(False)
        for action in (self.act_back, self.act_forward, self.act_bookmark, self.act_add, self.act_copy):
            self.detail_bar.addAction(action)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.detail_bar)
        rl.addWidget(self.detail, 1)
        sl = QVBoxLayout(self.selection_box)
        sl.addWidget(self.selection_view, 1)
        buttons = QHBoxLayout()
        for text, slot, name in (
            ("Export…", self.export_selection, "Export the selection to CSV"),
            ("Remove", self.remove_from_selection, "Remove from the selection"),
            ("Clear", self.clear_selection, "Clear the selection"),
        ):
            button = QPushButton(text, self.selection_box)
            button.setAccessibleName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        sl.addLayout(buttons)
        sl.addWidget(self.selection_note)
        self.side = QSplitter(Qt.Orientation.Vertical, self)
        self.side.addWidget(right)
        self.side.addWidget(self.selection_box)
        self.side.setStretchFactor(0, 3)
        self.side.setSizes([560, 200])
        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.addWidget(self.tabs)
        self.main_split.addWidget(self.side)
        self.main_split.setStretchFactor(0, 3)
        self.main_split.setStretchFactor(1, 2)
        self.setCentralWidget(self.main_split)

    def _action(self, text: str, slot, shortcut=None, menu=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            keys: dict[str, QKeySequence] = {}
            for item in shortcut if isinstance(shortcut, list) else [shortcut]:
                sequences = (
                    QKeySequence.keyBindings(item)
                    if isinstance(item, QKeySequence.StandardKey)
                    else [QKeySequence(item)]
                )
                for sequence in sequences:
                    keys.setdefault(sequence.toString(), sequence)  # the same key twice would be ambiguous
            action.setShortcuts(list(keys.values()))
        action.triggered.connect(slot)
        if menu is not None:
            menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.act_export = self._action("&Export selection to CSV…", self.export_selection, "Ctrl+E", file_menu)
        self.act_export_list = self._action(
            "Export the current &list as shown…", self.export_current_list, "Ctrl+Shift+E", file_menu
        )
        file_menu.addSeparator()
        self.act_import = self._action("&Import catalogue entries…", self.import_file, "Ctrl+I", file_menu)
        self.act_imports = self._action("Imported &catalogues…", self.show_imports, None, file_menu)
        file_menu.addSeparator()
        self.act_rebuild = self._action("&Rebuild the knowledge base", lambda: self.start(force=True), "F5", file_menu)
        file_menu.addSeparator()
        self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, file_menu)
        edit = bar.addMenu("&Edit")
        self.act_copy = self._action("&Copy records", self.copy_records, QKeySequence.StandardKey.Copy, edit)
        self.act_add = self._action("&Add to selection", self.add_to_selection, "Ctrl+D", edit)
        self.act_select_all = self._action(
            "Select &all in the view", self.select_all, QKeySequence.StandardKey.SelectAll, edit
        )
        self.act_bookmark = self._action("&Bookmark", self.toggle_bookmark, "Ctrl+B", edit)
        go = bar.addMenu("&Go")
        self.act_find = self._action("&Search", self.focus_search, ["Ctrl+K", "Ctrl+F"], go)
        self.act_lookup = self._action("Quick &lookup", self.quick_lookup, "Ctrl+L", go)
        self.act_back = self._action("&Back", self.go_back, ["Alt+Left", QKeySequence.StandardKey.Back], go)
        self.act_forward = self._action(
            "&Forward", self.go_forward, ["Alt+Right", QKeySequence.StandardKey.Forward], go
        )
        go.addSeparator()
        for number, name in enumerate(TABS, start=1):
            self._action(name, lambda checked=False, n=number - 1: self.tabs.setCurrentIndex(n), f"Ctrl+{number}", go)
        view = bar.addMenu("&View")
        self._action("&Larger text", lambda: self.change_font(+1), ["Ctrl++", "Ctrl+="], view)
        self._action("&Smaller text", lambda: self.change_font(-1), "Ctrl+-", view)
        self._action("&Normal size", lambda: self.change_font(0), "Ctrl+0", view)
        help_menu = bar.addMenu("&Help")
        self._action("&About kbapp", self.about, "F1", help_menu)
        slash = QShortcut(QKeySequence("/"), self)
        slash.setContext(Qt.ShortcutContext.WindowShortcut)
        slash.activated.connect(self._slash)
        self.act_back.setIcon(self.style().standardIcon(self.style().StandardPixmap.SP_ArrowBack))
        self.act_forward.setIcon(self.style().standardIcon(self.style().StandardPixmap.SP_ArrowForward))

    def _connect(self) -> None:
        self.search_page.query_changed.connect(self._on_query)
        self.search_page.current_changed.connect(self._preview)
        self.search_page.open_record.connect(self._open_from_search)
        for page in (self.catalogue, self.glossary, self.standards, self.bookmarks, self.mappings):
            page.current_changed.connect(self._preview)
            page.open_record.connect(self.open_record)
        self.tabs.currentChanged.connect(self._on_tab)
        self.detail.navigate.connect(self._navigate)
        self.detail.shown.connect(self._on_shown)
        self.detail.outside_link.connect(
            lambda url: self.statusBar().showMessage(
                f"{url} copied: kbapp makes no network connections, paste it into a browser if you may.", 10000
            )
        )
        self.selection.rowsInserted.connect(self._selection_changed)
        self.selection.rowsRemoved.connect(self._selection_changed)
        self.selection.modelReset.connect(self._selection_changed)

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.tabs, self.selection_box):
            widget.setEnabled(on)
        for action in (
            self.act_export,
            self.act_export_list,
            self.act_copy,
            self.act_add,
            self.act_lookup,
            self.act_bookmark,
        ):
            action.setEnabled(on)
        self._update_history_actions()

    # ----- start-up -----

    def tell(self, message: str) -> None:
        """Something the user must know (a file restored, a folder not writable), shown
        without blocking: the window goes on working behind the message."""
        log.warning("%s", message)
        if not self.isVisible():
            self._untold.append(message)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "kbapp", message, QMessageBox.StandardButton.Ok, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.finished.connect(lambda _=0, b=box: self._notice_boxes.remove(b) if b in self._notice_boxes else None)
        self._notice_boxes.append(box)
        box.open()
        self.statusBar().showMessage(message, 15000)

    def start(self, force: bool = False) -> None:
        """Check the knowledge base, then build what is missing or stale off the UI thread.

        A complete earlier build keeps answering while a new one is made (the new
        database and index are swapped in when whole); only at the first start, or
        after damage, does the window wait for the build."""
        if self.build_task is not None:
            return
        if self.ready:
            self._build(force, serving=True)
            return
        untold, self._untold = self._untold, []
        for message in untold:
            self.tell(message)
        self._set_enabled(False)
        self.status_index.setText("index: checking…")
        self.search.reset()
        self.kb.close()

        def work(_report) -> StartState:
            try:
                return self.kb.prepare()
            finally:
                self.kb.close()  # this thread's connections end with the task

        self.build_task = run_task(
            work, lambda state: self._on_prepared(state, force), self._on_build_failed, parent=self
        )

    def _on_prepared(self, state: StartState, force: bool) -> None:
        self.build_task = None
        for notice in state.notices:
            self.tell(notice)
        if state.servable:
            self.load()
        if state.current and not force:
            self.status_index.setText("index: ready")
            return
        self._build(force, serving=state.servable)

    def _build(self, force: bool, serving: bool) -> None:
        """Build off the UI thread: behind a working window when ``serving``, else
        behind a progress dialog that can cancel it."""
        if not serving:
            self.ready = False
            self._set_enabled(False)
            self.search.reset()
            self.kb.close()
        self._set_writing(True)
        self.status_index.setText("index: rebuilding…" if serving else "index: building…")

        def work(report) -> Any:
            report(5, "Reading the sources…")
            try:
                return self.kb.build(
                    force=force,
                    progress=lambda _stage, n, total: report(20 + 75 * n // max(1, total), f"Indexing… {n} records"),
                )
            finally:
                self.kb.close()

        def show_progress(value: int, _text: str) -> None:
            self.status_index.setText(f"index: rebuilding… {value}%")

        self.build_task = run_task(
            work,
            lambda report: self._on_built(report, serving),
            self._on_build_failed,
            parent=self,
            label=None if serving else "Building the knowledge base from the shipped sources…",
            cancellable=not serving,
            on_progress=show_progress if serving else None,
        )

    def _on_built(self, report, serving: bool) -> None:
        self.build_task = None
        self._set_writing(False)
        for notice in report.notices:
            self.tell(notice)
        if not serving or report.built_database or report.built_index:
            self._reload()  # the new build, swapped in whole
        self.status_index.setText("index: rebuilt" if report.built_index else "index: ready")

    def _on_build_failed(self, exc: BaseException, details: str) -> None:
        self.build_task = None
        self._set_writing(False)
        if isinstance(exc, Cancelled):
            self.status_index.setText("index: build cancelled")
            if self.kb.database_is_current():
                self.load()
            return
        self.status_index.setText("index: failed")
        if isinstance(exc, KbError):
            show_expected(self, f"The knowledge base could not be built.\n\n{exc}")
        else:
            show_unexpected(self, details)
        with contextlib.suppress(KbError):
            self.load()  # a previous complete build may still be there

    def load(self, focus: bool = True) -> None:
        repo = self.repo()
        self.catalogue.set_ids(repo.views.ids("resource"))
        self.glossary.set_ids(
            sorted(repo.views.ids("term") + repo.views.ids("abbreviation"), key=lambda i: key_of(i).lower())
        )
        self.glossary.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.standards.set_ids(repo.views.ids("standard"))
        self.mappings.load()
        self._load_bookmarks()
        counts = repo.state.counts()
        self.status_counts.setText(
            f"{counts['resource']} resources · {counts['term']} terms · {counts['abbreviation']} abbreviations · "
            f"{counts['mapping']} clauses · {counts['standard']} standards · {counts['section']} sections"
        )
        self.ready = True
        self._set_enabled(True)
        if self.userdata:
            self.search_page.set_history(self.userdata.recent_searches())
        if self.search_page.box.text():
            self._on_query(self.search_page.box.text(), self.search_page.filters(), True)
        if focus:
            self.focus_search()

    def _load_bookmarks(self) -> None:
        if self.userdata:
            self.bookmarks.set_ids([b["record_id"] for b in self.userdata.bookmarks()])

    # ----- search -----

    def _on_query(self, text: str, filters: Filters, immediately: bool) -> None:
        if not self.ready:
            return
        if not text.strip():
            self.search.generation += 1  # drops any search still under way
            self.search_page.show_empty_query()
            return
        self.search.search(text, filters, limit=100, immediately=immediately)

    def _complete(self, prefix: str):
        """Instant completions, on the UI thread: they come from memory in well under 10 ms."""
        if not self.ready:
            return []
        try:
            return self.kb.complete(prefix, limit=8)
        except KbError:
            return []

    def _on_results(self, result: SearchResult) -> None:
        self.search_page.show_result(result)

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

    def _on_tab(self, _index: int) -> None:
        """Show the record that is current in the view just chosen."""
        page = self.current_page()
        current = page.current_id() if hasattr(page, "current_id") else None
        if current:
            self._preview(current)

    def _preview(self, typed_id: str) -> None:
        if typed_id and typed_id != self.detail.current:
            self.detail.show_record(typed_id)

    def open_record(self, typed_id: str) -> None:
        self.detail.show_record(typed_id)
        self.detail.browser.setFocus()

    def _on_shown(self, typed_id: str) -> None:
        marked = bool(self.userdata and self.userdata.is_bookmarked(typed_id))
        self.act_bookmark.setText("Remove &bookmark" if marked else "&Bookmark")
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.act_back.setEnabled(self.detail.can_go_back())
        self.act_forward.setEnabled(self.detail.can_go_forward())

    def go_back(self) -> None:
        self.detail.back()
        self._update_history_actions()

    def go_forward(self) -> None:
        self.detail.forward()
        self._update_history_actions()

    def _navigate(self, target: str) -> None:
        kind, rest = kind_of(target), key_of(target)
        if kind == "itil":
            self.tabs.setCurrentWidget(self.mappings)
            self.mappings.show_itil(rest)
        elif kind == "mappings":
            self.tabs.setCurrentWidget(self.mappings)
            self.mappings.show_standard(rest)
        elif kind == "search":
            self.search_text(rest)

    def toggle_bookmark(self) -> None:
        current = self.detail.current
        if not current or not self.userdata:
            return
        on = not self.userdata.is_bookmarked(current)
        title = self._fetch_summaries([current]).get(current, {}).get("title", current)
        try:
            self.userdata.set_bookmark(current, title, on)
        except KbError as exc:
            show_expected(self, str(exc))
            return
        self._load_bookmarks()
        self.detail.refresh()
        self.statusBar().showMessage(("Bookmarked " if on else "Removed bookmark: ") + title, 5000)

    # ----- selection, copy and export -----

    def current_page(self):
        return self.tabs.currentWidget()

    def selected_in_view(self) -> list[str]:
        page = self.current_page()
        ids = page.selected_ids() if hasattr(page, "selected_ids") else []
        if not ids and self.detail.current:
            ids = [self.detail.current]
        return ids

    def add_to_selection(self) -> int:
        added = self.selection.add(self.selected_in_view())
        page = self.current_page()
        if isinstance(page, RecordTablePage):
            page.model.clear_checks()  # ticked rows are now in the selection
        self.statusBar().showMessage(f"{added} added to the selection", 4000)
        return added

    def remove_from_selection(self) -> None:
        rows = self.selection_view.selectionModel().selectedRows()
        self.selection.remove([i.data(ID_ROLE) for i in rows])

    def clear_selection(self) -> None:
        self.selection.clear()

    def _selection_changed(self, *args) -> None:
        self.selection_box.setTitle(f"Selected for export ({self.selection.rowCount()})")

    def select_all(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.selectAll()
            return
        page = self.current_page()
        view = getattr(page, "view", None) or getattr(page, "tree", None)
        if view is not None:
            view.selectAll()

    def copy_records(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit) and focus.hasSelectedText():
            focus.copy()
            return
        if focus is self.detail.browser and self.detail.browser.textCursor().hasSelection():
            self.detail.browser.copy()
            return
        ids = self.selected_in_view()
        if not ids:
            return
        text = records_as_text([self.repo().records.get(i) for i in ids])
        QApplication.clipboard().setText(text)
        self.statusBar().showMessage(f"Copied {len(ids)} record{'s' if len(ids) != 1 else ''}", 4000)

    def ask_save_path(self, suggested: str) -> Path | None:
        folder = str(self.settings.value("export/last_folder", str(Path.home())))
        path, _ = QFileDialog.getSaveFileName(self, "Export to CSV", str(Path(folder) / suggested), "CSV files (*.csv)")
        if not path:
            return None
        if not path.lower().endswith(".csv"):
            path += ".csv"
        self.settings.setValue("export/last_folder", str(Path(path).parent))
        return Path(path)

    def export_records(self, ids: list[str], path: Path) -> Path | None:
        try:
            repo = self.repo()
            rows = [flatten(repo.records.get(i)) for i in ids]
            written = write_csv(path, rows)
        except KbError as exc:
            show_expected(self, str(exc), "Export failed")
            return None
        self.last_export = written
        message = f"Exported {len(rows)} record{'s' if len(rows) != 1 else ''} to {written}"
        self.statusBar().showMessage(message, 15000)
        self.selection_note.setText(message)
        return written

    def export_selection(self) -> None:
        ids = list(self.selection.ids) or self.selected_in_view()
        if not ids:
            show_expected(self, "Nothing to export: select records in a view and press Ctrl+D, or select rows first.")
            return
        path = self.ask_save_path("kbapp-selection.csv")
        if path:
            self.export_records(ids, path)

    def export_current_list(self) -> None:
        page = self.current_page()
        ids = page.all_ids() if hasattr(page, "all_ids") else []
        if not ids:
            show_expected(self, "This view lists nothing to export.")
            return
        name = TABS[self.tabs.currentIndex()].lower()
        path = self.ask_save_path(f"kbapp-{name}.csv")
        if path:
            self.export_records(ids, path)

    # ----- imports -----

    def ask_import_path(self) -> Path | None:
        folder = str(self.settings.value("import/last_folder", str(Path.home())))
        path = ask_import_path(self, folder)
        if path:
            self.settings.setValue("import/last_folder", str(path.parent))
        return path

    def import_file(self) -> None:
        path = self.ask_import_path()
        if path is None or self.import_task is not None:
            return
        self._set_writing(True)
        self.import_task = start_import(self, self.kb, path, self._on_imported)
        self.import_task.finished.connect(self._import_ended)

    def _import_ended(self) -> None:
        self.import_task = None
        self._set_writing(False)

    def _set_writing(self, writing: bool) -> None:
        """While the window writes the knowledge base (a build, an import) it starts no
        other write: the second would only wait for the first's lock."""
        for action in (self.act_rebuild, self.act_import, self.act_imports):
            action.setEnabled(not writing)
        if self.imports_dialog is not None:
            self.imports_dialog.setEnabled(not writing)

    def _on_imported(self, report: ImportReport) -> None:
        self._reload()
        message = f"Imported {report.entries} entr{'y' if report.entries == 1 else 'ies'} as imports/{report.name}"
        self.statusBar().showMessage(message, 15000)
        if self.imports_dialog is not None:
            self.imports_dialog.refresh()

    def show_imports(self) -> None:
        if self.imports_dialog is None:
            self.imports_dialog = ImportsDialog(self, self.kb, self.import_file, self._on_import_removed)
        self.imports_dialog.refresh()
        self.imports_dialog.show()
        self.imports_dialog.raise_()

    def _on_import_removed(self, name: str, removed: int) -> None:
        self._reload()
        self.statusBar().showMessage(f"Removed imports/{name} and its {removed} entries", 15000)

    def _reload(self) -> None:
        """Show the knowledge base as it now is, after another thread changed it."""
        self.search.reset()
        self.kb.close()
        self.load(focus=False)  # the user may be typing elsewhere

    # ----- focus, fonts, about -----

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search_page)
        self.search_page.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_page.box.selectAll()

    def _slash(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.insert("/")
        else:
            self.focus_search()

    def quick_lookup(self) -> None:
        self.quick.popup()

    def change_font(self, step: int) -> None:
        app = QApplication.instance()
        font = QFont(app.font())
        default = int(self.settings.value("view/default_font_size", font.pointSize()) or 10)
        size = default if step == 0 else max(MIN_FONT, min(MAX_FONT, font.pointSize() + step))
        font.setPointSize(size)
        app.setFont(font)
        self.settings.setValue("view/font_size", size)
        self.catalogue._fit()
        self.glossary._fit()
        self.detail.refresh()

    def about(self) -> None:
        meta: dict[str, str] = {}
        with contextlib.suppress(KbError):
            meta = self.repo().state.meta()
        QMessageBox.about(
            self,
            "About kbapp",
            f"<h3>kbapp {__version__}</h3>"
            "<p>An offline knowledge base for information assurance: a catalogue of published "
            "resources and the white paper <i>ITIL V3 and Information Security</i> (2009).</p>"
            f"<p>Data build {meta.get('build_id', 'not built')} of {meta.get('built_at', '—')}, schema "
            f"{meta.get('schema_version', '—')}.</p>"
            "<p><b>kbapp makes no network connections</b>: no update checks, no telemetry, no web views. "
            "Outside addresses in the text are copied, never opened.</p>"
            f"<p>Data: {self.kb.paths.data}</p>",
        )

    # ----- settings -----

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        for key, splitter in (
            ("window/main_split", self.main_split),
            ("window/side_split", self.side),
            ("window/search_split", self.search_page.splitter),
        ):
            state = s.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        self.tabs.setCurrentIndex(int(s.value("window/tab", 0) or 0))
        app = QApplication.instance()
        s.setValue("view/default_font_size", s.value("view/default_font_size", app.font().pointSize()))
        size = s.value("view/font_size")
        if size:
            font = QFont(app.font())
            font.setPointSize(max(MIN_FONT, min(MAX_FONT, int(size))))
            app.setFont(font)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/main_split", self.main_split.saveState())
        s.setValue("window/side_split", self.side.saveState())
        s.setValue("window/search_split", self.search_page.splitter.saveState())
        s.setValue("window/tab", self.tabs.currentIndex())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        if self.build_task is not None:
            self.build_task.cancel()
        self.search.shutdown()
        self.quick.close()
        if self.userdata is not None and self.userdata.changed:
            try:
                self.userdata.back_up(self.kb.paths.backups)
            except (OSError, sqlite3.Error) as exc:  # a backup never stops the window closing
                log.warning("could not back up %s: %s", self.userdata.path, exc)
        QTimer.singleShot(0, self.kb.close)
        super().closeEvent(event)


def records_as_text(records: list[dict[str, Any]]) -> str:
    """Records as readable text with their source, for the clipboard."""
    blocks = []
    for record in records:
        row = flatten(record)
        lines = []
        for key, value in row.items():
            if key in ("type", "id", "source") or value in (None, ""):
                continue
            lines.append(f"{key.replace('_', ' ').capitalize()}: {value}")
        lines.append(f"Source: {row['source']} ({row['id']})")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
