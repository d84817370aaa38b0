"""Every record of a kind, in source order (the CLI's ``list``, CSV and the index)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from kbapp.domain.designations import designation_key
from kbapp.domain.ids import RecordKind, record_id
from kbapp.domain.labels import record_label, standard_designation
from kbapp.domain.standard_editions import current_editions
from kbapp.storage.read.base import Reader, Record

EXTRAS = ("standards", "markings", "reviews", "emails")


def no_extras() -> Record:
    return {name: [] for name in EXTRAS}


class ListingReader(Reader):
    def __init__(self, conn: sqlite3.Connection, itil_sections: Callable[[], list[Record]] | None = None) -> None:
        super().__init__(conn)
        self._itil_sections = itil_sections or (lambda: [])

    def of_kind(self, kind: RecordKind) -> list[Record]:
        listers: dict[RecordKind, Callable[[], list[Record]]] = {
            RecordKind.RESOURCE: self.resources,
            RecordKind.TERM: self.terms,
            RecordKind.ABBREVIATION: self.abbreviations,
            RecordKind.MAPPING: self.mappings,
            RecordKind.STANDARD: self.standards,
            RecordKind.SECTION: self.sections,
            RecordKind.ITIL: self._itil_sections,
        }
        return listers[kind]()

    def resources(self) -> list[Record]:
        rows = self.rows(
            """SELECT r.id, r.title, r.published, b.name AS authoring_body, b.abbreviation AS authoring_body_abbr,
                      r.category, r.description, r.body_as_written AS authoring_body_as_written,
                      r.published_as_written, r.source, r.source_lines, r.local
               FROM resources r JOIN bodies b ON b.id = r.body_id ORDER BY r.position"""
        )
        extras = self.resource_extras()
        for row in rows:
            row.update(extras.get(row["id"], no_extras()))
        return rows

    def resource_extras(self, resource_id: str | None = None) -> dict[str, Record]:
        """The standards, markings, reviews and e-mail addresses of each resource (or of one)."""
        where = "WHERE resource_id = :id" if resource_id else ""
        extras: dict[str, Record] = {}

        def bucket(rid: str) -> Record:
            return extras.setdefault(rid, no_extras())

        params = {"id": resource_id}
        for s in self.rows(f"SELECT * FROM resource_standards {where} ORDER BY resource_id, position", params):
            bucket(s.pop("resource_id"))["standards"].append({k: v for k, v in s.items() if k != "position"})
        for m in self.rows(f"SELECT * FROM resource_markings {where} ORDER BY resource_id, position", params):
            bucket(m["resource_id"])["markings"].append(
                {"marking": m["marking"], "restricted": bool(m["restricted"]), "context": m["context"]}
            )
        for v in self.rows(f"SELECT * FROM resource_reviews {where} ORDER BY resource_id, position", params):
            bucket(v["resource_id"])["reviews"].append(
                {"reviewer": v["reviewer"], "month": v["month"], "year": v["year"], "text": v["text"]}
            )
        for e in self.rows(f"SELECT * FROM resource_emails {where} ORDER BY resource_id, position", params):
            bucket(e["resource_id"])["emails"].append(e["email"])
        return extras

    def terms(self) -> list[Record]:
        rows = self.rows(
            """SELECT id, term, abbreviation, informal_definition, itil_definition, itil_publication,
                      itil_publication_abbr, abbreviated, term_as_written, source, source_lines
               FROM terms ORDER BY position"""
        )
        for row in rows:
            row["abbreviated"] = bool(row["abbreviated"])
        return rows

    def abbreviations(self) -> list[Record]:
        return self.rows("SELECT abbreviation, expansion, source, source_lines FROM abbreviations ORDER BY position")

    def mappings(self) -> list[Record]:
        """One row per clause and reference; a clause without references appears once with nulls."""
        return self.rows(
            """SELECT c.standard, c.clause, c.title AS clause_title, r.publication AS itil_publication,
                      r.section AS itil_section, r.title AS itil_title, r.publication_name AS itil_publication_name,
                      r.inferred_publication AS itil_publication_inferred, r.as_written AS itil_as_written,
                      c.id AS clause_id
               FROM clauses c LEFT JOIN clause_refs r ON r.clause_id = c.id
               ORDER BY c.position, r.position"""
        )

    def section_titles(self, ids: list[str]) -> dict[str, str]:
        """The labels of sections, in the order given."""
        rows = {
            r["id"]: r
            for r in self.rows(f"SELECT * FROM sections WHERE id IN ({', '.join('?' * len(ids))})", tuple(ids))
        }
        return {i: record_label(RecordKind.SECTION, rows[i]) for i in ids if i in rows}

    def standard_keys(self) -> dict[str, str]:
        """Each standard record's designation key (``27002``, ``bs-7799``) → its typed id."""
        return {
            designation_key(r["designation"], r["number"]): record_id(RecordKind.STANDARD, r["id"])
            for r in self.rows("SELECT id, designation, number FROM standards")
        }

    def standards(self) -> list[Record]:
        rows = self.rows("SELECT * FROM standards ORDER BY CAST(number AS INTEGER), id")
        parts = self.rows("SELECT * FROM standard_parts ORDER BY standard_id, part")
        later = later_editions(self)
        for row in rows:
            row["technical_report"] = bool(row["technical_report"])
            row["later_editions"] = later.get(row["id"], [])
            row["current_edition"] = current_editions(standard_designation(row), row["later_editions"])
            row["parts"] = [
                {
                    "part": p["part"],
                    "title": p["title"],
                    "status": p["status"],
                    "relations": p["relations"],
                }
                for p in parts
                if p["standard_id"] == row["id"]
            ]
        return rows

    def later_editions(self) -> dict[str, list[str]]:
        return later_editions(self)

    def sections(self) -> list[Record]:
        return self.rows(
            """SELECT id, number, title, kind, parent_id AS parent, text, blocks, source, source_lines
               FROM sections ORDER BY position"""
        )

    def itil_sections(self) -> list[Record]:
        return self.rows("SELECT * FROM itil_sections ORDER BY position")


def later_editions(reader: Reader) -> dict[str, list[str]]:
    """The later editions of each of the paper's standards that the catalogue holds
    (``ISO/IEC 27033-1:2015``), by the standard's id, oldest first."""
    found: dict[str, list[str]] = {}
    for row in reader.rows(
        """SELECT l.standard_id, l.designation FROM standard_links l JOIN resources r ON r.id = l.resource_id
           WHERE l.relation = 'later edition' ORDER BY r.published, l.designation"""
    ):
        found.setdefault(row["standard_id"], []).append(row["designation"])
    return found
