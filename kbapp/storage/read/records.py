"""One record in full, with its links, by typed id (``term:risk``) or bare key."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from kbapp.domain.errors import NotFound
from kbapp.domain.ids import KINDS, RecordId, RecordKind, record_id
from kbapp.domain.labels import record_label
from kbapp.domain.mapping_rules import annex_a, standard_of_table
from kbapp.domain.user_text import valid_text
from kbapp.storage.read.base import Reader, Record
from kbapp.storage.read.glossary import GlossaryReader
from kbapp.storage.read.itil import ItilReader
from kbapp.storage.read.listings import ListingReader, no_extras
from kbapp.storage.read.mappings import MappingReader

# The query that finds a bare key among each kind's ids (a term also by its name).
RESOLVE_SQL = {
    RecordKind.RESOURCE: "SELECT id FROM resources WHERE id = :key",
    RecordKind.TERM: "SELECT id FROM terms WHERE id = :key OR lower(term) = lower(:key)",
    RecordKind.ABBREVIATION: "SELECT abbreviation FROM abbreviations WHERE abbreviation = :key",
    RecordKind.MAPPING: "SELECT id FROM clauses WHERE id = :key OR clause = :key",
    RecordKind.STANDARD: "SELECT id FROM standards WHERE id = :key",
    RecordKind.SECTION: "SELECT id FROM sections WHERE id = :key",
    RecordKind.ITIL: "SELECT id FROM itil_records WHERE id = :key",
}


class RecordReader(Reader):
    def __init__(
        self,
        conn: sqlite3.Connection,
        glossary: GlossaryReader,
        mappings: MappingReader,
        listings: ListingReader,
        itil: ItilReader,
    ) -> None:
        super().__init__(conn)
        self.glossary = glossary
        self.mappings = mappings
        self.listings = listings
        self._getters: dict[RecordKind, Callable[[str], Record | None]] = {
            RecordKind.RESOURCE: self._resource,
            RecordKind.TERM: self._term,
            RecordKind.ABBREVIATION: self._abbreviation,
            RecordKind.MAPPING: self._mapping,
            RecordKind.STANDARD: self._standard,
            RecordKind.SECTION: self._section,
            RecordKind.ITIL: itil.get,
        }

    def get(self, typed_id: str) -> Record:
        """One record in full, with its links. ``typed_id`` is ``type:key``, or a bare key."""
        typed_id = valid_text(typed_id)
        parsed = RecordId.parse(typed_id)
        if parsed is None:
            return self.get(self.resolve(typed_id))
        record = self._getters[parsed.kind](parsed.key)
        if record is None:
            raise NotFound(f"no {parsed.kind} with id '{parsed.key}'; try 'kbapp search {parsed.key}'")
        record["type"] = parsed.kind.value
        record["id"] = str(parsed)
        return record

    def resolve(self, key: str) -> str:
        """Find the typed id of a bare key (a resource slug, a term, an abbreviation, a clause...)."""
        candidates = [
            record_id(kind, found) for kind in KINDS for found in self.column(RESOLVE_SQL[kind], {"key": key})
        ]
        if not candidates and (control := annex_a(key)):
            found = self.column(RESOLVE_SQL[RecordKind.MAPPING], {"key": f"{control.clause}"})
            candidates = [record_id(RecordKind.MAPPING, c) for c in found if c.startswith("27002:")]
        if not candidates:
            raise NotFound(f"no record with id '{key}'; ids look like 'term:risk' (see 'kbapp search')")
        if len(candidates) > 1:
            raise NotFound(f"'{key}' names several records ({', '.join(candidates)}); give one of those ids")
        return candidates[0]

    def _resource(self, key: str) -> Record | None:
        rows = self.rows(
            """SELECT r.*, b.name AS authoring_body, b.abbreviation AS authoring_body_abbr
               FROM resources r JOIN bodies b ON b.id = r.body_id WHERE r.id = ?""",
            (key,),
        )
        if not rows:
            return None
        row = rows[0]
        row.update(self.listings.resource_extras(key).get(key, no_extras()))
        links = self.rows(
            """SELECT l.*, s.designation AS standard_designation, s.year, s.title FROM standard_links l
               JOIN standards s ON s.id = l.standard_id WHERE l.resource_id = ?""",
            (key,),
        )
        row["links"] = [
            _standard_link(
                RecordKind.STANDARD,
                link["standard_id"],
                link,
                record_label(RecordKind.STANDARD, {**link, "designation": link["standard_designation"]}),
            )
            for link in links
        ]
        row["links"] += self.glossary.mentioned_in(row["title"] + "\n" + (row["description"] or ""))
        return row

    def _term(self, key: str) -> Record | None:
        rows = self.rows("SELECT * FROM terms WHERE id = ?", (key,))
        if not rows:
            return None
        row = rows[0]
        row["abbreviated"] = bool(row["abbreviated"])
        row["links"] = []
        if row["abbreviation"]:
            row["links"].append(
                {"id": record_id(RecordKind.ABBREVIATION, row["abbreviation"]), "relation": "abbreviation"}
            )
        own = record_id(RecordKind.TERM, key)
        text = f"{row['informal_definition']}\n{row['itil_definition']}"
        row["links"] += [link for link in self.glossary.mentioned_in(text) if link["id"] != own]
        return row

    def _abbreviation(self, key: str) -> Record | None:
        rows = self.rows("SELECT * FROM abbreviations WHERE abbreviation = ?", (key,))
        if not rows:
            return None
        row = rows[0]
        row["links"] = [
            {"id": record_id(RecordKind.TERM, t["id"]), "relation": "term", "title": t["term"]}
            for t in self.rows("SELECT id, term FROM terms WHERE abbreviation = ?", (key,))
        ]
        row["links"] += [
            {"id": record_id(RecordKind.RESOURCE, r["id"]), "relation": "authoring body", "title": r["title"]}
            for r in self.rows(
                "SELECT r.id, r.title FROM resources r JOIN bodies b ON b.id = r.body_id WHERE b.abbreviation = ?",
                (key,),
            )
        ]
        return row

    def _mapping(self, key: str) -> Record | None:
        rows = self.rows("SELECT * FROM clauses WHERE id = ?", (key,))
        if not rows:
            return None
        row = rows[0]
        row.update(self.mappings.clause_references(key))
        row["children"] = [
            {"id": record_id(RecordKind.MAPPING, c["id"]), "clause": c["clause"], "title": c["title"]}
            for c in self.mappings.children(key)
        ]
        parent = row["parent_id"]
        row["links"] = [{"id": record_id(RecordKind.MAPPING, parent), "relation": "parent clause"}] if parent else []
        row["links"] += [{"id": standard_of_table(row["standard"]), "relation": "standard"}]
        row["superseded_by"] = self.mappings.superseded_by(row["standard"])
        return row

    def _standard(self, key: str) -> Record | None:
        rows = [s for s in self.listings.standards() if s["id"] == key]
        if not rows:
            return None
        row = rows[0]
        row["links"] = [
            _standard_link(RecordKind.RESOURCE, r["resource_id"], r, record_label(RecordKind.RESOURCE, r))
            for r in self.rows(
                """SELECT l.*, r.title FROM standard_links l JOIN resources r ON r.id = l.resource_id
                   WHERE l.standard_id = ? ORDER BY r.published""",
                (key,),
            )
        ]
        row["links"] += [
            {"id": record_id(RecordKind.SECTION, section), "relation": "names it", "title": title}
            for section, title in self.listings.section_titles(row.get("sections") or []).items()
        ]
        if row["number"] in ("27001", "27002"):
            row["links"].append({"id": f"mapping-table:{row['number']}", "relation": "mapping table"})
        return row

    def _section(self, key: str) -> Record | None:
        rows = self.rows("SELECT * FROM sections WHERE id = ?", (key,))
        if not rows:
            return None
        row = rows[0]
        parent = row["parent_id"]
        row["links"] = [{"id": record_id(RecordKind.SECTION, parent), "relation": "part of"}] if parent else []
        row["links"] += [
            {"id": record_id(RecordKind.SECTION, c["id"]), "relation": "contains", "title": c["title"]}
            for c in self.rows("SELECT id, title FROM sections WHERE parent_id = ? ORDER BY position", (key,))
        ]
        return row


def _standard_link(kind: RecordKind, key: str, link: Record, title: str) -> Record:
    """A ``standard_links`` row as a link, from the resource to the standard or back."""
    return {
        "id": record_id(kind, key),
        "relation": link["relation"],
        "part": link["part"],
        "designation": link["designation"],
        "title": title,
    }
