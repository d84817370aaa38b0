"""The command line: every function of kbapp without a display.

Each command lives in ``commands/`` and registers itself (``registry.command``).
``--format json`` output is stable: keys are only ever added.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from kbapp import __version__
from kbapp.cli.commands import (  # noqa: F401 (they register)
    build,
    check,
    crosswalk,
    editions,
    imports,
    local,
    lookup,
    packs,
    records,
    search,
    session_log,
    sets,
)
from kbapp.cli.output import tell
from kbapp.cli.registry import COMMANDS, ExitCode, Parser, UsageError
from kbapp.cli.terminal import guard
from kbapp.domain.errors import KbError
from kbapp.domain.user_text import decoded_argument
from kbapp.paths import ensure_folders, paths
from kbapp.services.build import is_damage
from kbapp.services.knowledge_base import KnowledgeBase

ORDER = (
    "build",
    "search",
    "define",
    "map",
    "list",
    "show",
    "coverage",
    "crosswalk",
    "export",
    "verify-export",
    "sets",
    "import",
    "imports",
    "add",
    "edit",
    "delete",
    "revert",
    "local",
    "editions",
    "changes",
    "pack",
    "unpack",
    "log",
    "check",
)


def build_parser() -> Parser:
    p = Parser(
        prog="kbapp", description="Offline knowledge base for information assurance. With no command, opens the window."
    )
    p.add_argument("--version", action="version", version=f"kbapp {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=Parser)
    for name in ORDER:
        registered = COMMANDS[name]
        registered.configure(sub.add_parser(name, help=registered.help))
    sub.add_parser("gui", help="open the window (the default)")
    return p


def no_display(env: Mapping[str, str], platform: str) -> str | None:
    """Why the window cannot open here, before Qt aborts the process for want of a
    display (on Linux without X11 or Wayland, unless a Qt platform is named)."""
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "The commands work without one (see 'kbapp --help'); for the window, log in to a desktop, "
        "or run it under a virtual display: xvfb-run kbapp"
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    decoded = [decoded_argument(a) for a in argv]
    argv = [text for text, _ in decoded]
    if any(replaced for _, replaced in decoded):
        tell("an argument was not valid UTF-8; its undecodable bytes are read as \ufffd")
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        tell(str(exc))
        return ExitCode.USAGE
    if args.command in (None, "gui"):
        return _gui()
    sys.stdout, sys.stderr = guard(sys.stdout, sys.stderr)
    try:
        ensure_folders(paths())
    except KbError as exc:
        tell(str(exc))
        return ExitCode.NOTHING_OR_DATA_ERROR
    kb = KnowledgeBase()
    try:
        try:
            return COMMANDS[args.command].run(kb, args)
        except Exception as exc:
            if not is_damage(exc):
                raise
            # Damage no check saw: keep the file aside, rebuild, ask again.
            for notice in kb.mark_database_damaged(f"{type(exc).__name__}: {exc}"):
                tell(notice)
            return COMMANDS[args.command].run(kb, args)
    except UsageError as exc:
        tell(str(exc))
        return ExitCode.USAGE
    except KbError as exc:
        tell(str(exc))
        return ExitCode.NOTHING_OR_DATA_ERROR
    except BrokenPipeError:
        return ExitCode.DONE
    finally:
        kb.close()


def _gui() -> int:
    missing = no_display(os.environ, sys.platform)
    if missing:
        tell(missing)
        return ExitCode.NOTHING_OR_DATA_ERROR
    try:
        from kbapp.ui.app import run
    except ImportError as exc:
        tell(f"the window cannot start ({exc}); the commands still work (see 'kbapp --help')")
        return ExitCode.NOTHING_OR_DATA_ERROR
    return run()
