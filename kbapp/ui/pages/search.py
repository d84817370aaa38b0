"""The search page: one box, facets with live counts, ranked results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kbapp.domain.errors import KbError
from kbapp.domain.ids import KINDS
from kbapp.present.shown_list import HIT_COLUMNS, ShownList, hit_rows
from kbapp.search.completions import Completion
from kbapp.search.results import ORDER_PHRASES, ORDERS, Filters, Hit, SearchResult, typed_years
from kbapp.storage.repository import Repository
from kbapp.ui.models.records import ID_ROLE, ResultsModel
from kbapp.ui.pages.base import Page
from kbapp.ui.pages.results_delegate import HitDelegate
from kbapp.ui.pages.search_filters import FACET_TITLES, FacetList, YearRangeBoxes
from kbapp.ui.render import TYPE_LABELS
from kbapp.ui.search_worker import SearchService

SYNTAX_HELP = (
    'Try fewer words, a "phrase", OR between alternatives, a prefix such as informa*, '
    "or a filter: type:term, category:guidance, body:NCSC, year:2015..2020."
)
RESULT_ROWS_PER_BATCH = 12  # about a screenful of results
SEARCHING_AFTER_MS = 400  # a search answers well within this; a slow one says it is under way
FACET_CHARS = 28  # the width of the facet panel, in characters, that the text size keeps
FACET_SHARE = 0.4  # of the search page's width, the most the facets take
MIN_SUGGESTIONS_WIDTH = 200  # px of facet panel the suggestions need to open over it


class SearchPage(Page):
    query_changed = Signal(str, object)  # text, filters
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
        self.order = QComboBox(self)
        self.order.setAccessibleName("Sort results")
        for key, label in ORDERS.items():
            self.order.addItem(label, key)
        self.order.setToolTip("Best match ranks by relevance; a query of filters alone comes newest first")
        self.order.currentIndexChanged.connect(self._on_filters_changed)

        self.facets = {name: FacetList(name, self) for name in ("type", "category", "body", "origin")}
        self.years = YearRangeBoxes(self)
        self.years.changed.connect(self._on_filters_changed)
        self.year_from, self.year_to = self.years.year_from, self.years.year_to
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
        facet_layout.addWidget(self.years)
        facet_layout.addWidget(self.clear_filters)
        facet_layout.addStretch(1)
        facet_panel.setMinimumWidth(220)
        # At large text the facets are taller than the window: they scroll, whole, rather
        # than each list being squeezed to a line or two.
        facet_scroll = QScrollArea(self)
        facet_scroll.setWidget(facet_panel)
        facet_scroll.setWidgetResizable(True)
        facet_scroll.setFrameShape(QFrame.Shape.NoFrame)
        facet_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.facet_panel = facet_panel

        self.model = ResultsModel(parent=self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(HitDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setUniformItemSizes(False)
        # Rows are laid out a batch at a time, so a new result paints its first rows
        # without measuring all hundred snippets first.
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(RESULT_ROWS_PER_BATCH)
        self.view.setWordWrap(True)
        self.view.setAccessibleName("Search results")
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.activated.connect(lambda index: self.open_record.emit(index.data(ID_ROLE)))

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(facet_scroll)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 600])
        self.splitter = splitter
        splitter.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        sort_label = QLabel("&Sort:", self)
        sort_label.setBuddy(self.order)
        status_row.addWidget(sort_label, 0, Qt.AlignmentFlag.AlignTop)
        status_row.addWidget(self.order, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(status_row)
        layout.addWidget(splitter, 1)

        self.box.textChanged.connect(self._on_text)
        self.box.textEdited.connect(self._suggest)
        self.box.returnPressed.connect(self._open_top)
        self.last_result: SearchResult | None = None
        # A search that has not answered after a moment says so in the status line.
        self._waiting_for: str | None = None
        self._showing_result = False
        self.searching = QTimer(self)
        self.searching.setSingleShot(True)
        self.searching.setInterval(SEARCHING_AFTER_MS)
        self.searching.timeout.connect(self._say_searching)
        self.service: SearchService | None = None
        self.is_ready: Callable[[], bool] = lambda: False

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
        service.snippets_ready.connect(self.fill_snippets)

    def load(self, repo: Repository) -> None:
        if self.service is not None:
            self.service.warm()  # the knowledge base is (again) there to search

    def _query(self, text: str, filters: Filters) -> None:
        if self.service is None or not self.is_ready():
            return
        if not text.strip():
            self.service.cancel()
            self.show_empty_query()
            return
        self.service.search(text, filters, limit=100)
        self._waiting_for = text
        self.searching.start()

    def rerun(self) -> None:
        """Search again for what the box holds, at once (the knowledge base changed)."""
        if self.box.text():
            self._query(self.box.text(), self.filters())

    # ----- filters -----

    def filters(self) -> Filters:
        return Filters(
            types=sorted(self.facets["type"].checked),
            categories=sorted(self.facets["category"].checked),
            bodies=sorted(self.facets["body"].checked),
            origins=sorted(self.facets["origin"].checked),
            years=self.years.chosen(),
            order=self.order.currentData() or "best",
        )

    def reset_filters(self) -> None:
        for facet in self.facets.values():
            facet.blockSignals(True)
            facet.clear_checks()
            facet.blockSignals(False)
        self.years.reset()
        self._emit()

    def _on_filters_changed(self) -> None:
        self._emit()

    def _on_text(self, text: str) -> None:
        self.years.show_typed(typed_years(text))
        self._emit()

    def _emit(self) -> None:
        self.query_changed.emit(self.box.text(), self.filters())

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
        self.years.set_known([y for y, _ in result.facets.get("year", [])])
        self.status.setText(self._status_text(result))
        if result.hits:
            self._showing_result = True
            self.view.setCurrentIndex(self.model.index(0, 0))
            self._showing_result = False

    def fill_snippets(self, at: int, hits: list[Hit]) -> None:
        """Snippets of the result shown, after its first paint."""
        if self.last_result is not None:
            shown = self.last_result.hits
            for i, hit in enumerate(hits, at):
                if i < len(shown) and shown[i].id == hit.id:
                    shown[i] = hit
        self.model.fill(at, hits)

    def show_empty_query(self) -> None:
        self._waiting_for = None
        self.searching.stop()
        self.last_result = None
        self.model.set_hits([])
        self.status.setText("Type to search the catalogue and the white paper. " + SYNTAX_HELP)

    def _status_text(self, result: SearchResult) -> str:
        filters = self.filters()
        scoped = bool(filters.types or filters.categories or filters.bodies or filters.origins or filters.years)
        ordered = f", {ORDER_PHRASES[result.order]}" if result.order in ORDER_PHRASES and result.hits else ""
        if result.failed:
            return "The search index could not answer: it is damaged. kbapp is rebuilding it; search again then."
        parts = [f"{reading}." for reading in result.readings]
        if result.corrected:
            parts.append(f"Showing results for “{result.corrected}” (nothing close to “{result.query}”).")
        noun = "result" if result.total == 1 else "results"
        parts.append(f"{result.total} {noun}" + (" within the filters" if scoped else "") + ordered + ".")
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
        if not self.moved_to(self.view, current):
            return
        if self._showing_result:
            # The top hit of a result, previewed once the list is painted, and not at all
            # when a newer key already waits for its own result (the typing goes on).
            QTimer.singleShot(0, self._preview_top)
        else:
            self.current_changed.emit(current.data(ID_ROLE))

    def _preview_top(self) -> None:
        current = self.view.currentIndex()
        # Not once the window has closed: what the preview reads may be closed already.
        if self.isVisible() and self._waiting_for is None and self.moved_to(self.view, current):
            self.current_changed.emit(current.data(ID_ROLE))

    def selected_ids(self) -> list[str]:
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        return [i.data(ID_ROLE) for i in rows]

    def all_ids(self) -> list[str]:
        return [h.id for h in self.model.hits]

    def shown_list(self) -> ShownList | None:
        result = self.last_result
        if result is None:
            return None
        filters = {k: v for k, v in asdict(self.filters()).items() if v not in (None, [], "")}
        query = result.corrected or result.query
        return ShownList(self.title, HIT_COLUMNS, hit_rows(self.model.hits), query, filters)

    def main_view(self) -> QAbstractItemView:
        return self.view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._keep_share)  # once the splitter has shared out its new width
        return super().eventFilter(watched, event)

    def _keep_share(self) -> None:
        """In a narrower window the results keep their share of the width."""
        sizes, most = self.splitter.sizes(), int(self.splitter.width() * FACET_SHARE)
        if len(sizes) == 2 and sizes[0] > most > 0:
            self.splitter.setSizes([most, sum(sizes) - most])

    def fit(self) -> None:
        """Widen the facets with the text, so that a body's name still fits on a line or two,
        while the results keep most of the width."""
        sizes = self.splitter.sizes()
        wanted = min(self.fontMetrics().averageCharWidth() * FACET_CHARS + 30, int(self.splitter.width() * FACET_SHARE))
        if len(sizes) == 2 and sizes[0] < wanted:
            self.splitter.setSizes([wanted, max(sizes[1] - (wanted - sizes[0]), 200)])

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
            self.completer.complete(self._suggestions_place())
        else:
            self._popup().hide()

    def _suggestions_place(self) -> QRect:
        """Where the suggestions open, in the box's coordinates: below the status line, over
        the facets, so that the result count and the hits stay in sight as one types. A
        window too narrow for that has them under the box."""
        facets_width = self.splitter.sizes()[0] if self.splitter.sizes() else 0
        if facets_width < MIN_SUGGESTIONS_WIDTH:
            return QRect()
        below_status = self.status.mapTo(self, self.status.rect().bottomLeft()).y() - self.box.y()
        return QRect(0, 0, facets_width, max(self.box.height(), below_status + 2))

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
