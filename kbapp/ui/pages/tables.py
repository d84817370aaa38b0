"""The table pages: catalogue, glossary, standards and bookmarks, each a sortable,
filterable table over a lazily fetching model, described by a ``TableSpec``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRegularExpression, QSortFilterProxyModel, Qt
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from kbapp.domain.ids import RecordKind, key_of, kind_of
from kbapp.domain.labels import origin_label
from kbapp.present.shown_list import ShownList
from kbapp.services.changes import Changes
from kbapp.storage.repository import Repository
from kbapp.storage.userdata import UserData
from kbapp.ui.models.records import FILTER_ROLE, ID_ROLE, SORT_ROLE, RecordTableModel
from kbapp.ui.pages.base import Page, RepoGetter
from kbapp.ui.pages.table_rows import RowFitter
from kbapp.ui.render import TYPE_LABELS


@dataclass(frozen=True)
class TableSpec:
    title: str
    columns: list[tuple[str, str]]  # (header, field)
    placeholder: str
    kinds: frozenset[RecordKind]
    ids: Callable[[Repository], list[str]] | None = None  # None: the page is given its ids
    wrap: bool = False
    stretch: tuple[int, ...] = ()
    max_chars: int = 60  # the most characters a column takes, so that widths grow with the text
    widths: tuple[tuple[int, int], ...] = ()  # (column, max_chars for it), where not max_chars
    narrowest: int = 18  # characters a stretched column keeps before the table scrolls sideways
    sort_column: int = -1
    refresh_on_any_change: bool = False
    shows_later_editions: bool = False  # the catalogue's later editions of the paper's standards


def _glossary_ids(repo: Repository) -> list[str]:
    return sorted(
        repo.views.ids(RecordKind.TERM) + repo.views.ids(RecordKind.ABBREVIATION), key=lambda i: key_of(i).lower()
    )


CATALOGUE = TableSpec(
    "Catalogue",
    [
        ("Title", "title"),
        ("Published", "published"),
        ("Body", "body_short"),
        ("Category", "category"),
        ("Origin", "origin"),
    ],
    "Filter the catalogue: title, description, body, category, year…",
    frozenset({RecordKind.RESOURCE}),
    ids=lambda repo: repo.views.ids(RecordKind.RESOURCE),
    # The title takes the width the others leave, so that every column is in sight at 1280 px.
    stretch=(0,),
    widths=((2, 11), (3, 15)),
    narrowest=30,  # a title, before the columns after it
)
GLOSSARY = TableSpec(
    "Glossary",
    [
        ("Term", "title"),
        ("Abbr.", "abbreviation"),
        ("Informal definition", "definition"),
        ("ITIL definition", "itil_definition"),
        ("Publication", "itil_publication"),
    ],
    "Filter terms and abbreviations…",
    frozenset({RecordKind.TERM, RecordKind.ABBREVIATION}),
    ids=_glossary_ids,
    wrap=True,
    stretch=(2, 3),
    max_chars=30,
    sort_column=0,
)
STANDARDS = TableSpec(
    "Standards",
    [
        ("Standard", "designation"),
        ("Published edition in the catalogue", "catalogue_editions"),
        ("Current in the knowledge base", "current_edition"),
        ("Year", "year"),
        ("Status in 2009 (the paper)", "status"),
        ("Expected then", "expected_publication"),
        ("Title", "standard_title"),
    ],
    "Filter the standards…",
    frozenset({RecordKind.STANDARD}),
    ids=lambda repo: repo.views.ids(RecordKind.STANDARD),
    shows_later_editions=True,
)
BOOKMARKS = TableSpec(
    "Bookmarks",
    [("Bookmarked record", "title"), ("Type", "kind_label"), ("Bookmarked", "bookmarked"), ("Note", "note")],
    "Filter bookmarks…",
    frozenset(),
    refresh_on_any_change=True,  # a bookmark may be of any kind
    stretch=(0, 3),  # the title and the note share the width; the full note is in its tooltip
    narrowest=24,
)


def table_model(spec: TableSpec, repo_getter: RepoGetter, icons: Callable[[str], QIcon], parent) -> RecordTableModel:
    def fetch(ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = repo_getter().views.summaries(ids)
        for row in rows.values():
            row.setdefault("definition", row.get("informal_definition") or row.get("expansion"))
            row["kind_label"] = TYPE_LABELS.get(row["type"], row["type"])
            if row["type"] == RecordKind.RESOURCE:
                row["origin"] = origin_label(row.get("source"), row.get("replaces"), row.get("local"))
                row["body_short"] = row.get("authoring_body_abbr") or row.get("authoring_body")
            elif row["type"] == RecordKind.ABBREVIATION:
                row["abbreviation"] = None  # its title is the abbreviation: the Abbr. column need not repeat it
        return rows

    model = RecordTableModel(spec.columns, fetch, parent)
    model.icons = icons
    return model


RANK_UP_TO = 5000  # rows a filter ranks as it is typed; a larger table keeps its column's order


class RankedFilter(QSortFilterProxyModel):
    """While a filter is typed, the rows whose first column is the text come first, then
    those that start with it, then those that hold it, then the rest (a match in another
    column), each group in the column's order: ``risk`` puts Risk first."""

    query = ""

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # type: ignore[override]
        if self.query and left.column() == 0:
            ranks = self._rank(left), self._rank(right)
            if ranks[0] != ranks[1]:
                first = ranks[0] < ranks[1]
                return first if self.sortOrder() == Qt.SortOrder.AscendingOrder else not first
        return super().lessThan(left, right)

    def _rank(self, index: QModelIndex) -> int:
        title = " ".join(str(index.data(Qt.ItemDataRole.DisplayRole) or "").lower().split())
        if title == self.query:
            return 0
        if title.startswith(self.query):
            return 1
        return 2 if self.query in title else 3


def day_text(stamp: str | None) -> str:
    """``2026-12-02T06:10:05+00:00`` as ``2 Dec 2026``."""
    try:
        when = datetime.fromisoformat(stamp or "")
    except ValueError:
        return stamp or ""
    return f"{when.day} {when:%b %Y}"


class RecordTablePage(Page):
    """A sortable, filterable table of records over a lazily fetching model."""

    def __init__(
        self, spec: TableSpec, repo_getter: RepoGetter, icons: Callable[[str], QIcon], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.title = spec.title
        self.kinds = spec.kinds
        self.shows_later_editions = spec.shows_later_editions
        self.id_source: Callable[[], list[str]] | None = None  # for pages given their ids
        model = table_model(spec, repo_getter, icons, self)
        name, placeholder = spec.title, spec.placeholder
        wrap, stretch = spec.wrap, spec.stretch
        self.model = model
        self.proxy = RankedFilter(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterRole(FILTER_ROLE)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(f"Filter {name}")
        self.filter.textChanged.connect(self._on_filter)
        self.filter.installEventFilter(self)  # Escape clears it
        self.count = QLabel(self)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.viewport().installEventFilter(self)
        self.view.setAccessibleName(name)
        self.view.setSortingEnabled(True)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(wrap)
        self.view.verticalHeader().hide()
        # A table with long text columns stretches those; a stretched last section would
        # also be left out when the columns are fitted to their contents.
        self.view.horizontalHeader().setStretchLastSection(not spec.stretch)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.activated.connect(lambda index: self.open_record.emit(index.data(ID_ROLE)))
        self.wrap = wrap
        self.rows = RowFitter(self.view) if wrap else None
        self.stretch = stretch
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

    def load(self, repo: Repository) -> None:
        self.remember_editions(repo)
        if self.spec.ids is not None:
            self.set_ids(self.spec.ids(repo))
        elif self.id_source is not None:
            self.set_ids(self.id_source())
        if self.spec.sort_column >= 0:
            self.view.sortByColumn(self.spec.sort_column, Qt.SortOrder.AscendingOrder)

    def refresh(self, changes: Changes, repo: Repository) -> None:
        if self.spec.refresh_on_any_change and changes.kinds:
            self.load(repo)
        else:
            super().refresh(changes, repo)

    def show_bookmarks(self, userdata: UserData) -> None:
        """List the user's bookmarks, under the titles they were saved with when their
        records are no longer in the knowledge base."""
        self.id_source = lambda: [b["record_id"] for b in userdata.bookmarks()]
        self.model.last_title = userdata.bookmark_title
        fetch = self.model.fetch

        def with_dates(ids: list[str]) -> dict[str, dict[str, Any]]:
            rows = fetch(ids)
            marks = {b["record_id"]: b for b in userdata.bookmarks()}
            for typed_id, row in rows.items():
                mark = marks.get(typed_id, {})
                row["bookmarked"] = day_text(mark.get("added_at"))
                row["note"] = mark.get("note") or ""  # shown on one line, whole in the tooltip
            return rows

        self.model.fetch = with_dates

    def set_ids(self, ids: list[str]) -> None:
        self.model.set_ids(ids)
        self.refit()

    def main_view(self) -> QAbstractItemView:
        return self.view

    def fit(self) -> None:
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount()):
            if column not in self.stretch:
                chars = dict(self.spec.widths).get(column, self.spec.max_chars)
                widest = chars * self.view.fontMetrics().averageCharWidth() + 16
                header.resizeSection(column, min(header.sectionSize(column), widest))
        self._share_width(refit=True)
        if self.rows:
            self.rows.fit()
        self._update_count()

    def _share_width(self, refit: bool = False) -> None:
        """Long text columns share the width the others leave, while each gets enough to
        read; in a narrower window they keep that much and the table scrolls sideways."""
        if not self.stretch:
            return
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(self.model.columnCount()) if c not in self.stretch)
        room = self.view.viewport().width() - others >= len(self.stretch) * self.min_stretch()
        for column in self.stretch:
            if room:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            elif refit or header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, self.min_stretch())

    def min_stretch(self) -> int:
        return self.view.fontMetrics().averageCharWidth() * self.spec.narrowest

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._share_width()  # the viewport's own width, once the view has it
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and self.filter.text():
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                self.filter.clear()
                return True
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.rows:
            self.rows.fit()

    def _on_filter(self, text: str) -> None:
        pattern = QRegularExpression.escape(text.strip())
        self.proxy.query = " ".join(text.lower().split())
        self.proxy.setFilterRegularExpression(
            QRegularExpression(pattern, QRegularExpression.PatternOption.CaseInsensitiveOption)
        )
        column = self.proxy.sortColumn()
        rankable = self.model.rowCount() <= RANK_UP_TO  # ranking reads every row, on every key
        if rankable and self.proxy.query and column in (-1, 0):
            self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the best matches first
        elif rankable and not self.proxy.query and column == 0 and self.spec.sort_column != 0:
            self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # back to the source's order
        if rankable and self.proxy.sortColumn() == 0:
            self.proxy.invalidate()  # sorted by this column already: sorted again, by the new ranks
        if self.rows:
            self.rows.fit()
        self._update_count()

    def _update_count(self, *args) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == 0 and total and self.filter.text().strip():
            self.count.setText(
                f"Nothing in the {self.title.lower()} holds “{self.filter.text().strip()}”. "
                f"Escape clears the filter; Ctrl+K searches everything."
            )
        else:
            self.count.setText(f"{shown} of {total}" if shown != total else f"{total} entries")

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.moved_to(self.view, current):
            self.current_changed.emit(current.data(ID_ROLE))

    def selected_ids(self) -> list[str]:
        """Checked rows first (a long list is easier to tick), then the selected rows."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        picked = self.model.checked_ids() + [i.data(ID_ROLE) for i in rows]
        return list(dict.fromkeys(picked))

    def all_ids(self) -> list[str]:
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in range(self.proxy.rowCount())]

    def shown_list(self) -> ShownList:
        """The rows in the order and with the filter shown, each column as it reads."""
        headers = [self.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(self.proxy.columnCount())]
        fields = [f for _, f in self.model.columns]
        label_column = fields.index("title") if "title" in fields else 0
        rows = []
        for r in range(self.proxy.rowCount()):
            typed_id = self.proxy.index(r, 0).data(ID_ROLE)
            cells = {h: self.proxy.index(r, c).data() or "" for c, h in enumerate(headers)}
            label = self.proxy.index(r, label_column).data() or ""
            rows.append({"rank": r + 1, "type": kind_of(typed_id), "id": typed_id, "label": label, **cells})
        text = self.filter.text().strip()
        return ShownList(self.title, headers, rows, text or None, {"filter": text} if text else {})

    def select_id(self, typed_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == typed_id:
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                return True
        return False
