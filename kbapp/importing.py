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
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kbapp.domain.errors import NotFound, SourceError, WriteError
from kbapp.storage.database import reason

if TYPE_CHECKING:
    from kbapp.knowledge_base import KnowledgeBase
    from kbapp.storage.repository import Repository

T = TypeVar("T")

# Above this many records, rebuilding the index (in parallel) beats updating it in place.
REINDEX_FROM = 2000

# (stage, done, total): stage "reading" counts bytes, "indexing" counts records.
ImportProgress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    name: str  # the kept file, under imports/
    entries: int
    residue: int  # lines before the first entry, kept as residue
    index: str  # how the index was brought up to date


@dataclass
class ImportedFile:
    name: str
    entries: int
    imported_at: str


def import_catalogue(kb: KnowledgeBase, source: Path, progress: ImportProgress | None = None) -> ImportReport:
    """Add the entries of ``source``, a file in the shipped catalogue's format."""
    from kbapp.storage.imports import next_name

    if not source.is_file():
        raise SourceError(str(source), None, None, "no such file")
    kb.build()  # the shipped corpus first; nothing to do when it is current
    with kb.writer_lock():
        folder = kb.paths.imports
        name = next_name(folder, source)
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
            return _import_locked(kb, source, temp, folder / name, progress)
        except SourceError as exc:
            raise SourceError(exc.path, exc.line, exc.field, f"{exc.problem}; nothing was imported") from None
        finally:
            temp.unlink(missing_ok=True)


def _import_locked(
    kb: KnowledgeBase, source: Path, temp: Path, stored: Path, progress: ImportProgress | None
) -> ImportReport:
    from kbapp.storage.imports import source_label, write_entries
    from kbapp.storage.writer import standards_from_rows

    repo = kb.repository()
    standards = standards_from_rows(repo.list_standards())
    reading = (lambda done, total, _n: progress("reading", done, total)) if progress else None
    index_was_ok = kb.index_state(thorough=False) == "ok"
    (ids, residue), new_id = _commit_with_move(
        kb,
        lambda: write_entries(repo.db, temp, source_label(stored), standards, str(source), reading),
        temp,
        stored,
        "nothing was imported",
    )
    how = _reindex(kb, new_id, ids, [], in_place=index_was_ok, progress=progress)
    return ImportReport(stored.name, len(ids), residue, how)


def remove_import(kb: KnowledgeBase, name: str) -> int:
    """Take an import's entries out of the knowledge base and delete its kept file."""
    from kbapp.storage.imports import drop_entries, stored_imports

    with kb.writer_lock():
        stored = next((p for p in stored_imports(kb.paths.imports) if p.name == name), None)
        if stored is None:
            raise NotFound(f"no import named '{name}' (see 'kbapp imports')")
        aside = stored.with_name(f".{stored.name}.removing")
        index_was_ok = kb.index_state(thorough=False) == "ok"
        repo = kb.repository()
        ids, new_id = _commit_with_move(kb, lambda: drop_entries(repo.db, stored), stored, aside, "nothing was removed")
        aside.unlink(missing_ok=True)
        _reindex(kb, new_id, [], ids, in_place=index_was_ok)
    return len(ids)


def _commit_with_move(
    kb: KnowledgeBase, write: Callable[[], T], source: Path, target: Path, unchanged: str
) -> tuple[T, str]:
    """Run ``write`` in one transaction and move a kept file just before it commits: from
    the move on, a rebuild sees the change, so a kill in between loses nothing. A
    failure rolls back and moves the file back. Returns what ``write`` returned and the
    database's new build id."""
    repo = kb.repository()
    moved = False
    try:
        with repo.db.atomic():
            written = write()
            os.replace(source, target)
            moved = True
            new_id = _record_build(kb, repo)
    except BaseException as exc:
        if moved:
            os.replace(target, source)
        if isinstance(exc, OSError | sqlite3.OperationalError):  # disk full, I/O error
            raise WriteError(
                f"could not write the knowledge base in {kb.paths.data} ({reason(exc)}); {unchanged}"
            ) from None
        raise
    return written, new_id


def list_imports(kb: KnowledgeBase) -> list[ImportedFile]:
    from kbapp.storage.imports import source_label, stored_imports

    counts = kb.repository().resource_counts_by_source()
    return [
        ImportedFile(
            path.name,
            counts.get(source_label(path), 0),
            datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds"),
        )
        for path in stored_imports(kb.paths.imports)
    ]


def _record_build(kb: KnowledgeBase, repo: Repository) -> str:
    """Name the database's new state: the shipped sources it was built from (not
    those installed now, which a later build takes in) and the imports as they are."""
    from kbapp.knowledge_base import build_id
    from kbapp.storage.imports import imports_key
    from kbapp.storage.writer import write_meta

    meta = repo.meta()
    imports = imports_key(kb.paths.imports)
    new_id = build_id(
        {
            "catalogue": meta["source_catalogue_sha256"],
            "white_paper": meta["source_white_paper_sha256"],
            "imports": imports,
        }
    )
    changes = {"build_id": new_id, "imports": imports, "built_at": datetime.now(UTC).isoformat(timespec="seconds")}
    write_meta(repo.db, changes)
    return new_id


def _reindex(
    kb: KnowledgeBase,
    build_id: str,
    changed: list[str],
    removed: list[str],
    in_place: bool,
    progress: ImportProgress | None = None,
) -> str:
    """Bring the index to the database's new state: in place for a few records of a
    sound index, else rebuilt whole."""
    from kbapp.search.index import reindex_resources

    kb.close()
    repo = kb.repository()
    total = sum(repo.counts().values())
    indexing = (lambda n: progress("indexing", n, total)) if progress else None
    few = len(changed) + len(removed) < REINDEX_FROM
    updated = reindex_resources(repo, kb.paths.index, build_id, changed, removed, in_place and few, indexing)
    kb.close()
    return "updated" if updated else "rebuilt"
