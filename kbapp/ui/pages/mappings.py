"""The mappings page: ISO/IEC clauses → ITIL (a tree with inherited references and
gaps), and ITIL → clauses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kbapp.domain.crosswalk import CrosswalkTable
from kbapp.domain.errors import KbError
from kbapp.domain.ids import RecordKind, key_of, kind_of
from kbapp.domain.labels import clause_label, count_text
from kbapp.domain.mapping_rules import ANNEX_A_STANDARD, EDITIONS_NOTE, annex_a
from kbapp.storage.repository import Repository
from kbapp.ui.models.mappings import ClauseTreeModel, ItilTargetsModel, ReverseMappingModel
from kbapp.ui.models.records import ID_ROLE
from kbapp.ui.pages.base import Page, RepoGetter
from kbapp.ui.pages.edition_selector import EditionSelector

TREE_CHARS = (27, 53)  # the clause (with its indent) and title columns, in characters
TREE_CHARS_COMPARED = (22, 24, 24)  # and the counterparts in the edition compared


class MappingsPage(Page):
    """ISO/IEC clauses → ITIL (a tree with inherited references and gaps), and ITIL → clauses."""

    title = "Mappings"
    kinds = frozenset({RecordKind.MAPPING})
    shows_later_editions = True  # one in the catalogue supersedes the tables' edition
    coverage_requested = Signal()

    def __init__(
        self,
        repo_getter: RepoGetter,
        parent: QWidget | None = None,
        crosswalk_tables: Callable[[], list[CrosswalkTable]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo_getter = repo_getter
        self.selector = EditionSelector(crosswalk_tables, self)
        self.selector.changed.connect(self._show_tree)
        self._trees: dict[str, list[dict[str, Any]]] = {}
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Mapping direction")

        self.tree = QTreeView(self)
        self.tree.setAccessibleName("ISO/IEC clauses and their ITIL references")
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.tree.activated.connect(self._on_activated)
        self.legend = QLabel(
            "Grey italic: inherited from the parent clause. Red: no ITIL reference at all (a gap). "
            "Coverage counts a top-level clause and the clauses within it.",
            self,
        )
        self.legend.setWordWrap(True)
        self.editions = QLabel(EDITIONS_NOTE, self)
        self.editions.setWordWrap(True)
        self.filter = QLineEdit(self)  # Ctrl+F comes here, as to a table's filter
        self.filter.setPlaceholderText("Go to clause: 4.2.1, 10.1.2 or A.10.1.2, then Enter")
        self.filter.setAccessibleName("Go to clause")
        self.filter.setClearButtonEnabled(True)
        self.filter.returnPressed.connect(lambda: self.go_to_clause(self.filter.text()))
        self.found = QLabel(self)
        self.found.setWordWrap(True)
        forward = QWidget(self)
        fl = QVBoxLayout(forward)
        fl.addWidget(self.editions)
        fl.addWidget(self.selector)
        fl.addWidget(self.filter)
        fl.addWidget(self.found)
        fl.addWidget(self.tree, 1)
        fl.addWidget(self.legend)
        self.coverage_button = QPushButton("Export the coverage report…", self)
        self.coverage_button.setToolTip("Per top-level clause: references of its own, inherited and missing; the gaps")
        self.coverage_button.clicked.connect(self.coverage_requested.emit)
        fl.addWidget(self.coverage_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.targets_view = QTableView(self)
        self.targets_view.setAccessibleName("ITIL sections")
        self.reverse_view = QTableView(self)
        self.reverse_view.setAccessibleName("Clauses that map to the ITIL section")
        for view in (self.targets_view, self.reverse_view):
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.verticalHeader().hide()
            view.horizontalHeader().setStretchLastSection(True)
            view.setAlternatingRowColors(True)
        self.targets_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reverse_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.targets_filter = QLineEdit(self)
        self.targets_filter.setPlaceholderText("Filter ITIL sections: 4.6, Service Design, availability…")
        self.targets_filter.setAccessibleName("Filter ITIL sections")
        self.targets_filter.setClearButtonEnabled(True)
        self.targets_proxy = QSortFilterProxyModel(self)
        self.targets_proxy.setFilterKeyColumn(-1)
        self.targets_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.targets_filter.textChanged.connect(self.targets_proxy.setFilterFixedString)
        self.reverse_title = QLabel("Pick an ITIL section to see every clause that maps to it.", self)
        self.reverse_title.setWordWrap(True)
        reverse = QSplitter(Qt.Orientation.Vertical, self)
        for label, view in ((self.targets_filter, self.targets_view), (self.reverse_title, self.reverse_view)):
            part = QWidget(self)
            pl = QVBoxLayout(part)
            pl.setContentsMargins(0, 0, 0, 0)
            pl.addWidget(label)
            pl.addWidget(view, 1)
            reverse.addWidget(part)

        self.tabs.addTab(forward, "ISO/IEC → ITIL")
        self.tabs.addTab(reverse, "ITIL → ISO/IEC")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.tree_model: ClauseTreeModel | None = None
        self.targets_model: ItilTargetsModel | None = None
        self.reverse_model = ReverseMappingModel(self)
        self.reverse_view.setModel(self.reverse_model)
        self.reverse_view.selectionModel().currentRowChanged.connect(self._on_current)
        self.reverse_view.activated.connect(lambda i: self.open_record.emit(i.data(ID_ROLE)))

    def load(self, repo: Repository) -> None:
        self.remember_editions(repo)
        self._trees = {s: repo.mappings.clause_tree(s) for s in ("ISO/IEC 27001", "ISO/IEC 27002")}
        self.selector.reload()
        self._show_tree()
        self.targets_model = ItilTargetsModel(repo.mappings.itil_targets(), self)
        self.targets_proxy.setSourceModel(self.targets_model)
        self.targets_view.setModel(self.targets_proxy)
        self.targets_view.resizeColumnsToContents()
        self.targets_view.selectionModel().currentRowChanged.connect(self._on_target)

    def reload_crosswalks(self) -> None:
        """The loaded crosswalk tables changed: the selector and the compared column follow."""
        self.selector.reload()
        self._show_tree()

    def _show_tree(self) -> None:
        current = self.current_id()
        compared = self.selector.edition()
        self.tree_model = ClauseTreeModel(self._trees, self, compared, self.selector.counterparts(self._trees))
        self.tree.setModel(self.tree_model)
        self.tree.expandToDepth(0)
        self.fit_tree()
        self.tree.selectionModel().currentRowChanged.connect(self._on_current)
        if current and (item := self.tree_model.clause_items.get(key_of(current))) is not None:
            self.tree.setCurrentIndex(item.index())  # the clause the user was on, compared

    def _on_activated(self, index: QModelIndex) -> None:
        if index.data(ID_ROLE):
            self.open_record.emit(index.data(ID_ROLE))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        view = next((v for v in (self.tree, self.reverse_view) if v.model() is current.model()), None)
        typed_id = current.siblingAtColumn(0).data(ID_ROLE) if view and self.moved_to(view, current) else None
        if typed_id:
            self.current_changed.emit(typed_id)

    def _on_target(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_itil(current.siblingAtColumn(0).data(ID_ROLE))

    def follow(self, target: str) -> bool:
        """Show a link's target: ``itil:SD 4.6.4.3`` or ``mappings:ISO/IEC 27002``. False if it is neither."""
        if kind_of(target) == "itil":
            self.show_itil(key_of(target))
        elif kind_of(target) == "mappings":
            self.show_standard(key_of(target))
        else:
            return False
        return True

    def show_itil(self, reference: str) -> bool:
        """Open the reverse view on an ITIL section such as 'SD 4.6.4.3'."""
        self.tabs.setCurrentIndex(1)
        try:
            result = self.repo_getter().mappings.map_itil(reference)
        except KbError:
            self.reverse_model.show(None)
            self.reverse_title.setText(f"No clause maps to {reference}.")
            return False
        if self.targets_model is not None:
            row = self.targets_model.row_of(reference)
            shown = self.targets_proxy.mapFromSource(self.targets_model.index(row, 0)).row() if row >= 0 else -1
            if shown >= 0 and self.targets_view.currentIndex().row() != shown:
                self.targets_view.blockSignals(True)
                self.targets_view.selectRow(shown)
                self.targets_view.blockSignals(False)
        name = f" ({result['publication_name']})" if result["publication_name"] else ""
        direct = sum(1 for c in result["clauses"] if not c["inherited"])
        inherited = len(result["clauses"]) - direct
        self.reverse_title.setText(
            f"{result['publication']}{name} {result['section']} {' / '.join(result['titles'])}: "
            f"{count_text(direct, 'clause')} {'maps' if direct == 1 else 'map'} here directly, "
            f"{inherited} by inheritance."
        )
        self.reverse_model.show(result)
        self.reverse_view.resizeColumnsToContents()
        return True

    def go_to_clause(self, text: str) -> bool:
        """Select the clause ``text`` names (``4.2.1``, ``27002 10.1.2``, ``A.10.1.2``) and
        move to it; say where else the number is, or that there is no such clause."""
        clause, standard = text.strip(), None
        control = annex_a(clause)
        if control:
            clause, standard = control.clause, ANNEX_A_STANDARD
        elif (parts := clause.split()) and len(parts) == 2 and parts[0].removeprefix("ISO/IEC").isdigit():
            standard, clause = parts
        try:
            found = self.repo_getter().mappings.map_clause(clause, standard)
        except KbError as exc:
            self.found.setText(str(exc).split(";")[0].capitalize() + ".")
            return False
        first = found[0]
        item = self.tree_model.clause_items.get(key_of(first["id"])) if self.tree_model else None
        if item is None:
            return False
        index = item.index()
        self.tabs.setCurrentIndex(0)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.tree.setCurrentIndex(index)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        also = [clause_label(r["standard"], r["clause"]) for r in found[1:]]
        said = control.explanation + ". " if control else ""
        self.found.setText(said + (f"Also: {', '.join(also)} (name the standard: 27002 {clause})." if also else ""))
        return True

    def show_standard(self, standard: str) -> None:
        self.tabs.setCurrentIndex(0)
        if self.tree_model is None:
            return
        for row in range(self.tree_model.rowCount()):
            index = self.tree_model.index(row, 0)
            if index.data() == standard:
                self.tree.expand(index)
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)

    def selected_ids(self) -> list[str]:
        view = self.tree if self.tabs.currentIndex() == 0 else self.reverse_view
        ids = []
        for index in view.selectionModel().selectedRows():
            typed_id = index.siblingAtColumn(0).data(ID_ROLE)
            if typed_id and kind_of(typed_id) == RecordKind.MAPPING and typed_id not in ids:
                ids.append(typed_id)
        return ids

    def all_ids(self) -> list[str]:
        if self.tabs.currentIndex() == 1:
            return [self.reverse_model.item(r, 0).data(ID_ROLE) for r in range(self.reverse_model.rowCount())]
        return self.repo_getter().views.ids(RecordKind.MAPPING)

    def fit(self) -> None:
        self.fit_tree()
        for view in (self.targets_view, self.reverse_view):
            view.resizeColumnsToContents()

    def fit_tree(self) -> None:
        """Clause and title columns in characters, so they grow with the text; the coverage
        counts whole at any text size."""
        chars = self.tree.fontMetrics().averageCharWidth()
        compared = self.tree_model is not None and self.tree_model.counterparts is not None
        for column, width in enumerate(TREE_CHARS_COMPARED if compared else TREE_CHARS):
            self.tree.setColumnWidth(column, chars * width)
        self.tree.resizeColumnToContents(self.tree_model.coverage_column() if self.tree_model else 2)

    def main_view(self) -> QAbstractItemView:
        return self.tree if self.tabs.currentIndex() == 0 else self.reverse_view
