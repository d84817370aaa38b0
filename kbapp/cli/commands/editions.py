"""``kbapp editions`` and ``kbapp changes``: the catalogue's editions, going back to
one, and the record of every change, for an audit trail."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbapp.cli.commands.build import ready
from kbapp.cli.output import emit_csv, print_json, print_table, tell
from kbapp.cli.registry import ExitCode, command
from kbapp.domain.errors import NotFound
from kbapp.present.change_log import CHANGE_COLUMNS, change_rows
from kbapp.services.editions import catalogue_in_effect
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.storage.editions import KEEP


def _editions_arguments(e: argparse.ArgumentParser) -> None:
    what = e.add_mutually_exclusive_group()
    what.add_argument("--restore", type=int, metavar="N", help="return the catalogue to edition N")
    what.add_argument("--undo", action="store_true", help="return to the edition before the last change")
    e.add_argument("--format", choices=("table", "json"), default="table")


@command("editions", f"list the catalogue's editions (the last {KEEP} changes), or go back to one", _editions_arguments)
def editions(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    number = args.restore
    if args.undo:
        number = kb.undo_target()
        if number is None:
            raise NotFound("there is no earlier catalogue edition to go back to (see 'kbapp editions')")
    if number is not None:
        report = kb.restore_edition(number)
        print(f"restored edition {number} as edition {report.edition.number}: {report.edition.summary}")
        for notice in report.notices:
            tell(notice)
        return ExitCode.DONE
    known = kb.editions()
    current = catalogue_in_effect(known)
    rows = [
        {
            "edition": e.number,
            "made": e.made_at.replace("T", " ").removesuffix("+00:00"),
            "action": e.action + (" (in effect)" if e.number == current else ""),
            "file": e.file,
            "changes": e.summary,
            "imports": len(e.imports),
        }
        for e in known
    ]
    if args.format == "json":
        print_json([{**row, "imports": e.imports, "restored": e.restored} for row, e in zip(rows, known, strict=True)])
    else:
        print_table(rows, ["edition", "made", "action", "file", "imports", "changes"])
    return ExitCode.DONE


def _changes_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("--edition", type=int, metavar="N", help="only the changes of edition N")
    c.add_argument("--format", choices=("table", "csv", "json"), default="table")
    c.add_argument("--output", "-o", type=Path, help="with --format csv: write this file instead of standard output")


@command("changes", "every recorded change to the catalogue, field by field (an audit trail)", _changes_arguments)
def changes(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    rows = change_rows(kb.change_log(args.edition))
    if args.format == "csv":
        emit_csv(rows, args.output, columns=CHANGE_COLUMNS, what="change")
    elif args.format == "json":
        print_json(rows)
    else:
        print_table(rows, ["edition", "change", "resource_id", "field", "old", "new"])
    return ExitCode.DONE
