"""Table pages (catalogue, glossary, standards, bookmarks) and the mappings page."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRegularExpression, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kbapp.ui.models.mappings import ClauseTreeModel, ItilTargetsModel, ReverseMappingModel
from kbapp.ui.models.records import FILTER_ROLE, ID_ROLE, SORT_ROLE, RecordTableModel


class RecordTablePage(QWidget):
    """A sortable, filterable table of records over a lazily fetching model."""

    current_changed = Signal(str)
    open_record = Signal(str)

    def __init__(
        self,
        name: str,
        model: RecordTableModel,
        placeholder: str,
        wrap: bool = False,
        stretch: tuple[int, ...] = (),
        max_width: int = 380,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
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
        self.count = QLabel(self)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(name)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(wrap)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.activated.connect(lambda index: self.open_record.emit(index.data(ID_ROLE)))
        self.wrap = wrap
        self.stretch = stretch
        self.max_width = max_width
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

    def set_ids(self, ids: list[str]) -> None:
        self.model.set_ids(ids)
        self._fit()

    def _fit(self) -> None:
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount()):
            if column in self.stretch:
                # Long text columns share the width left over and wrap.
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.resizeSection(column, min(header.sectionSize(column), self.max_width))
        if self.stretch:
            header.setStretchLastSection(False)
        if self.wrap:
            self.view.resizeRowsToContents()
        self._update_count()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.wrap:
            self.view.resizeRowsToContents()

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def _on_filter(self, text: str) -> None:
        pattern = QRegularExpression.escape(text.strip())
        self.proxy.setFilterRegularExpression(
            QRegularExpression(pattern, QRegularExpression.PatternOption.CaseInsensitiveOption)
        )
        if self.wrap:
            self.view.resizeRowsToContents()
        self._update_count()

    def _update_count(self, *args) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} entries")

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.current_changed.emit(current.data(ID_ROLE))

    def selected_ids(self) -> list[str]:
        """Checked rows first (a long list is easier to tick), then the selected rows."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        picked = self.model.checked_ids() + [i.data(ID_ROLE) for i in rows]
        return list(dict.fromkeys(picked))

    def all_ids(self) -> list[str]:
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in range(self.proxy.rowCount())]

    def select_id(self, typed_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == typed_id:
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                return True
        return False


class MappingsPage(QWidget):
    """ISO/IEC clauses → ITIL (a tree with inherited references and gaps), and ITIL → clauses."""

    current_changed = Signal(str)
    open_record = Signal(str)

    def __init__(self, repo_getter, parent=None) -> None:
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

    def load(self) -> None:
        repo = self.repo_getter()
        trees = {s: repo.mappings.clause_tree(s) for s in ("ISO/IEC 27001", "ISO/IEC 27002")}
        self.tree_model = ClauseTreeModel(trees, self)
        self.tree.setModel(self.tree_model)
        self.tree.expandToDepth(0)
        for column, width in enumerate((165, 320, 190)):
            self.tree.setColumnWidth(column, width)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current)
        self.tree.activated.connect(lambda i: i.data(ID_ROLE) and self.open_record.emit(i.data(ID_ROLE)))
        self.targets_model = ItilTargetsModel(repo.mappings.itil_targets(), self)
        self.targets_view.setModel(self.targets_model)
        self.targets_view.resizeColumnsToContents()
        self.targets_view.selectionModel().currentRowChanged.connect(self._on_target)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        typed_id = current.siblingAtColumn(0).data(ID_ROLE) if current.isValid() else None
        if typed_id:
            self.current_changed.emit(typed_id)

    def _on_target(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_itil(current.siblingAtColumn(0).data(ID_ROLE))

    def show_itil(self, reference: str) -> bool:
        """Open the reverse view on an ITIL section such as 'SD 4.6.4.3'."""
        self.tabs.setCurrentIndex(1)
        try:
            result = self.repo_getter().mappings.map_itil(reference)
        except Exception:
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

    def current_id(self) -> str | None:
        view = self.tree if self.tabs.currentIndex() == 0 else self.reverse_view
        index = view.currentIndex()
        typed_id = index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None
        return typed_id if typed_id and typed_id.startswith("mapping:") else None

    def selected_ids(self) -> list[str]:
        view = self.tree if self.tabs.currentIndex() == 0 else self.reverse_view
        ids = []
        for index in view.selectionModel().selectedRows():
            typed_id = index.siblingAtColumn(0).data(ID_ROLE)
            if typed_id and typed_id.startswith("mapping:") and typed_id not in ids:
                ids.append(typed_id)
        return ids

    def all_ids(self) -> list[str]:
        if self.tabs.currentIndex() == 1:
            return [self.reverse_model.item(r, 0).data(ID_ROLE) for r in range(self.reverse_model.rowCount())]
        repo = self.repo_getter()
        return repo.views.ids("mapping")
