"""The command registry: each command names itself, adds its arguments and runs.

A command module registers with ``@command(...)``; ``kbapp.cli.main`` builds the
parser from the registry and dispatches to it (as Picard's ``picard/cli`` does).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from kbapp.services.knowledge_base import KnowledgeBase


class ExitCode(IntEnum):
    DONE = 0
    NOTHING_OR_DATA_ERROR = 1  # nothing found, or an error in the data
    USAGE = 2


class UsageError(Exception):
    """The command line itself is wrong; the message says how."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sub = self.prog.split(" ", 1)[-1] if " " in self.prog else ""
        raise UsageError(f"{message} (see 'kbapp {sub} --help')".replace("  ", " "))


Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[["KnowledgeBase", argparse.Namespace], int]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Configure
    run: Run


COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, configure: Configure = lambda _parser: None) -> Callable[[Run], Run]:
    """Register ``run`` as the command ``name``; ``configure`` adds its arguments."""

    def register(run: Run) -> Run:
        if name in COMMANDS:
            raise ValueError(f"command {name!r} registered twice")
        COMMANDS[name] = Command(name, help, configure, run)
        return run

    return register
