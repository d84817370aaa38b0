"""A list as the window shows it (search results, a table, filtered or not), for
*File › Export the current list as shown*: its rows in order with their rank and what
each column shows, and the query and filters that made it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEADING = ["rank", "type", "id", "label"]


@dataclass
class ShownList:
    view: str  # the view's title: "Search", "Catalogue"…
    columns: list[str]  # after LEADING: the view's own, as it names them
    rows: list[dict[str, Any]]  # each with LEADING and the columns
    query: str | None = None
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def all_columns(self) -> list[str]:
        return LEADING + [c for c in self.columns if c not in LEADING]


def hit_rows(hits: list[Any]) -> list[dict[str, Any]]:
    """Search results as shown: rank, kind, title, snippet, and the line under the title."""
    return [
        {
            "rank": rank,
            "type": hit.type,
            "id": hit.id,
            "label": hit.title,
            "snippet": " ".join(hit.snippet.split()),
            "category": hit.category or "",
            "authoring_body": hit.body or "",
            "published": hit.published or (str(hit.year) if hit.year else ""),
            "origin": hit.origin or "",
        }
        for rank, hit in enumerate(hits, 1)
    ]


HIT_COLUMNS = ["snippet", "category", "authoring_body", "published", "origin"]
