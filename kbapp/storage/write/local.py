"""Writing the user's own entries and overrides (storage.local) into the database.

A local entry is a resource of source ``local``, with an id no import can take (a
slug has no underscore). An override rewrites the row of the resource it changes,
keeping its id, position, source and what it replaced, so that bookmarks still point
at it and removing an import still finds it; the row is marked ``local = 'override'``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kbapp.domain.catalogue_rules import IdAllocator
from kbapp.domain.errors import SourceError
from kbapp.domain.ids import slugify
from kbapp.domain.records import LOCAL_PREFIX, LOCAL_SOURCE, Resource, Standard
from kbapp.sources.entry_form import parsed_entry
from kbapp.storage.local import LOCAL_LABEL, OVERRIDE, LocalData, LocalRecord
from kbapp.storage.write.resources import (
    delete_resource,
    drop_unused_bodies,
    known_bodies,
    standard_links,
    write_bodies,
    write_resources,
)

if TYPE_CHECKING:
    import sqlite_utils

# Local entries sort after every import, in the order they were added.
LOCAL_POSITIONS = 2_000_000_000


def new_local_id(db: sqlite_utils.Database, title: str) -> str:
    taken = IdAllocator(row[0] for row in db.execute("SELECT id FROM resources WHERE source = ?", (LOCAL_SOURCE,)))
    return taken.take(LOCAL_PREFIX + slugify(title))


def apply_local(db: sqlite_utils.Database, data: LocalData, standards: list[Standard], origin: str) -> list[str]:
    """Write every local entry and override into a database being built; returns
    notices of those left out (a file edited by hand, an override whose resource is
    gone)."""
    notices = []
    for record in data.records:
        try:
            if not put_local(db, record, standards, origin):
                notices.append(
                    f"Your override of {record.id} (“{record.values.title}”) is kept, but the resource it "
                    "changes is no longer in the catalogue; revert it with kbapp revert."
                )
        except SourceError as exc:
            notices.append(f"Your local record {record.id} was left out of the knowledge base: {exc}")
    return notices


def put_local(db: sqlite_utils.Database, record: LocalRecord, standards: list[Standard], origin: str) -> bool:
    """Write one local entry or override in the caller's transaction (in place of its
    row, if it has one). False for an override whose resource is not there."""
    entry = parsed_entry(record.values, origin)
    old = db.execute("SELECT position, source, replaces FROM resources WHERE id = ?", (record.id,)).fetchone()
    if record.kind == OVERRIDE and old is None:
        return False
    if old is not None:
        delete_resource(db, record.id)
    position, source, replaces = old or (_next_position(db), LOCAL_SOURCE, None)
    body = known_bodies(db).resolve(entry.fields["body_as_written"])
    resource = Resource(id=record.id, body=body, source_hash=entry.digest, **entry.fields)
    write_bodies(db, [resource])
    write_resources(db, [(position, resource)], source, {record.id: replaces} if replaces else None, record.kind)
    db.table("standard_links").insert_all(standard_links([resource], standards))
    drop_unused_bodies(db)
    return True


def drop_local_entry(db: sqlite_utils.Database, rid: str) -> None:
    delete_resource(db, rid)
    drop_unused_bodies(db)


def reapply_overrides(
    db: sqlite_utils.Database, data: LocalData, ids: Iterable[str], standards: list[Standard]
) -> None:
    """After an import rewrote these resources, put the user's overrides of any of them
    back in front (the caller's transaction)."""
    wanted = set(ids)
    for record in data.overrides:
        if record.id in wanted:
            put_local(db, record, standards, LOCAL_LABEL)


def _next_position(db: sqlite_utils.Database) -> int:
    last = db.execute("SELECT max(position) FROM resources").fetchone()[0] or 0
    return max(LOCAL_POSITIONS, last + 1)
