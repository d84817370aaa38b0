"""Catalogue editions: each accepted change (an import, a removal, a restore) with the
imports it left in effect and what it changed, resource by resource and field by
field, in ``editions.sqlite`` in the data folder.

The knowledge base is built from the shipped sources and the kept imports, so an
edition is the list of kept imports it had. A file an edition no longer has in
effect is moved into ``editions/`` (not deleted) while a kept edition names it, so
restoring that edition can put it back. The last ``KEEP`` editions are kept.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kbapp.domain.errors import DatabaseError, WriteError
from kbapp.storage.migrations import Migration, migrate

if TYPE_CHECKING:
    import sqlite_utils

    from kbapp.domain.catalogue_diff import RecordedChange

KEEP = 10
FILE = "editions.sqlite"
ARCHIVE = "editions"
RESTORING = "restoring.json"  # the imports a restore is putting in place, until it is done


@dataclass
class Edition:
    number: int
    made_at: str
    action: str  # import, remove, restore, start
    file: str  # the file imported, the import removed, or the edition restored
    summary: str
    imports: list[str]  # the kept imports in effect after it
    restored: int | None = None  # for a restore, the edition it returned to
    changes: list[RecordedChange] = field(default_factory=list)

    @property
    def state(self) -> int:
        """The edition whose catalogue this one has (a restore has its target's)."""
        return self.restored if self.restored is not None else self.number


def _v1_editions(db: sqlite_utils.Database) -> None:
    db.table("editions").create(
        {"number": int, "made_at": str, "action": str, "file": str, "summary": str, "imports": str, "restored": int},
        pk="number",
    )
    db.table("edition_changes").create(
        {
            "edition": int,
            "position": int,
            "status": str,
            "resource_id": str,
            "title": str,
            "field": str,
            "old": str,
            "new": str,
        },
        pk=("edition", "position"),
    )


EDITION_MIGRATIONS: list[Migration] = [_v1_editions]


class EditionLog:
    """The editions of one data folder. Open it for one operation and close it."""

    def __init__(self, data: Path) -> None:
        self.path = data / FILE
        self.archive = data / ARCHIVE
        import sqlite_utils

        try:
            self.db = sqlite_utils.Database(sqlite3.connect(self.path, timeout=10.0))
            migrate(self.db, EDITION_MIGRATIONS, what=str(self.path))
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"{self.path} cannot be read or written ({exc}); it is left as it is") from None

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            with self.db.atomic():
                yield
        except sqlite3.Error as exc:
            raise WriteError(f"could not record the catalogue edition in {self.path} ({exc})") from None

    def editions(self) -> list[Edition]:
        rows = self.db.execute(
            "SELECT number, made_at, action, file, summary, imports, restored FROM editions ORDER BY number"
        ).fetchall()
        return [
            Edition(n, at, action, f, summary, json.loads(imports), restored)
            for n, at, action, f, summary, imports, restored in rows
        ]

    def edition(self, number: int) -> Edition | None:
        return next((e for e in self.editions() if e.number == number), None)

    def changes(self, number: int | None = None) -> list[tuple[Edition, RecordedChange]]:
        """Every recorded change, oldest edition first (or one edition's)."""
        from kbapp.domain.catalogue_diff import RecordedChange

        by_number = {e.number: e for e in self.editions()}
        query = "SELECT edition, status, resource_id, title, field, old, new FROM edition_changes"
        args: tuple = ()
        if number is not None:
            query += " WHERE edition = ?"
            args = (number,)
        rows = self.db.execute(query + " ORDER BY edition, position", args).fetchall()
        return [(by_number[r[0]], RecordedChange(*r[1:])) for r in rows if r[0] in by_number]

    def record(
        self,
        action: str,
        file: str,
        summary: str,
        imports: list[str],
        changes: list[RecordedChange],
        restored: int | None = None,
    ) -> Edition:
        """A new edition; the oldest beyond ``KEEP`` go, and archived files no kept edition
        names are deleted."""
        made_at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._writing():
            last = self.db.execute("SELECT max(number) FROM editions").fetchone()[0] or 0
            number = last + 1
            self.db.table("editions").insert(
                {
                    "number": number,
                    "made_at": made_at,
                    "action": action,
                    "file": file,
                    "summary": summary,
                    "imports": json.dumps(imports),
                    "restored": restored,
                }
            )
            self.db.table("edition_changes").insert_all(
                {"edition": number, "position": i, **vars(c)} for i, c in enumerate(changes)
            )
            self.db.execute("DELETE FROM editions WHERE number <= ?", (number - KEEP,))
            self.db.execute("DELETE FROM edition_changes WHERE edition <= ?", (number - KEEP,))
        self.prune_archive()
        return Edition(number, made_at, action, file, summary, imports, restored, changes)

    def prune_archive(self) -> None:
        named = {name for e in self.editions() for name in e.imports}
        with contextlib.suppress(OSError):
            for kept in self.archive.iterdir():
                if kept.name not in named and kept.suffix in (".txt", ".csv"):
                    kept.unlink()

    # ----- moving kept imports in and out of effect -----

    def set_aside(self, stored: Path) -> None:
        """Move a kept import out of effect into the archive, from where a restore can
        bring it back."""
        self.archive.mkdir(parents=True, exist_ok=True)
        os.replace(stored, self.archive / stored.name)

    def archived(self, name: str) -> Path:
        return self.archive / name


def mark_restoring(data: Path, imports: list[str]) -> Path:
    """Say, durably, which imports a restore is putting in place, before it moves any."""
    marker = data / ARCHIVE / RESTORING
    marker.parent.mkdir(parents=True, exist_ok=True)
    temp = marker.with_suffix(".tmp")
    with open(temp, "w", encoding="utf-8") as out:
        json.dump(imports, out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, marker)
    return marker


def restoring(data: Path) -> list[str] | None:
    """The imports an unfinished restore was putting in place (a kill stopped it), if any."""
    marker = data / ARCHIVE / RESTORING
    try:
        return list(json.loads(marker.read_text(encoding="utf-8")))
    except FileNotFoundError:
        marker.with_suffix(".tmp").unlink(missing_ok=True)  # cut off before its rename: nothing was moved
        return None
    except (OSError, ValueError):
        marker.unlink(missing_ok=True)  # a marker cut off mid-write: the restore had moved nothing
        return None


def put_in_place(data: Path, imports_folder: Path, wanted: list[str]) -> None:
    """Make the kept imports exactly ``wanted``: others into the archive, wanted ones back
    from it. Each move is a rename, so doing it again after a kill finishes the job."""
    archive = data / ARCHIVE
    archive.mkdir(parents=True, exist_ok=True)
    imports_folder.mkdir(parents=True, exist_ok=True)
    from kbapp.storage.kept_imports import stored_imports

    for stored in stored_imports(imports_folder):
        if stored.name not in wanted:
            os.replace(stored, archive / stored.name)
    for name in wanted:
        if not (imports_folder / name).exists() and (archive / name).exists():
            os.replace(archive / name, imports_folder / name)


def done_restoring(data: Path) -> None:
    marker = data / ARCHIVE / RESTORING
    marker.unlink(missing_ok=True)
    marker.with_suffix(".tmp").unlink(missing_ok=True)  # a marker a kill cut off before its rename
