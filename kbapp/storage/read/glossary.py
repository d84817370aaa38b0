"""Glossary terms and abbreviations: exact lookups, the words a fuzzy lookup may
correct to, and the terms a text mentions."""

from __future__ import annotations

import re

from kbapp.domain.ids import RecordKind, record_id
from kbapp.storage.read.base import Reader, Record


class GlossaryReader(Reader):
    def mentioned_in(self, text: str) -> list[Record]:
        """Glossary terms and abbreviations that a text mentions, as links."""
        links: list[Record] = []
        for t in self.rows("SELECT id, term FROM terms ORDER BY length(term) DESC"):
            if re.search(rf"\b{re.escape(t['term'])}\b", text, re.IGNORECASE):
                links.append(
                    {"id": record_id(RecordKind.TERM, t["id"]), "relation": "mentions term", "title": t["term"]}
                )
        for a in self.rows("SELECT abbreviation, expansion FROM abbreviations"):
            if re.search(rf"\b{re.escape(a['abbreviation'])}\b", text):
                links.append(
                    {
                        "id": record_id(RecordKind.ABBREVIATION, a["abbreviation"]),
                        "relation": "mentions abbreviation",
                        "title": a["expansion"],
                    }
                )
        return links

    def headwords(self) -> dict[str, str]:
        """Every spelling a lookup may land on (terms, abbreviations, expansions) → what to look up."""
        words = {t: t for t in self.column("SELECT term FROM terms")}
        words.update({a: a for a in self.column("SELECT abbreviation FROM abbreviations")})
        words.update(dict(self.conn.execute("SELECT expansion, abbreviation FROM abbreviations").fetchall()))
        return words

    def define(self, q: str) -> list[Record]:
        """The terms and abbreviations that ``q`` names exactly (any case), as definitions."""
        results: list[Record] = []
        terms = self.rows(
            """SELECT t.*, a.expansion FROM terms t LEFT JOIN abbreviations a ON a.abbreviation = t.abbreviation
               WHERE lower(t.term) = lower(:q) OR lower(t.term_as_written) = lower(:q)
                  OR lower(t.abbreviation) = lower(:q)
                  OR lower(t.term) IN
                     (SELECT lower(expansion) FROM abbreviations WHERE lower(abbreviation) = lower(:q))""",
            {"q": q},
        )
        seen_abbr = set()
        for t in terms:
            results.append(self._definition_of_term(t))
            if t["abbreviation"]:
                seen_abbr.add(t["abbreviation"])
        for a in self.rows(
            "SELECT * FROM abbreviations WHERE lower(abbreviation) = lower(:q) OR lower(expansion) = lower(:q)",
            {"q": q},
        ):
            if a["abbreviation"] in seen_abbr:
                continue
            results.append(
                {
                    "id": record_id(RecordKind.ABBREVIATION, a["abbreviation"]),
                    "type": "abbreviation",
                    "term": a["expansion"],
                    "abbreviation": a["abbreviation"],
                    "informal_definition": None,
                    "itil_definition": None,
                    "itil_publication": None,
                    "expansion": a["expansion"],
                    "related": [],
                    "source": a.get("source"),
                    "source_lines": a.get("source_lines"),
                }
            )
        return results

    def _definition_of_term(self, t: Record) -> Record:
        own = record_id(RecordKind.TERM, t["id"])
        related = [
            link
            for link in self.mentioned_in(f"{t['informal_definition']}\n{t['itil_definition']}")
            if link["id"] != own
        ]
        return {
            "id": own,
            "type": "term",
            "term": t["term"],
            "abbreviation": t["abbreviation"],
            "informal_definition": t["informal_definition"] or None,
            "itil_definition": t["itil_definition"] or None,
            "itil_publication": t["itil_publication"],
            "itil_publication_abbr": t["itil_publication_abbr"],
            "abbreviated": bool(t["abbreviated"]),
            "expansion": t.get("expansion"),
            "related": related,
            "source": t.get("source"),
            "source_lines": t.get("source_lines"),
        }
