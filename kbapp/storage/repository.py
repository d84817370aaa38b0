"""Every query kbapp makes of the knowledge base. The CLI and the UI call these."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from typing import Any

import sqlite_utils

from kbapp.domain.errors import NotFound

RECORD_TYPES = ("resource", "term", "abbreviation", "mapping", "standard", "section")
Record = dict[str, Any]


def _loads(value: str | None) -> Any:
    return json.loads(value) if value else None


class Repository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def _rows(self, sql: str, params: tuple | dict = ()) -> list[Record]:
        return list(self.db.query(sql, params))

    # ----- meta and counts -----------------------------------------------------

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self._rows("SELECT key, value FROM meta")}

    def counts(self) -> dict[str, int]:
        tables = {
            "resource": "resources",
            "term": "terms",
            "abbreviation": "abbreviations",
            "mapping": "clauses",
            "standard": "standards",
            "section": "sections",
        }
        return {t: self.db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for t, name in tables.items()}

    # ----- listings (the CLI's ``list``) ---------------------------------------

    def list_resources(self) -> list[Record]:
        rows = self._rows(
            """SELECT r.id, r.title, r.published, b.name AS authoring_body, b.abbreviation AS authoring_body_abbr,
                      r.category, r.description, r.body_as_written AS authoring_body_as_written,
                      r.published_as_written, r.source, r.source_lines
               FROM resources r JOIN bodies b ON b.id = r.body_id ORDER BY r.position"""
        )
        extras = self._resource_extras()
        for row in rows:
            row.update(extras.get(row["id"], {"standards": [], "markings": [], "reviews": [], "emails": []}))
            row["source_lines"] = _loads(row["source_lines"])
        return rows

    def _resource_extras(self, resource_id: str | None = None) -> dict[str, Record]:
        where = "WHERE resource_id = :id" if resource_id else ""
        extras: dict[str, Record] = {}

        def bucket(rid: str) -> Record:
            return extras.setdefault(rid, {"standards": [], "markings": [], "reviews": [], "emails": []})

        params = {"id": resource_id}
        for s in self._rows(f"SELECT * FROM resource_standards {where} ORDER BY resource_id, position", params):
            bucket(s.pop("resource_id"))["standards"].append({k: v for k, v in s.items() if k != "position"})
        for m in self._rows(f"SELECT * FROM resource_markings {where} ORDER BY resource_id, position", params):
            bucket(m["resource_id"])["markings"].append(
                {"marking": m["marking"], "restricted": bool(m["restricted"]), "context": m["context"]}
            )
        for v in self._rows(f"SELECT * FROM resource_reviews {where} ORDER BY resource_id, position", params):
            bucket(v["resource_id"])["reviews"].append(
                {"reviewer": v["reviewer"], "month": v["month"], "year": v["year"], "text": v["text"]}
            )
        for e in self._rows(f"SELECT * FROM resource_emails {where} ORDER BY resource_id, position", params):
            bucket(e["resource_id"])["emails"].append(e["email"])
        return extras

    def list_terms(self) -> list[Record]:
        rows = self._rows(
            """SELECT id, term, abbreviation, informal_definition, itil_definition, itil_publication,
                      itil_publication_abbr, abbreviated, term_as_written, source, source_lines
               FROM terms ORDER BY position"""
        )
        for row in rows:
            row["abbreviated"] = bool(row["abbreviated"])
            row["source_lines"] = _loads(row["source_lines"])
        return rows

    def list_abbreviations(self) -> list[Record]:
        rows = self._rows("SELECT abbreviation, expansion, source, source_lines FROM abbreviations ORDER BY position")
        for row in rows:
            row["source_lines"] = _loads(row["source_lines"])
        return rows

    def list_mappings(self) -> list[Record]:
        """One row per clause and reference; a clause without references appears once with nulls."""
        return self._rows(
            """SELECT c.standard, c.clause, c.title AS clause_title, r.publication AS itil_publication,
                      r.section AS itil_section, r.title AS itil_title, r.publication_name AS itil_publication_name,
                      r.inferred_publication AS itil_publication_inferred, r.as_written AS itil_as_written,
                      c.id AS clause_id
               FROM clauses c LEFT JOIN clause_refs r ON r.clause_id = c.id
               ORDER BY c.position, r.position"""
        )

    def list_standards(self) -> list[Record]:
        rows = self._rows("SELECT * FROM standards ORDER BY number")
        parts = self._rows("SELECT * FROM standard_parts ORDER BY standard_id, part")
        for row in rows:
            row["technical_report"] = bool(row["technical_report"])
            row["relations"] = _loads(row["relations"]) or []
            row["sections"] = _loads(row["sections"]) or []
            row["source_lines"] = _loads(row["source_lines"])
            row["parts"] = [
                {
                    "part": p["part"],
                    "title": p["title"],
                    "status": p["status"],
                    "relations": _loads(p["relations"]) or [],
                }
                for p in parts
                if p["standard_id"] == row["id"]
            ]
        return rows

    def list_sections(self) -> list[Record]:
        rows = self._rows(
            """SELECT id, number, title, kind, parent_id AS parent, text, blocks, source, source_lines
               FROM sections ORDER BY position"""
        )
        for row in rows:
            row["blocks"] = _loads(row["blocks"])
            row["source_lines"] = _loads(row["source_lines"])
        return rows

    def list_itil_sections(self) -> list[Record]:
        return self._rows("SELECT * FROM itil_sections ORDER BY position")

    def list_kind(self, kind: str) -> list[Record]:
        listers = {
            "resources": self.list_resources,
            "terms": self.list_terms,
            "abbreviations": self.list_abbreviations,
            "mappings": self.list_mappings,
            "standards": self.list_standards,
            "sections": self.list_sections,
        }
        return listers[kind]()

    # ----- one record ----------------------------------------------------------

    def get(self, typed_id: str) -> Record:
        """One record in full, with its links. ``typed_id`` is ``type:key``, or a bare key."""
        kind, _, key = typed_id.partition(":")
        if kind not in RECORD_TYPES:
            return self.get(self.resolve(typed_id))
        getter = getattr(self, f"_get_{kind}")
        record = getter(key)
        if record is None:
            raise NotFound(f"no {kind} with id '{key}'; try 'kbapp search {key}'")
        record["type"] = kind
        record["id"] = f"{kind}:{key}"
        return record

    def resolve(self, key: str) -> str:
        """Find the typed id of a bare key (a resource slug, a term, an abbreviation, a clause...)."""
        candidates = []
        for kind, sql in (
            ("resource", "SELECT id FROM resources WHERE id = ?"),
            ("term", "SELECT id FROM terms WHERE id = ? OR lower(term) = lower(?)"),
            ("abbreviation", "SELECT abbreviation FROM abbreviations WHERE abbreviation = ?"),
            ("mapping", "SELECT id FROM clauses WHERE id = ?"),
            ("standard", "SELECT id FROM standards WHERE id = ?"),
            ("section", "SELECT id FROM sections WHERE id = ?"),
        ):
            params = (key, key) if sql.count("?") == 2 else (key,)
            candidates += [f"{kind}:{row[0]}" for row in self.db.execute(sql, params).fetchall()]
        if not candidates:
            raise NotFound(f"no record with id '{key}'; ids look like 'term:risk' (see 'kbapp search')")
        if len(candidates) > 1:
            raise NotFound(f"'{key}' names several records ({', '.join(candidates)}); give one of those ids")
        return candidates[0]

    def _get_resource(self, key: str) -> Record | None:
        rows = [
            r
            for r in self._rows(
                """SELECT r.*, b.name AS authoring_body, b.abbreviation AS authoring_body_abbr
               FROM resources r JOIN bodies b ON b.id = r.body_id WHERE r.id = ?""",
                (key,),
            )
        ]
        if not rows:
            return None
        row = rows[0]
        row["blocks"] = _loads(row["blocks"])
        row["source_lines"] = _loads(row["source_lines"])
        row.update(self._resource_extras(key).get(key, {"standards": [], "markings": [], "reviews": [], "emails": []}))
        row["links"] = [
            {
                "id": f"standard:{link['standard_id']}",
                "relation": link["relation"],
                "part": link["part"],
                "designation": link["designation"],
                "title": link["title"],
            }
            for link in self._rows(
                """SELECT l.*, s.designation || ' ' || s.title AS title FROM standard_links l
                   JOIN standards s ON s.id = l.standard_id WHERE l.resource_id = ?""",
                (key,),
            )
        ]
        row["links"] += self.mentioned_terms(row["title"] + "\n" + (row["description"] or ""))
        return row

    def _get_term(self, key: str) -> Record | None:
        rows = self._rows("SELECT * FROM terms WHERE id = ?", (key,))
        if not rows:
            return None
        row = rows[0]
        row["abbreviated"] = bool(row["abbreviated"])
        row["source_lines"] = _loads(row["source_lines"])
        row["links"] = []
        if row["abbreviation"]:
            row["links"].append({"id": f"abbreviation:{row['abbreviation']}", "relation": "abbreviation"})
        text = f"{row['informal_definition']}\n{row['itil_definition']}"
        row["links"] += [link for link in self.mentioned_terms(text) if link["id"] != f"term:{key}"]
        return row

    def _get_abbreviation(self, key: str) -> Record | None:
        rows = self._rows("SELECT * FROM abbreviations WHERE abbreviation = ?", (key,))
        if not rows:
            return None
        row = rows[0]
        row["source_lines"] = _loads(row["source_lines"])
        row["links"] = [
            {"id": f"term:{t['id']}", "relation": "term", "title": t["term"]}
            for t in self._rows("SELECT id, term FROM terms WHERE abbreviation = ?", (key,))
        ]
        row["links"] += [
            {"id": f"resource:{r['id']}", "relation": "authoring body", "title": r["title"]}
            for r in self._rows(
                "SELECT r.id, r.title FROM resources r JOIN bodies b ON b.id = r.body_id WHERE b.abbreviation = ?",
                (key,),
            )
        ]
        return row

    def _get_mapping(self, key: str) -> Record | None:
        rows = self._rows("SELECT * FROM clauses WHERE id = ?", (key,))
        if not rows:
            return None
        row = rows[0]
        row["source_lines"] = _loads(row["source_lines"])
        row.update(self._references(row))
        row["children"] = [
            {"id": f"mapping:{c['id']}", "clause": c["clause"], "title": c["title"]}
            for c in self._rows("SELECT id, clause, title FROM clauses WHERE parent_id = ? ORDER BY position", (key,))
        ]
        row["links"] = [{"id": f"mapping:{row['parent_id']}", "relation": "parent clause"}] if row["parent_id"] else []
        row["links"] += [{"id": f"standard:iso-iec-{row['standard'][-5:]}", "relation": "standard"}]
        return row

    def _references(self, clause: Record) -> Record:
        """A clause's own ITIL references, or those it inherits from the nearest parent that has some."""
        own = self._refs_of(clause["id"])
        if own:
            return {"references": own, "inherited_from": None}
        parent = clause["parent_id"]
        while parent:
            refs = self._refs_of(parent)
            if refs:
                return {"references": [{**r, "inherited": True} for r in refs], "inherited_from": parent}
            parent = self.db.execute("SELECT parent_id FROM clauses WHERE id = ?", (parent,)).fetchone()[0]
        return {"references": [], "inherited_from": None}

    def _refs_of(self, clause_id: str) -> list[Record]:
        refs = self._rows(
            """SELECT publication, publication_name, section, title, as_written, inferred_publication,
                      itil_section_id, source_lines
               FROM clause_refs WHERE clause_id = ? ORDER BY position""",
            (clause_id,),
        )
        for r in refs:
            r["inferred_publication"] = bool(r["inferred_publication"])
            r["source_lines"] = _loads(r["source_lines"])
            r["inherited"] = False
        return refs

    def _get_standard(self, key: str) -> Record | None:
        rows = [s for s in self.list_standards() if s["id"] == key]
        if not rows:
            return None
        row = rows[0]
        row["links"] = [
            {
                "id": f"resource:{r['resource_id']}",
                "relation": r["relation"],
                "part": r["part"],
                "designation": r["designation"],
                "title": r["title"],
            }
            for r in self._rows(
                """SELECT l.*, r.title FROM standard_links l JOIN resources r ON r.id = l.resource_id
                   WHERE l.standard_id = ? ORDER BY r.published""",
                (key,),
            )
        ]
        if row["number"] in ("27001", "27002"):
            row["links"].append({"id": f"mapping-table:{row['number']}", "relation": "mapping table"})
        return row

    def _get_section(self, key: str) -> Record | None:
        rows = self._rows("SELECT * FROM sections WHERE id = ?", (key,))
        if not rows:
            return None
        row = rows[0]
        row["blocks"] = _loads(row["blocks"])
        row["source_lines"] = _loads(row["source_lines"])
        row["links"] = [{"id": f"section:{row['parent_id']}", "relation": "part of"}] if row["parent_id"] else []
        row["links"] += [
            {"id": f"section:{c['id']}", "relation": "contains", "title": c["title"]}
            for c in self._rows("SELECT id, title FROM sections WHERE parent_id = ? ORDER BY position", (key,))
        ]
        return row

    def mentioned_terms(self, text: str) -> list[Record]:
        """Glossary terms and abbreviations that a text mentions, as links."""
        links: list[Record] = []
        for t in self._rows("SELECT id, term FROM terms ORDER BY length(term) DESC"):
            if re.search(rf"\b{re.escape(t['term'])}\b", text, re.IGNORECASE):
                links.append({"id": f"term:{t['id']}", "relation": "mentions term", "title": t["term"]})
        for a in self._rows("SELECT abbreviation, expansion FROM abbreviations"):
            if re.search(rf"\b{re.escape(a['abbreviation'])}\b", text):
                links.append(
                    {
                        "id": f"abbreviation:{a['abbreviation']}",
                        "relation": "mentions abbreviation",
                        "title": a["expansion"],
                    }
                )
        return links

    # ----- define and map ------------------------------------------------------

    def define(self, query: str) -> tuple[list[Record], str | None]:
        """Glossary terms and abbreviations matching ``query``; with a typo, the nearest.

        Returns the matches and, when the query was corrected, the spelling used.
        """
        q = " ".join(query.split())
        if not q:
            return [], None
        matches = self._define_exact(q)
        if matches:
            return matches, None
        vocabulary = {t["term"]: t["term"] for t in self._rows("SELECT term FROM terms")}
        vocabulary.update(
            {a["abbreviation"]: a["abbreviation"] for a in self._rows("SELECT abbreviation FROM abbreviations")}
        )
        vocabulary.update(
            {a["expansion"]: a["abbreviation"] for a in self._rows("SELECT abbreviation, expansion FROM abbreviations")}
        )
        lowered = {k.lower(): k for k in vocabulary}
        close = difflib.get_close_matches(q.lower(), list(lowered), n=1, cutoff=0.75)
        if not close:
            return [], None
        corrected = lowered[close[0]]
        return self._define_exact(vocabulary[corrected]), corrected

    def _define_exact(self, q: str) -> list[Record]:
        results: list[Record] = []
        terms = self._rows(
            """SELECT t.*, a.expansion FROM terms t LEFT JOIN abbreviations a ON a.abbreviation = t.abbreviation
               WHERE lower(t.term) = lower(:q) OR lower(t.term_as_written) = lower(:q)
                  OR lower(t.abbreviation) = lower(:q)""",
            {"q": q},
        )
        seen_abbr = set()
        for t in terms:
            results.append(self._definition_of_term(t))
            if t["abbreviation"]:
                seen_abbr.add(t["abbreviation"])
        for a in self._rows(
            "SELECT * FROM abbreviations WHERE lower(abbreviation) = lower(:q) OR lower(expansion) = lower(:q)",
            {"q": q},
        ):
            if a["abbreviation"] in seen_abbr:
                continue
            results.append(
                {
                    "id": f"abbreviation:{a['abbreviation']}",
                    "type": "abbreviation",
                    "term": a["expansion"],
                    "abbreviation": a["abbreviation"],
                    "informal_definition": None,
                    "itil_definition": None,
                    "itil_publication": None,
                    "expansion": a["expansion"],
                    "related": [],
                }
            )
        return results

    def _definition_of_term(self, t: Record) -> Record:
        related = [
            link
            for link in self.mentioned_terms(f"{t['informal_definition']}\n{t['itil_definition']}")
            if link["id"] != f"term:{t['id']}"
        ]
        return {
            "id": f"term:{t['id']}",
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
        }

    def map_clause(self, clause: str, standard: str | None = None) -> list[Record]:
        """The ITIL references of a clause, in each standard that has it unless one is named."""
        params: dict[str, str] = {"clause": clause.strip()}
        sql = "SELECT * FROM clauses WHERE clause = :clause"
        if standard:
            params["standard"] = f"ISO/IEC {standard.strip().removeprefix('ISO/IEC').strip()}"
            sql += " AND standard = :standard"
        rows = self._rows(sql + " ORDER BY standard", params)
        if not rows:
            where = f" in {params['standard']}" if standard else ""
            raise NotFound(f"no clause {clause}{where}; see 'kbapp list mappings'")
        out = []
        for row in rows:
            out.append(
                {
                    "id": f"mapping:{row['id']}",
                    "standard": row["standard"],
                    "clause": row["clause"],
                    "clause_title": row["title"],
                    **self._references(row),
                }
            )
        return out

    def map_itil(self, reference: str) -> Record:
        """Every clause that maps to an ITIL section (``SD 4.6.4.3``), directly or by inheritance."""
        m = re.match(r"^\s*(SS|SD|ST|SO|CSI)\s+(.+?)\s*$", reference, re.IGNORECASE)
        if not m:
            raise NotFound(
                f"'{reference}' is not an ITIL reference; write it as publication and section, e.g. 'SD 4.6.4.3'"
            )
        publication, section = m.group(1).upper(), m.group(2)
        direct = self._rows(
            """SELECT c.*, r.title AS itil_title FROM clause_refs r JOIN clauses c ON c.id = r.clause_id
               WHERE r.publication = ? AND lower(r.section) = lower(?) ORDER BY c.position""",
            (publication, section),
        )
        if not direct:
            raise NotFound(f"no clause maps to {publication} {section}; see 'kbapp list mappings'")
        titles = {r["itil_title"] for r in direct}
        clauses = []
        for row in direct:
            clauses.append(
                {
                    "id": f"mapping:{row['id']}",
                    "standard": row["standard"],
                    "clause": row["clause"],
                    "clause_title": row["title"],
                    "inherited": False,
                }
            )
            for child in self._inheriting_children(row["id"]):
                clauses.append(
                    {
                        "id": f"mapping:{child['id']}",
                        "standard": child["standard"],
                        "clause": child["clause"],
                        "clause_title": child["title"],
                        "inherited": True,
                        "inherited_from": row["id"],
                    }
                )
        section_row = self._rows("SELECT * FROM itil_sections WHERE id = ?", (f"{publication} {section}",))
        names = {
            r["publication"]: r["publication_name"]
            for r in self._rows(
                "SELECT DISTINCT publication, publication_name FROM clause_refs WHERE publication IS NOT NULL"
            )
        }
        return {
            "publication": publication,
            "publication_name": names.get(publication),
            "section": section,
            "titles": sorted(titles),
            "itil_section": section_row[0] if section_row else None,
            "clauses": clauses,
        }

    def _inheriting_children(self, clause_id: str) -> Iterator[Record]:
        for child in self._rows("SELECT * FROM clauses WHERE parent_id = ? ORDER BY position", (clause_id,)):
            if not self._refs_of(child["id"]):
                yield child
                yield from self._inheriting_children(child["id"])

    # ----- for the index -------------------------------------------------------

    def abbreviation_pairs(self) -> list[tuple[str, str]]:
        """(abbreviation, expansion) from the paper's list and the bodies' own abbreviations."""
        pairs = [
            (a["abbreviation"], re.sub(r"\s*\(.*?\)\s*$", "", a["expansion"]).removeprefix("(UK) "))
            for a in self._rows("SELECT abbreviation, expansion FROM abbreviations")
        ]
        pairs += [
            (t["abbreviation"], t["term"])
            for t in self._rows("SELECT abbreviation, term FROM terms WHERE abbreviation IS NOT NULL")
        ]
        pairs += [
            (b["abbreviation"], b["name"])
            for b in self._rows("SELECT abbreviation, name FROM bodies WHERE abbreviation IS NOT NULL")
        ]
        pairs += [
            (b["abbreviation"], s["spelling"].split(" (")[0])
            for b in self._rows("SELECT id, abbreviation FROM bodies WHERE abbreviation IS NOT NULL")
            for s in self._rows("SELECT spelling FROM body_spellings WHERE body_id = ?", (b["id"],))
        ]
        return sorted(set(pairs))

    def bodies(self) -> list[Record]:
        return self._rows("SELECT id, name, abbreviation FROM bodies ORDER BY name")

    def categories(self) -> dict[str, str]:
        return {r["category"]: r["category"] for r in self._rows("SELECT DISTINCT category FROM resources")}

    def body_spellings(self) -> list[Record]:
        return self._rows("SELECT body_id, spelling FROM body_spellings")

    INDEX_TABLES = {
        "resources": (
            "SELECT id, title, description, category, year, published, body_id FROM resources ORDER BY position"
        ),
        "terms": "SELECT * FROM terms ORDER BY position",
        "abbreviations": "SELECT * FROM abbreviations ORDER BY position",
        "clause_refs": "SELECT clause_id, publication, publication_name, section, title FROM clause_refs ORDER BY id",
        "clauses": "SELECT * FROM clauses ORDER BY position",
        "standard_parts": "SELECT standard_id, part, title FROM standard_parts ORDER BY standard_id, part",
        "standards": "SELECT * FROM standards ORDER BY number",
        "sections": "SELECT * FROM sections ORDER BY position",
    }

    def resource_rows(self, ids: list[str]) -> list[Record]:
        """Rows for indexing, of the given resources only."""
        rows: list[Record] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" for _ in chunk)
            rows += self._rows(
                "SELECT id, title, description, category, year, published, body_id FROM resources "
                f"WHERE id IN ({marks})",
                tuple(chunk),
            )
        return rows

    def entry_hashes(self, source: str) -> dict[str, tuple[str, str]]:
        """Entry hash → (resource id, authoring body as written), for the entries of
        one catalogue file as they were last built."""
        rows = self.db.execute(
            "SELECT source_hash, id, body_as_written FROM resources WHERE source_hash != '' AND source = ?", (source,)
        )
        return {digest: (rid, body) for digest, rid, body in rows.fetchall()}

    def resource_ids(self, source: str) -> list[str]:
        """Untyped ids of the resources from one catalogue file, in order."""
        rows = self.db.execute("SELECT id FROM resources WHERE source = ? ORDER BY position", (source,))
        return [row[0] for row in rows]

    def resource_counts_by_source(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT source, count(*) FROM resources GROUP BY source").fetchall())

    def resource_ids_not_from(self, source: str) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM resources WHERE source != ?", (source,))}

    def resource_fingerprints(self, ids: list[str]) -> dict[str, tuple]:
        """What each of these resources says, to tell whether an edited entry changed it."""
        return {
            r["id"]: (r["title"], r["blocks"], r["published_as_written"], r["body_as_written"], r["category"])
            for r in self._rows(
                "SELECT id, title, blocks, published_as_written, body_as_written, category FROM resources"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            )
        }

    def rows_for_index(self, table: str) -> Iterator[Record]:
        """Rows streamed for indexing, so that a large corpus is not held in memory."""
        cursor = self.db.execute(self.INDEX_TABLES[table])
        columns = [c[0] for c in cursor.description]
        for row in cursor:
            yield dict(zip(columns, row, strict=True))

    def snippet_texts(self, typed_ids: list[str]) -> dict[str, str]:
        """The text a hit's snippet is cut from, fetched for the shown hits only."""
        out: dict[str, str] = {}
        by_type: dict[str, list[str]] = {}
        for tid in typed_ids:
            kind, _, key = tid.partition(":")
            by_type.setdefault(kind, []).append(key)
        sql = {
            "resource": "SELECT id AS k, description AS t FROM resources WHERE id IN ({})",
            "term": """SELECT id AS k,
                              coalesce(informal_definition, '')
                              || CASE WHEN itil_definition != '' THEN char(10) || 'ITIL'
                                      || coalesce(' (' || itil_publication || ')', '') || ': ' || itil_definition
                                 ELSE '' END AS t
                       FROM terms WHERE id IN ({})""",
            "abbreviation": "SELECT abbreviation AS k, expansion AS t FROM abbreviations WHERE abbreviation IN ({})",
            "standard": "SELECT id AS k, description AS t FROM standards WHERE id IN ({})",
            "section": "SELECT id AS k, text AS t FROM sections WHERE id IN ({})",
            "mapping": """SELECT clause_id AS k,
                                 group_concat(coalesce(publication || ' ', '') || coalesce(section || ' ', '') || title,
                                              char(10)) AS t
                          FROM clause_refs WHERE clause_id IN ({}) GROUP BY clause_id""",
        }
        for kind, keys in by_type.items():
            if kind not in sql:
                continue
            placeholders = ",".join("?" for _ in keys)
            for row in self._rows(sql[kind].format(placeholders), tuple(keys)):
                out[f"{kind}:{row['k']}"] = row["t"] or ""
        return out

    # ----- for the window's views ------------------------------------------------

    SUMMARY_SQL = {
        "resource": """SELECT 'resource:' || r.id AS id, r.title, r.published, r.year, r.category,
                              b.name AS authoring_body, b.abbreviation AS authoring_body_abbr
                       FROM resources r JOIN bodies b ON b.id = r.body_id WHERE r.id IN ({})""",
        "term": """SELECT 'term:' || id AS id, term AS title, term, abbreviation, informal_definition,
                          itil_definition, itil_publication FROM terms WHERE id IN ({})""",
        "abbreviation": """SELECT 'abbreviation:' || abbreviation AS id, abbreviation AS title, abbreviation,
                                  expansion FROM abbreviations WHERE abbreviation IN ({})""",
        "mapping": """SELECT 'mapping:' || id AS id, standard || ' ' || clause || ' ' || title AS title, standard,
                             clause, title AS clause_title FROM clauses WHERE id IN ({})""",
        "standard": """SELECT 'standard:' || id AS id, designation || ' ' || title AS title, designation, year,
                              title AS standard_title, status, expected_publication FROM standards WHERE id IN ({})""",
        "section": """SELECT 'section:' || id AS id, coalesce(number || ' ', '') || title AS title, number, kind
                      FROM sections WHERE id IN ({})""",
    }

    ID_SQL = {
        "resource": "SELECT 'resource:' || id FROM resources ORDER BY position",
        "term": "SELECT 'term:' || id FROM terms ORDER BY position",
        "abbreviation": "SELECT 'abbreviation:' || abbreviation FROM abbreviations ORDER BY position",
        "mapping": "SELECT 'mapping:' || id FROM clauses ORDER BY position",
        "standard": "SELECT 'standard:' || id FROM standards ORDER BY number",
        "section": "SELECT 'section:' || id FROM sections ORDER BY position",
    }

    def ids(self, kind: str) -> list[str]:
        """The typed ids of every record of a kind, in source order."""
        return [row[0] for row in self.db.execute(self.ID_SQL[kind]).fetchall()]

    def summaries(self, typed_ids: list[str]) -> dict[str, Record]:
        """The few fields a list or table shows, for the given records only."""
        by_type: dict[str, list[str]] = {}
        for tid in typed_ids:
            kind, _, key = tid.partition(":")
            by_type.setdefault(kind, []).append(key)
        out: dict[str, Record] = {}
        for kind, keys in by_type.items():
            if kind not in self.SUMMARY_SQL:
                continue
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                sql = self.SUMMARY_SQL[kind].format(",".join("?" for _ in chunk))
                for row in self._rows(sql, tuple(chunk)):
                    row["type"] = kind
                    out[row["id"]] = row
        return out

    def clause_tree(self, standard: str) -> list[Record]:
        """Every clause of one standard in table order, with own and inherited references."""
        clauses = self._rows("SELECT * FROM clauses WHERE standard = ? ORDER BY position", (standard,))
        refs: dict[str, list[Record]] = {}
        for r in self._rows(
            """SELECT r.* FROM clause_refs r JOIN clauses c ON c.id = r.clause_id
               WHERE c.standard = ? ORDER BY r.clause_id, r.position""",
            (standard,),
        ):
            refs.setdefault(r["clause_id"], []).append(r)
        by_id = {c["id"]: c for c in clauses}
        for c in clauses:
            c["references"] = refs.get(c["id"], [])
            c["inherited_from"] = None
            c["inherited"] = []
            parent = c["parent_id"]
            while not c["references"] and parent:
                if refs.get(parent):
                    c["inherited_from"] = parent
                    c["inherited"] = refs[parent]
                    break
                parent = by_id[parent]["parent_id"] if parent in by_id else None
        return clauses

    def itil_targets(self) -> list[Record]:
        """Every ITIL publication and section that some clause maps to, for the reverse view."""
        return self._rows(
            """SELECT publication, publication_name, section, min(title) AS title, count(*) AS clauses
               FROM clause_refs WHERE publication IS NOT NULL AND section IS NOT NULL
               GROUP BY publication, section ORDER BY publication, section"""
        )
