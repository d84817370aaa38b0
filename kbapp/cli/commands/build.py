"""``kbapp build``: parse the sources into SQLite and index them."""

from __future__ import annotations

import argparse

from kbapp.cli.output import tell
from kbapp.cli.registry import ExitCode, command
from kbapp.domain.ids import RecordKind
from kbapp.domain.labels import count_text
from kbapp.services.knowledge_base import KnowledgeBase


def ready(kb: KnowledgeBase) -> None:
    """Build first when the knowledge base is missing or out of date (every reading command does)."""
    for notice in kb.ready_to_read(check=kb.check_is_due(), tell=tell):
        tell(notice)


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true", help="rebuild even if up to date")


@command("build", "build the database and index from the shipped sources", _arguments)
def build(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    report = kb.build(force=args.force, check=True)
    for notice in report.notices:
        tell(notice)
    if report.installed_from:
        what = [f"database and index installed from the bundle's verified prebuilt copy ({report.installed_from})"]
    else:
        what = [
            "database rebuilt" if report.built_database else "database up to date",
            f"index rebuilt ({report.index_reason})" if report.built_index else "index up to date",
        ]
    counts = ", ".join(count_text(n, RecordKind(k).noun) for k, n in report.counts.items())
    print(f"{'; '.join(what)}: {counts}")
    print(f"database: {report.database}")
    print(f"index: {report.index}")
    return ExitCode.DONE
