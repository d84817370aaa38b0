"""``kbapp import`` and ``kbapp imports``: catalogue entries of your own."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbapp.cli.commands.build import ready
from kbapp.cli.output import ProgressLine, print_json, print_table, tell
from kbapp.cli.registry import ExitCode, UsageError, command
from kbapp.domain.labels import count_text
from kbapp.present.import_preview import preview_lines
from kbapp.services.knowledge_base import KnowledgeBase


def _import_arguments(i: argparse.ArgumentParser) -> None:
    i.add_argument("files", nargs="+", type=Path)
    i.add_argument(
        "--dry-run",
        action="store_true",
        help="show what each file would add and change, field by field, and write nothing",
    )
    i.add_argument("--all", action="store_true", help="with --dry-run, list the unchanged entries too")
    i.add_argument(
        "--replace-catalogue",
        action="store_true",
        help="take the file as a new edition of the whole catalogue: it also removes the catalogue's "
        "resources it lacks (your own imported entries stay)",
    )
    i.add_argument(
        "--replace-local",
        action="store_true",
        help="where an entry has the title of one of your local entries, delete your local entry "
        "(by default both are kept; the preview names them)",
    )
    i.add_argument("--format", choices=("text", "json"), default="text", help="how --dry-run prints its preview")


@command(
    "import",
    "add the entries of catalogue files (the shipped catalogue's format); an entry that is a resource "
    "held already (same title, or a new issue of it) changes that resource",
    _import_arguments,
)
def import_(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    if args.replace_catalogue and len(args.files) > 1:
        raise UsageError("--replace-catalogue takes one file: the new edition of the whole catalogue")
    ready(kb)
    if args.dry_run:
        previews = [kb.preview_import(path, args.replace_catalogue) for path in args.files]
        if args.format == "json":
            print_json([p.as_dict() for p in previews])
        else:
            print("\n\n".join("\n".join(preview_lines(p, args.all)) for p in previews))
        return ExitCode.DONE
    for path in args.files:
        report = kb.import_catalogue(path, ProgressLine(path.name), args.replace_catalogue, args.replace_local)
        kept = ""
        if report.residue:
            kept = f"; {count_text(report.residue, 'line')} before the first entry kept as residue"
        what = f"{report.added} added, {report.changed} changed, {report.unchanged} unchanged"
        what += f", {report.removed} removed" if args.replace_catalogue else ""
        print(f"imported {path} as imports/{report.name}: {what} (index {report.index}){kept}")
        for title in report.replaced_local:
            tell(f"your local entry “{title}” was replaced by the imported one")
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
