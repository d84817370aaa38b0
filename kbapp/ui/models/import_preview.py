"""An import's preview as a table: one row per added entry, per changed field and (on
request) per unchanged entry, with the old value beside the new."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kbapp.domain.catalogue_diff import (
    ADDED,
    CHANGED,
    REMOVED,
    STATUSES,
    EntryPreview,
    FieldChange,
    ImportPreview,
    first_difference,
)
from kbapp.domain.catalogue_rules import NEW_EDITION, SAME_ID, SAME_TITLE
from kbapp.ui.plain import literal

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Change", "Line", "Resource", "Field", "Old value", "New value", "Matched by")
STATUS_TEXT = {status: status.capitalize() for status in STATUSES}
OLD, NEW, MATCHED_BY = COLUMNS.index("Old value"), COLUMNS.index("New value"), COLUMNS.index("Matched by")
RULE_SHORT = {SAME_ID: "same id", SAME_TITLE: "same title", NEW_EDITION: "title, new issue"}  # the tooltip says all
ONE_LINE = 120  # characters of a value shown in its cell; the whole value is in the tooltip and below


@dataclass(frozen=True)
class PreviewRow:
    entry: EntryPreview
    change: FieldChange | None = None  # None: the entry as a whole (added or unchanged)


def preview_rows(preview: ImportPreview, show_unchanged: bool = False) -> list[PreviewRow]:
    rows: list[PreviewRow] = []
    for status in STATUSES:
        for entry in preview.of(status):
            if status == CHANGED:
                rows += [PreviewRow(entry, change) for change in entry.changes]
            elif status != "unchanged" or show_unchanged:
                rows.append(PreviewRow(entry))
    return rows


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ONE_LINE else text[: ONE_LINE - 1] + "…"


class ImportPreviewModel(QAbstractTableModel):
    def __init__(self, preview: ImportPreview, parent=None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.show_unchanged = False
        self.rows = preview_rows(preview)

    def set_show_unchanged(self, on: bool) -> None:
        self.beginResetModel()
        self.show_unchanged = on
        self.rows = preview_rows(self.preview, on)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def cell(self, row: int, column: int) -> str:
        """The whole text of a cell, as the detail below the table shows it."""
        entry, change = self.rows[row].entry, self.rows[row].change
        if column == 0:
            return STATUS_TEXT[entry.status]
        if column == 1:
            return str(entry.line or "")
        if column == 2:
            return entry.title
        if column == 3:
            return change.label if change else ("the whole entry" if entry.status in (ADDED, REMOVED) else "")
        if column == 4:
            return change.old if change else ""
        if column == 5:
            return change.new if change else ""
        if entry.rule and entry.old_title:
            return f"{entry.rule} (was “{entry.old_title}”)"
        return entry.rule

    def _shown(self, row: int, column: int) -> str:
        change = self.rows[row].change
        if column == MATCHED_BY:
            return RULE_SHORT.get(self.rows[row].entry.rule, self.rows[row].entry.rule)
        if change and column in (OLD, NEW):
            # A long text's cell shows its first line that differs, not an opening both share.
            return _one_line(first_difference(change.old, change.new)[column - OLD])
        return _one_line(self.cell(row, column))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or not 0 <= index.column() < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.cell(index.row(), index.column())
            return literal(text) if text else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
