"""ITIL sections as records (``itil:SD-4.6.4.3``): what the paper says of each, and
the clauses that map to it, directly or by inheritance."""

from __future__ import annotations

import sqlite3

from kbapp.domain.errors import NotFound
from kbapp.domain.ids import RecordKind, record_id
from kbapp.domain.itil import resolve_itil
from kbapp.domain.labels import clause_label, record_label
from kbapp.storage.read.base import Reader, Record
from kbapp.storage.read.mappings import MappingReader


class ItilReader(Reader):
    def __init__(self, conn: sqlite3.Connection, mappings: MappingReader) -> None:
        super().__init__(conn)
        self.mappings = mappings

    def sections(self) -> list[Record]:
        """Every ITIL section the paper names, with how many clauses map to it."""
        rows = self.rows("SELECT * FROM itil_records ORDER BY position")
        counts = dict(
            self.conn.execute(
                """SELECT i.id, count(DISTINCT r.clause_id) FROM itil_records i
                   JOIN clause_refs r ON r.publication = i.publication AND r.section = i.number GROUP BY i.id"""
            ).fetchall()
        )
        for row in rows:
            row["clauses"] = counts.get(row["id"], 0)
            row["listed_in"] = ", ".join(row["listed_in"])
        return rows

    def resolve(self, written: str) -> str:
        """The key of the section ``written`` names: ``SD 4.6.4.3``, ``Service Design
        4.6.4.3``, ``4.6.4.3`` where only one publication has it. Raises NotFound."""
        return resolve_itil(written, self.column("SELECT id FROM itil_records"), self.publications())

    def section_of(self, written: str) -> str:
        """The section as the mapping tables name it (``SD 4.6.4.3``), from any form."""
        return str(self.column("SELECT section_id FROM itil_records WHERE id = ?", (self.resolve(written),))[0])

    def publications(self) -> dict[str, str]:
        """The ITIL publications by abbreviation, as the paper names them."""
        return dict(self.conn.execute("SELECT DISTINCT publication, publication_name FROM itil_records").fetchall())

    def get(self, key: str) -> Record | None:
        rows = self.rows("SELECT * FROM itil_records WHERE id = ?", (key,))
        if not rows:
            return None
        row = rows[0]
        try:
            row["clauses"] = self.mappings.map_itil(row["section_id"])["clauses"]
        except NotFound:  # listed in section 7 only: no clause maps to it
            row["clauses"] = []
        parent = self.rows("SELECT * FROM itil_records WHERE id = ?", (row["parent_id"],)) if row["parent_id"] else []
        children = self.rows("SELECT * FROM itil_records WHERE parent_id = ? ORDER BY position", (key,))
        row["parent"] = record_id(RecordKind.ITIL, row["parent_id"]) if row["parent_id"] else None
        row["links"] = [self._link(p, "part of") for p in parent] + [self._link(c, "contains") for c in children]
        row["links"] += [
            {
                "id": c["id"],
                "relation": "inherits it" if c["inherited"] else "maps to it",
                "title": f"{clause_label(c['standard'], c['clause'])} {c['clause_title']}",
            }
            for c in row["clauses"]
        ]
        return row

    @staticmethod
    def _link(row: Record, relation: str) -> Record:
        return {"id": record_id(RecordKind.ITIL, row["id"]), "relation": relation, "title": record_label("itil", row)}
