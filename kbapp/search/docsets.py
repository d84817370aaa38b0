"""Matching documents as bitmaps, for totals, filters and facet counts.

Whoosh's matcher tree walks every hit one by one in Python; for a total and four
facet counts that walk dominated a results page. Here a plain-word query is
answered from posting lists turned into bitmaps (a Python int, one bit per
document: 12.5 kB for 100,000 documents) and combined with C-speed ``&``, ``|``
and ``bit_count``; anything else falls back to Whoosh's own matching. Bitmaps are
cached per term. One instance per searcher, used by one thread.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

TERM_CACHE = 4096
OTHER_CACHE = 64

Bits = int


def to_bits(docnums) -> Bits:
    """A bitmap with the given document numbers set."""
    buffer = bytearray()
    for d in docnums:
        byte = d >> 3
        if byte >= len(buffer):
            buffer.extend(b"\0" * (byte + 1 - len(buffer)))
        buffer[byte] |= 1 << (d & 7)
    return int.from_bytes(buffer, "little")


def bits_to_list(bits: Bits) -> list[int]:
    """The document numbers set in a bitmap, in order."""
    out = []
    if bits.bit_count() < 64:  # few bits: one step per bit beats a pass over every byte
        while bits:
            low = bits & -bits
            out.append(low.bit_length() - 1)
            bits ^= low
        return out
    for i, byte in enumerate(bits.to_bytes((bits.bit_length() + 7) // 8, "little")):
        if byte:
            out.extend((i << 3) + j for j in range(8) if byte >> j & 1)
    return out


class Membership:
    """O(1) membership tests on a bitmap, for the collector's inner loop."""

    def __init__(self, bits: Bits) -> None:
        self.bytes = bits.to_bytes((bits.bit_length() + 7) // 8 or 1, "little")

    def __contains__(self, docnum: int) -> bool:
        byte = docnum >> 3
        return byte < len(self.bytes) and bool(self.bytes[byte] & (1 << (docnum & 7)))


class DocSets:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        deleted = [d for d in range(self.size) if self.reader.is_deleted(d)] if self.reader.has_deletions() else []
        self.live: Bits = ((1 << self.size) - 1) & ~to_bits(deleted)
        self._terms: OrderedDict[tuple[str, Any], Bits] = OrderedDict()
        self._other: OrderedDict[str, Bits] = OrderedDict()
        self._values: dict[str, list[Any]] = {}

    def of(self, q: wq.Query) -> Bits:
        """The documents a query matches, ignoring scores."""
        if q is wq.NullQuery or isinstance(q, wq.qcore._NullQuery):
            return 0
        if isinstance(q, wq.Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, wq.And):
            result = self.live
            for sub in q.subqueries:
                result &= self.of(sub)
                if not result:
                    break
            return result
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            result = 0
            for sub in q.subqueries:
                result |= self.of(sub)
            return result
        if isinstance(q, wq.AndMaybe):
            return self.of(q.a)
        if isinstance(q, wq.AndNot):
            return self.of(q.a) & ~self.of(q.b)
        if isinstance(q, wq.Not):
            return self.live & ~self.of(q.query)
        if isinstance(q, wq.ConstantScoreQuery):
            return self.of(q.child)
        return self._fallback(q)

    def term(self, fieldname: str, text: Any) -> Bits:
        key = (fieldname, text)
        cached = self._terms.get(key)
        if cached is not None:
            self._terms.move_to_end(key)
            return cached
        try:
            bits = to_bits(self.reader.postings(fieldname, text).all_ids()) & self.live
        except Exception:  # the term is not in the index (TermNotFound) or the field has none
            bits = 0
        self._terms[key] = bits
        if len(self._terms) > TERM_CACHE:
            self._terms.popitem(last=False)
        return bits

    def _fallback(self, q: wq.Query) -> Bits:
        key = repr(q)
        cached = self._other.get(key)
        if cached is None:
            cached = to_bits(self.searcher.docs_for_query(q)) & self.live
            self._other[key] = cached
            if len(self._other) > OTHER_CACHE:
                self._other.popitem(last=False)
        return cached

    def count(self, fieldname: str, docs: Bits) -> Counter:
        """How many of ``docs`` hold each value of a facet field, from its posting lists."""
        counts: Counter = Counter()
        if not docs:
            return counts
        for value in self.values(fieldname):
            n = (docs & self.term(fieldname, value)).bit_count()
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
