"""What every reader of the knowledge base shares: one connection, rows as dicts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlite_utils

Record = dict[str, Any]
CHUNK = 500  # ids per ``IN (…)``: well under SQLite's limit on bound parameters


def loads(value: str | None) -> Any:
    return json.loads(value) if value else None


def chunks(keys: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(keys), CHUNK):
        yield keys[start : start + CHUNK]


def marks(keys: list[str]) -> str:
    return ",".join("?" for _ in keys)


class Reader:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def rows(self, sql: str, params: tuple | dict = ()) -> list[Record]:
        return list(self.db.query(sql, params))

    def column(self, sql: str, params: tuple | dict = ()) -> list[Any]:
        return [row[0] for row in self.db.execute(sql, params).fetchall()]
