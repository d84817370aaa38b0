"""The knowledge base as it is read: one reader per area over one connection.

``repo.records.get("term:risk")``, ``repo.mappings.map_clause("10.1.2")``,
``repo.views.summaries(ids)``… Each area lives in its own module under ``read/``.
"""

from __future__ import annotations

import sqlite_utils

from kbapp.storage.read.glossary import GlossaryReader
from kbapp.storage.read.index_rows import IndexRowReader
from kbapp.storage.read.itil import ItilReader
from kbapp.storage.read.listings import ListingReader
from kbapp.storage.read.mappings import MappingReader
from kbapp.storage.read.records import RecordReader
from kbapp.storage.read.state import StateReader
from kbapp.storage.read.views import ViewReader


class Repository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.state = StateReader(db)
        self.glossary = GlossaryReader(db)
        self.mappings = MappingReader(db)
        self.itil = ItilReader(db, self.mappings)
        self.listings = ListingReader(db, self.itil.sections)
        self.records = RecordReader(db, self.glossary, self.mappings, self.listings, self.itil)
        self.index = IndexRowReader(db)
        self.views = ViewReader(db)

    def close(self) -> None:
        self.db.close()
