"""The command line: every function of kbapp without a display.

Each command lives in ``commands/`` and registers itself (``registry.command``).
``--format json`` output is stable: keys are only ever added.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping, Sequence

from kbapp import __version__
from kbapp.cli.output import tell
from kbapp.cli.registry import COMMANDS, ExitCode, Parser, UsageError
from kbapp.domain.errors import KbError
from kbapp.domain.user_text import decoded_argument

# Each command and the module under ``commands/`` that registers it, in the order
# ``kbapp --help`` lists them. A call imports only its own command's module (and the
# window none): a command pays for what it uses.
MODULE_OF = {
    "build": "build",
    "search": "search",
    "define": "lookup",
    "map": "lookup",
    "list": "records",
    "show": "records",
    "coverage": "records",
    "crosswalk": "crosswalk",
    "export": "records",
    "verify-export": "records",
    "sets": "sets",
    "import": "imports",
    "imports": "imports",
    "add": "local",
    "edit": "local",
    "delete": "local",
    "revert": "local",
    "local": "local",
    "editions": "editions",
    "changes": "editions",
    "pack": "packs",
    "unpack": "packs",
    "log": "session_log",
    "check": "check",
}


def named_command(argv: Sequence[str]) -> str | None:
    """The command a command line names: its first word that is not an option (the
    top-level options take no value)."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def register(names: Sequence[str]) -> None:
    for module in dict.fromkeys(MODULE_OF[name] for name in names):
        importlib.import_module(f"kbapp.cli.commands.{module}")


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    """The parser for ``argv``: of its command alone when it names one, of all
    commands otherwise (for the listing of ``kbapp --help``, or a misspelt name)."""
    wanted = named_command(argv) if argv is not None else None
    chosen = [wanted] if wanted in MODULE_OF else list(MODULE_OF)
    register(chosen)
    p = Parser(
        prog="kbapp", description="Offline knowledge base for information assurance. With no command, opens the window."
    )
    p.add_argument("--version", action="version", version=f"kbapp {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=Parser)
    for name in MODULE_OF:
        if name in chosen:
            registered = COMMANDS[name]
            registered.configure(sub.add_parser(name, help=registered.help))
        else:
            sub.add_parser(name)
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
    if not argv:
        return _gui()  # before the parser: the window needs no command module
    try:
        args = build_parser(argv).parse_args(argv)
    except UsageError as exc:
        tell(str(exc))
        return ExitCode.USAGE
    if args.command in (None, "gui"):
        return _gui()
    from kbapp.cli.terminal import guard
    from kbapp.paths import ensure_folders, paths
    from kbapp.services.build import is_damage
    from kbapp.services.knowledge_base import KnowledgeBase

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
