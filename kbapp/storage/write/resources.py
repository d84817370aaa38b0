"""Writing catalogue resources: the shipped catalogue's, an update's changed entries,
an import's entries a batch at a time, and removals. Each ``apply_…`` function is one
transaction of its own; the others write inside the caller's."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from kbapp.domain.catalogue_rules import KnownBodies
from kbapp.domain.designations import designation_key, standard_key
from kbapp.domain.records import (
    CATALOGUE_FILE,
    Body,
    Catalogue,
    Resource,
    Standard,
    StandardPart,
    blocks_to_text,
)
from kbapp.storage.seal import seal

if TYPE_CHECKING:
    import sqlite_utils

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


def delete_resource(db: sqlite_utils.Database, rid: str) -> None:
    """A resource's row and its children (the caller's transaction)."""
    for table in RESOURCE_CHILDREN:
        db.execute(f"DELETE FROM {table} WHERE resource_id = ?", (rid,))
    db.execute("DELETE FROM resources WHERE id = ?", (rid,))


def known_bodies(db: sqlite_utils.Database) -> KnownBodies:
    return KnownBodies(Body(*row) for row in db.execute("SELECT id, name, abbreviation FROM bodies ORDER BY id"))


def drop_unused_bodies(db: sqlite_utils.Database) -> None:
    """Bodies no resource uses any more go, so facets never list an empty body."""
    db.execute("DELETE FROM body_spellings WHERE body_id NOT IN (SELECT body_id FROM resources)")
    db.execute("DELETE FROM bodies WHERE id NOT IN (SELECT body_id FROM resources)")


def write_resources(
    db: sqlite_utils.Database,
    numbered: list[tuple[int, Resource]],
    source: str = CATALOGUE_FILE,
    replaces: dict[str, str] | None = None,
    local: str = "",
) -> None:
    """``replaces``: for an imported entry that took the place of a resource, the source
    that resource came from (so that removing the import rebuilds it). ``local``: for
    the user's own entry or override, which (storage.local)."""
    replaces = replaces or {}
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
            "replaces": replaces.get(r.id),
            "local": local,
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
