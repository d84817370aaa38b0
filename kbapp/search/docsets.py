"""Matching documents as Python sets, for totals and facet counts.

Whoosh's matcher tree walks every hit one by one in Python; for a total and four
facet counts that walk dominated a results page. Here a plain-word query is
answered from posting lists turned into sets (cached per term) and combined with
C-speed set operations; anything else falls back to Whoosh's own matching.
Facet counts intersect the matches with each facet value's posting set. One
instance per searcher, used by one thread.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

TERM_CACHE = 2048
OTHER_CACHE = 64


class DocSets:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        self.deleted: set[int] = set()
        if self.reader.has_deletions():
            self.deleted = {d for d in range(self.size) if self.reader.is_deleted(d)}
        self._terms: OrderedDict[tuple[str, Any], frozenset[int]] = OrderedDict()
        self._other: OrderedDict[str, frozenset[int]] = OrderedDict()
        self._values: dict[str, list[Any]] = {}
        self._universe: frozenset[int] | None = None

    def universe(self) -> frozenset[int]:
        if self._universe is None:
            self._universe = frozenset(range(self.size)) - self.deleted
        return self._universe

    def of(self, q: wq.Query) -> frozenset[int]:
        """The documents a query matches, ignoring scores."""
        if q is wq.NullQuery or isinstance(q, wq.qcore._NullQuery):
            return frozenset()
        if isinstance(q, wq.Term):
            return self._term(q.fieldname, q.text)
        if isinstance(q, wq.And):
            sets = sorted((self.of(sub) for sub in q.subqueries), key=len)
            if not sets:
                return frozenset()
            result = set(sets[0])
            for other in sets[1:]:
                result &= other
                if not result:
                    break
            return frozenset(result)
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            result = set()
            for sub in q.subqueries:
                result |= self.of(sub)
            return frozenset(result)
        if isinstance(q, wq.AndMaybe):
            return self.of(q.a)
        if isinstance(q, wq.AndNot):
            return self.of(q.a) - self.of(q.b)
        if isinstance(q, wq.Not):
            return self.universe() - self.of(q.query)
        if isinstance(q, wq.ConstantScoreQuery):
            return self.of(q.child)
        return self._fallback(q)

    def _term(self, fieldname: str, text: Any) -> frozenset[int]:
        key = (fieldname, text)
        cached = self._terms.get(key)
        if cached is not None:
            self._terms.move_to_end(key)
            return cached
        try:
            ids = frozenset(self.reader.postings(fieldname, text).all_ids()) - self.deleted
        except Exception:  # the term is not in the index (TermNotFound) or the field has none
            ids = frozenset()
        self._terms[key] = ids
        if len(self._terms) > TERM_CACHE:
            self._terms.popitem(last=False)
        return ids

    def _fallback(self, q: wq.Query) -> frozenset[int]:
        key = repr(q)
        cached = self._other.get(key)
        if cached is None:
            cached = frozenset(self.searcher.docs_for_query(q)) - self.deleted
            self._other[key] = cached
            if len(self._other) > OTHER_CACHE:
                self._other.popitem(last=False)
        return cached

    def count(self, fieldname: str, docs: frozenset[int] | set[int]) -> Counter:
        """How many of ``docs`` hold each value of a facet field, from its posting lists."""
        counts: Counter = Counter()
        if not docs:
            return counts
        for value in self.values(fieldname):
            n = len(docs & self._term(fieldname, value))
            if n:
                counts[value] = n
        return counts

    def values(self, fieldname: str) -> list[Any]:
        if fieldname not in self._values:
            try:
                self._values[fieldname] = list(self.reader.field_terms(fieldname))
            except Exception:  # a field no document has
                self._values[fieldname] = []
        return self._values[fieldname]
