"""``kbapp add``, ``kbapp edit ID``, ``kbapp delete ID``, ``kbapp revert ID`` and
``kbapp local``: the user's own entries, and overrides of the catalogue's."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbapp.cli.commands.build import ready
from kbapp.cli.output import print_json, print_table, tell
from kbapp.cli.registry import ExitCode, command
from kbapp.domain.errors import SourceError
from kbapp.domain.ids import RecordKind, key_of, kind_of
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.services.local_entries import LocalChange
from kbapp.sources.entry_form import EntryValues, values_from_file
from kbapp.sources.text import decode_source

FIELD_OPTIONS = {
    "title": "the title (required)",
    "published": "the publication date, day first: DD/MM/YYYY (or YYYY-MM-DD)",
    "body": "the authoring body's name, as listed (kbapp list resources), or a new one",
    "abbreviation": "the authoring body's abbreviation (CoP, NPCC…)",
    "category": "a category (Guidance, Legislation…) or a new one",
    "description": "the description: a blank line between paragraphs, '- ' before a list item",
}


def _field_arguments(p: argparse.ArgumentParser) -> None:
    for name, help in FIELD_OPTIONS.items():
        p.add_argument(f"--{name}", help=help)
    p.add_argument("--file", type=Path, help="take the fields from a file: JSON, or 'field: value' lines")


def _id_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="the resource's id, as 'kbapp search' shows it (resource:… or the bare key)")


def _edit_arguments(p: argparse.ArgumentParser) -> None:
    _id_argument(p)
    _field_arguments(p)


def _values(args: argparse.Namespace, base: EntryValues) -> tuple[EntryValues, str]:
    """The values given, over ``base``; and what the change log calls where they came from."""
    values, origin = base, "the command line"
    if args.file:
        try:
            text = decode_source(args.file.read_bytes(), str(args.file))
        except OSError as exc:
            raise SourceError(str(args.file), None, None, f"cannot read it ({exc.strerror or exc})") from None
        values, origin = values_from_file(text, str(args.file), base), str(args.file)
    for name in FIELD_OPTIONS:
        given = getattr(args, name)
        if given is not None:
            setattr(values, name, given.replace("\\n", "\n"))
    return values, origin


def _key(typed: str) -> str:
    if ":" in typed and kind_of(typed) == RecordKind.RESOURCE.value:
        return key_of(typed)
    return typed


def _report(change: LocalChange) -> int:
    print(change.message())
    for notice in change.notices:
        tell(notice)
    return ExitCode.DONE


@command("add", "add an entry of your own (kept in your data, marked local everywhere)", _field_arguments)
def add(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    values, origin = _values(args, EntryValues())
    return _report(kb.add_entry(values, origin))


@command("edit", "change a resource: your own entry, or any other as your local override", _edit_arguments)
def edit(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    rid = _key(args.id)
    values, origin = _values(args, kb.values_for(rid))
    return _report(kb.edit_entry(rid, values, origin))


@command("delete", "delete an entry of your own", _id_argument)
def delete(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    return _report(kb.delete_entry(_key(args.id)))


@command("revert", "drop your override of a resource, back to the text its source gives", _id_argument)
def revert(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    return _report(kb.revert_override(_key(args.id)))


def _list_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("table", "json"), default="table")


@command("local", "list your own entries and overrides", _list_arguments)
def local(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    rows = [
        {
            "id": f"resource:{r.resource_id}",
            "kind": "local entry" if r.kind == "entry" else "override",
            "title": r.title,
            "changed": r.changed_at.replace("T", " ").removesuffix("+00:00"),
            "state": "in the knowledge base" if r.in_knowledge_base else "its resource is gone",
        }
        for r in kb.local_records()
    ]
    if args.format == "json":
        print_json(rows)
    elif rows:
        print_table(rows, ["id", "kind", "changed", "state", "title"])
    else:
        print("no local entries or overrides yet (add one with 'kbapp add')")
    return ExitCode.DONE
