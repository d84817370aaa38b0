"""The ISO/IEC clause trees beside their ITIL references, and the reverse direction."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from kbapp.domain.ids import RecordKind, record_id
from kbapp.domain.labels import INFERRED, INFERRED_WHY, inferred_references, itil_references_text
from kbapp.domain.mapping_rules import (
    MAPPED_EDITIONS,
    ClauseReferences,
    Coverage,
    clause_number,
    coverage,
    mapped_edition,
    standard_of_table,
    top_level_families,
)
from kbapp.ui.colours import gap_brush, secondary_brush
from kbapp.ui.models.records import ID_ROLE
from kbapp.ui.plain import literal

COLUMNS = ["Clause", "Title", "Coverage", "ITIL references"]


def _item(text: str, typed_id: str | None = None) -> QStandardItem:
    """An item holding text and a typed id only: Python dicts in item data have crashed PySide."""
    item = QStandardItem(text)
    item.setEditable(False)
    item.setToolTip(literal(text))
    if typed_id:
        item.setData(typed_id, ID_ROLE)
    return item


def _coverage(clauses: list[dict[str, Any]]) -> Coverage:
    """Coverage of clause rows as ``clause_tree`` gives them."""
    return coverage([ClauseReferences(c["references"], c["inherited"], c["inherited_from"]) for c in clauses])


class ClauseTreeModel(QStandardItemModel):
    """Standards → clauses (nested by number) with their own, inherited or missing references."""

    def __init__(
        self,
        trees: dict[str, list[dict[str, Any]]],
        parent=None,
        compared: str | None = None,
        counterparts: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        """``compared``: an edition (``ISO/IEC 27002:2022``) whose ``counterparts`` of
        each clause, (text, tooltip) by clause id, a column after the title shows."""
        super().__init__(parent)
        self.setHorizontalHeaderLabels(COLUMNS[:2] + ([f"In {compared}"] if compared else []) + COLUMNS[2:])
        self.counterparts = counterparts if compared else None
        self.clause_items: dict[str, QStandardItem] = {}
        root = self.invisibleRootItem()
        for standard, clauses in trees.items():
            total = _coverage(clauses)
            head = _item(standard, standard_of_table(standard))
            bold = QFont()
            bold.setBold(True)
            head.setFont(bold)
            summary = f"{total.own} own · {total.inherited} inherited · {total.gaps} gaps"
            edition = MAPPED_EDITIONS.get(standard)
            what = f"the {edition} edition, as the white paper maps it · " if edition else ""
            if clauses and clauses[0].get("superseded_by"):
                what += f"superseded by {clauses[0]['superseded_by']} · "
            blank = [_item("")] if self.counterparts is not None else []
            root.appendRow([head, _item(f"{what}{len(clauses)} clauses"), *blank, _item(summary), _item("")])
            by_id = {c["id"]: c for c in clauses}
            families = top_level_families(list(by_id), {c["id"]: c["parent_id"] for c in clauses})
            for c in clauses:
                parent_item = self.clause_items.get(c["parent_id"]) if c["parent_id"] else None
                family = [by_id[i] for i in families[c["id"]]] if c["id"] in families else None
                row = self._row(c, family)
                (parent_item or head).appendRow(row)
                self.clause_items[c["id"]] = row[0]

    def _row(self, c: dict[str, Any], family: list[dict[str, Any]] | None) -> list[QStandardItem]:
        typed_id = record_id(RecordKind.MAPPING, c["id"])
        clause = _item(c["clause"], typed_id)
        title = _item(c["title"], typed_id)
        if c["references"]:
            refs = _item(itil_references_text(c["references"]), typed_id)
        elif c["inherited"]:
            parent = clause_number(c["inherited_from"])
            refs = _item(f"(from {parent}) " + itil_references_text(c["inherited"]), typed_id)
            refs.setForeground(secondary_brush())
            italic = QFont()
            italic.setItalic(True)
            refs.setFont(italic)
        else:
            refs = _item("no ITIL reference (gap)", typed_id)
            refs.setForeground(gap_brush())
        if inferred_references(c["references"] or c["inherited"]):
            refs.setToolTip(literal(f"{refs.text()}\n\n[{INFERRED}]: {INFERRED_WHY}"))
        summary = ""
        if family is not None and len(family) > 1:
            part = _coverage(family)
            summary = f"{part.own} own · {part.inherited} inh. · {part.gaps} gaps"
        compared = []
        if self.counterparts is not None:
            text, why = self.counterparts.get(c["id"], ("", ""))
            found = _item(text, typed_id)
            found.setToolTip(literal(why))
            if not why.startswith("→"):
                found.setForeground(secondary_brush())
            compared.append(found)
        return [clause, title, *compared, _item(summary, typed_id), refs]

    def coverage_column(self) -> int:
        return 3 if self.counterparts is not None else 2


class ItilTargetsModel(QStandardItemModel):
    """ITIL publications and sections that some clause maps to."""

    def __init__(self, targets: list[dict[str, Any]], parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Publication", "Section", "Clauses", "Title"])
        for t in targets:
            key = f"{t['publication']} {t['section']}"
            items = [
                _item(f"{t['publication']} ({t['publication_name']})" if t["publication_name"] else t["publication"]),
                _item(t["section"]),
                _item(str(t["clauses"])),
                _item(t["title"]),
            ]
            for it in items:
                it.setData(key, ID_ROLE)
            items[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.invisibleRootItem().appendRow(items)

    def row_of(self, key: str) -> int:
        for row in range(self.rowCount()):
            if self.item(row, 0).data(ID_ROLE) == key:
                return row
        return -1


class ReverseMappingModel(QStandardItemModel):
    """Every clause that maps to one ITIL section, direct or inherited."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Standard", "Clause", "Title", "How"])

    def show(self, result: dict[str, Any] | None) -> None:
        self.removeRows(0, self.rowCount())
        if not result:
            return
        for c in result["clauses"]:
            items = [
                _item(mapped_edition(c["standard"]), c["id"]),
                _item(c["clause"], c["id"]),
                _item(c["clause_title"], c["id"]),
                _item("inherited" if c["inherited"] else "direct", c["id"]),
            ]
            if c["inherited"]:
                for it in items:
                    it.setForeground(secondary_brush())
            self.invisibleRootItem().appendRow(items)
