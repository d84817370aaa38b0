"""Checking SQLite files at start, keeping damaged ones aside, and backups.

A damaged file is never deleted: it is renamed beside itself with a time stamp,
so that nothing in it is lost to a repair attempt. Backups are taken with
SQLite's online backup API, which copies a consistent state even while another
connection writes; a plain file copy could catch a half-written page.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

BACKUPS_KEPT = 5


def problem_with(path: Path) -> str | None:
    """None if ``path`` is a sound SQLite database, else what is wrong with it.

    Opened for writing, so that a transaction cut off by a crash is rolled back from
    its journal first: that is SQLite's own recovery, not damage."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=5.0)) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows != [("ok",)]:
        return "; ".join(str(r[0]) for r in rows[:3])
    return None


STAMP = "%Y%m%dT%H%M%S%fZ"  # in the names of backups and of files set aside


def _stamp() -> str:
    return datetime.now(UTC).strftime(STAMP)


def backup_time(backup: Path) -> datetime | None:
    """When a backup was made, from its name."""
    try:
        return datetime.strptime(backup.stem.rsplit("-", 1)[-1], STAMP)
    except ValueError:
        return None


def set_aside(path: Path) -> Path:
    """Rename a damaged database (and its journal) out of the way; returns the new name."""
    aside = path.with_name(f"{path.name}.damaged-{_stamp()}")
    os.replace(path, aside)
    for suffix in ("-journal", "-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + suffix))
    return aside


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` at ``target``, through SQLite's backup API,
    written beside the target and renamed in, so ``target`` is never half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        with (
            contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=5.0)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
        os.replace(partial, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def backups_of(path: Path, folder: Path) -> list[Path]:
    """Backups of ``path`` in ``folder``, newest first."""
    stem = path.stem
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{stem}-*.sqlite"), reverse=True)


def rows_in(path: Path, table: str) -> int:
    """How many rows a table of a database holds; 0 when it cannot be read."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0)) as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.Error:
        return 0


def back_up(path: Path, folder: Path, keep: int = BACKUPS_KEPT, table: str | None = None) -> Path:
    """A new backup of ``path`` in ``folder``; only the newest ``keep`` are kept.

    With ``table`` (the bookmarks): a backup about to rotate out that holds more rows
    than any backup kept and than the file itself is kept aside (``kept-…``), so five
    sessions after a loss the last good copy is still there."""
    target = folder / f"{path.stem}-{_stamp()}.sqlite"
    copy_database(path, target)
    backups = backups_of(path, folder)
    dropped = backups[keep:]
    if table and dropped:
        most = max(rows_in(b, table) for b in [path, *backups[:keep]])
        richest = max(dropped, key=lambda b: rows_in(b, table))
        if rows_in(richest, table) > most:
            os.replace(richest, folder / f"kept-{richest.name}")
            dropped.remove(richest)
    for old in dropped:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def remove_leftovers(folder: Path) -> list[Path]:
    """Half-written copies a kill or a failed backup left (``.name.partial`` and its
    journal): never a backup, so removed."""
    removed = []
    if folder.is_dir():
        for leftover in [*folder.glob(".*.partial"), *folder.glob(".*.partial-journal")]:
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    return removed


def newest_sound_backup(path: Path, folder: Path) -> Path | None:
    return next((b for b in backups_of(path, folder) if problem_with(b) is None), None)
