"""The user's own data: bookmarks (with their notes), working sets
(storage.working_sets) and recent searches.

Kept in ``user.sqlite``, apart from the knowledge base, so that a rebuild never
loses them. Schema changes go through ``PRAGMA user_version`` as for the corpus.
The file is checked at start and backed up (``backups/``) when the window closes
after a change.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kbapp.domain.errors import DatabaseError, WriteError
from kbapp.storage.integrity import (
    back_up,
    backup_time,
    backups_of,
    copy_database,
    newest_sound_backup,
    problem_with,
    remove_leftovers,
    set_aside,
)
from kbapp.storage.migrations import Migration, migrate, user_version
from kbapp.storage.read.base import Reader
from kbapp.storage.transaction import transaction

if TYPE_CHECKING:
    import sqlite_utils

HISTORY_LIMIT = 200


def _v1_bookmarks_and_history(db: sqlite_utils.Database) -> None:
    db.table("bookmarks").create({"record_id": str, "title": str, "added_at": str}, pk="record_id", if_not_exists=True)
    db.table("history").create({"id": int, "query": str, "searched_at": str}, pk="id", if_not_exists=True)


def _v2_bookmark_notes(db: sqlite_utils.Database) -> None:
    db.table("bookmarks").add_column("note", str, not_null_default="")


def _v3_working_sets(db: sqlite_utils.Database) -> None:
    # Named collections of records with the user's note on each (storage.working_sets);
    # the one marked current is the window's selection.
    db.table("working_sets").create(
        {"id": int, "name": str, "created_at": str, "is_current": int}, pk="id", not_null={"name"}
    )
    db.table("set_items").create(
        {"set_id": int, "record_id": str, "position": int, "title": str, "note": str, "added_at": str},
        pk=("set_id", "record_id"),
        foreign_keys=[("set_id", "working_sets", "id")],
    )


USER_MIGRATIONS: list[Migration] = [_v1_bookmarks_and_history, _v2_bookmark_notes, _v3_working_sets]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class UserData:
    """Bookmarks and recent searches. Open with ``open_user_data`` to have the file
    checked (and restored from a backup if damaged) first.

    Reads and writes are plain SQL on ``conn``: the window opens this file before it
    shows, and sqlite-utils (``db``) is imported only for a schema upgrade."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.changed = False
        try:
            # Autocommit: ``writing`` opens each transaction itself.
            self.conn = sqlite3.connect(path, check_same_thread=False, timeout=5.0, isolation_level=None)
            if user_version(self.conn) != len(USER_MIGRATIONS):
                migrate(self.db, USER_MIGRATIONS, what=str(path))
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"{path} cannot be read or written ({exc}); it is left as it is") from None

    @cached_property
    def db(self) -> sqlite_utils.Database:
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def close(self) -> None:
        self.conn.close()

    def back_up(self, folder: Path) -> Path:
        """A backup through SQLite's backup API; the newest few are kept. A backup that
        cannot be written raises ``WriteError``; the file backed up is untouched."""
        try:
            made = back_up(self.path, folder, table="bookmarks")
        except (OSError, sqlite3.Error) as exc:
            raise WriteError(f"could not back up {self.path} into {folder} ({exc})") from None
        self.changed = False
        return made

    # ----- bookmarks -----

    def bookmarks(self) -> list[dict]:
        return Reader(self.conn).rows(
            "SELECT record_id, title, added_at, note FROM bookmarks ORDER BY added_at DESC, title"
        )

    def bookmark_title(self, record_id: str) -> str | None:
        """The title a bookmark was saved with (its record may have left the knowledge base)."""
        row = self.conn.execute("SELECT title FROM bookmarks WHERE record_id = ?", (record_id,)).fetchone()
        return row[0] if row else None

    def is_bookmarked(self, record_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM bookmarks WHERE record_id = ?", (record_id,)).fetchone() is not None

    def bookmark_note(self, record_id: str) -> str | None:
        """The user's note on a bookmark ("" for none), or None when it is not bookmarked."""
        row = self.conn.execute("SELECT note FROM bookmarks WHERE record_id = ?", (record_id,)).fetchone()
        return row[0] if row else None

    @contextlib.contextmanager
    def writing(self, what: str) -> Iterator[None]:
        """One transaction; a failed write (disk full, I/O error) rolls back and says so."""
        try:
            with transaction(self.conn):
                yield
        except sqlite3.Error as exc:
            raise WriteError(f"could not save {what} in {self.path} ({exc}); nothing was changed") from None
        self.changed = True

    def set_bookmark(self, record_id: str, title: str, on: bool) -> None:
        with self.writing("the bookmark"):
            if on:
                self.conn.execute(
                    """INSERT INTO bookmarks (record_id, title, added_at) VALUES (?, ?, ?)
                       ON CONFLICT (record_id) DO UPDATE SET title = excluded.title, added_at = excluded.added_at""",
                    (record_id, title, _now()),
                )
            else:
                self.conn.execute("DELETE FROM bookmarks WHERE record_id = ?", (record_id,))

    def set_bookmark_note(self, record_id: str, title: str, note: str) -> None:
        """Keep the note on the record's bookmark, bookmarking it first if need be: a note
        is written to be found again."""
        note = note.strip()
        with self.writing("the bookmark's note"):
            if self.is_bookmarked(record_id):
                self.conn.execute("UPDATE bookmarks SET note = ? WHERE record_id = ?", (note, record_id))
            else:
                self.conn.execute(
                    "INSERT INTO bookmarks (record_id, title, added_at, note) VALUES (?, ?, ?, ?)",
                    (record_id, title, _now(), note),
                )

    def add_bookmarks(self, marks: list[dict]) -> int:
        """Add bookmarks from elsewhere (a data pack), never replacing one already here;
        returns how many were added."""
        with self.writing("the bookmarks"):
            before = self.conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0]
            for mark in marks:
                self.conn.execute(
                    "INSERT OR IGNORE INTO bookmarks (record_id, title, added_at, note) VALUES (?, ?, ?, ?)",
                    (
                        mark["record_id"],
                        mark.get("title") or mark["record_id"],
                        mark.get("added_at") or _now(),
                        mark.get("note") or "",
                    ),
                )
            return self.conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0] - before

    # ----- recent searches -----

    def remember_search(self, query: str) -> None:
        query = " ".join(query.split())
        if not query:
            return
        with self.writing("the recent search"):
            self.conn.execute("DELETE FROM history WHERE query = ?", (query,))
            self.conn.execute("INSERT INTO history (query, searched_at) VALUES (?, ?)", (query, _now()))
            self.conn.execute(
                "DELETE FROM history WHERE id NOT IN (SELECT id FROM history ORDER BY id DESC LIMIT ?)",
                (HISTORY_LIMIT,),
            )

    def recent_searches(self, limit: int = 20) -> list[str]:
        rows = self.conn.execute("SELECT query FROM history ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [row[0] for row in rows]


@dataclass
class Opened:
    userdata: UserData
    notices: list[str] = field(default_factory=list)


def open_user_data(path: Path, backups: Path) -> Opened:
    """Open the user's database after a ``quick_check``.

    A damaged file is kept aside under a new name and the newest sound backup takes
    its place (or an empty database, if there is none); the notices say what
    happened, for the user. A sound file is backed up when it has no backup yet.
    A folder that cannot be read or written raises ``DatabaseError``."""
    try:
        return _open_user_data(path, backups)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(f"{path} cannot be opened ({exc}); it is left as it is") from None


def _open_user_data(path: Path, backups: Path) -> Opened:
    notices: list[str] = []
    remove_leftovers(backups)
    remove_leftovers(path.parent)
    # A file that is gone or empty while backups exist was lost (or a restore was cut
    # off by a kill): it is restored like a damaged one, never silently started anew.
    lost = not path.exists() or path.stat().st_size == 0
    if lost and (backup := newest_sound_backup(path, backups)) is not None:
        what = "missing" if not path.exists() else "empty"
        kept = f" It was kept as {set_aside(path).name}." if path.exists() else ""
        copy_database(backup, path)
        notices.append(
            f"Your bookmarks and history file was {what}.{kept} The backup of {_backup_time(backup)} was restored."
        )
    elif path.exists():
        problem = problem_with(path)
        if problem is not None:
            aside = set_aside(path)
            backup = newest_sound_backup(path, backups)
            if backup is not None:
                copy_database(backup, path)
                notices.append(
                    f"Your bookmarks and history file was damaged ({problem}). It was kept as {aside.name}, "
                    f"and the backup of {_backup_time(backup)} was restored."
                )
            else:
                notices.append(
                    f"Your bookmarks and history file was damaged ({problem}) and there was no backup. "
                    f"It was kept as {aside.name}; kbapp starts with empty bookmarks."
                )
    userdata = UserData(path)
    if not backups_of(path, backups):
        userdata.back_up(backups)
    return Opened(userdata, notices)


def _backup_time(backup: Path) -> str:
    made = backup_time(backup)
    return made.strftime("%d %B %Y %H:%M UTC") if made else backup.name
