"""Writing an imported catalogue's entries, and taking them out again.

An entry that is a resource the knowledge base holds already (``ResourceMatcher``:
same id, same title, or a new issue of it) changes that resource in place: it keeps
its id and position, and remembers the source it replaced. An entry identical to
its resource writes nothing. Any other entry is added. The preview (``plan``) and
the write go through the same matching, so what the preview shows is what is
written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from kbapp.domain.catalogue_diff import ADDED, CHANGED, REMOVED, UNCHANGED, FieldChange, RecordedChange, field_changes
from kbapp.domain.catalogue_rules import IdAllocator, ResourceMatcher, same_body
from kbapp.domain.ids import slugify
from kbapp.domain.records import CATALOGUE_FILE, LOCAL_SOURCE, Residue, Resource, Standard
from kbapp.sources.catalogue import ParsedEntry
from kbapp.storage.write.resources import (
    RESOURCE_CHILDREN,
    delete_resource,
    drop_unused_bodies,
    known_bodies,
    standard_links,
    write_bodies,
    write_resources,
)

if TYPE_CHECKING:
    import sqlite_utils

# Imported entries sort after the shipped catalogue (which an update renumbers from 0),
# in the order they were imported.
IMPORT_POSITIONS = 1_000_000_000
IMPORT_BATCH = 500
STORED_FIELDS = "id, title, description, published, published_as_written, body_as_written, category, position, source"


@dataclass
class Planned:
    """What one entry of a file does: its status, the resource id, the matching rule."""

    entry: ParsedEntry | None  # None for a resource a new catalogue edition lacks
    status: str  # ADDED, CHANGED, UNCHANGED or REMOVED
    resource_id: str
    rule: str = ""
    old: dict[str, Any] | None = None  # the stored row it changes
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class Written:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    records: list[RecordedChange] = field(default_factory=list)  # for the change log

    @property
    def touched(self) -> list[str]:
        """The ids whose rows were written, for the index."""
        return self.added + self.changed

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


# The catalogue's own resources, which a new edition of it replaces: the shipped
# file's, an earlier edition's, and those an import changed.
CATALOGUE_ROWS = """SELECT id, title FROM resources
    WHERE source = :shipped OR source LIKE :editions OR replaces = :shipped OR replaces LIKE :editions
    ORDER BY position"""


def plan(db: sqlite_utils.Database, entries: Iterable[ParsedEntry], replacing: bool = False) -> Iterator[Planned]:
    """Each entry matched against the resources as they are before the file; with
    ``replacing`` (a new edition of the whole catalogue), then each of the catalogue's
    resources that no entry matched, to be removed."""
    # The user's own entries are never matched: an update never changes or removes them.
    mine = db.execute("SELECT id, title FROM resources WHERE source != ? ORDER BY position", (LOCAL_SOURCE,))
    matcher = ResourceMatcher(mine)
    ids = IdAllocator(matcher.titles)
    added: set[str] = set()  # written by now, a batch at a time: never "lacked" by the file
    for entry in entries:
        found = matcher.match(entry.fields["title"], entry.known_id)
        if found is None:
            rid = ids.take(slugify(entry.fields["title"]))
            added.add(rid)
            yield Planned(entry, ADDED, rid)
            continue
        rid, rule = found
        old = dict(zip(STORED_FIELDS.split(", "), _stored(db, rid), strict=True))
        if entry.body_by_name and same_body(entry.fields["body_as_written"], old["body_as_written"]):
            # A CSV row gives the body by its name as the knowledge base holds it, not as
            # the entry wrote it: the same body is no change.
            entry.fields["body_as_written"] = old["body_as_written"]
        changes = field_changes(old, entry.fields)
        yield Planned(entry, CHANGED if changes else UNCHANGED, rid, rule, old, changes)
    if replacing:
        catalogue = db.execute(CATALOGUE_ROWS, {"shipped": CATALOGUE_FILE, "editions": "imports/%.catalogue.%"})
        for rid, title in catalogue.fetchall():
            if rid not in matcher.claimed and rid not in added:
                yield Planned(None, REMOVED, rid, old={"title": title})


def _stored(db: sqlite_utils.Database, rid: str) -> tuple:
    return db.execute(f"SELECT {STORED_FIELDS} FROM resources WHERE id = ?", (rid,)).fetchone()


def write_import(
    db: sqlite_utils.Database,
    entries: Iterable[ParsedEntry],
    source: str,
    standards: list[Standard],
    progress: Callable[[int], None] | None = None,
    replacing: bool = False,
) -> Written:
    """Write an imported catalogue's entries a batch at a time, in the caller's transaction.

    Only one batch is held in memory. Ids are unique among all resources; an authoring
    body already known (by abbreviation, else by name) is reused, so facets stay whole."""
    bodies = known_bodies(db)
    last = db.execute("SELECT max(position) FROM resources").fetchone()[0] or 0
    position = max(IMPORT_POSITIONS, last + 1)
    written = Written()
    batch: list[tuple[int, Resource]] = []
    replaces: dict[str, str] = {}

    def flush() -> None:
        resources = [r for _, r in batch]
        write_bodies(db, resources)
        write_resources(db, batch, source, replaces)
        db.table("standard_links").insert_all(standard_links(resources, standards))
        batch.clear()
        replaces.clear()
        if progress:
            progress(len(written.added) + len(written.changed))

    for step in plan(db, entries, replacing):
        if step.entry is None:
            delete_resource(db, step.resource_id)
            written.removed.append(step.resource_id)
            title = step.old["title"] if step.old else ""
            written.records.append(RecordedChange(REMOVED, step.resource_id, title))
            continue
        if step.status != ADDED:
            db.execute("INSERT OR IGNORE INTO import_claims VALUES (?, ?)", (source, step.resource_id))
        if step.status == UNCHANGED:
            written.unchanged.append(step.resource_id)
            continue
        body = bodies.resolve(step.entry.fields["body_as_written"])
        resource = Resource(id=step.resource_id, body=body, source_hash=step.entry.digest, **step.entry.fields)
        title = step.entry.fields["title"]
        if step.status == CHANGED and step.old is not None:
            replaces[step.resource_id] = _replaced_source(db, step.resource_id) or step.old["source"]
            delete_resource(db, step.resource_id)
            batch.append((step.old["position"], resource))
            written.changed.append(step.resource_id)
            written.records += [
                RecordedChange(CHANGED, step.resource_id, title, c.field, c.old, c.new) for c in step.changes
            ]
        else:
            batch.append((position, resource))
            position += 1
            written.added.append(step.resource_id)
            written.records.append(RecordedChange(ADDED, step.resource_id, title))
        if len(batch) >= IMPORT_BATCH:
            flush()
    if batch:
        flush()
    drop_unused_bodies(db)  # a changed entry may have left its old body unused
    return written


def _replaced_source(db: sqlite_utils.Database, rid: str) -> str | None:
    row = db.execute("SELECT replaces FROM resources WHERE id = ?", (rid,)).fetchone()
    return row[0] if row else None


def write_import_residue(db: sqlite_utils.Database, residue: list[Residue]) -> None:
    db.table("residue").insert_all(asdict(r) for r in residue)


def replaces_others(db: sqlite_utils.Database, source: str) -> bool:
    """Whether an import changed or removed resources of another source: taking it out
    then needs a rebuild, to bring those back as they were."""
    if ".catalogue." in source:
        return True  # a new edition of the catalogue: what it removed is in no row
    row = db.execute("SELECT 1 FROM resources WHERE source = ? AND replaces IS NOT NULL LIMIT 1", (source,))
    return row.fetchone() is not None


def remove_import(db: sqlite_utils.Database, source: str) -> list[str]:
    """Drop every resource an import added, in the caller's transaction; returns their ids."""
    ids = [row[0] for row in db.execute("SELECT id FROM resources WHERE source = ?", (source,))]
    for table in RESOURCE_CHILDREN:
        db.execute(f"DELETE FROM {table} WHERE resource_id IN (SELECT id FROM resources WHERE source = ?)", (source,))
    db.execute("DELETE FROM resources WHERE source = ?", (source,))
    db.execute("DELETE FROM residue WHERE source = ?", (source,))
    db.execute("DELETE FROM import_claims WHERE source = ?", (source,))
    drop_unused_bodies(db)
    return ids


def claimed_by_imports(db: sqlite_utils.Database, ids: list[str]) -> bool:
    """Whether an import's entry is one of these resources (changed or not)."""
    marks = ", ".join("?" * len(ids))
    return (
        bool(ids)
        and db.execute(f"SELECT 1 FROM import_claims WHERE resource_id IN ({marks}) LIMIT 1", ids).fetchone()
        is not None
    )
