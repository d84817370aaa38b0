"""Imported catalogues: the files kept in the data folder, and their rows.

An import is a catalogue file in the shipped catalogue's format. A copy is kept in
``imports/`` (``0001-name.txt``…) so that every rebuild of the knowledge base
includes it; the resources it adds carry ``imports/0001-name.txt`` as their source.
Files are read as streams, a batch of entries at a time, so memory stays bounded
however large the import.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from kbapp.domain.build_identity import BuildInputs, changed_meta
from kbapp.domain.catalogue_diff import ADDED, CHANGED, REMOVED, EntryPreview, ImportPreview
from kbapp.domain.errors import SourceError, WriteError
from kbapp.domain.ids import slugify
from kbapp.domain.records import Residue, Standard
from kbapp.sources.catalogue import ParsedEntry, iter_entries
from kbapp.sources.catalogue_csv import is_csv, iter_csv_entries
from kbapp.sources.text import iter_source_lines
from kbapp.storage.database import reason
from kbapp.storage.kept_imports import (
    NAME,
    imports_key,
    is_catalogue_edition,
    source_label,
    stored_imports,
)
from kbapp.storage.local import (
    LOCAL_FILE,
    LOCAL_LABEL,
    LocalData,
    local_file,
    put_back,
    read_local,
    write_whole,
)
from kbapp.storage.migrations import SCHEMA_VERSION
from kbapp.storage.seal import seal
from kbapp.storage.write.imported import Written, plan, remove_import, write_import, write_import_residue
from kbapp.storage.write.local import apply_local
from kbapp.storage.write.resources import write_meta

if TYPE_CHECKING:
    import sqlite_utils

T = TypeVar("T")


# (bytes read, bytes in all, entries written so far)
ReadProgress = Callable[[int, int, int], None]


def next_name(folder: Path, original: Path, replacing: bool = False) -> str:
    numbers = [int(NAME.match(p.name).group(1)) for p in stored_imports(folder)]  # type: ignore[union-attr]
    suffix = (".catalogue" if replacing else "") + (".csv" if is_csv(original.name) else ".txt")
    return f"{max(numbers, default=0) + 1:04d}-{slugify(original.stem, 60)}{suffix}"


def write_entries(
    db: sqlite_utils.Database,
    path: Path,
    label: str,
    standards: list[Standard],
    shown_as: str | None = None,
    progress: ReadProgress | None = None,
) -> tuple[Written, int]:
    """Stream the entries of ``path`` into the database, in the caller's transaction.

    Errors name ``shown_as`` (the file the user chose), lines and fields. Returns the
    resources added, changed and left unchanged, and how many lines before the first
    entry were kept as residue.
    """
    name = shown_as or str(path)
    residue: list[Residue] = []
    with _opened(path, name) as stream:
        total = max(1, path.stat().st_size)
        report = (lambda n: progress(stream.tell(), total, n)) if progress else None
        entries = _entries(stream, name, residue, [])
        written = write_import(db, entries, label, standards, report, replacing=is_catalogue_edition(label))
    write_import_residue(db, [replace(r, source=label) for r in residue])
    return written, len(residue)


def _opened(path: Path, name: str) -> BinaryIO:
    try:
        return open(path, "rb")  # noqa: SIM115 (the caller closes it; tell() is read while it streams)
    except OSError as exc:
        raise SourceError(name, None, None, f"cannot read it ({exc.strerror or exc})") from None


def _entries(stream: BinaryIO, name: str, residue: list[Residue], warnings: list[str]) -> Iterator[ParsedEntry]:
    """The entries of a kept or chosen file (``name``: as the user named it, or the kept
    copy's): a CSV table, or the catalogue's text format."""
    lines = iter_source_lines(stream, name)
    if is_csv(name):
        return iter_csv_entries(lines, name, warnings)
    return iter_entries(lines, name, residue)


def preview_entries(db: sqlite_utils.Database, path: Path, shown_as: str, replacing: bool = False) -> ImportPreview:
    """What importing ``path`` would do, read and matched as the import would, with
    nothing written (``replacing``: as a new edition of the whole catalogue, which also
    removes what it lacks). A file the import would refuse raises its ``SourceError``."""
    preview = ImportPreview(shown_as)
    residue: list[Residue] = []
    seen: dict[str, int] = {}
    marks = dict(db.execute("SELECT id, local FROM resources WHERE local != ''").fetchall())
    local_titles = {
        " ".join(title.casefold().split()): rid
        for rid, title in db.execute("SELECT id, title FROM resources WHERE local = 'entry'").fetchall()
    }
    with _opened(path, shown_as) as stream:
        for step in plan(db, _entries(stream, shown_as, residue, preview.warnings), replacing):
            if step.entry is None:  # a resource the new edition lacks
                title = step.old["title"] if step.old else step.resource_id
                preview.entries.append(EntryPreview(REMOVED, title, step.resource_id))
                continue
            fields = step.entry.fields
            line = fields["source_lines"][0] if fields.get("source_lines") else None
            key = " ".join(fields["title"].casefold().split())
            if key in seen:
                preview.warnings.append(
                    f"line {line}: “{fields['title']}” is also the title of the entry at line {seen[key]}; "
                    f"it {'is added as' if step.status == ADDED else 'is matched to'} {step.resource_id}"
                )
            seen.setdefault(key, line or 0)
            old_title = step.old["title"] if step.old and step.old["title"] != fields["title"] else ""
            entry = EntryPreview(
                step.status, fields["title"], step.resource_id, line, step.rule, step.changes, old_title
            )
            entry.same_title_as_local = local_titles.get(key, "")
            entry.overridden = marks.get(step.resource_id) == "override" and step.status != ADDED
            preview.entries.append(entry)
            preview.warnings += _local_warnings(entry)
    if residue:
        lines = ", ".join(str(r.line) for r in residue[:5]) + ("…" if len(residue) > 5 else "")
        where = "line" if len(residue) == 1 else "lines"
        preview.warnings.insert(0, f"{where} {lines}: text before the first entry, kept as residue, not as an entry")
    return preview


def _local_warnings(entry: EntryPreview) -> list[str]:
    at = f"line {entry.line}: " if entry.line else ""
    found = []
    if entry.same_title_as_local:
        found.append(
            f"{at}“{entry.title}” has the title of your local entry resource:{entry.same_title_as_local}; "
            "both are kept, unless you choose to replace your local entry with it"
        )
    if entry.overridden and entry.status == CHANGED:
        found.append(
            f"{at}resource:{entry.resource_id} has your local override, which stays in front of the new text "
            "(revert the override to see it)"
        )
    return found


def replay(db: sqlite_utils.Database, folder: Path, standards: list[Standard]) -> list[str]:
    """Write every kept import into a database being built, then the user's local
    entries and overrides; a kept file that no longer reads (changed by hand) is left
    out and named in the returned notices."""
    notices = []
    for path in stored_imports(folder):
        try:
            with db.atomic():  # a savepoint inside the build's transaction
                write_entries(db, path, source_label(path), standards)
        except SourceError as exc:
            notices.append(f"The imported file {path} was left out of the knowledge base: {exc}")
    try:
        local = read_local(folder)
    except SourceError as exc:
        return notices + [f"{exc}. Your local entries are not in the knowledge base until it reads."]
    with db.atomic():
        notices += apply_local(db, local, standards, LOCAL_LABEL)
    return notices


def drop_entries(db: sqlite_utils.Database, path: Path) -> list[str]:
    return remove_import(db, source_label(path))


def commit_with_move(
    db: sqlite_utils.Database, folder: Path, write: Callable[[], T], source: Path, target: Path, unchanged: str
) -> tuple[T, str]:
    """Run ``write`` in one transaction and move a kept file just before it commits: from
    the move on, a rebuild sees the change, so a kill in between loses nothing. A
    failure rolls back and moves the file back. The database's build id follows the
    imports in ``folder`` as they now are. Returns what ``write`` returned and the new
    build id."""
    return _commit_with(
        db,
        folder,
        write,
        lambda: os.replace(source, target),
        lambda: os.replace(target, source),
        lambda why: f"could not write the knowledge base in {folder.parent} ({why}); {unchanged}",
    )


def commit_local(
    db: sqlite_utils.Database, imports_folder: Path, write: Callable[[], T], data: LocalData, unchanged: str
) -> tuple[T, str]:
    """Run ``write`` in one transaction and put the new local file in place just before
    it commits; a failure rolls back and puts the earlier file back. Returns what
    ``write`` returned and the database's new build id."""
    path = local_file(imports_folder)
    earlier = path.read_bytes() if path.exists() else None
    temp = path.with_name(f".{LOCAL_FILE}.saving")

    def put() -> None:
        write_whole(temp, data.text().encode("utf-8"))
        os.replace(temp, path)

    try:
        imports_folder.mkdir(parents=True, exist_ok=True)
        return _commit_with(
            db,
            imports_folder,
            write,
            put,
            lambda: put_back(path, earlier),
            lambda why: f"could not save your local entries in {imports_folder} ({why}); {unchanged}",
        )
    except OSError as exc:  # the folder could not be made
        raise WriteError(
            f"could not save your local entries in {imports_folder} ({reason(exc)}); {unchanged}"
        ) from None
    finally:
        temp.unlink(missing_ok=True)


def _commit_with(
    db: sqlite_utils.Database,
    folder: Path,
    write: Callable[[], T],
    put: Callable[[], None],
    take_back: Callable[[], None],
    failure: Callable[[str], str],
) -> tuple[T, str]:
    """``write`` in one transaction, and ``put`` (a file into ``folder``) just before it
    commits, with the build id following the imports as they then are; a failure
    rolls back and ``take_back`` undoes the put. Returns what ``write`` returned and
    the new build id."""
    placed = False
    try:
        with db.atomic():
            written = write()
            put()
            placed = True
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            # The shipped sources it was built from (not those installed now, which a
            # later build takes in) and the imports as they are.
            changes = changed_meta(BuildInputs.from_meta(meta, imports_key(folder)), SCHEMA_VERSION)
            write_meta(db, changes)
            seal(db)
    except BaseException as exc:
        if placed:
            take_back()
        if isinstance(exc, OSError | sqlite3.OperationalError):  # disk full, I/O error
            raise WriteError(failure(reason(exc))) from None
        raise
    return written, changes["build_id"]
