"""``kbapp search``: ranked full-text search with filters."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbapp.cli.commands.build import ready
from kbapp.cli.output import emit_csv, print_json, print_table, tell
from kbapp.cli.registry import ExitCode, UsageError, command
from kbapp.domain.labels import IMPORTED_ORIGIN, LOCAL_ENTRY_ORIGIN, LOCAL_OVERRIDE_ORIGIN, PUBLISHED_ORIGIN
from kbapp.search.results import ORDER_PHRASES, ORDERS, Filters, YearRange, parse_years
from kbapp.services import session_log
from kbapp.services.knowledge_base import KnowledgeBase

ORIGIN_CHOICES = {
    "published": PUBLISHED_ORIGIN,
    "imported": IMPORTED_ORIGIN,
    "local": LOCAL_ENTRY_ORIGIN,
    "override": LOCAL_OVERRIDE_ORIGIN,
}


def _arguments(s: argparse.ArgumentParser) -> None:
    s.add_argument("query", nargs="+")
    s.add_argument(
        "--type", action="append", default=[], help="resource, term, abbreviation, mapping, standard, section"
    )
    s.add_argument("--category", action="append", default=[])
    s.add_argument("--body", action="append", default=[], help="authoring body name as listed in the facets")
    s.add_argument(
        "--origin",
        action="append",
        default=[],
        choices=ORIGIN_CHOICES,
        help="where a resource comes from: published, imported, local (your own entries) or override",
    )
    s.add_argument("--year", help="YYYY, YYYY-YYYY, YYYY.. (from), ..YYYY (until), >YYYY or <YYYY")
    s.add_argument(
        "--sort",
        choices=tuple(ORDERS),
        default="best",
        help="best (relevance; newest first for filters alone), newest, oldest or title",
    )
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--format", choices=("table", "json", "csv"), default="table")
    s.add_argument("--output", type=Path, help="with --format csv: the file to write")


def years(value: str | None) -> YearRange | None:
    if not value:
        return None
    found = parse_years(value)
    if found is None:
        raise UsageError(f"--year takes YYYY, YYYY-YYYY, YYYY.. (from), ..YYYY (until), >YYYY or <YYYY, not '{value}'")
    return found


def facet_value(value: str, known: dict[str, str]) -> str:
    """A facet value as the index holds it, from any case or an abbreviation."""
    for key, name in known.items():
        if value.lower() in (key.lower(), name.lower()):
            return name
    return value


@command("search", "ranked full-text search", _arguments)
def search(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    if args.output and args.format != "csv":
        raise UsageError("--output goes with --format csv")
    ready(kb)
    query = " ".join(args.query)
    index = kb.repository().index
    bodies = {b["abbreviation"] or b["name"]: b["name"] for b in index.bodies()}
    filters = Filters(
        types=args.type,
        categories=[facet_value(c, index.categories()) for c in args.category],
        bodies=[facet_value(b, bodies) for b in args.body],
        origins=[ORIGIN_CHOICES[o] for o in args.origin],
        years=years(args.year),
        order=args.sort,
    )
    snippets = None if args.format == "json" else 0  # a table and CSV show none: not made
    result = kb.engine().search(query, filters, limit=args.limit, snippets=snippets)
    if result.failed:  # damage the start check could not see: rebuild the index and ask again
        tell("the search index could not answer: it is damaged; rebuilding it from the database…")
        kb.mark_index_damaged()
        ready(kb)
        result = kb.engine().search(query, filters, limit=args.limit, snippets=snippets)
    session_log.record(kb, "search", query, f"{result.total} results")
    if args.format == "json":
        print_json(result.as_dict())
    elif args.format == "csv":
        from kbapp.services.exports import csv_rows

        emit_csv(csv_rows(kb, [h.id for h in result.hits]), args.output)
    else:
        for reading in result.readings:
            print(reading)
        if result.corrected:
            print(f"showing results for: {result.corrected}  (no good match for '{query}')")
        print(
            f"{result.total} result{'s' if result.total != 1 else ''}"
            + (f", {ORDER_PHRASES[result.order]}" if result.order in ORDER_PHRASES and result.hits else "")
            + (" (time limit reached)" if result.timed_out else "")
        )
        rows = [{"#": i + 1, "type": h.type, "title": h.title, "id": h.id} for i, h in enumerate(result.hits)]
        if rows:
            print_table(rows, ["#", "type", "id", "title"])
        if result.facets.get("type"):
            print("by type: " + ", ".join(f"{v} {c}" for v, c in result.facets["type"]))
    return ExitCode.DONE if result.total else ExitCode.NOTHING_OR_DATA_ERROR
