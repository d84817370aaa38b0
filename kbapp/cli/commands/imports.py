"""``kbapp import`` and ``kbapp imports``: catalogue entries of your own."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbapp.cli.commands.build import ready
from kbapp.cli.output import ProgressLine, print_table, tell
from kbapp.cli.registry import ExitCode, command
from kbapp.domain.labels import count_text
from kbapp.services.knowledge_base import KnowledgeBase


def _import_arguments(i: argparse.ArgumentParser) -> None:
    i.add_argument("files", nargs="+", type=Path)


@command("import", "add the entries of catalogue files (the shipped catalogue's format)", _import_arguments)
def import_(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    for path in args.files:
        report = kb.import_catalogue(path, ProgressLine(path.name))
        kept = ""
        if report.residue:
            kept = f"; {count_text(report.residue, 'line')} before the first entry kept as residue"
        entries = count_text(report.entries, "entry")
        print(f"imported {entries} from {path} as imports/{report.name} (index {report.index}){kept}")
        for notice in report.notices:
            tell(notice)
    return ExitCode.DONE


def _imports_arguments(im: argparse.ArgumentParser) -> None:
    im.add_argument("--remove", metavar="NAME", help="take this import's entries out and delete its kept copy")


@command("imports", "list imported files, or remove one", _imports_arguments)
def imports(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    if args.remove:
        removed = kb.remove_import(args.remove)
        print(f"removed imports/{removed.name} and its {count_text(removed.entries, 'entry')}")
        for notice in removed.notices:
            tell(notice)
        return ExitCode.DONE
    rows = [{"name": f.name, "entries": f.entries, "imported": f.imported_at} for f in kb.imports()]
    print_table(rows, ["name", "entries", "imported"])
    return ExitCode.DONE
