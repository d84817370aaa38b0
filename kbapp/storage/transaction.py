"""One transaction on a plain ``sqlite3`` connection in autocommit mode, as
sqlite-utils' ``Database.atomic`` makes one: a block inside another is a savepoint.

For files written without sqlite-utils (the user's own data), so that opening them
does not import it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

SAVEPOINT = "kbapp_inner"


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """Commit what the block wrote, or roll all of it back if the block or the commit
    raised."""
    inner = conn.in_transaction
    conn.execute(f"SAVEPOINT {SAVEPOINT}" if inner else "BEGIN")
    try:
        yield
        conn.execute(f"RELEASE {SAVEPOINT}" if inner else "COMMIT")
    except BaseException:
        if conn.in_transaction:  # an error such as RAISE(ROLLBACK) may have ended it already
            if inner:
                conn.execute(f"ROLLBACK TO {SAVEPOINT}")
                conn.execute(f"RELEASE {SAVEPOINT}")
            else:
                conn.execute("ROLLBACK")
        raise
