"""Each segment's term lookups remembered for as long as it is searched.

A prefix typed in the search box stands for up to 200 words in each of three
fields, and Whoosh looks each term up in the segment's hash file four or five
times for one query (is it there, how many documents, its statistics, its
postings), each a walk through Python over the file: two thirds of a results
page for "business co" on the shipped corpus. A segment's terms never change once
written, so the place of each term looked up is kept."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from whoosh.searching import Searcher

MAX_REMEMBERED = 200_000  # terms a segment keeps (a few MB at most); then it starts again


def remember_term_lookups(searcher: Searcher) -> Searcher:
    for leaf, _ in searcher.leaf_searchers():
        table = getattr(getattr(leaf.reader(), "_terms", None), "_tindex", None)
        if table is not None and not hasattr(table, "kbapp_remembered"):
            table.ranges_for_key = _remembering(table.ranges_for_key)
            table.kbapp_remembered = True
    return searcher


def _remembering(ranges_for_key: Callable[[bytes], Iterator]) -> Callable[[bytes], Iterator]:
    found: dict[bytes, list] = {}

    def remembered(key: bytes) -> Iterator:
        ranges = found.get(key)
        if ranges is None:
            if len(found) >= MAX_REMEMBERED:
                found.clear()
            ranges = found[key] = list(ranges_for_key(key))
        return iter(ranges)

    return remembered
