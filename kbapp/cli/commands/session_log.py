"""``kbapp log``: the session log of what was searched, opened, looked up and exported
(each with its time and build), to read or to export for an audit trail."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbapp.cli.output import emit_csv, print_table
from kbapp.cli.registry import ExitCode, UsageError, command
from kbapp.services import session_log
from kbapp.services.knowledge_base import KnowledgeBase

COLUMNS = ["at", "action", "what", "detail", "working_set", "build_id"]


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--day", help="only this day's events (YYYY-MM-DD, UTC)")
    p.add_argument("--set", dest="working_set", metavar="NAME", help="only the events of this working set")
    p.add_argument("--format", choices=("table", "csv"), default="table")
    p.add_argument("--output", type=Path, help="with --format csv: the file to write")
    switch = p.add_mutually_exclusive_group()
    switch.add_argument("--on", action="store_true", help="switch the session log on (it is, at first)")
    switch.add_argument("--off", action="store_true", help="switch it off: nothing more is recorded")


@command("log", "the session log: what was searched, opened, looked up and exported", _arguments)
def log(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    if args.output and args.format != "csv":
        raise UsageError("--output goes with --format csv")
    if args.on or args.off:
        session_log.switch(kb, bool(args.on))
        print(f"the session log is {'on' if args.on else 'off'} ({kb.paths.data / session_log.FILE})")
        return ExitCode.DONE
    rows = [e.__dict__ for e in session_log.events(kb, args.day, args.working_set)]
    if args.format == "csv":
        emit_csv(rows, args.output, columns=COLUMNS, what="event")
    elif rows:
        print_table(rows, COLUMNS[:5])
    else:
        state = "on" if session_log.enabled(kb) else "off (kbapp log --on)"
        print(f"nothing logged{' that day' if args.day else ''}; the session log is {state}")
    return ExitCode.DONE
