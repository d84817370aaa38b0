"""BM25F as Whoosh scores it, with each segment's field lengths read once, and
unions of terms whose array of scores fits a small index.

Whoosh's scorer looks up a document's field length for every posting it scores,
through several layers of Python (searcher, reader, column, file). On a query
that matches most of a small index that was a third of a results page. Here the
lengths of a segment's field are read into a list at the first search that needs
them, and each score is a list lookup; the scores are Whoosh's, to the bit.

On an index of fewer than 5000 documents Whoosh adds up a union's scores in an
array of 2048 entries, which it fills, clears and scans whole several times for
every query: 60% of a results page on the shipped corpus of 435 documents. Here the
array is as long as the segment, and the sums are the same."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.matching import ArrayUnionMatcher, WrappingMatcher
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

# What a stored length byte reads as; 0 (no length) reads as 1, as Whoosh's scorer asks.
LENGTH_OF_BYTE = [byte_to_length(b) if b else 1 for b in range(256)]


class ListedLengthBM25F(BM25F):
    def __init__(self, **options) -> None:
        super().__init__(**options)
        self._lengths: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if type(scorer) is BM25FScorer:
            listed = self._listed(searcher.reader(), fieldname)
            if listed is not None:
                scorer.dfl = listed
        return scorer

    def _listed(self, reader, fieldname: str) -> Callable[[int], int] | None:
        per_field = self._lengths.setdefault(reader, {})
        if fieldname not in per_field:
            per_field[fieldname] = _read_lengths(reader, fieldname)
        lengths = per_field[fieldname]
        return None if lengths is None else lengths.__getitem__


def _read_lengths(reader, fieldname: str) -> list[int] | None:
    """Every document's length of ``fieldname`` in one segment, or None where the
    segment does not keep them as Whoosh 3's codec does (Whoosh then looks each up)."""
    perdoc = getattr(reader, "_perdoc", None)
    try:
        column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)  # type: ignore[union-attr]
    except AttributeError:
        return None
    count = reader.doc_count_all()
    if column is None:
        return [1] * count
    raw = column._dbfile.get(column._basepos, column._count) if hasattr(column, "_dbfile") else bytes(column.load())
    lengths = [LENGTH_OF_BYTE[b] for b in raw]
    return lengths + [1] * (count - len(lengths))


PART = 2048  # Whoosh's own array length
# Above 5000 documents Whoosh makes a union a binary tree, which skips blocks that cannot
# reach the top; but the collector walks the whole tree for its best score and rebuilds
# it as terms run out, and for a typed prefix (up to 200 words in each field) that cost
# two seconds a key at 10k. A union of more terms than this is an array at every size.
FEW_TERMS = 16


class SizedOr(wq.Or):
    """Whoosh's Or, with the array of a preloaded union no longer than its segment."""

    _estimated: tuple[int, int] | None = None

    def estimate_size(self, ixreader) -> int:
        # Whoosh asks a query's size several times a search (an And sorts its parts by
        # it, then takes the least), and an Or adds up the document frequency of each
        # of its up to 600 terms every time; the sum is the same for the same reader.
        # (Only the matchers' order hangs on it, never a hit or a score.)
        if self._estimated is None or self._estimated[0] != id(ixreader):
            self._estimated = (id(ixreader), super().estimate_size(ixreader))
        return self._estimated[1]

    def _matcher(self, subs, searcher, context):
        # Whoosh's own choice of a preloaded union (whoosh.query.compound.Or._matcher)
        needs_current = context.needs_current if context else True
        doccount = searcher.doc_count_all()
        few = len(subs) <= FEW_TERMS
        if self.matcher_type != self.AUTO_MATCHER or (
            len(subs) < self.TOO_MANY_CLAUSES
            and (needs_current or self.scale or len(subs) == 2 or (few and doccount > 5000))
        ):
            return super()._matcher(subs, searcher, context)
        scored = context.weighting is not None if context else True
        matchers = [sub.matcher(searcher, context) for sub in subs]
        return SizedArrayUnion(matchers, doccount, boost=self.boost, scored=scored, partsize=min(PART, doccount or 1))


class SizedArrayUnion(ArrayUnionMatcher):
    """Whoosh's preloaded union, which answers the collector's questions (can it skip
    by block? what is the best score it can give? the best in this block?) by asking
    every one of its up to 600 term matchers each time, for each document collected.
    A term matcher's answers never change, and the block's only when the next block
    is read, so they are worked out once."""

    def __init__(self, submatchers, doccount, **options) -> None:
        self._fixed = all(_fixed(m) for m in submatchers)
        self._block_best: float | None = None
        super().__init__(submatchers, doccount, **options)
        self._supports = super().supports_block_quality()  # its matchers are never replaced
        self._best = super().max_quality() if self._fixed else None

    def _read_part(self) -> None:
        self._block_best = None
        super()._read_part()

    def supports_block_quality(self):
        return self._supports

    def max_quality(self):
        return super().max_quality() if self._best is None else self._best

    def block_quality(self):
        if self._block_best is None:
            self._block_best = super().block_quality()
        return self._block_best


def with_sized_unions(q: wq.Query) -> wq.Query:
    def sized(node: wq.Query) -> wq.Query:
        if type(node) is wq.Or:
            return SizedOr(node.subqueries, boost=node.boost, minmatch=node.minmatch, scale=node.scale)
        return node

    return q.accept(sized)


def _fixed(matcher) -> bool:
    """Whether a matcher's best possible score never changes: a term's, boosted or not."""
    return matcher.is_leaf() or (type(matcher) is WrappingMatcher and _fixed(matcher.child))
