"""Writing parsed sources into a fresh knowledge-base database."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict

import sqlite_utils

from kbapp.domain.records import (
    CATALOGUE_FILE,
    WHITE_PAPER_FILE,
    Body,
    Catalogue,
    Residue,
    Resource,
    Standard,
    StandardPart,
    WhitePaper,
    blocks_to_text,
)
from kbapp.sources.catalogue import ParsedEntry, split_body
from kbapp.sources.text import slugify, unique_slug
from kbapp.sources.whitepaper import publication_names

# Imported entries sort after the shipped catalogue (which an update renumbers from 0),
# in the order they were imported.
IMPORT_POSITIONS = 1_000_000_000
IMPORT_BATCH = 500


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_corpus(db: sqlite_utils.Database, catalogue: Catalogue, paper: WhitePaper, meta: dict[str, str]) -> None:
    _write_catalogue(db, catalogue)
    _write_white_paper(db, paper)
    db.table("standard_links").insert_all(standard_links(catalogue.resources, paper.standards))
    corrections = catalogue.corrections + paper.corrections
    db.table("corrections").insert_all(
        ({"id": i + 1, **asdict(c)} for i, c in enumerate(corrections)),
    )
    db.table("residue").insert_all(asdict(r) for r in catalogue.residue + paper.residue)
    write_meta(db, meta)


def write_meta(db: sqlite_utils.Database, meta: dict[str, str]) -> None:
    db.table("meta").insert_all(({"key": k, "value": v} for k, v in meta.items()), replace=True)


def _write_catalogue(db: sqlite_utils.Database, catalogue: Catalogue) -> None:
    _write_bodies(db, catalogue.resources)
    _write_resources(db, list(enumerate(catalogue.resources)))


def _write_bodies(db: sqlite_utils.Database, resources: list[Resource]) -> None:
    bodies = {r.body.id: r.body for r in resources}
    db.table("bodies").insert_all(
        ({"id": b.id, "name": b.name, "abbreviation": b.abbreviation} for b in bodies.values()), replace=True
    )
    spellings = {(r.body.id, r.body_as_written) for r in resources}
    db.table("body_spellings").insert_all(({"body_id": b, "spelling": s} for b, s in sorted(spellings)), replace=True)


RESOURCE_CHILDREN = ("resource_standards", "resource_markings", "resource_reviews", "resource_emails", "standard_links")


def update_resources(
    db: sqlite_utils.Database,
    catalogue: Catalogue,
    changed: list[str],
    removed: list[str],
    standards: list[Standard],
    meta: dict[str, str],
) -> None:
    """Rewrite only the changed resources (and drop removed ones), in the caller's transaction.

    ``catalogue`` holds the parsed (changed or new) entries and every entry's id in order.
    """
    positions = {rid: position for position, rid in enumerate(catalogue.order)}
    by_id = {r.id: (positions[r.id], r) for r in catalogue.resources}
    for rid in changed + removed:
        for table in RESOURCE_CHILDREN:
            db.execute(f"DELETE FROM {table} WHERE resource_id = ?", (rid,))
        db.execute("DELETE FROM resources WHERE id = ?", (rid,))
    _write_bodies(db, catalogue.resources)
    _write_resources(db, [by_id[rid] for rid in changed])
    _drop_unused_bodies(db)
    db.table("standard_links").insert_all(standard_links([by_id[rid][1] for rid in changed], standards))
    db.conn.executemany("UPDATE resources SET position = ? WHERE id = ?", [(p, rid) for rid, p in positions.items()])
    # An entry whose lines changed only where nothing is stored (spacing) keeps its row, with its new hash.
    db.conn.executemany(
        "UPDATE resources SET source_hash = ? WHERE id = ?",
        [(r.source_hash, r.id) for r in catalogue.resources if r.id not in changed],
    )
    write_meta(db, meta)


def write_import(
    db: sqlite_utils.Database,
    entries: Iterable[ParsedEntry],
    source: str,
    standards: list[Standard],
    progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Add an imported catalogue's entries a batch at a time, in the caller's transaction.

    Only one batch is held in memory. Ids are unique among all resources; an authoring
    body already known (by abbreviation, else by name) is reused, so facets stay whole.
    Returns the new resources' ids.
    """
    bodies = _KnownBodies(db)
    last = db.execute("SELECT max(position) FROM resources").fetchone()[0] or 0
    position = max(IMPORT_POSITIONS, last + 1)
    added: list[str] = []
    batch: list[tuple[int, Resource]] = []
    batch_ids: set[str] = set()

    def flush() -> None:
        resources = [r for _, r in batch]
        _write_bodies(db, resources)
        _write_resources(db, batch, source)
        db.table("standard_links").insert_all(standard_links(resources, standards))
        batch.clear()
        batch_ids.clear()
        if progress:
            progress(len(added))

    for entry in entries:
        rid = _free_id(db, slugify(entry.fields["title"]), batch_ids)
        body = bodies.resolve(entry.fields["body_as_written"])
        batch.append((position, Resource(id=rid, body=body, source_hash=entry.digest, **entry.fields)))
        added.append(rid)
        position += 1
        if len(batch) >= IMPORT_BATCH:
            flush()
    if batch:
        flush()
    return added


def write_import_residue(db: sqlite_utils.Database, residue: list[Residue]) -> None:
    db.table("residue").insert_all(asdict(r) for r in residue)


def remove_import(db: sqlite_utils.Database, source: str) -> list[str]:
    """Drop every resource an import added, in the caller's transaction; returns their ids."""
    ids = [row[0] for row in db.execute("SELECT id FROM resources WHERE source = ?", (source,))]
    for table in RESOURCE_CHILDREN:
        db.execute(f"DELETE FROM {table} WHERE resource_id IN (SELECT id FROM resources WHERE source = ?)", (source,))
    db.execute("DELETE FROM resources WHERE source = ?", (source,))
    db.execute("DELETE FROM residue WHERE source = ?", (source,))
    _drop_unused_bodies(db)
    return ids


def _drop_unused_bodies(db: sqlite_utils.Database) -> None:
    """Bodies no resource uses any more go, so facets never list an empty body."""
    db.execute("DELETE FROM body_spellings WHERE body_id NOT IN (SELECT body_id FROM resources)")
    db.execute("DELETE FROM bodies WHERE id NOT IN (SELECT body_id FROM resources)")


def _free_id(db: sqlite_utils.Database, slug: str, pending: set[str]) -> str:
    """The slug, or slug-2, slug-3…: the first no stored or pending resource holds."""
    rid, n = slug, 2
    while rid in pending or db.execute("SELECT 1 FROM resources WHERE id = ?", (rid,)).fetchone():
        rid, n = f"{slug}-{n}", n + 1
    pending.add(rid)
    return rid


class _KnownBodies:
    """Authoring bodies by abbreviation and by name, those stored and those added."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.ids: set[str] = set()
        self.by_key: dict[str, Body] = {}
        for row in db.execute("SELECT id, name, abbreviation FROM bodies ORDER BY id"):
            self._add(Body(*row))

    def _add(self, body: Body) -> None:
        self.ids.add(body.id)
        if body.abbreviation:
            self.by_key.setdefault(body.abbreviation, body)
        self.by_key.setdefault(body.name.casefold(), body)

    def resolve(self, written: str) -> Body:
        name, abbreviation = split_body(written)
        known = (abbreviation and self.by_key.get(abbreviation)) or self.by_key.get(name.casefold())
        if known:
            return known
        body = Body(unique_slug(slugify(name), self.ids), name, abbreviation)
        self._add(body)
        return body


def _write_resources(
    db: sqlite_utils.Database, numbered: list[tuple[int, Resource]], source: str = CATALOGUE_FILE
) -> None:
    # One insert_all per table: sqlite-utils' per-call overhead was half the write time.
    db.table("resources").insert_all(
        {
            "id": r.id,
            "title": r.title,
            "description": blocks_to_text(r.blocks),
            "blocks": _json(r.blocks),
            "published": r.published,
            "published_as_written": r.published_as_written,
            "year": int(r.published[:4]),
            "body_id": r.body.id,
            "body_as_written": r.body_as_written,
            "category": r.category,
            "position": position,
            "source": source,
            "source_lines": _json(r.source_lines),
            "source_hash": r.source_hash,
        }
        for position, r in numbered
    )
    resources = [r for _, r in numbered]
    db.table("resource_standards").insert_all(
        {"resource_id": r.id, "position": i, **asdict(s)} for r in resources for i, s in enumerate(r.standards)
    )
    db.table("resource_markings").insert_all(
        {"resource_id": r.id, "position": i, **asdict(m)} for r in resources for i, m in enumerate(r.markings)
    )
    db.table("resource_reviews").insert_all(
        {"resource_id": r.id, "position": i, **asdict(v)} for r in resources for i, v in enumerate(r.reviews)
    )
    db.table("resource_emails").insert_all(
        {"resource_id": r.id, "position": i, "email": e} for r in resources for i, e in enumerate(r.emails)
    )


def _write_white_paper(db: sqlite_utils.Database, paper: WhitePaper) -> None:
    db.table("abbreviations").insert_all(
        {
            "abbreviation": a.abbreviation,
            "expansion": a.expansion,
            "position": i,
            "source": WHITE_PAPER_FILE,
            "source_lines": _json(a.source_lines),
        }
        for i, a in enumerate(paper.abbreviations)
    )
    names = publication_names(paper.abbreviations)
    abbr_of = {v: k for k, v in names.items()}
    known_abbrs = {a.abbreviation for a in paper.abbreviations}
    db.table("terms").insert_all(
        {
            "id": t.id,
            "term": t.term,
            "term_as_written": t.term_as_written,
            "abbreviation": t.abbreviation if t.abbreviation in known_abbrs else None,
            "informal_definition": t.informal_definition,
            "itil_definition": t.itil_definition,
            "itil_publication": t.itil_publication,
            "itil_publication_abbr": abbr_of.get(t.itil_publication or ""),
            "abbreviated": int(t.abbreviated),
            "position": i,
            "source": WHITE_PAPER_FILE,
            "source_lines": _json(t.source_lines),
        }
        for i, t in enumerate(paper.terms)
    )
    db.table("itil_sections").insert_all(
        {
            "id": s.id,
            "publication": s.publication,
            "publication_name": names.get(s.publication),
            "number": s.number,
            "title": s.title,
            "note": s.note,
            "parent_id": s.parent,
            "position": s.position,
            "number_as_written": s.number_as_written,
            "source": WHITE_PAPER_FILE,
            "source_lines": _json(s.source_lines),
        }
        for s in paper.itil_sections
    )
    section_ids = {s.id for s in paper.itil_sections}
    ref_rows: list[dict] = []
    for c in paper.clauses:
        db.table("clauses").insert(
            {
                "id": c.id,
                "standard": c.standard,
                "clause": c.clause,
                "title": c.title,
                "parent_id": c.parent,
                "position": c.position,
                "source": WHITE_PAPER_FILE,
                "source_lines": _json(sorted(set(c.source_lines))),
            }
        )
        for i, ref in enumerate(c.references):
            section_id = f"{ref.publication} {ref.section}" if ref.publication and ref.section else None
            ref_rows.append(
                {
                    "id": len(ref_rows) + 1,
                    "clause_id": c.id,
                    "position": i,
                    "publication": ref.publication,
                    "publication_name": names.get(ref.publication or ""),
                    "section": ref.section,
                    "title": ref.title,
                    "as_written": ref.as_written,
                    "inferred_publication": int(ref.inferred_publication),
                    "itil_section_id": section_id if section_id in section_ids else None,
                    "source_lines": _json(ref.source_lines),
                }
            )
    db.table("clause_refs").insert_all(ref_rows)
    for s in paper.standards:
        db.table("standards").insert(
            {
                "id": s.id,
                "designation": s.designation,
                "number": s.number,
                "year": s.year,
                "title": s.title,
                "status": s.status,
                "expected_publication": s.expected_publication,
                "technical_report": int(s.technical_report),
                "description": s.description,
                "relations": _json(s.relations),
                "sections": _json(s.sections),
                "source": WHITE_PAPER_FILE,
                "source_lines": _json(sorted(set(s.source_lines))),
            }
        )
        db.table("standard_parts").insert_all(
            {
                "standard_id": s.id,
                "part": p.part,
                "title": p.title,
                "status": p.status,
                "relations": _json(p.relations),
                "source_lines": _json(p.source_lines),
            }
            for p in s.parts
        )
    db.table("sections").insert_all(
        {
            "id": s.id,
            "number": s.number,
            "title": s.title,
            "kind": s.kind,
            "parent_id": s.parent,
            "position": s.position,
            "text": s.text,
            "blocks": _json(s.blocks),
            "source": WHITE_PAPER_FILE,
            "source_lines": _json(s.source_lines),
        }
        for s in paper.sections
    )


def fingerprint(r: Resource) -> tuple:
    """What the database holds of a resource, to compare with Repository.resource_fingerprints."""
    return (r.title, _json(r.blocks), r.published_as_written, r.body_as_written, r.category)


def standard_links(resources: list[Resource], standards: list[Standard]) -> list[dict]:
    """Link the standard identifiers in catalogue titles to the paper's standards.

    The catalogue holds later editions (ISO/IEC 27033-1:2015) of what the paper
    describes (27033, part 1 planned in 2009).
    """
    by_number = {s.number: s for s in standards}
    links = []
    for r in resources:
        for sid in r.standards:
            std = by_number.get(sid.number)
            if std is None:
                continue
            part_known = sid.part is not None and any(p.part == sid.part for p in std.parts)
            if sid.role != "primary":
                relation = "mentions"
            elif std.year is None or (sid.year and sid.year > std.year):
                relation = "later edition"
            else:
                relation = "same edition"
            links.append(
                {
                    "resource_id": r.id,
                    "standard_id": std.id,
                    "part": sid.part if part_known else None,
                    "designation": sid.designation,
                    "relation": relation,
                }
            )
    return links


def standards_from_rows(rows: list[dict]) -> list[Standard]:
    """The paper's standards as stored, enough to link catalogue titles to them again."""
    return [
        Standard(
            id=r["id"],
            designation=r["designation"],
            number=r["number"],
            year=r["year"],
            title=r["title"],
            status=r["status"],
            expected_publication=r["expected_publication"],
            technical_report=bool(r["technical_report"]),
            description=r["description"],
            parts=[StandardPart(p["part"], p["title"], p["status"]) for p in r.get("parts", [])],
        )
        for r in rows
    ]
