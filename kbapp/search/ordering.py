"""Results in an order other than relevance: newest or oldest first, or by title.

The order of every document is worked out once per searcher, from Whoosh's columns
(``date_order``, ``title_order``), so that a page of sorted results costs one pass
over the matching documents, not a sort of them.
"""

from __future__ import annotations

import heapq
from array import array

from kbapp.search.docsets import Bits, bits_to_list, to_bits


class Orders:
    def __init__(self, reader) -> None:
        self.reader = reader
        self.size = reader.doc_count_all()
        self._ranks: dict[str, array] = {}
        self._dated: Bits | None = None

    def effective(self, docs: Bits, order: str) -> str:
        """``order`` as it falls out for ``docs``: by date, when none has a date, is by title."""
        if order in ("newest", "oldest") and not docs & self.dated():
            return "title"
        return order

    def dated(self) -> Bits:
        if self._dated is None:
            dates = self._column("date_order")
            self._dated = to_bits(doc for doc in range(self.size) if dates[doc])
        return self._dated

    def top(self, docs: Bits, order: str, limit: int) -> list[int]:
        """The first ``limit`` of ``docs`` in ``order``."""
        rank = self.rank(order)
        return heapq.nsmallest(limit, bits_to_list(docs), key=rank.__getitem__)

    def rank(self, order: str) -> array:
        """Each document's place in ``order``: undated records come after dated ones, and
        titles break every tie, so the order never depends on how the index was built."""
        if order not in self._ranks:
            titles = self._column("title_order")
            by = sorted(range(self.size), key=titles.__getitem__)
            if order in ("newest", "oldest"):
                dates = self._column("date_order")
                by.sort(key=dates.__getitem__, reverse=order == "newest")  # a stable sort keeps titles in order
                by.sort(key=lambda doc: not dates[doc])
            rank = array("l", [0]) * self.size
            for place, doc in enumerate(by):
                rank[doc] = place
            self._ranks[order] = rank
        return self._ranks[order]

    def _column(self, fieldname: str) -> list[str]:
        if not self.reader.has_column(fieldname):
            return [""] * self.size
        column = self.reader.column_reader(fieldname)
        return [column[doc] or "" for doc in range(self.size)]
