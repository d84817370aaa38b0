"""The search page: one box, facets with live counts, ranked results."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kbapp.domain.errors import KbError
from kbapp.domain.ids import KINDS
from kbapp.search.completions import Completion
from kbapp.search.results import Filters, SearchResult, YearRange
from kbapp.ui.models.records import ID_ROLE, ResultsModel
from kbapp.ui.pages.base import Page
from kbapp.ui.pages.results_delegate import HitDelegate
from kbapp.ui.plain import literal
from kbapp.ui.render import TYPE_LABELS
from kbapp.ui.search_worker import SearchService

SYNTAX_HELP = (
    'Try fewer words, a "phrase", OR between alternatives, a prefix such as informa*, '
    "or a filter: type:term, category:guidance, body:NCSC, year:2015..2020."
)
FACET_TITLES = {"type": "Type", "category": "Category", "body": "Authoring body"}
SEARCHING_AFTER_MS = 400  # the debounce and a quick search answer well within this


class FacetList(QListWidget):
    """Checkable facet values with counts; checked values survive new counts."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.checked: set[str] = set()
        self.setAccessibleName(f"{FACET_TITLES[name]} filter")
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.itemChanged.connect(self._on_item_changed)
        self.setMaximumHeight(150)
        self.setWordWrap(True)  # a long body or category wraps whole, never cut mid-word
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def set_counts(self, counts: list[tuple[str, int]]) -> None:
        self.blockSignals(True)
        self.clear()
        present = {value for value, _ in counts}
        rows = counts + [(value, 0) for value in sorted(self.checked - present)]
        for value, count in rows:
            label = TYPE_LABELS.get(value, value) if self.name == "type" else value
            item = QListWidgetItem(f"{label}  ({count})")
            item.setToolTip(literal(f"{label}: {count} matching"))
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if value in self.checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)

    def set_checked(self, value: str, on: bool) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == value:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        if on:
            self.checked.add(value)
            self.changed.emit()

    def clear_checks(self) -> None:
        self.checked.clear()
        for row in range(self.count()):
            self.item(row).setCheckState(Qt.CheckState.Unchecked)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.checked.add(value)
        else:
            self.checked.discard(value)
        self.changed.emit()


class SearchPage(Page):
    query_changed = Signal(str, object, bool)  # text, filters, immediately
    title = "Search"
    kinds = frozenset(KINDS)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QLineEdit(self)
        self.box.setPlaceholderText("Search standards, guidance, terms, clauses…   (Ctrl+K)")
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName("Search")
        # Instant completions (titles, terms, abbreviations, recent searches) as you type;
        # the ranked results follow after a short pause.
        self.completion_model = QStandardItemModel(self)
        self.completer = QCompleter(self.completion_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.box)
        self.completer.setMaxVisibleItems(10)
        # The overload of the signal that carries the index (PySide's stubs cannot index it).
        self.completer.activated[QModelIndex].connect(self._on_completion)  # type: ignore[index]
        self._popup().setAccessibleName("Suggestions")
        self.complete_source: Callable[[str], list[Completion]] | None = None
        self.history: list[str] = []
        self.status = QLabel("Type to search the catalogue and the white paper.", self)
        self.status.setAccessibleName("Search status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        self.facets = {name: FacetList(name, self) for name in ("type", "category", "body")}
        self.year_from = QComboBox(self)
        self.year_to = QComboBox(self)
        for combo, name in ((self.year_from, "From year"), (self.year_to, "To year")):
            combo.setAccessibleName(name)
            combo.addItem("any")
            combo.currentIndexChanged.connect(self._on_filters_changed)
        self.clear_filters = QPushButton("Clear filters", self)
        self.clear_filters.clicked.connect(self.reset_filters)

        facet_panel = QWidget(self)
        facet_layout = QVBoxLayout(facet_panel)
        facet_layout.setContentsMargins(0, 0, 6, 0)
        for name, facet in self.facets.items():
            facet_layout.addWidget(QLabel(f"<b>{FACET_TITLES[name]}</b>", facet_panel))
            facet_layout.addWidget(facet)
            facet.changed.connect(self._on_filters_changed)
        facet_layout.addWidget(QLabel("<b>Year</b>", facet_panel))
        years = QHBoxLayout()
        years.addWidget(self.year_from)
        years.addWidget(QLabel("to", facet_panel))
        years.addWidget(self.year_to)
        facet_layout.addLayout(years)
        facet_layout.addWidget(self.clear_filters)
        facet_layout.addStretch(1)
        facet_panel.setMinimumWidth(220)

        self.model = ResultsModel(parent=self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(HitDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setUniformItemSizes(False)
        self.view.setWordWrap(True)
        self.view.setAccessibleName("Search results")
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.activated.connect(lambda index: self.open_record.emit(index.data(ID_ROLE)))

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(facet_panel)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 600])
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

        self.box.textChanged.connect(lambda _: self._emit(False))
        self.box.textEdited.connect(self._suggest)
        self.box.returnPressed.connect(self._open_top)
        self.last_result: SearchResult | None = None
        # A search that has not answered after a moment says so in the status line.
        self._waiting_for: str | None = None
        self.searching = QTimer(self)
        self.searching.setSingleShot(True)
        self.searching.setInterval(SEARCHING_AFTER_MS)
        self.searching.timeout.connect(self._say_searching)
        self.service: SearchService | None = None
        self.is_ready: Callable[[], bool] = lambda: False
        self._years_known: list[str] = []

    # ----- searching -----

    def attach(
        self, service: SearchService, is_ready: Callable[[], bool], complete: Callable[[str, int], list[Completion]]
    ) -> None:
        """Search with ``service`` as the user types, once ``is_ready()``; suggest what
        ``complete(prefix, limit)`` finds, on the UI thread (from memory, well under 10 ms)."""
        self.service = service
        self.is_ready = is_ready
        self.complete_source = lambda prefix: self._completions(complete, prefix)
        self.query_changed.connect(self._query)
        service.results.connect(self.show_result)

    def _query(self, text: str, filters: Filters, immediately: bool) -> None:
        if self.service is None or not self.is_ready():
            return
        if not text.strip():
            self.service.cancel()
            self.show_empty_query()
            return
        self.service.search(text, filters, limit=100, immediately=immediately)
        self._waiting_for = text
        self.searching.start()

    def rerun(self) -> None:
        """Search again for what the box holds, at once (the knowledge base changed)."""
        if self.box.text():
            self._query(self.box.text(), self.filters(), True)

    # ----- filters -----

    def filters(self) -> Filters:
        years: YearRange | None = None
        lo, hi = (None if c.currentText() == "any" else int(c.currentText()) for c in (self.year_from, self.year_to))
        if lo is not None or hi is not None:
            years = (min(lo, hi), max(lo, hi)) if lo is not None and hi is not None else (lo, hi)
        return Filters(
            types=sorted(self.facets["type"].checked),
            categories=sorted(self.facets["category"].checked),
            bodies=sorted(self.facets["body"].checked),
            years=years,
        )

    def reset_filters(self) -> None:
        for facet in self.facets.values():
            facet.blockSignals(True)
            facet.clear_checks()
            facet.blockSignals(False)
        for combo in (self.year_from, self.year_to):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._emit(True)

    def _on_filters_changed(self) -> None:
        self._emit(True)

    def _emit(self, immediately: bool) -> None:
        self.query_changed.emit(self.box.text(), self.filters(), immediately)

    # ----- results -----

    def _say_searching(self) -> None:
        if self._waiting_for is not None:
            self.status.setText(f"Searching for “{self._waiting_for}”…")

    def show_result(self, result: SearchResult) -> None:
        self._waiting_for = None
        self.searching.stop()
        self.last_result = result
        self.model.set_hits(result.hits)
        for name, facet in self.facets.items():
            facet.set_counts(result.facets.get(name, []))
        self._set_years([y for y, _ in result.facets.get("year", [])])
        self.status.setText(self._status_text(result))
        if result.hits:
            self.view.setCurrentIndex(self.model.index(0, 0))

    def show_empty_query(self) -> None:
        self._waiting_for = None
        self.searching.stop()
        self.last_result = None
        self.model.set_hits([])
        self.status.setText("Type to search the catalogue and the white paper. " + SYNTAX_HELP)

    def _set_years(self, years: list[str]) -> None:
        known = sorted(set(years) | set(self._years_known), reverse=True)
        if known == self._years_known:
            return
        self._years_known = known
        for combo in (self.year_from, self.year_to):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("any")
            combo.addItems(known)
            combo.setCurrentText(current if current in known else "any")
            combo.blockSignals(False)

    def _status_text(self, result: SearchResult) -> str:
        filters = self.filters()
        scoped = bool(filters.types or filters.categories or filters.bodies or filters.years)
        if result.failed:
            return "The search index could not answer: it is damaged. kbapp is rebuilding it; search again then."
        parts = [f"{reading}." for reading in result.readings]
        if result.corrected:
            parts.append(f"Showing results for “{result.corrected}” (nothing close to “{result.query}”).")
        noun = "result" if result.total == 1 else "results"
        parts.append(f"{result.total} {noun}" + (" within the filters" if scoped else "") + ".")
        if result.timed_out:
            parts.append("The search took too long and was cut short; narrow it down.")
        if result.total == 0:
            if scoped:
                parts.append("The filters hide every match: clear them to see all.")
            parts.append(SYNTAX_HELP)
        return " ".join(parts)

    def _open_top(self) -> None:
        if self.model.rowCount():
            index = self.view.currentIndex() if self.view.currentIndex().isValid() else self.model.index(0, 0)
            self.open_record.emit(index.data(ID_ROLE))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.moved_to(self.view, current):
            self.current_changed.emit(current.data(ID_ROLE))

    def selected_ids(self) -> list[str]:
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        return [i.data(ID_ROLE) for i in rows]

    def all_ids(self) -> list[str]:
        return [h.id for h in self.model.hits]

    def main_view(self) -> QAbstractItemView:
        return self.view

    def set_history(self, queries: list[str]) -> None:
        self.history = list(queries)

    def _suggest(self, text: str) -> None:
        self.completion_model.clear()
        prefix = text.strip()
        if not prefix:
            self._popup().hide()
            return
        folded = prefix.lower()
        for query in [q for q in self.history if q.lower().startswith(folded) and q.lower() != folded][:3]:
            item = QStandardItem(f"↺ {query}")
            item.setData(f"search:{query}", ID_ROLE)
            self.completion_model.appendRow(item)
        completions = self.complete_source(prefix) if self.complete_source else []
        for c in completions:
            item = QStandardItem(f"{c.title}  ·  {TYPE_LABELS.get(c.type, c.type)}")
            item.setData(c.id, ID_ROLE)
            self.completion_model.appendRow(item)
        if self.completion_model.rowCount():
            self.completer.complete()
        else:
            self._popup().hide()

    def _completions(self, complete: Callable[[str, int], list[Completion]], prefix: str) -> list[Completion]:
        if not self.is_ready():
            return []
        try:
            return complete(prefix, 8)
        except KbError:
            return []

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # a QCompleter always has its popup
        return popup

    def _on_completion(self, index: QModelIndex) -> None:
        target = index.data(ID_ROLE) or ""
        self._popup().hide()
        if target.startswith("search:"):
            self.box.setText(target[len("search:") :])
        elif target:
            self.open_record.emit(target)
