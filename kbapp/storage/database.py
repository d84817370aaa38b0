"""Opening the knowledge-base database, and building a new one beside the old."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kbapp.domain.errors import DatabaseError, WriteError
from kbapp.storage.migrations import SCHEMA_VERSION, migrate, refuse_if_newer, user_version
from kbapp.storage.seal import seal

if TYPE_CHECKING:
    import sqlite_utils


def open_database(path: Path) -> sqlite3.Connection:
    """Open a built database for reading. It must exist and be of a schema this kbapp knows."""
    if not path.exists():
        raise DatabaseError(f"no knowledge base at {path}; run 'kbapp build' first")
    try:
        conn = sqlite3.connect(path, check_same_thread=False)
        version = user_version(conn)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a readable kbapp database ({exc}); run 'kbapp build --force'") from None
    if version > SCHEMA_VERSION:
        conn.close()
        refuse_if_newer(str(path), version)
    if version < SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(f"{path} has an older schema ({version}); run 'kbapp build' to rebuild it")
    return conn


def refuse_newer(path: Path) -> None:
    """Raise if ``path`` holds a database of a newer kbapp: it must not be rebuilt over."""
    if not path.exists():
        return
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        return  # not a database a newer kbapp wrote; the caller deals with damage
    refuse_if_newer(str(path), version)


def read_meta(path: Path) -> dict[str, str]:
    """The meta table of a built database, or {} if there is none or it cannot be read."""
    if not path.exists():
        return {}
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                return {}
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError:
        return {}


@contextlib.contextmanager
def temporary_beside(path: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".building", dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def build_database(path: Path, fill: Callable[[sqlite_utils.Database], None]) -> None:
    """Write a complete new database beside ``path`` and swap it in.

    ``fill`` writes the records inside one transaction. Until the final rename
    the previous database stays in place and in use, so a failed or killed
    build leaves it working.
    """
    import sqlite_utils

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary_beside(path) as temp:
            conn = sqlite3.connect(temp)
            try:
                db = sqlite_utils.Database(conn)
                migrate(db)
                with db.atomic():
                    fill(db)
                    seal(db)
                conn.execute("PRAGMA integrity_check")
            finally:
                conn.close()
            fsync_file(temp)
            os.replace(temp, path)
            fsync_folder(path.parent)
    except (OSError, sqlite3.OperationalError) as exc:  # disk full, I/O error, folder not writable
        raise WriteError(
            f"could not write the knowledge base in {path.parent} ({reason(exc)}); "
            "the previous one, if any, is untouched"
        ) from None


def clear_stale_builds(path: Path) -> None:
    """Remove temporary files that killed builds left beside ``path`` (under the writer lock)."""
    for leftover in path.parent.glob(f".{path.name}.*.building*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def fsync_folder(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
