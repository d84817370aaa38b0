"""The ISO/IEC → ITIL mapping tables: a clause's references (own or inherited), every
clause of an ITIL section, the clause trees and the ITIL sections mapped to."""

from __future__ import annotations

import re

from kbapp.domain.errors import NotFound
from kbapp.domain.ids import RecordKind, key_of, record_id
from kbapp.domain.mapping_rules import (
    ClauseReferences,
    inheriting_descendants,
    mapped_year,
    references_of,
    standard_of_table,
)
from kbapp.domain.standard_editions import superseded_by
from kbapp.domain.user_text import valid_text
from kbapp.storage.read.base import Reader, Record
from kbapp.storage.read.listings import later_editions

ITIL_REFERENCE = re.compile(r"^\s*(SS|SD|ST|SO|CSI)\s+(\S.*?)\s*$", re.IGNORECASE)


class MappingReader(Reader):
    def _clauses(self, standard: str | None = None) -> list[Record]:
        if standard is None:
            return self.rows("SELECT * FROM clauses ORDER BY position")
        return self.rows("SELECT * FROM clauses WHERE standard = ? ORDER BY position", (standard,))

    def _own_references(self) -> dict[str, list[Record]]:
        """Every clause's own references, in table order."""
        refs: dict[str, list[Record]] = {}
        for r in self.rows(
            """SELECT clause_id, publication, publication_name, section, title, as_written, inferred_publication,
                      itil_section_id, source_lines
               FROM clause_refs ORDER BY clause_id, position"""
        ):
            r["inferred_publication"] = bool(r["inferred_publication"])
            refs.setdefault(r.pop("clause_id"), []).append(r)
        return refs

    def _parents(self) -> dict[str, str | None]:
        return dict(self.conn.execute("SELECT id, parent_id FROM clauses").fetchall())

    def references(self, clause_id: str) -> ClauseReferences:
        return references_of(clause_id, self._parents(), self._own_references())

    @staticmethod
    def _shown(refs: ClauseReferences) -> Record:
        return {"references": refs.effective, "inherited_from": refs.inherited_from}

    def clause_references(self, clause_id: str) -> Record:
        """``references`` (own, else inherited, each marked) and ``inherited_from``."""
        return self._shown(self.references(clause_id))

    def children(self, clause_id: str) -> list[Record]:
        return self.rows("SELECT id, clause, title FROM clauses WHERE parent_id = ? ORDER BY position", (clause_id,))

    def map_clause(self, clause: str, standard: str | None = None) -> list[Record]:
        """The ITIL references of a clause, in each standard that has it unless one is named."""
        params: dict[str, str] = {"clause": valid_text(clause).strip()}
        sql = "SELECT * FROM clauses WHERE clause = :clause"
        if standard:
            params["standard"] = f"ISO/IEC {standard.strip().removeprefix('ISO/IEC').strip()}"
            sql += " AND standard = :standard"
        rows = self.rows(sql + " ORDER BY standard", params)
        if not rows:
            where = f" in {params['standard']}" if standard else ""
            raise NotFound(f"no clause {clause}{where}; see 'kbapp list mappings'")
        parents, refs = self._parents(), self._own_references()
        return [
            {
                "id": record_id(RecordKind.MAPPING, row["id"]),
                "standard": row["standard"],
                "clause": row["clause"],
                "clause_title": row["title"],
                **self._shown(references_of(row["id"], parents, refs)),
            }
            for row in rows
        ]

    def map_itil(self, reference: str) -> Record:
        """Every clause that maps to an ITIL section (``SD 4.6.4.3``), directly or by inheritance."""
        reference = valid_text(reference)
        m = ITIL_REFERENCE.match(reference)
        if not m:
            raise NotFound(
                f"'{reference}' is not an ITIL reference; write it as publication and section, e.g. 'SD 4.6.4.3'"
            )
        publication, section = m.group(1).upper(), m.group(2)
        direct = self.rows(
            """SELECT c.*, r.title AS itil_title FROM clause_refs r JOIN clauses c ON c.id = r.clause_id
               WHERE r.publication = ? AND lower(r.section) = lower(?) ORDER BY c.position""",
            (publication, section),
        )
        if not direct:
            raise NotFound(f"no clause maps to {publication} {section}; see 'kbapp list mappings'")
        clauses_by_id = {c["id"]: c for c in self._clauses()}
        children: dict[str, list[str]] = {}
        for c in clauses_by_id.values():
            if c["parent_id"]:
                children.setdefault(c["parent_id"], []).append(c["id"])
        refs = self._own_references()
        clauses = []
        for row in direct:
            clauses.append(_clause_entry(row, inherited_from=None))
            for child in inheriting_descendants(row["id"], children, refs):
                clauses.append(_clause_entry(clauses_by_id[child], inherited_from=row["id"]))
        section_row = self.rows("SELECT * FROM itil_sections WHERE id = ?", (f"{publication} {section}",))
        names = dict(
            self.conn.execute(
                "SELECT DISTINCT publication, publication_name FROM clause_refs WHERE publication IS NOT NULL"
            ).fetchall()
        )
        return {
            "publication": publication,
            "publication_name": names.get(publication),
            "section": section,
            "titles": sorted({r["itil_title"] for r in direct}),
            "itil_section": section_row[0] if section_row else None,
            "clauses": clauses,
        }

    def clause_tree(self, standard: str) -> list[Record]:
        """Every clause of one standard in table order, with ``references`` (its own),
        ``inherited`` (those it inherits) and ``inherited_from``."""
        clauses = self._clauses(standard)
        parents, refs = self._parents(), self._own_references()
        superseding = self.superseded_by(standard)
        for c in clauses:
            c["superseded_by"] = superseding
            found = references_of(c["id"], parents, refs)
            c["references"] = found.own
            c["inherited"] = found.inherited
            c["inherited_from"] = found.inherited_from
        return clauses

    def superseded_by(self, standard: str) -> str | None:
        """The later edition of ``standard`` (``ISO/IEC 27002``) that the catalogue holds,
        which the tables' clause numbers no longer belong to; None if it holds none."""
        later = later_editions(self).get(key_of(standard_of_table(standard)), [])
        return superseded_by(mapped_year(standard), later)

    def itil_targets(self) -> list[Record]:
        """Every ITIL publication and section that some clause maps to, for the reverse view."""
        return self.rows(
            """SELECT publication, publication_name, section, min(title) AS title, count(*) AS clauses
               FROM clause_refs WHERE publication IS NOT NULL AND section IS NOT NULL
               GROUP BY publication, section ORDER BY publication, section"""
        )


def _clause_entry(row: Record, inherited_from: str | None) -> Record:
    entry = {
        "id": record_id(RecordKind.MAPPING, row["id"]),
        "standard": row["standard"],
        "clause": row["clause"],
        "clause_title": row["title"],
        "inherited": inherited_from is not None,
    }
    if inherited_from is not None:
        entry["inherited_from"] = inherited_from
    return entry
