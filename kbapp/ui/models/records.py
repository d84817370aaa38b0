"""Qt models over the repository's records.

Views hold ids; the rows' fields are fetched from SQLite lazily, a batch at a
time, when a view first asks for them (as Anki's browser table does). Each model
gives the record back through ``RECORD_ROLE`` and its typed id through ``ID_ROLE``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from kbapp.domain.ids import kind_of
from kbapp.search.results import Hit
from kbapp.storage.working_sets import WorkingSets
from kbapp.ui.colours import secondary_brush
from kbapp.ui.plain import literal

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
FILTER_ROLE = Qt.ItemDataRole.UserRole + 4

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[list[str]], dict[str, dict[str, Any]]]
BATCH = 200
GONE = "no longer in the knowledge base"  # said of a record a removed import or a rebuild took away


class RecordHandle:
    """A row's fields, handed out through RECORD_ROLE.

    Wrapped in an object of our own: PySide would turn a bare dict into a
    QVariantMap, and dicts holding None have crashed it (a refcount error).
    """

    __slots__ = ("fields",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields


class ResultsModel(QAbstractListModel):
    """The hits of one search, best first."""

    def __init__(self, icons: Callable[[str], QIcon] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []
        self.icons = icons

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def fill(self, at: int, hits: list[Hit]) -> None:
        """Hits shown from ``at`` on, now with their snippets (the same hits, in order)."""
        changed = [i for i, hit in enumerate(hits, at) if i < len(self.hits) and self.hits[i].id == hit.id]
        for i in changed:
            self.hits[i] = hits[i - at]
        if changed:
            self.dataChanged.emit(self.index(changed[0]), self.index(changed[-1]))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal(hit.snippet)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.type}: {hit.title}"
        if role == Qt.ItemDataRole.DecorationRole and self.icons:
            return self.icons(hit.type)
        if role == RECORD_ROLE:
            return hit
        if role == ID_ROLE:
            return hit.id
        return None


class RecordTableModel(QAbstractTableModel):
    """A table of records of one or more kinds. Holds ids; fetches rows in batches."""

    def __init__(self, columns: list[tuple[str, str]], fetch: Fetch, parent=None) -> None:
        """``columns`` are (header, field) pairs; ``fetch(ids)`` returns {id: row}."""
        super().__init__(parent)
        self.columns = columns
        self.fetch = fetch
        self.ids: list[str] = []
        self.cache: dict[str, dict[str, Any]] = {}
        self.icons: Callable[[str], QIcon] | None = None
        self.checked: set[str] = set()
        # The last known title of a record that is no longer in the knowledge base (a bookmark's).
        self.last_title: Callable[[str], str | None] = lambda _typed_id: None

    def set_ids(self, ids: list[str]) -> None:
        self.beginResetModel()
        self.ids = list(ids)
        self.cache.clear()
        self.checked &= set(self.ids)
        self.endResetModel()

    def checked_ids(self) -> list[str]:
        return [i for i in self.ids if i in self.checked]

    def clear_checks(self) -> None:
        if self.checked:
            self.checked.clear()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, 0), [Qt.ItemDataRole.CheckStateRole])

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        typed_id = self.ids[index.row()]
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        if on:
            self.checked.add(typed_id)
        else:
            self.checked.discard(typed_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def row(self, row: int) -> dict[str, Any]:
        typed_id = self.ids[row]
        if typed_id not in self.cache:
            start = (row // BATCH) * BATCH
            batch = [i for i in self.ids[start : start + BATCH] if i not in self.cache]
            self.cache.update(self.fetch(batch))
            for missing in batch:
                if missing not in self.cache:
                    title = self.last_title(missing) or missing
                    self.cache[missing] = {
                        "id": missing,
                        "type": kind_of(missing),
                        "title": f"{title} ({GONE})",
                        "gone": True,
                    }
        return self.cache[typed_id]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ids) or not 0 <= index.column() < len(self.columns):
            return None
        record = self.row(index.row())
        field = self.columns[index.column()][1]
        value = record.get(field)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if value is None:
                return ""
            text = str(value)
            return " ".join(text.split()) if role == Qt.ItemDataRole.DisplayRole else literal(text)
        if role == Qt.ItemDataRole.ForegroundRole and record.get("gone"):
            return secondary_brush()
        if role == SORT_ROLE:
            return "" if value is None else (value if isinstance(value, int) else str(value).lower())
        if role == FILTER_ROLE:
            return " ".join(str(v) for v in record.values() if v is not None)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and self.icons:
            return self.icons(record.get("type", ""))
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if self.ids[index.row()] in self.checked else Qt.CheckState.Unchecked
        if role == RECORD_ROLE:
            return RecordHandle(record)
        if role == ID_ROLE:
            return self.ids[index.row()]
        return None


class SelectionListModel(QAbstractListModel):
    """The records the user has collected for export, across views: the current working
    set (storage.working_sets), kept as it changes when ``sets`` is given."""

    def __init__(self, fetch: Fetch, parent=None, sets: WorkingSets | None = None) -> None:
        super().__init__(parent)
        self.fetch = fetch
        self.sets = sets
        self.set_id: int | None = None
        self.ids: list[str] = []
        self.titles: dict[str, str] = {}  # the title each record had when it was added, or last seen
        self.notes: dict[str, str] = {}
        self.gone: set[str] = set()
        if sets is not None:
            self.show_set(sets.current().id)

    def show_set(self, set_id: int) -> None:
        """Hold the records of working set ``set_id``, which becomes the current one."""
        self.beginResetModel()
        self.set_id = set_id
        self.ids, self.titles, self.notes = [], {}, {}
        if self.sets is not None:
            self.sets.make_current(set_id)
            for item in self.sets.items(set_id):
                self.ids.append(item.record_id)
                self.titles[item.record_id] = item.title
                self.notes[item.record_id] = item.note
        self.endResetModel()

    def add(self, typed_ids: list[str]) -> int:
        new = [i for i in dict.fromkeys(typed_ids) if i not in self.ids]
        if not new:
            return 0
        rows = self.fetch(new)
        titles = {i: rows.get(i, {}).get("title", i) for i in new}
        if self.sets is not None and self.set_id is not None:
            self.sets.add(self.set_id, list(titles.items()))  # saved first: a failed write adds nothing
        self.beginInsertRows(QModelIndex(), len(self.ids), len(self.ids) + len(new) - 1)
        for i in new:
            self.ids.append(i)
            self.titles[i] = titles[i]
        self.endInsertRows()
        return len(new)

    def check_present(self) -> None:
        """Mark the records that are no longer in the knowledge base (they keep their
        last known title, and an export leaves them out with a message)."""
        rows = self.fetch(list(self.ids))
        gone = {i for i in self.ids if i not in rows}
        seen = {i: str(rows[i].get("title") or i) for i in self.ids if i in rows}
        renamed = {i: t for i, t in seen.items() if self.titles.get(i) != t}
        if renamed:
            if self.sets is not None:
                self.sets.remember_titles(renamed)
            self.titles.update(renamed)
        if gone != self.gone or renamed:
            self.gone = gone
            if self.ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, 0))

    def remove(self, typed_ids: list[str]) -> None:
        held = [i for i in typed_ids if i in self.ids]
        if self.sets is not None and self.set_id is not None and held:
            self.sets.remove(self.set_id, held)
        for typed_id in held:
            row = self.ids.index(typed_id)
            self.beginRemoveRows(QModelIndex(), row, row)
            self.ids.pop(row)
            self.endRemoveRows()

    def clear(self) -> None:
        if self.sets is not None and self.set_id is not None:
            self.sets.clear(self.set_id)
        self.beginResetModel()
        self.ids.clear()
        self.endResetModel()

    def move(self, typed_id: str, to: int) -> None:
        """Put a record at row ``to``, the others keeping their order."""
        row = self.ids.index(typed_id)
        to = max(0, min(to, len(self.ids) - 1))
        if to == row:
            return
        if self.sets is not None and self.set_id is not None:
            self.sets.move(self.set_id, typed_id, to)
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), to + 1 if to > row else to)
        self.ids.insert(to, self.ids.pop(row))
        self.endMoveRows()

    def set_note(self, typed_id: str, note: str) -> None:
        if self.sets is not None and self.set_id is not None:
            self.sets.set_note(self.set_id, typed_id, note)
        self.notes[typed_id] = note.strip()
        row = self.ids.index(typed_id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        typed_id = self.ids[index.row()]
        title = self.titles.get(typed_id, typed_id)
        note = self.notes.get(typed_id, "")
        if role == Qt.ItemDataRole.DisplayRole:
            shown = f"{title} ({GONE})" if typed_id in self.gone else title
            return f"{shown} — {' '.join(note.split())}" if note else shown
        if role == Qt.ItemDataRole.ToolTipRole:
            what = f"{typed_id}: {GONE}; an export leaves it out" if typed_id in self.gone else typed_id
            return literal(f"{what}\nYour note: {note}" if note else what)
        if role == Qt.ItemDataRole.ForegroundRole and typed_id in self.gone:
            return secondary_brush()
        if role == ID_ROLE:
            return typed_id
        return None
