"""Importing catalogue files into the knowledge base, listing and removing them.

An import either happens whole or not at all. Its entries are written in one
transaction; the kept copy of the file is moved into ``imports/`` just before that
transaction commits. A kill before the move leaves nothing; a kill between the move
and the commit leaves a file the next start's rebuild takes in whole. The index is
brought up to date after the commit, and a kill there leaves a stale index that
the next start rebuilds.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kbapp.domain.catalogue_diff import REMOVED, ImportPreview, RecordedChange, snapshot_changes
from kbapp.domain.errors import NotFound, SourceError, WriteError
from kbapp.domain.progress import Progress
from kbapp.services.build import build
from kbapp.services.changes import RESOURCES, Changes
from kbapp.services.editions import catalogue_state, kept_imports, record_or_say
from kbapp.services.reindexing import reindex_or_say
from kbapp.services.store import Store


@dataclass
class ImportReport:
    name: str  # the kept file, under imports/
    entries: int  # added and changed
    residue: int  # lines before the first entry, kept as residue
    index: str  # how the index was brought up to date
    changes: Changes = RESOURCES
    notices: list[str] = field(default_factory=list)  # what the user must be told
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0  # by a new edition of the catalogue
    replaced_local: list[str] = field(default_factory=list)  # titles of the user's entries it replaced


@dataclass
class RemovalReport:
    name: str
    entries: int
    changes: Changes = RESOURCES
    notices: list[str] = field(default_factory=list)


@dataclass
class ImportedFile:
    name: str
    entries: int
    imported_at: str


def not_a_file(path: Path) -> str:
    """Why ``path`` cannot be imported, in the user's words."""
    if path.is_dir():
        return "that is a folder, not a file; give the catalogue file inside it"
    if path.exists():
        return "that is not a regular file (a pipe or a device); give a text file"
    return "no such file"


def preview_import(
    store: Store, source: Path, replace_catalogue: bool = False, shown_as: str | None = None
) -> ImportPreview:
    """What importing ``source`` would add, change and leave unchanged, field by field,
    with nothing written. A file the import would refuse raises its ``SourceError``."""
    from kbapp.storage.imports import preview_entries

    if not source.is_file():
        raise SourceError(str(source), None, None, not_a_file(source))
    build(store)  # matched against the knowledge base as an import would find it
    _refuse_if_imported(store, source)
    return preview_entries(store.repository().db, source, shown_as or str(source), replace_catalogue)


def _refuse_if_imported(store: Store, source: Path) -> None:
    from kbapp.storage.kept_imports import same_content

    earlier = same_content(store.paths.imports, source)
    if earlier is not None:
        raise SourceError(
            str(source),
            None,
            None,
            f"its content was imported already, as imports/{earlier}; nothing was imported "
            f"(to import it again, remove that one first: kbapp imports --remove {earlier})",
        )


def import_catalogue(
    store: Store,
    source: Path,
    progress: Progress | None = None,
    replace_catalogue: bool = False,
    shown_as: str | None = None,
    replace_local: bool = False,
) -> ImportReport:
    """Add the entries of ``source``, a file in the shipped catalogue's format; an entry
    that is a resource the knowledge base holds changes it (see ``preview_import``).
    ``shown_as``: what messages and the change log call the file, if not its path.
    ``replace_local``: the user's local entries with the title of an entry of the file
    are deleted once it is in (else both are kept)."""
    report = _import_whole(store, source, progress, replace_catalogue, shown_as)
    if replace_local:
        _replace_local_entries(store, report)
    return report


def _replace_local_entries(store: Store, report: ImportReport) -> None:
    from kbapp.services.local_entries import delete_entry
    from kbapp.storage.kept_imports import source_label

    for rid, title in store.repository().state.local_titles_matching(source_label(store.paths.imports / report.name)):
        report.notices += delete_entry(store, rid).notices
        report.replaced_local.append(title)


def _import_whole(
    store: Store, source: Path, progress: Progress | None, replace_catalogue: bool, shown_as: str | None
) -> ImportReport:
    from kbapp.storage.imports import next_name

    if not source.is_file():
        raise SourceError(str(source), None, None, not_a_file(source))
    build(store)  # the shipped corpus first; nothing to do when it is current
    with store.writer_lock():
        folder = store.paths.imports
        _refuse_if_imported(store, source)
        before = kept_imports(store)
        name = next_name(folder, source, replace_catalogue)
        temp = folder / f".{name}.importing"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, temp)  # what is parsed is what is kept
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise WriteError(
                f"could not copy {source} into {folder} ({exc.strerror or exc}); nothing was imported"
            ) from None
        try:
            return _import_locked(store, shown_as or str(source), temp, folder / name, progress, before)
        except SourceError as exc:
            raise SourceError(exc.path, exc.line, exc.field, f"{exc.problem}; nothing was imported") from None
        finally:
            temp.unlink(missing_ok=True)


def _import_locked(
    store: Store, source: str, temp: Path, stored: Path, progress: Progress | None, before: list[str]
) -> ImportReport:
    from kbapp.storage.imports import commit_with_move, write_entries
    from kbapp.storage.kept_imports import source_label
    from kbapp.storage.local import read_local
    from kbapp.storage.write.imported import Written
    from kbapp.storage.write.local import reapply_overrides
    from kbapp.storage.write.resources import standards_from_rows

    repo = store.repository()
    standards = standards_from_rows(repo.listings.standards())
    reading = (lambda done, total, _n: progress("reading", done, total)) if progress else None
    index_was_ok = store.index_state(thorough=False) == "ok"

    overrides = read_local(store.paths.imports)

    def write() -> tuple[Written, int]:
        written, residue = write_entries(repo.db, temp, source_label(stored), standards, source, reading)
        reapply_overrides(repo.db, overrides, written.changed, standards)  # the user's text stays in front
        if not written.any:
            raise SourceError(
                source, None, None, f"all {len(written.unchanged)} entries are as the knowledge base holds them"
            )
        return written, residue

    (written, residue), new_id = commit_with_move(
        repo.db,
        store.paths.imports,
        write,
        temp,
        stored,
        "nothing was imported",
    )
    ids = written.touched
    done = f"The {len(ids)} entries are in"
    how, notices = reindex_or_say(store, new_id, ids, written.removed, index_was_ok, progress, done)
    notices += record_or_say(store, "import", source, written.records, before)
    return ImportReport(
        stored.name,
        len(ids),
        residue,
        how,
        notices=notices,
        added=len(written.added),
        changed=len(written.changed),
        unchanged=len(written.unchanged),
        removed=len(written.removed),
    )


def remove_import(store: Store, name: str) -> RemovalReport:
    """Take an import's entries out of the knowledge base and delete its kept file."""
    from kbapp.storage.imports import commit_with_move, drop_entries
    from kbapp.storage.kept_imports import source_label, stored_imports
    from kbapp.storage.write.imported import replaces_others

    with store.writer_lock():
        stored = next((p for p in stored_imports(store.paths.imports) if p.name == name), None)
        if stored is None:
            raise NotFound(f"no import named '{name}' (see 'kbapp imports')")
        aside = stored.with_name(f".{stored.name}.removing")
        index_was_ok = store.index_state(thorough=False) == "ok"
        repo = store.repository()
        before = kept_imports(store)
        if replaces_others(repo.db, source_label(stored)):
            return _remove_by_rebuilding(store, stored, before)
        gone = repo.state.resource_texts(source_label(stored))
        ids, new_id = commit_with_move(
            repo.db, store.paths.imports, lambda: drop_entries(repo.db, stored), stored, aside, "nothing was removed"
        )
        _archive(store, aside, stored.name)
        _, notices = reindex_or_say(store, new_id, [], ids, index_was_ok, None, f"The {len(ids)} entries are out")
        changes = [RecordedChange(REMOVED, rid, row["title"]) for rid, row in gone.items()]
        notices += record_or_say(store, "remove", name, changes, before)
    return RemovalReport(name, len(ids), notices=notices)


def _archive(store: Store, kept: Path, name: str) -> None:
    """Keep a removed import's file where restoring an earlier edition can find it."""
    from kbapp.storage.editions import EditionLog

    log = EditionLog(store.paths.data)
    try:
        log.archive.mkdir(parents=True, exist_ok=True)
        os.replace(kept, log.archived(name))
    except OSError:
        kept.unlink(missing_ok=True)  # removed all the same; that edition cannot be restored
    finally:
        log.close()


def _remove_by_rebuilding(store: Store, stored: Path, imports_before: list[str]) -> RemovalReport:
    """Take out an import that changed resources of other sources: the knowledge base is
    built again without it (beside the old one, then swapped in), which brings those
    resources back as their own sources say. A kill before the swap leaves the file
    gone and the old build, which the next start rebuilds."""
    from kbapp.services.build import rebuild_locked
    from kbapp.storage.kept_imports import source_label

    entries = store.repository().state.resource_counts_by_source().get(source_label(stored), 0)
    before = catalogue_state(store)
    aside = stored.with_name(f".{stored.name}.removing")
    try:
        os.replace(stored, aside)
    except OSError as exc:
        raise WriteError(f"could not remove {stored} ({exc.strerror or exc}); nothing was removed") from None
    _archive(store, aside, stored.name)
    report = rebuild_locked(store)
    changes = snapshot_changes(before, catalogue_state(store))
    notices = report.notices + record_or_say(store, "remove", stored.name, changes, imports_before)
    return RemovalReport(stored.name, entries, changes=report.changes, notices=notices)


def list_imports(store: Store) -> list[ImportedFile]:
    from kbapp.storage.kept_imports import source_label, stored_imports

    counts = store.repository().state.resource_counts_by_source()
    return [
        ImportedFile(
            path.name,
            counts.get(source_label(path), 0),
            datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds"),
        )
        for path in stored_imports(store.paths.imports)
    ]
