"""The mappings page: ISO/IEC clauses → ITIL (a tree with inherited references and
gaps), and ITIL → clauses."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kbapp.domain.errors import KbError
from kbapp.domain.ids import RecordKind, key_of, kind_of
from kbapp.storage.repository import Repository
from kbapp.ui.models.mappings import ClauseTreeModel, ItilTargetsModel, ReverseMappingModel
from kbapp.ui.models.records import ID_ROLE
from kbapp.ui.pages.base import Page, RepoGetter


class MappingsPage(Page):
    """ISO/IEC clauses → ITIL (a tree with inherited references and gaps), and ITIL → clauses."""

    title = "Mappings"
    kinds = frozenset({RecordKind.MAPPING})

    def __init__(self, repo_getter: RepoGetter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo_getter = repo_getter
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Mapping direction")

        self.tree = QTreeView(self)
        self.tree.setAccessibleName("ISO/IEC clauses and their ITIL references")
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.legend = QLabel(
            "Grey italic: inherited from the parent clause. Red: no ITIL reference at all (a gap). "
            "Coverage counts a top-level clause and the clauses within it.",
            self,
        )
        self.legend.setWordWrap(True)
        forward = QWidget(self)
        fl = QVBoxLayout(forward)
        fl.addWidget(self.tree, 1)
        fl.addWidget(self.legend)

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
        self.reverse_title = QLabel("Pick an ITIL section to see every clause that maps to it.", self)
        self.reverse_title.setWordWrap(True)
        reverse = QSplitter(Qt.Orientation.Vertical, self)
        reverse.addWidget(self.targets_view)
        lower = QWidget(self)
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.reverse_title)
        ll.addWidget(self.reverse_view, 1)
        reverse.addWidget(lower)

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
        trees = {s: repo.mappings.clause_tree(s) for s in ("ISO/IEC 27001", "ISO/IEC 27002")}
        self.tree_model = ClauseTreeModel(trees, self)
        self.tree.setModel(self.tree_model)
        self.tree.expandToDepth(0)
        for column, width in enumerate((165, 320, 190)):
            self.tree.setColumnWidth(column, width)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current)
        self.tree.activated.connect(self._on_activated)
        self.targets_model = ItilTargetsModel(repo.mappings.itil_targets(), self)
        self.targets_view.setModel(self.targets_model)
        self.targets_view.resizeColumnsToContents()
        self.targets_view.selectionModel().currentRowChanged.connect(self._on_target)

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
            if row >= 0 and self.targets_view.currentIndex().row() != row:
                self.targets_view.blockSignals(True)
                self.targets_view.selectRow(row)
                self.targets_view.blockSignals(False)
        name = f" ({result['publication_name']})" if result["publication_name"] else ""
        direct = sum(1 for c in result["clauses"] if not c["inherited"])
        inherited = len(result["clauses"]) - direct
        self.reverse_title.setText(
            f"{result['publication']}{name} {result['section']} {' / '.join(result['titles'])}: "
            f"{direct} clauses map here directly, {inherited} by inheritance."
        )
        self.reverse_model.show(result)
        self.reverse_view.resizeColumnsToContents()
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

    def main_view(self) -> QAbstractItemView:
        return self.tree if self.tabs.currentIndex() == 0 else self.reverse_view
