"""A checksum of every table, written with each build or update and verified at
start: SQLite's own checks see broken pages, not altered text ("officer" read as
"officur" after one flipped bit), and an auditor must never be shown that."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from kbapp.storage import checked
from kbapp.storage.checked import DATABASE_STAMP

if TYPE_CHECKING:
    import sqlite_utils


SEAL_KEY = "content_sha256"


def table_hashes(conn: sqlite3.Connection) -> dict[str, str]:
    """SHA-256 of each table's rows in storage order (the meta table, which holds the
    seal, aside)."""
    names = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if row[0] != "meta" and not row[0].startswith("sqlite_")
    ]
    hashes = {}
    for name in names:
        digest = hashlib.sha256()
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
            digest.update(repr(row).encode("utf-8", "surrogatepass"))
        hashes[name] = digest.hexdigest()
    return hashes


def is_damage(exc: BaseException) -> bool:
    """Whether a read raised what only a damaged database makes it raise: SQLite's own
    DatabaseError ("malformed", "not a database"; not its subclasses, which mean
    locked, read-only or I/O), or stored JSON or text that no longer decodes."""
    return type(exc) is sqlite3.DatabaseError or isinstance(exc, json.JSONDecodeError | UnicodeDecodeError)


def seal(db: sqlite_utils.Database) -> None:
    """Write the seal of the database as it now is (inside the write's transaction)."""
    value = json.dumps(table_hashes(db.conn), sort_keys=True)
    db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (SEAL_KEY, value))


def seal_problem(path: Path) -> str | None:
    """None if every table still holds what was sealed (or nothing was sealed), else
    which tables changed. Any error reading the file is a problem too."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            found = conn.execute("SELECT value FROM meta WHERE key = ?", (SEAL_KEY,)).fetchone()
            if found is None:
                return None  # built before seals: the next build writes one
            sealed = json.loads(found[0])
            now = table_hashes(conn)
    except (sqlite3.DatabaseError, ValueError) as exc:  # ValueError: a damaged seal, bad UTF-8
        return f"it cannot be read whole ({exc})"
    if not isinstance(sealed, dict):
        return "its checksum is damaged"
    changed = sorted(name for name in set(sealed) | set(now) if sealed.get(name) != now.get(name))
    if changed:
        return f"its content differs from the checksum written when it was built (table {', '.join(changed)})"
    return None


def check_due(path: Path, now: float) -> bool:
    """Whether the database at ``path`` should be checked whole before it is read
    (``storage.checked``)."""
    return path.exists() and checked.check_due(path.parent / DATABASE_STAMP, checked.file_states([path]), now)


def mark_checked(path: Path, now: float) -> None:
    """Remember a passed check of the database, begun at ``now``."""
    checked.mark_checked(path.parent / DATABASE_STAMP, checked.file_states([path]), now)
