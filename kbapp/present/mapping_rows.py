"""The mapping tables as rows an auditor can use: one per clause and ITIL reference,
direct or inherited, with the clauses that have none as gaps; and the coverage of
each top-level clause. For ``kbapp list mappings``, ``kbapp coverage`` and their CSV."""

from __future__ import annotations

from typing import Any

from kbapp.domain.labels import source_lines_text
from kbapp.domain.mapping_rules import (
    MAPPED_EDITIONS,
    ClauseReferences,
    clause_number,
    coverage,
    mapped_edition,
    top_level_families,
)

DIRECT, INHERITED, GAP = "direct", "inherited", "gap"
PAIR_COLUMNS = [
    "standard",
    "edition",
    "clause",
    "clause_title",
    "relation",
    "inherited_from",
    "itil_publication",
    "itil_publication_name",
    "itil_section",
    "itil_title",
    "publication",
    "source_lines",
    "superseded_by",
]
COVERAGE_COLUMNS = ["standard", "edition", "clause", "clause_title", "clauses", "own", "inherited", "missing", "gaps"]
MAPPED_STANDARDS = tuple(MAPPED_EDITIONS)


def pair_rows(trees: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """``trees``: each standard's clauses as ``clause_tree`` gives them."""
    rows = []
    for standard, clauses in trees.items():
        for c in clauses:
            found = ClauseReferences(c["references"], c["inherited"], c["inherited_from"])
            base = {
                "standard": standard,
                "edition": mapped_edition(standard),
                "clause": c["clause"],
                "clause_title": c["title"],
                "id": f"mapping:{c['id']}",
                "superseded_by": c.get("superseded_by") or "",
            }
            refs = found.effective
            if not refs:
                rows.append({**base, "relation": GAP, "inherited_from": "", "publication": "", "source_lines": ""})
            for ref in refs:
                rows.append(
                    {
                        **base,
                        "relation": INHERITED if ref["inherited"] else DIRECT,
                        "inherited_from": clause_number(c["inherited_from"]) if ref["inherited"] else "",
                        "itil_publication": ref.get("publication"),
                        "itil_publication_name": ref.get("publication_name"),
                        "itil_section": ref.get("section"),
                        "itil_title": ref.get("title"),
                        "publication": "inferred" if ref.get("inferred_publication") else "stated",
                        "source_lines": source_lines_text(ref.get("source_lines")),
                    }
                )
    return rows


def coverage_rows(trees: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per top-level clause (itself and the clauses within it): how many have references
    of their own, how many only inherit them, how many have none, and which."""
    rows = []
    for standard, clauses in trees.items():
        by_id = {c["id"]: c for c in clauses}
        families = top_level_families(list(by_id), {c["id"]: c["parent_id"] for c in clauses})
        for top, members in families.items():
            family = [by_id[i] for i in members]
            counted = coverage([ClauseReferences(c["references"], c["inherited"], c["inherited_from"]) for c in family])
            gaps = [c["clause"] for c in family if not c["references"] and not c["inherited"]]
            rows.append(
                {
                    "standard": standard,
                    "edition": mapped_edition(standard),
                    "clause": by_id[top]["clause"],
                    "clause_title": by_id[top]["title"],
                    "clauses": counted.total,
                    "own": counted.own,
                    "inherited": counted.inherited,
                    "missing": counted.gaps,
                    "gaps": "; ".join(gaps),
                }
            )
    return rows
