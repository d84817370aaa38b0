"""``kbapp crosswalk``: the correspondence tables between editions that an
organisation loads (kbapp ships none), listed and removable like imports."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbapp.cli.output import print_json, print_table, tell
from kbapp.cli.registry import ExitCode, command
from kbapp.services import crosswalks
from kbapp.services.knowledge_base import KnowledgeBase


def _arguments(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    load = actions.add_parser("import", help="load a table (CSV with # licence: and # origin: header fields)")
    load.add_argument("file", type=Path)
    actions.add_parser("list", help="the loaded tables, their licence, origin and editions (the default)")
    actions.add_parser("remove", help="remove a loaded table").add_argument("name")
    for sub in actions.choices.values():
        sub.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(format="table")


@command(
    "crosswalk",
    "load, list and remove correspondence tables between editions (map CLAUSE --to follows them)",
    _arguments,
)
def crosswalk(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    if args.action == "import":
        loaded = crosswalks.load_table(kb, args.file)
        for warning in loaded.warnings:
            tell(warning)
        table = loaded.table
        editions = ", ".join(f"{s}:{e}" for s, e in sorted(table.editions()))
        if args.format == "json":
            print_json(
                {"name": table.name, "rows": len(table.rows), "replaced": loaded.replaced, "kept": str(loaded.path)}
            )
        else:
            print(
                f"loaded the crosswalk table '{table.name}': {len(table.rows)} rows, between {editions}"
                + (" (it replaces the table of that name)" if loaded.replaced else "")
            )
            print(f"licence: {table.licence}\norigin: {table.origin}\nkept as {loaded.path}")
        return ExitCode.DONE
    if args.action == "remove":
        removed = crosswalks.remove(kb, args.name)
        print(f"removed the crosswalk table '{args.name}' ({removed})")
        return ExitCode.DONE
    loaded_tables = crosswalks.loaded_tables(kb)
    for notice in loaded_tables.notices:
        tell(notice)
    rows = [
        {
            "name": t.name,
            "rows": len(t.rows),
            "editions": ", ".join(f"{s}:{e}" for s, e in sorted(t.editions())),
            "licence": t.licence,
            "origin": t.origin,
        }
        for t in loaded_tables.tables
    ]
    if args.format == "json":
        print_json(rows)
    elif not rows:
        print("no crosswalk table is loaded; kbapp ships none: kbapp crosswalk import FILE.csv")
    else:
        print_table(rows, ["name", "rows", "editions", "licence", "origin"])
    return ExitCode.DONE
