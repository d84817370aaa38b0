"""Writing catalogue resources: the shipped catalogue's, an update's changed entries,
an import's entries a batch at a time, and removals. Each ``apply_…`` function is one
transaction of its own; the others write inside the caller's."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict

import sqlite_utils

from kbapp.domain.catalogue_rules import IdAllocator, KnownBodies
from kbapp.domain.designations import designation_key, standard_key
from kbapp.domain.ids import slugify
from kbapp.domain.records import (
    CATALOGUE_FILE,
    Body,
    Catalogue,
    Residue,
    Resource,
    Standard,
    StandardPart,
    blocks_to_text,
)
from kbapp.sources.catalogue import ParsedEntry
from kbapp.storage.seal import seal

# Imported entries sort after the shipped catalogue (which an update renumbers from 0),
# in the order they were imported.
IMPORT_POSITIONS = 1_000_000_000
IMPORT_BATCH = 500
RESOURCE_CHILDREN = ("resource_standards", "resource_markings", "resource_reviews", "resource_emails", "standard_links")


def json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_meta(db: sqlite_utils.Database, meta: dict[str, str]) -> None:
    db.table("meta").insert_all(({"key": k, "value": v} for k, v in meta.items()), replace=True)


def write_bodies(db: sqlite_utils.Database, resources: list[Resource]) -> None:
    bodies = {r.body.id: r.body for r in resources}
    db.table("bodies").insert_all(
        ({"id": b.id, "name": b.name, "abbreviation": b.abbreviation} for b in bodies.values()), replace=True
    )
    spellings = {(r.body.id, r.body_as_written) for r in resources}
    db.table("body_spellings").insert_all(({"body_id": b, "spelling": s} for b, s in sorted(spellings)), replace=True)


def apply_catalogue_update(
    db: sqlite_utils.Database,
    catalogue: Catalogue,
    changed: list[str],
    removed: list[str],
    standards: list[Standard],
    meta: dict[str, str],
) -> None:
    """Rewrite only the changed resources (and drop removed ones), in one transaction.

    ``catalogue`` holds the parsed (changed or new) entries and every entry's id in order.
    """
    with db.atomic():
        positions = {rid: position for position, rid in enumerate(catalogue.order)}
        by_id = {r.id: (positions[r.id], r) for r in catalogue.resources}
        for rid in changed + removed:
            for table in RESOURCE_CHILDREN:
                db.execute(f"DELETE FROM {table} WHERE resource_id = ?", (rid,))
            db.execute("DELETE FROM resources WHERE id = ?", (rid,))
        write_bodies(db, catalogue.resources)
        write_resources(db, [by_id[rid] for rid in changed])
        drop_unused_bodies(db)
        db.table("standard_links").insert_all(standard_links([by_id[rid][1] for rid in changed], standards))
        db.conn.executemany(
            "UPDATE resources SET position = ? WHERE id = ?", [(p, rid) for rid, p in positions.items()]
        )
        # An entry whose lines changed only where nothing is stored (spacing) keeps its row, with its new hash.
        db.conn.executemany(
            "UPDATE resources SET source_hash = ? WHERE id = ?",
            [(r.source_hash, r.id) for r in catalogue.resources if r.id not in changed],
        )
        write_meta(db, meta)
        seal(db)


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
    bodies = KnownBodies(Body(*row) for row in db.execute("SELECT id, name, abbreviation FROM bodies ORDER BY id"))
    ids = IdAllocator(row[0] for row in db.execute("SELECT id FROM resources"))
    last = db.execute("SELECT max(position) FROM resources").fetchone()[0] or 0
    position = max(IMPORT_POSITIONS, last + 1)
    added: list[str] = []
    batch: list[tuple[int, Resource]] = []

    def flush() -> None:
        resources = [r for _, r in batch]
        write_bodies(db, resources)
        write_resources(db, batch, source)
        db.table("standard_links").insert_all(standard_links(resources, standards))
        batch.clear()
        if progress:
            progress(len(added))

    for entry in entries:
        rid = ids.take(slugify(entry.fields["title"]))
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
    drop_unused_bodies(db)
    return ids


def drop_unused_bodies(db: sqlite_utils.Database) -> None:
    """Bodies no resource uses any more go, so facets never list an empty body."""
    db.execute("DELETE FROM body_spellings WHERE body_id NOT IN (SELECT body_id FROM resources)")
    db.execute("DELETE FROM bodies WHERE id NOT IN (SELECT body_id FROM resources)")


def write_resources(
    db: sqlite_utils.Database, numbered: list[tuple[int, Resource]], source: str = CATALOGUE_FILE
) -> None:
    # One insert_all per table: sqlite-utils' per-call overhead was half the write time.
    db.table("resources").insert_all(
        {
            "id": r.id,
            "title": r.title,
            "description": blocks_to_text(r.blocks),
            "blocks": json_text(r.blocks),
            "published": r.published,
            "published_as_written": r.published_as_written,
            "year": int(r.published[:4]),
            "body_id": r.body.id,
            "body_as_written": r.body_as_written,
            "category": r.category,
            "position": position,
            "source": source,
            "source_lines": json_text(r.source_lines),
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


def fingerprint(r: Resource) -> tuple:
    """What the database holds of a resource, to compare with StateReader.resource_fingerprints."""
    return (r.title, r.blocks, r.published_as_written, r.body_as_written, r.category)


def standard_links(resources: list[Resource], standards: list[Standard]) -> list[dict]:
    """Link the standard identifiers in catalogue titles to the paper's standards.

    The catalogue holds later editions (ISO/IEC 27033-1:2015) of what the paper
    describes (27033, part 1 planned in 2009).
    """
    by_key = {designation_key(s.designation, s.number): s for s in standards}
    links = []
    for r in resources:
        primary = {standard_key(sid.prefix, sid.number) for sid in r.standards if sid.role == "primary"}
        for sid in r.standards:
            key = standard_key(sid.prefix, sid.number)
            std = by_key.get(key)
            if std is None or (sid.role != "primary" and key in primary):
                continue  # a resource that is an edition of a standard does not also "mention" it
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
            source=r["source"],
        )
        for r in rows
    ]
