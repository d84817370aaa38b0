"""The user's own data: bookmarks and recent searches.

Kept in ``user.sqlite``, apart from the knowledge base, so that a rebuild never
loses them. Schema changes go through ``PRAGMA user_version`` as for the corpus.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from kbapp.core.errors import DatabaseError

USER_SCHEMA_VERSION = 1
HISTORY_LIMIT = 200


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class UserData:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite_utils.Database(sqlite3.connect(path, check_same_thread=False, timeout=5.0))
            version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"{path} cannot be read ({exc}); it is left as it is") from None
        if version > USER_SCHEMA_VERSION:
            raise DatabaseError(f"{path} was written by a newer kbapp; it is left untouched")
        if version < 1:
            with self.db.atomic():
                self.db.table("bookmarks").create(
                    {"record_id": str, "title": str, "added_at": str}, pk="record_id", if_not_exists=True
                )
                self.db.table("history").create(
                    {"id": int, "query": str, "searched_at": str}, pk="id", if_not_exists=True
                )
                self.db.execute(f"PRAGMA user_version = {USER_SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    # ----- bookmarks -----

    def bookmarks(self) -> list[dict]:
        return list(self.db.query("SELECT record_id, title, added_at FROM bookmarks ORDER BY added_at DESC, title"))

    def is_bookmarked(self, record_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM bookmarks WHERE record_id = ?", (record_id,)).fetchone() is not None

    def set_bookmark(self, record_id: str, title: str, on: bool) -> None:
        with self.db.atomic():
            if on:
                self.db.table("bookmarks").upsert(
                    {"record_id": record_id, "title": title, "added_at": _now()}, pk="record_id"
                )
            else:
                self.db.execute("DELETE FROM bookmarks WHERE record_id = ?", (record_id,))

    # ----- recent searches -----

    def remember_search(self, query: str) -> None:
        query = " ".join(query.split())
        if not query:
            return
        with self.db.atomic():
            self.db.execute("DELETE FROM history WHERE query = ?", (query,))
            self.db.table("history").insert({"query": query, "searched_at": _now()})
            self.db.execute(
                "DELETE FROM history WHERE id NOT IN (SELECT id FROM history ORDER BY id DESC LIMIT ?)",
                (HISTORY_LIMIT,),
            )

    def recent_searches(self, limit: int = 20) -> list[str]:
        return [r["query"] for r in self.db.query("SELECT query FROM history ORDER BY id DESC LIMIT ?", (limit,))]
