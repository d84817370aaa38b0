"""What a search returns, and the filters it takes. Plain data: no Whoosh here, so
the window can load before the search engine does."""

from __future__ import annotations

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

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "corrected": self.corrected,
            "total": self.total,
            "hits": [h.as_dict() for h in self.hits],
            "facets": {name: [{"value": v, "count": c} for v, c in values] for name, values in self.facets.items()},
            "timed_out": self.timed_out,
        }


@dataclass
class Filters:
    types: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
