"""``kbapp sets …``: named working sets of records, each with a note of your own; the
same sets as the window's selection."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbapp.cli.commands.build import ready
from kbapp.cli.commands.records import PROVENANCE_HELP, PROVENANCE_PLACES, tell_provenance
from kbapp.cli.output import print_json, print_table
from kbapp.cli.registry import ExitCode, command
from kbapp.domain.labels import count_text
from kbapp.services import working_sets as working
from kbapp.services.knowledge_base import KnowledgeBase


def _arguments(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help="every set, with its records (the default)")
    show = actions.add_parser("show", help="what a set holds, in order, with the notes")
    show.add_argument("name")
    show.add_argument("--format", choices=("table", "json"), default="table")
    actions.add_parser("new", help="make an empty set").add_argument("name")
    for name, help in (("rename", "rename a set"), ("duplicate", "copy a set under a new name")):
        sub = actions.add_parser(name, help=help)
        sub.add_argument("name")
        sub.add_argument("new_name")
    actions.add_parser("delete", help="delete a set and what it holds").add_argument("name")
    for name, help in (("add", "add records (by id) at the end"), ("remove", "take records out")):
        sub = actions.add_parser(name, help=help)
        sub.add_argument("name")
        sub.add_argument("ids", nargs="+")
    move = actions.add_parser("move", help="put a record at a position (1 first)")
    move.add_argument("name")
    move.add_argument("id")
    move.add_argument("position", type=int)
    note = actions.add_parser("note", help="your note on a record of the set ('' removes it)")
    note.add_argument("name")
    note.add_argument("id")
    note.add_argument("text")
    export = actions.add_parser("export", help="the set's records to CSV, with the notes and its provenance")
    export.add_argument("name")
    export.add_argument("--output", type=Path, required=True)
    export.add_argument("--provenance", choices=PROVENANCE_PLACES, default="beside", help=PROVENANCE_HELP)


@command("sets", "working sets: named collections of records with your notes", _arguments)
def sets(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    action = args.action or "list"
    if action == "list":
        rows = [
            {
                "name": s.name + (" (current)" if s.current else ""),
                "records": s.records,
                "made": s.created_at.replace("T", " ").removesuffix("+00:00"),
            }
            for s in working.read(kb, lambda w: w.all())
        ]
        if rows:
            print_table(rows, ["name", "records", "made"])
        else:
            print("no working sets yet ('kbapp sets new NAME')")
    elif action == "show":
        found, items = working.items_of(kb, args.name)
        rows = [
            {"#": n, "id": i.record_id, "title": i.title, "note": i.note, "added": i.added_at}
            for n, i in enumerate(items, 1)
        ]
        if args.format == "json":
            print_json({"name": found.name, "records": rows})
        else:
            print(f"{found.name}: {count_text(len(items), 'record')}")
            if rows:
                print_table(rows, ["#", "id", "title", "note"])
    elif action == "new":
        made = working.change(kb, lambda w: w.create(args.name))
        print(f"made the working set “{made.name}”")
    elif action == "rename":
        working.change(kb, lambda w: w.rename(w.named(args.name).id, args.new_name))
        print(f"renamed “{args.name}” to “{args.new_name}”")
    elif action == "duplicate":
        copy = working.change(kb, lambda w: w.duplicate(w.named(args.name).id, args.new_name))
        print(f"copied “{args.name}” as “{copy.name}” ({count_text(copy.records, 'record')})")
    elif action == "delete":
        working.change(kb, lambda w: w.delete(w.named(args.name).id))
        print(f"deleted the working set “{args.name}”")
    elif action == "add":
        ready(kb)
        added = working.add_records(kb, args.name, args.ids)
        print(f"added {count_text(added, 'record')} to “{working.read(kb, lambda w: w.named(args.name)).name}”")
    elif action == "remove":
        working.change(kb, lambda w: w.remove(w.named(args.name).id, args.ids))
        print(f"took {count_text(len(args.ids), 'record')} out of “{args.name}”")
    elif action == "move":
        working.change(kb, lambda w: w.move(w.named(args.name).id, args.id, args.position - 1))
        print(f"moved {args.id} to position {args.position} in “{args.name}”")
    elif action == "note":
        working.change(kb, lambda w: w.set_note(w.named(args.name).id, args.id, args.text))
        print(
            f"kept your note on {args.id} in “{args.name}”" if args.text.strip() else f"removed the note on {args.id}"
        )
    elif action == "export":
        ready(kb)
        report = working.export_set(kb, args.name, args.output, inline=args.provenance == "inside")
        print(f"exported {count_text(report.records, 'record')} of “{args.name}” to {report.path}")
        tell_provenance(report)
        for gone in report.left_out:
            print(f"left out, no longer in the knowledge base: {gone}")
    return ExitCode.DONE
