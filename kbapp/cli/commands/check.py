"""``kbapp check``: an installed bundle against the manifest it carries, and with
``--window``, the window started and used once (see ``ui.selfcheck``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbapp.cli.output import tell
from kbapp.cli.registry import ExitCode, command
from kbapp.domain.labels import count_text
from kbapp.services.installation import MANIFEST, check_installation, installation_folder
from kbapp.services.knowledge_base import KnowledgeBase

SHOWN = 20  # names listed per kind of difference; the count says how many in all


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--folder", type=Path, help="the unpacked or installed bundle to check (by default, the one running)"
    )
    p.add_argument(
        "--window",
        action="store_true",
        help="also start the window (offscreen without a display) and search, look up, export and quit, "
        "on a scratch data folder",
    )


@command("check", "verify an installed bundle against its SHA-256 manifest", _arguments)
def check(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    folder = args.folder or installation_folder()
    if folder is None and args.window:
        print("files: not a bundle (kbapp runs from a Python environment); only the window is checked")
        return _window()
    code = _files(folder)
    if args.window:
        code = max(code, _window())
    return code


def _window() -> int:
    import os
    import sys

    from kbapp.cli import no_display

    if no_display(os.environ, sys.platform):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        from kbapp.ui.selfcheck import run_window_check
    except ImportError as exc:
        tell(f"the window cannot start ({exc})")
        return ExitCode.NOTHING_OR_DATA_ERROR
    return ExitCode.DONE if run_window_check(print) else ExitCode.NOTHING_OR_DATA_ERROR


def _files(folder: Path | None) -> int:
    if folder is None:
        tell(
            "this kbapp runs from a Python environment, not from a bundle, so it has no manifest to be "
            "checked against; name an unpacked bundle with --folder"
        )
        return ExitCode.NOTHING_OR_DATA_ERROR
    try:
        report = check_installation(folder)
    except FileNotFoundError:
        tell(f"{folder} has no {MANIFEST}: it is not a kbapp bundle, or its manifest was removed")
        return ExitCode.NOTHING_OR_DATA_ERROR
    except OSError as exc:
        tell(f"cannot read {folder / MANIFEST} ({exc.strerror or exc})")
        return ExitCode.NOTHING_OR_DATA_ERROR
    for label, names in (
        ("missing", report.missing),
        ("changed", report.changed),
        ("extra", report.extra),
        ("unreadable manifest", report.unreadable),
    ):
        for name in names[:SHOWN]:
            print(f"{label}: {name}")
        if len(names) > SHOWN:
            print(f"{label}: … and {len(names) - SHOWN} more")
    if report.sound:
        print(f"{folder}: all {count_text(report.files, 'file')} match {MANIFEST}")
        return ExitCode.DONE
    differences = len(report.missing) + len(report.changed) + len(report.extra) + len(report.unreadable)
    print(
        f"{folder}: {count_text(differences, 'difference')} from {MANIFEST} "
        f"({len(report.missing)} missing, {len(report.changed)} changed, {len(report.extra)} extra); "
        "reinstall kbapp from its archive"
    )
    return ExitCode.NOTHING_OR_DATA_ERROR
