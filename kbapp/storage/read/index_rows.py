"""What the search index is built from: rows streamed per table, the abbreviation
pairs, the authoring bodies, and the text a hit's snippet is cut from."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kbapp.domain.ids import RecordKind, group_by_kind, record_id
from kbapp.domain.labels import definition_text, itil_reference_text
from kbapp.storage.read.base import Reader, Record, chunks, marks

RESOURCE_COLUMNS = "id, title, description, category, year, published, body_id, source, local"
INDEX_TABLES = {
    "resources": f"SELECT {RESOURCE_COLUMNS} FROM resources ORDER BY position",
    "terms": "SELECT * FROM terms ORDER BY position",
    "abbreviations": "SELECT * FROM abbreviations ORDER BY position",
    "clause_refs": "SELECT clause_id, publication, publication_name, section, title FROM clause_refs ORDER BY id",
    "clauses": "SELECT * FROM clauses ORDER BY position",
    "standard_parts": "SELECT standard_id, part, title FROM standard_parts ORDER BY standard_id, part",
    "standards": "SELECT * FROM standards ORDER BY number",
    "sections": "SELECT * FROM sections ORDER BY position",
    "itil_records": """SELECT i.*, group_concat(c.standard || ' ' || c.clause || ' ' || c.title, '
') AS mapped
                       FROM itil_records i
                       LEFT JOIN clause_refs r ON r.publication = i.publication AND r.section = i.number
                       LEFT JOIN clauses c ON c.id = r.clause_id
                       GROUP BY i.id ORDER BY i.position""",
}
# The text a hit's snippet is cut from, per kind: k is the key, t the text.
SNIPPET_SQL = {
    RecordKind.RESOURCE: "SELECT id AS k, description AS t FROM resources WHERE id IN ({})",
    RecordKind.ABBREVIATION: "SELECT abbreviation AS k, expansion AS t FROM abbreviations WHERE abbreviation IN ({})",
    RecordKind.STANDARD: "SELECT id AS k, description AS t FROM standards WHERE id IN ({})",
    RecordKind.SECTION: "SELECT id AS k, text AS t FROM sections WHERE id IN ({})",
    RecordKind.ITIL: """SELECT i.id AS k, i.publication_name || ' ' || i.number || ' ' || i.title || '. '
                               || coalesce('Mapped from ' || group_concat(c.standard || ' ' || c.clause || ' '
                               || c.title, '; '), 'Listed in section 7; no clause maps to it.') AS t
                        FROM itil_records i
                        LEFT JOIN clause_refs r ON r.publication = i.publication AND r.section = i.number
                        LEFT JOIN clauses c ON c.id = r.clause_id
                        WHERE i.id IN ({}) GROUP BY i.id""",
}


class IndexRowReader(Reader):
    def rows_for_index(self, table: str) -> Iterator[Record]:
        """Rows streamed for indexing, so that a large corpus is not held in memory."""
        cursor = self.conn.execute(INDEX_TABLES[table])
        columns = [c[0] for c in cursor.description]
        for row in cursor:
            yield dict(zip(columns, row, strict=True))

    def resource_rows(self, ids: list[str]) -> list[Record]:
        """Rows for indexing, of the given resources only."""
        rows: list[Record] = []
        for chunk in chunks(ids):
            rows += self.rows(f"SELECT {RESOURCE_COLUMNS} FROM resources WHERE id IN ({marks(chunk)})", tuple(chunk))
        return rows

    def abbreviation_pairs(self) -> list[tuple[str, str]]:
        """(abbreviation, expansion) from the paper's list and the bodies' own abbreviations."""
        pairs = [
            (a["abbreviation"], re.sub(r"\s*\(.*?\)\s*$", "", a["expansion"]).removeprefix("(UK) "))
            for a in self.rows("SELECT abbreviation, expansion FROM abbreviations")
        ]
        pairs += [
            (t["abbreviation"], t["term"])
            for t in self.rows("SELECT abbreviation, term FROM terms WHERE abbreviation IS NOT NULL")
        ]
        pairs += [
            (b["abbreviation"], b["name"])
            for b in self.rows("SELECT abbreviation, name FROM bodies WHERE abbreviation IS NOT NULL")
        ]
        pairs += [
            (row["abbreviation"], row["spelling"].split(" (")[0])
            for row in self.rows(
                """SELECT b.abbreviation, s.spelling FROM bodies b JOIN body_spellings s ON s.body_id = b.id
                   WHERE b.abbreviation IS NOT NULL"""
            )
        ]
        return sorted(set(pairs))

    def bodies(self) -> list[Record]:
        return self.rows("SELECT id, name, abbreviation FROM bodies ORDER BY name")

    def categories(self) -> dict[str, str]:
        return {c: c for c in self.column("SELECT DISTINCT category FROM resources")}

    def body_spellings(self) -> list[Record]:
        return self.rows("SELECT body_id, spelling FROM body_spellings")

    def snippet_texts(self, typed_ids: list[str]) -> dict[str, str]:
        """The text a hit's snippet is cut from, fetched for the shown hits only."""
        out: dict[str, str] = {}
        for kind, keys in group_by_kind(typed_ids).items():
            if kind is RecordKind.TERM:
                for row in self.rows(f"SELECT * FROM terms WHERE id IN ({marks(keys)})", tuple(keys)):
                    out[record_id(kind, row["id"])] = definition_text(row)
            elif kind is RecordKind.MAPPING:
                for row in self.rows(
                    f"SELECT * FROM clause_refs WHERE clause_id IN ({marks(keys)}) ORDER BY id", tuple(keys)
                ):
                    typed = record_id(kind, row["clause_id"])
                    text = itil_reference_text(row)
                    out[typed] = f"{out[typed]}\n{text}" if typed in out else text
            else:
                for row in self.rows(SNIPPET_SQL[kind].format(marks(keys)), tuple(keys)):
                    out[record_id(kind, row["k"])] = row["t"] or ""
        return out
