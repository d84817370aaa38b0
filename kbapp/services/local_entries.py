"""The user's own entries and overrides, for the CLI and the window alike: add, edit,
delete and revert, each applied to the knowledge base in place, in one transaction
with the local file (storage.local), then the index; each recorded as an edition.

Editing a resource of the catalogue or of an import keeps the user's text as an
override in front of it. Reverting an override builds the knowledge base again (beside
the old one, swapped in whole), which brings back the text its source gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kbapp.domain.catalogue_diff import ADDED, CHANGED, REMOVED, RecordedChange, field_changes
from kbapp.domain.errors import NotFound, SourceError
from kbapp.domain.labels import count_text
from kbapp.services.build import build
from kbapp.services.changes import RESOURCES, Changes
from kbapp.services.editions import LOCAL_ACTION, kept_imports, record_or_say
from kbapp.services.reindexing import reindex_or_say
from kbapp.services.store import Store
from kbapp.sources.entry_form import EntryValues, parsed_entry, problems, values_of
from kbapp.storage.imports import commit_local
from kbapp.storage.local import ENTRY, OVERRIDE, LocalData, LocalRecord, now, read_local, save_local

FORM = "the form"


@dataclass
class LocalChange:
    resource_id: str
    action: str  # add, edit, delete, revert
    kind: str  # ENTRY or OVERRIDE
    title: str
    changed: list[str] = field(default_factory=list)  # the fields an edit changed
    changes: Changes = RESOURCES
    notices: list[str] = field(default_factory=list)

    def message(self) -> str:
        what = "your local entry" if self.kind == ENTRY else "your override of"
        done = {"add": "Added", "edit": "Saved", "delete": "Deleted", "revert": "Reverted"}[self.action]
        text = f"{done} {what} “{self.title}” (resource:{self.resource_id})"
        if self.changed:
            text += f": {count_text(len(self.changed), 'field')} changed ({', '.join(self.changed)})"
        return text + "."


@dataclass
class LocalListing:
    resource_id: str
    kind: str
    title: str
    changed_at: str
    in_knowledge_base: bool  # an override's resource may have left the catalogue


def local_records(store: Store) -> list[LocalListing]:
    build(store)
    marks = store.repository().state.local_marks()
    return [
        LocalListing(r.id, r.kind, r.values.title, r.changed_at, r.id in marks)
        for r in read_local(store.paths.imports).records
    ]


def values_for(store: Store, rid: str) -> EntryValues:
    """What the form shows to edit resource ``rid``: the user's own values if it is
    local or overridden, else the resource as the knowledge base holds it."""
    build(store)
    record = read_local(store.paths.imports).get(rid)
    if record is not None:
        return record.values
    row = store.repository().state.resource_row(rid)
    if row is None:
        raise NotFound(f"no resource '{rid}' (see 'kbapp list resources')")
    return values_of(row)


def add_entry(store: Store, values: EntryValues, origin: str = FORM) -> LocalChange:
    from kbapp.storage.write.local import new_local_id

    _refuse_problems(values, origin)
    build(store)
    with store.writer_lock():
        rid = new_local_id(store.repository().db, values.title)
        stamp = now()
        record = LocalRecord(rid, ENTRY, values, stamp, stamp)
        change = LocalChange(rid, "add", ENTRY, values.title.strip())
        return _save(store, record, change, origin, [RecordedChange(ADDED, rid, change.title)])


def edit_entry(store: Store, rid: str, values: EntryValues, origin: str = FORM) -> LocalChange:
    """Save new values for resource ``rid``: a local entry's own, or an override of a
    resource of the catalogue or of an import."""
    _refuse_problems(values, origin)
    build(store)
    with store.writer_lock():
        row = store.repository().state.resource_row(rid)
        local = read_local(store.paths.imports)
        earlier = local.get(rid)
        if row is None and earlier is None:
            raise NotFound(f"no resource '{rid}' (see 'kbapp list resources')")
        if row is None and earlier is not None and earlier.kind == OVERRIDE:
            raise NotFound(
                f"resource:{rid} is no longer in the catalogue, so your override of it is not shown; "
                "revert it (kbapp revert) or keep it for when the resource comes back"
            )
        kind = earlier.kind if earlier else OVERRIDE
        new = parsed_entry(values, origin).fields
        diff = field_changes(row, new) if row else []
        if row is not None and not diff:
            raise SourceError(origin, None, None, f"resource:{rid} already reads so; nothing was saved")
        stamp = now()
        record = LocalRecord(rid, kind, values, earlier.made_at if earlier else stamp, stamp)
        change = LocalChange(rid, "edit", kind, values.title.strip(), [c.field for c in diff])
        recorded = [RecordedChange(CHANGED, rid, change.title, c.field, c.old, c.new) for c in diff]
        return _save(store, record, change, origin, recorded)


def delete_entry(store: Store, rid: str) -> LocalChange:
    """Delete a local entry (an override is reverted instead; the catalogue's own
    resources are not deleted here: a new edition of the catalogue does that)."""
    from kbapp.storage.write.local import drop_local_entry

    build(store)
    with store.writer_lock():
        local = read_local(store.paths.imports)
        record = local.get(rid)
        if record is None or record.kind != ENTRY:
            why = (
                "it is your override of a catalogue resource; revert it instead (kbapp revert)"
                if record
                else "only your own local entries can be deleted (see 'kbapp local'); a resource of the "
                "catalogue goes with a new edition of the catalogue, and an import's with its removal"
            )
            raise NotFound(f"resource:{rid} is not deleted: {why}")
        repo = store.repository()
        change = LocalChange(rid, "delete", ENTRY, record.values.title)
        return _commit(
            store,
            local.without(rid),
            lambda: drop_local_entry(repo.db, rid),
            change,
            [rid],
            FORM,
            [RecordedChange(REMOVED, rid, change.title)],
            removed=True,
        )


def revert_override(store: Store, rid: str) -> LocalChange:
    """Drop the user's override of ``rid``: the knowledge base is built again, which
    brings back the text its source gives."""
    from kbapp.services.build import rebuild_locked
    from kbapp.services.editions import catalogue_state

    build(store)
    with store.writer_lock():
        local = read_local(store.paths.imports)
        record = local.get(rid)
        if record is None or record.kind != OVERRIDE:
            raise NotFound(f"resource:{rid} has no override of yours to revert (see 'kbapp local')")
        before = catalogue_state(store).get(rid)
        imports_before = kept_imports(store)
        save_local(store.paths.imports, local.without(rid))
        report = rebuild_locked(store)
        after = catalogue_state(store).get(rid)
        diff = field_changes(before, after) if before and after else []
        change = LocalChange(rid, "revert", OVERRIDE, record.values.title, [c.field for c in diff])
        change.changes = report.changes | RESOURCES
        change.notices = report.notices
        recorded = [RecordedChange(CHANGED, rid, record.values.title, c.field, c.old, c.new) for c in diff]
        change.notices += record_or_say(store, f"{LOCAL_ACTION}revert", FORM, recorded, imports_before)
        return change


def _refuse_problems(values: EntryValues, origin: str) -> None:
    wrong = problems(values)
    if wrong:
        name, problem = next(iter(wrong.items()))
        raise SourceError(origin, None, name, problem)


def _save(
    store: Store, record: LocalRecord, change: LocalChange, origin: str, recorded: list[RecordedChange]
) -> LocalChange:
    from kbapp.storage.write.local import put_local
    from kbapp.storage.write.resources import standards_from_rows

    repo = store.repository()
    standards = standards_from_rows(repo.listings.standards())
    local = read_local(store.paths.imports).put(record)
    return _commit(
        store, local, lambda: put_local(repo.db, record, standards, origin), change, [record.id], origin, recorded
    )


def _commit(
    store: Store,
    local: LocalData,
    write: Callable[[], object],
    change: LocalChange,
    ids: list[str],
    origin: str,
    recorded: list[RecordedChange],
    removed: bool = False,
) -> LocalChange:
    index_was_ok = store.index_state(thorough=False) == "ok"
    imports_before = kept_imports(store)
    _, new_id = commit_local(store.repository().db, store.paths.imports, write, local, "nothing was saved")
    changed, gone = ([], ids) if removed else (ids, [])
    _, change.notices = reindex_or_say(store, new_id, changed, gone, index_was_ok, None, "The change is in")
    change.notices += record_or_say(store, f"{LOCAL_ACTION}{change.action}", origin, recorded, imports_before)
    return change


@dataclass
class LocalMerge:
    """What a data pack's local entries and overrides do here."""

    added: list[LocalRecord] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # pack's id → the new id here, for a clash
    here_already: list[str] = field(default_factory=list)  # the same record, word for word
    kept_here: list[str] = field(default_factory=list)  # overrides whose own override here stays


def plan_merge(store: Store, incoming: LocalData) -> LocalMerge:
    """Added, never replacing: an entry whose id is taken here by another text comes in
    under a new id; an override of a resource this workstation overrides already
    leaves this one's."""
    from kbapp.domain.catalogue_rules import IdAllocator

    here = read_local(store.paths.imports)
    ids = IdAllocator(r.id for r in here.records)
    merge = LocalMerge()
    for record in incoming.records:
        mine = here.get(record.id)
        if mine is not None and mine.kind == record.kind and mine.values == record.values:
            merge.here_already.append(record.id)
        elif mine is not None and record.kind == OVERRIDE:
            merge.kept_here.append(record.id)
        elif mine is not None:
            new_id = ids.take(record.id)
            merge.renamed[record.id] = new_id
            merge.added.append(LocalRecord(new_id, record.kind, record.values, record.made_at, record.changed_at))
        else:
            ids.taken.add(record.id)
            merge.added.append(record)
    return merge


def merge_local(store: Store, incoming: LocalData, origin: str) -> tuple[LocalMerge, list[str]]:
    """Take a pack's local entries and overrides in (``plan_merge``), in one transaction
    with the local file; returns what was done and what to tell the user."""
    from kbapp.storage.write.local import put_local
    from kbapp.storage.write.resources import standards_from_rows

    build(store)
    with store.writer_lock():
        merge = plan_merge(store, incoming)
        if not merge.added:
            return merge, []
        repo = store.repository()
        standards = standards_from_rows(repo.listings.standards())
        local = read_local(store.paths.imports)
        for record in merge.added:
            local = local.put(record)
        index_was_ok = store.index_state(thorough=False) == "ok"
        imports_before = kept_imports(store)

        def write() -> None:
            for record in merge.added:
                put_local(repo.db, record, standards, origin)

        _, new_id = commit_local(repo.db, store.paths.imports, write, local, "nothing was taken in")
        ids = [r.id for r in merge.added]
        _, notices = reindex_or_say(store, new_id, ids, [], index_was_ok, None, "The local entries are in")
        recorded = [RecordedChange(ADDED if r.kind == ENTRY else CHANGED, r.id, r.values.title) for r in merge.added]
        notices += record_or_say(store, f"{LOCAL_ACTION}unpack", origin, recorded, imports_before)
    notices += [
        f"Your override of resource:{rid} here was kept; the pack's override of it was left out."
        for rid in merge.kept_here
    ]
    notices += [
        f"The pack's local entry {old} has the id of a different entry of yours; it was added as resource:{new}."
        for old, new in merge.renamed.items()
    ]
    return merge, notices
