"""What a search returns, and the filters it takes. Plain data: no Whoosh here, so
the window can load before the search engine does."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kbapp.domain.ids import RecordKind


def kind_name(text: str) -> str:
    """The kind a filter means (``terms``, ``glossary``, ``clause``…), as the index stores it."""
    kind = RecordKind.named(text)
    return kind.value if kind else str(text).lower()


@dataclass
class Hit:
    id: str
    type: str
    title: str
    snippet: str
    snippet_html: str
    score: float
    category: str | None = None
    body: str | None = None
    origin: str | None = None  # a resource's (domain.labels.origin_kind)
    published: str | None = None
    year: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class SearchResult:
    query: str
    corrected: str | None
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    timed_out: bool = False
    # The index could not answer (damaged under a running window): never "no results".
    failed: bool = False
    # How a notation in the query was read ("A.12.6.1 is ISO/IEC 27002 12.6.1 ...").
    readings: list[str] = field(default_factory=list)
    order: str = "best"  # the order the hits came in (one of ORDERS)
    # Hits a search left without their snippet (``search(snippets=N)``, for a first
    # paint) get it from this, on the thread of the engine that found them.
    snippets_of: Callable[[list[Hit]], list[Hit]] | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "corrected": self.corrected,
            "readings": self.readings,
            "total": self.total,
            "hits": [h.as_dict() for h in self.hits],
            "facets": {name: [{"value": v, "count": c} for v, c in values] for name, values in self.facets.items()},
            "timed_out": self.timed_out,
            "failed": self.failed,
            "order": self.order,
        }


YearRange = tuple[int | None, int | None]  # inclusive; None: open at that end

_YEARS = re.compile(r"(?P<op>>=|<=|>|<)?(?P<lo>\d{4})?\s*(?:(?P<sep>\.\.|-|\bto\b)\s*(?P<hi>\d{4})?)?", re.IGNORECASE)


def parse_years(text: str) -> YearRange | None:
    """A year range as people write it: ``2016``, ``2016-2020``, ``2016..2020``, ``2016 to 2020``,
    open ``2016..``/``2016-`` and ``..2020``/``-2020``, or ``>2018``, ``>=2018``, ``<2010``,
    ``<=2010``. None when ``text`` is none of these."""
    m = _YEARS.fullmatch(text.strip())
    if not m or not (m.group("lo") or m.group("hi")):
        return None
    op, sep = m.group("op"), m.group("sep")
    lo = int(m.group("lo")) if m.group("lo") else None
    hi = int(m.group("hi")) if m.group("hi") else None
    if op:
        if sep or lo is None:
            return None
        return {">": (lo + 1, None), ">=": (lo, None), "<": (None, lo - 1), "<=": (None, lo)}[op]
    if not sep:
        return (lo, lo)
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return (lo, hi)


def in_years(year: int | None, years: YearRange) -> bool:
    lo, hi = years
    return year is not None and (lo is None or year >= lo) and (hi is None or year <= hi)


TYPED_YEAR = re.compile(r"\byear:(\S+)", re.IGNORECASE)


def typed_years(text: str) -> YearRange | None:
    """The year range a ``year:`` filter typed in a query asks for (the last one), if any."""
    found = [parse_years(m.group(1)) for m in TYPED_YEAR.finditer(str(text))]
    found = [years for years in found if years is not None]
    return found[-1] if found else None


# The orders results come in. "best" is by relevance; a query of filters alone
# (``type:term``, ``year:2015..2020``) has no relevance, so it comes newest first.
ORDERS = {"best": "Best match", "newest": "Newest first", "oldest": "Oldest first", "title": "Title A–Z"}
# How a status line says the order; best match goes without saying.
ORDER_PHRASES = {"newest": "newest first", "oldest": "oldest first", "title": "by title"}


@dataclass
class Filters:
    types: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    years: YearRange | None = None
    order: str = "best"  # one of ORDERS: how the hits are ordered, not which
