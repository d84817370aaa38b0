"""Collecting a query's top hits: within allowed documents, before a deadline, and
restricted to a few named documents."""

from __future__ import annotations

import time

from whoosh import query as wq
from whoosh.collectors import TimeLimit, TopCollector
from whoosh.searching import Searcher

from kbapp.search.docsets import Membership
from kbapp.search.scoring import SizedOr


class TopK(TopCollector):
    """The top hits, scoring only what can reach them (Whoosh's block-quality skipping),
    restricted to allowed documents, and stopping at a deadline."""

    def __init__(self, limit: int, allow: Membership | None, deadline: float) -> None:
        super().__init__(limit=limit)
        self.allow = allow
        self.deadline = deadline

    def collect_matches(self) -> None:
        allow, offset, deadline = self.allow, self.offset, self.deadline
        for n, sub_docnum in enumerate(self.matches()):
            if (n & 127) == 0 and time.monotonic() > deadline:
                raise TimeLimit()
            if allow is None or offset + sub_docnum in allow:
                self.collect(sub_docnum)


def only(s: Searcher, q: wq.Query, docnums) -> wq.Query:
    """``q`` restricted to a few documents, through their unique ids: the matcher then
    skips straight to them instead of walking every hit."""
    ids = [s.stored_fields(d)["id"] for d in docnums]
    return wq.And([q, SizedOr([wq.Term("id", i) for i in ids])])


def title_only(q: wq.Query) -> wq.Query | None:
    """For a query of plain words over the search fields, the same words in the title
    alone; a word being typed (a prefix: the words it starts, in each field) too."""
    words = q.subqueries if isinstance(q, wq.And) else [q]
    titles = []
    for word in words:
        fields = word.subqueries if isinstance(word, wq.Or) and _field_of(word) is None else [word]
        named = [_field_of(f) for f in fields]
        title = [f for f, name in zip(fields, named, strict=True) if name == "title"]
        if len(title) != 1 or None in named:
            return None
        titles.append(title[0])
    return titles[0] if len(titles) == 1 else wq.And(titles)


def _field_of(part: wq.Query) -> str | None:
    """The one field a term, or a union of terms, searches."""
    if isinstance(part, wq.Term):
        return part.fieldname
    if isinstance(part, wq.Or) and part.subqueries and all(isinstance(t, wq.Term) for t in part.subqueries):
        names = {t.fieldname for t in part.subqueries}
        return names.pop() if len(names) == 1 else None
    return None
