"""The knowledge base as it is read: one reader per area over one connection.

``repo.records.get("term:risk")``, ``repo.mappings.map_clause("10.1.2")``,
``repo.views.summaries(ids)``… Each area lives in its own module under ``read/``.
"""

from __future__ import annotations

import sqlite3
from functools import cached_property
from typing import TYPE_CHECKING

from kbapp.storage.read.glossary import GlossaryReader
from kbapp.storage.read.index_rows import IndexRowReader
from kbapp.storage.read.itil import ItilReader
from kbapp.storage.read.listings import ListingReader
from kbapp.storage.read.mappings import MappingReader
from kbapp.storage.read.records import RecordReader
from kbapp.storage.read.state import StateReader
from kbapp.storage.read.views import ViewReader

if TYPE_CHECKING:
    import sqlite_utils


class Repository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.state = StateReader(conn)
        self.glossary = GlossaryReader(conn)
        self.mappings = MappingReader(conn)
        self.itil = ItilReader(conn, self.mappings)
        self.listings = ListingReader(conn, self.itil.sections)
        self.records = RecordReader(conn, self.glossary, self.mappings, self.listings, self.itil)
        self.index = IndexRowReader(conn)
        self.views = ViewReader(conn)

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """The same connection as the writers use it, through sqlite-utils (made when a
        write first asks for it: a reading command never imports sqlite-utils)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def close(self) -> None:
        self.conn.close()
