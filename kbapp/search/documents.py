"""The search documents: one per record, built from the database."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from kbapp.domain.designations import designation_key, designations
from kbapp.domain.ids import RecordKind, record_id
from kbapp.domain.labels import origin_kind, record_label
from kbapp.domain.mapping_rules import mapped_edition
from kbapp.storage.repository import Repository

Document = dict[str, Any]


def title_order(title: str) -> str:
    """The key titles sort by: case-folded, numbers in numeric order (clause 4.2 before 10.1)."""
    folded = " ".join(title.casefold().split())
    return re.sub(r"\d+", lambda m: m.group().zfill(8), folded)


def normalise_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w./-]+", " ", text.lower()).split())


class AliasFinder:
    """Adds the other half of each abbreviation pair that a text mentions, so that
    ``ISMS`` finds "Information Security Management System" and the reverse."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = [(a, e) for a, e in pairs if a and e]
        self.abbr_re = (
            re.compile(r"\b(" + "|".join(re.escape(a) for a, _ in self.pairs) + r")\b") if self.pairs else None
        )
        self.exp_re = (
            re.compile(r"\b(" + "|".join(re.escape(e) for _, e in self.pairs) + r")\b", re.IGNORECASE)
            if self.pairs
            else None
        )
        self.by_abbr: dict[str, set[str]] = {}
        self.by_exp: dict[str, set[str]] = {}
        for a, e in self.pairs:
            self.by_abbr.setdefault(a, set()).add(e)
            self.by_exp.setdefault(e.lower(), set()).add(a)

    def aliases(self, text: str) -> str:
        if not self.abbr_re or not self.exp_re:
            return ""
        found: set[str] = set()
        for m in self.abbr_re.finditer(text):
            found |= self.by_abbr.get(m.group(1), set())
        for m in self.exp_re.finditer(text):
            found |= self.by_exp.get(m.group(1).lower(), set())
        return " ".join(sorted(found))


EDITION, SUCCESSOR = "edition", "successor"
# A standard that renumbers, replaces or updates another is what that one became.
SUCCEEDS = {"renumbers", "replaces", "updates", "revises"}


def _relations(relations: Any) -> list[dict[str, str]]:
    return json.loads(relations or "[]") if isinstance(relations, str) else list(relations or [])


def relations_text(relations: Any) -> str:
    """A standard's relations as words, each identifier written plainly ("BS7799 part 2"
    as "BS 7799"), so that a search for the other standard finds this one."""
    out = []
    for relation in _relations(relations):
        target = relation.get("target") or ""
        names = " ".join(d.name for d in designations(target))
        out.append(f"{relation.get('relation')} {target} {names}".strip())
    return "\n".join(out)


def successor_of(relations: Any) -> list[str]:
    """The designation keys a standard succeeds, tagged as its successor."""
    relations = _relations(relations)
    return sorted(
        {
            f"{d.key} {SUCCESSOR}"
            for relation in relations or []
            if relation.get("relation") in SUCCEEDS
            for d in designations(relation.get("target") or "")
        }
    )


def resource_documents(repo: Repository, rows, finder: AliasFinder | None = None) -> Iterator[Document]:
    """The search documents of catalogue resources (rows as ``rows_for_index('resources')`` gives)."""
    finder = finder or AliasFinder(repo.index.abbreviation_pairs())
    body_names = {b["id"]: b for b in repo.index.bodies()}
    spellings: dict[str, list[str]] = {}
    for s in repo.index.body_spellings():
        spellings.setdefault(s["body_id"], []).append(s["spelling"])
    for r in rows:
        body = body_names[r["body_id"]]
        body_text = " ".join([body["name"], body["abbreviation"] or "", *spellings.get(r["body_id"], [])])
        yield _doc(
            finder,
            id=record_id(RecordKind.RESOURCE, r["id"]),
            type="resource",
            title=record_label(RecordKind.RESOURCE, r),
            content=r["description"],
            exact=[r["title"]],
            designates=[f"{d.key} {EDITION}" for d in designations(r["title"]) if d.start == 0][:1],
            category=r["category"],
            body=body_text,
            body_facet=body["name"],
            origin_facet=origin_kind(r["source"], r["local"]),
            extra_aliases=body_text,
            year=r["year"],
            published=r["published"],
        )


def documents(repo: Repository) -> Iterator[Document]:
    finder = AliasFinder(repo.index.abbreviation_pairs())
    yield from resource_documents(repo, repo.index.rows_for_index("resources"), finder)
    for t in repo.index.rows_for_index("terms"):
        keys = [t["term"], t["term_as_written"]] + ([t["abbreviation"]] if t["abbreviation"] else [])
        content = "\n".join(x for x in (t["informal_definition"], t["itil_publication"], t["itil_definition"]) if x)
        yield _doc(
            finder,
            id=record_id(RecordKind.TERM, t["id"]),
            type="term",
            title=record_label(RecordKind.TERM, t),
            content=content,
            exact=keys,
        )
    for a in repo.index.rows_for_index("abbreviations"):
        yield _doc(
            finder,
            id=record_id(RecordKind.ABBREVIATION, a["abbreviation"]),
            type="abbreviation",
            title=record_label(RecordKind.ABBREVIATION, a),
            content=a["expansion"],
            exact=[a["abbreviation"], a["expansion"]],
        )
    refs: dict[str, list[str]] = {}
    for ref in repo.index.rows_for_index("clause_refs"):
        parts = [ref["publication"] or "", ref["publication_name"] or "", ref["section"] or "", ref["title"] or ""]
        refs.setdefault(ref["clause_id"], []).append(" ".join(p for p in parts if p))
    for c in repo.index.rows_for_index("clauses"):
        number = c["standard"][-5:]
        yield _doc(
            finder,
            id=record_id(RecordKind.MAPPING, c["id"]),
            type="mapping",
            title=f"{c['standard']} {c['clause']} {c['title']}",
            label=record_label(RecordKind.MAPPING, c),
            extra_aliases=record_label(RecordKind.MAPPING, c),  # a label pasted into the search box finds it
            content="\n".join(refs.get(c["id"], [])),
            exact=[
                c["clause"],
                f"{number} {c['clause']}",
                f"{c['standard']} {c['clause']}",
                f"{mapped_edition(c['standard'])} {c['clause']}",
                c["title"],
            ],
        )
    part_titles: dict[str, list[str]] = {}
    for p in repo.index.rows_for_index("standard_parts"):
        part_titles.setdefault(p["standard_id"], []).append(p["title"])
    for s in repo.index.rows_for_index("standards"):
        planned = " ".join(part_titles.get(s["id"], []))
        yield _doc(
            finder,
            id=record_id(RecordKind.STANDARD, s["id"]),
            type="standard",
            title=record_label(RecordKind.STANDARD, s),
            content=f"{s['description']}\n{planned}\n{relations_text(s.get('relations'))}",
            exact=[s["designation"], s["number"], s["title"]],
            designates=[designation_key(s["designation"], s["number"])] + successor_of(s.get("relations")),
            year=s["year"],
        )
    for i in repo.index.rows_for_index("itil_records"):
        written = f"{i['publication']} {i['number']}"
        titles = json.loads(i["titles"] or "[]")
        yield _doc(
            finder,
            id=record_id(RecordKind.ITIL, i["id"]),
            type="itil",
            title=record_label(RecordKind.ITIL, i),
            content="\n".join([i["publication_name"] or "", *titles, i["note"] or "", i["mapped"] or ""]),
            exact=[written, i["id"], f"{i['publication_name']} {i['number']}", i["number"], i["title"]],
        )
    for sec in repo.index.rows_for_index("sections"):
        title = record_label(RecordKind.SECTION, sec)
        yield _doc(
            finder,
            id=record_id(RecordKind.SECTION, sec["id"]),
            type="section",
            title=title,
            content=sec["text"],
            exact=[title, sec["title"]],
        )


def _doc(finder: AliasFinder, **fields: Any) -> Document:
    exact = fields.pop("exact")
    designates = fields.pop("designates", [])
    text = f"{fields['title']}\n{fields.get('content') or ''}"
    doc: Document = {
        "id": fields["id"],
        "type": fields["type"],
        "title": fields["title"],
        "content": fields.get("content") or "",
        # A resource is found by its authoring body's name and abbreviation too.
        "aliases": f"{finder.aliases(text)} {fields.get('extra_aliases') or ''}".strip(),
        "exact": ",".join(normalise_key(k) for k in exact if k),
        "title_order": title_order(fields["title"]),
    }
    if fields.get("label"):
        doc["label"] = fields["label"]
    if designates:
        doc["designates"] = ",".join(designates)
    if fields.get("category"):
        doc["category"] = fields["category"]
        doc["category_facet"] = fields["category"]
    if fields.get("body"):
        doc["body"] = fields["body"]
        doc["body_facet"] = fields["body_facet"]
    if fields.get("origin_facet"):
        doc["origin_facet"] = fields["origin_facet"]
    if fields.get("year"):
        doc["year"] = int(fields["year"])
        doc["year_facet"] = str(int(fields["year"]))
    if fields.get("published"):
        doc["published"] = fields["published"]
    if doc.get("published") or doc.get("year"):
        doc["date_order"] = doc.get("published") or str(doc["year"])
    return doc


def completion_records(repo: Repository) -> Iterator[tuple[str, str, str, str]]:
    """(typed id, type, label, text typed to reach it) for instant completions: a
    clause is reached by its number first, an abbreviation with its expansion."""
    rows = repo.index.rows_for_index
    for t in rows("terms"):
        yield record_id(RecordKind.TERM, t["id"]), "term", record_label(RecordKind.TERM, t), t["term_as_written"]
    for a in rows("abbreviations"):
        label = record_label(RecordKind.ABBREVIATION, a)
        yield record_id(RecordKind.ABBREVIATION, a["abbreviation"]), "abbreviation", label, f"{label}: {a['expansion']}"
    for s in rows("standards"):
        label = record_label(RecordKind.STANDARD, s)
        yield record_id(RecordKind.STANDARD, s["id"]), "standard", label, f"{s['designation']} {s['title']}"
    for c in rows("clauses"):
        label = record_label(RecordKind.MAPPING, c)
        typed = f"{c['clause']} {c['title']} ({mapped_edition(c['standard'])})"
        yield record_id(RecordKind.MAPPING, c["id"]), "mapping", label, typed
    for r in rows("resources"):
        label = record_label(RecordKind.RESOURCE, r)
        yield record_id(RecordKind.RESOURCE, r["id"]), "resource", label, label
    for sec in rows("sections"):
        label = record_label(RecordKind.SECTION, sec)
        yield record_id(RecordKind.SECTION, sec["id"]), "section", label, label
    for i in rows("itil_records"):
        label = record_label(RecordKind.ITIL, i)
        yield record_id(RecordKind.ITIL, i["id"]), "itil", label, f"{label} ({i['publication_name']})"
