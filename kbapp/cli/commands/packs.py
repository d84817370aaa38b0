"""``kbapp pack`` and ``kbapp unpack``: move a workstation's own data to another."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbapp.cli.commands.build import ready
from kbapp.cli.output import tell
from kbapp.cli.registry import ExitCode, command
from kbapp.domain.labels import count_text
from kbapp.services.knowledge_base import KnowledgeBase


def _pack_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--output", "-o", type=Path, required=True, help="the data pack to write (e.g. my-kbapp.kbpack)")


@command(
    "pack",
    "write your imports (a new catalogue edition among them), local entries and bookmarks into one data pack",
    _pack_arguments,
)
def pack(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    report = kb.pack(args.output)
    print(
        f"packed {count_text(report.imports, 'import')}, {count_text(report.local, 'local entry')} "
        f"and {count_text(report.bookmarks, 'bookmark')} "
        f"into {report.path} (each file's SHA-256 in its manifest)"
    )
    return ExitCode.DONE


def _unpack_arguments(u: argparse.ArgumentParser) -> None:
    u.add_argument("file", type=Path)
    u.add_argument(
        "--dry-run", action="store_true", help="check the pack and show what it would take in; write nothing"
    )


@command(
    "unpack",
    "check a data pack and merge it in: imports, local entries and bookmarks are added, never replaced",
    _unpack_arguments,
)
def unpack(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    preview = kb.preview_unpack(args.file)
    print(f"{args.file}: made {preview.made_at} by kbapp {preview.kbapp_version}; every SHA-256 matches its manifest")
    for packed in preview.imports:
        what = "here already; left out" if packed.here_already else (packed.preview.summary() if packed.preview else "")
        print(f"  {packed.name}: {what}")
    print(f"  bookmarks: {preview.new_bookmarks} new, {preview.bookmarks_here} here already (kept as they are)")
    print(f"  local entries and overrides: {preview.new_local} new, {preview.local_here} here already (yours kept)")
    if args.dry_run:
        print("nothing was written (--dry-run)")
        return ExitCode.DONE
    report = kb.unpack(args.file)
    names = ", ".join(f"imports/{r.name}" for r in report.imported) or "no import"
    print(
        f"took in {names}; {count_text(report.local_added, 'local entry')} and "
        f"{count_text(report.bookmarks_added, 'bookmark')} added"
    )
    for notice in report.notices:
        tell(notice)
    return ExitCode.DONE
