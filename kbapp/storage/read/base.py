"""What every reader of the knowledge base shares: one connection, rows as dicts.

Readers use plain ``sqlite3``: reading is SQL alone, and a reading command then does
not pay for importing sqlite-utils, through which every write goes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

Record = dict[str, Any]
CHUNK = 500  # ids per ``IN (…)``: well under SQLite's limit on bound parameters
# Columns stored as JSON, decoded wherever a query returns them, with what an empty one reads as.
JSON_COLUMNS: dict[str, list | None] = {
    "source_lines": None,
    "blocks": None,
    "relations": [],
    "sections": [],
    "titles": [],
    "listed_in": [],
}


def loads(value: str | None) -> Any:
    return json.loads(value) if value else None


def chunks(keys: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(keys), CHUNK):
        yield keys[start : start + CHUNK]


def marks(keys: list[str]) -> str:
    return ",".join("?" for _ in keys)


class Reader:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: tuple | dict = ()) -> list[Record]:
        """Rows as dicts, their JSON columns decoded."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        for row in found:
            for column, empty in JSON_COLUMNS.items():
                if column in row:
                    value = loads(row[column])
                    row[column] = list(empty) if value is None and empty is not None else value
        return found

    def column(self, sql: str, params: tuple | dict = ()) -> list[Any]:
        return [row[0] for row in self.conn.execute(sql, params).fetchall()]
