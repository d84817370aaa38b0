"""The Mappings view's edition selector: compare the white paper's clauses (2005) with
another edition that the loaded crosswalk tables reach, their counterparts shown
beside the ITIL references. kbapp ships no table, so with none loaded it says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from kbapp.domain.crosswalk import CrosswalkTable
from kbapp.present.crosswalk import counterparts
from kbapp.services.crosswalks import editions_loaded

NONE_LOADED = "No crosswalk table is loaded; kbapp ships none (kbapp crosswalk import FILE.csv)"
NOT_COMPARED = "Only the white paper's 2005 edition"


class EditionSelector(QWidget):
    changed = Signal()  # another edition, or none, is compared

    def __init__(self, tables: Callable[[], list[CrosswalkTable]] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tables_source = tables
        self.tables: list[CrosswalkTable] = []
        self.combo = QComboBox(self)
        self.combo.setAccessibleName("Compare with edition")
        self.combo.setToolTip(
            "Show each clause's counterparts in another edition, from the crosswalk tables you loaded"
        )
        label = QLabel("&Compare with:", self)
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo, 1)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def reload(self) -> None:
        """Read the loaded tables again, keeping the edition compared if it is still there."""
        self.tables = self.tables_source() if self.tables_source else []
        kept = self.edition()
        self.combo.blockSignals(True)
        self.combo.clear()
        editions = editions_loaded(self.tables)
        self.combo.addItem(NOT_COMPARED if editions else NONE_LOADED, None)
        for standard, year in editions:
            self.combo.addItem(f"{standard}:{year}", f"{standard}:{year}")
        self.combo.setEnabled(bool(editions))
        if kept is not None and (at := self.combo.findData(kept)) >= 0:
            self.combo.setCurrentIndex(at)
        self.combo.blockSignals(False)

    def edition(self) -> str | None:
        return self.combo.currentData()

    def counterparts(self, trees: dict[str, list[dict[str, Any]]]) -> dict[str, tuple[str, str]] | None:
        edition = self.edition()
        return counterparts(self.tables, trees, edition) if edition else None
