"""The search page's filters: facet lists with live counts, and a year range."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QWidget

from kbapp.search.results import YearRange
from kbapp.ui.plain import literal
from kbapp.ui.render import TYPE_LABELS

FACET_TITLES = {"type": "Type", "category": "Category", "body": "Authoring body", "origin": "Origin"}
ANY = "any"
VISIBLE_VALUES = 7  # lines of a facet list in sight before it scrolls


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
        self._fit_height()
        self.setWordWrap(True)  # a long body or category wraps whole, never cut mid-word
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _fit_height(self) -> None:
        """Room for about seven values at any text size (a fixed height showed three at
        200%), and never fewer than three: the facets scroll as a whole before that."""
        line = self.fontMetrics().lineSpacing()
        self.setMaximumHeight(line * VISIBLE_VALUES + 8)
        self.setMinimumHeight(line * 3 + 8)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()

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


class YearRangeBoxes(QWidget):
    """From and To year boxes, "any" leaving an end open. A ``year:`` filter typed in
    the query is shown in them, greyed, since the query's range is the one that holds."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year_from = QComboBox(self)
        self.year_to = QComboBox(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.year_from)
        layout.addWidget(QLabel("to", self))
        layout.addWidget(self.year_to)
        for combo, name in ((self.year_from, "From year"), (self.year_to, "To year")):
            combo.setAccessibleName(name)
            combo.addItem(ANY)
            combo.currentIndexChanged.connect(self._on_changed)
        self._known: list[str] = []
        self.typed: YearRange | None = None
        self._chosen = (ANY, ANY)  # what the user picked, given back once the query's range goes

    def chosen(self) -> YearRange | None:
        """The range picked in the boxes; None while a typed ``year:`` holds, or for any to any."""
        if self.typed is not None:
            return None
        lo, hi = (None if c.currentText() == ANY else int(c.currentText()) for c in (self.year_from, self.year_to))
        if lo is None and hi is None:
            return None
        return (min(lo, hi), max(lo, hi)) if lo is not None and hi is not None else (lo, hi)

    def reset(self) -> None:
        self._chosen = (ANY, ANY)
        if self.typed is None:
            self._show(ANY, ANY)

    def set_known(self, years: list[str]) -> None:
        """Offer these years (those the results hold), beside any already offered."""
        known = sorted(set(years) | set(self._known), reverse=True)
        if known != self._known:
            self._known = known
            self._show(self.year_from.currentText(), self.year_to.currentText())

    def show_typed(self, years: YearRange | None) -> None:
        """Show the range a ``year:`` in the query asks for, or give the boxes back."""
        if years == self.typed:
            return
        if self.typed is None:
            self._chosen = (self.year_from.currentText(), self.year_to.currentText())
        self.typed = years
        if years is None:
            self._show(*self._chosen)
        else:
            self._show(*(ANY if end is None else str(end) for end in years))
        for combo in (self.year_from, self.year_to):
            combo.setEnabled(years is None)
            combo.setToolTip("Set by the year: filter in the search box" if years is not None else "")

    def _show(self, lo: str, hi: str) -> None:
        typed = [str(end) for end in self.typed or () if end is not None]
        offered = sorted(set(self._known) | set(typed), reverse=True)
        for combo, value in ((self.year_from, lo), (self.year_to, hi)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ANY)
            combo.addItems(offered)
            combo.setCurrentText(value if value in offered else ANY)
            combo.blockSignals(False)

    def _on_changed(self) -> None:
        if self.typed is None:
            self.changed.emit()
