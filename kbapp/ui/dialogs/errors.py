"""Errors in the window: expected ones as plain messages, unexpected ones as a
report the user can copy, also written to the per-user log folder."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kbapp import __version__
from kbapp.domain.errors import KbError
from kbapp.ui.plain import literal

log = logging.getLogger("kbapp")


def setup_logging(folder: Path) -> Path | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "kbapp.log"
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def report_text(exc_type, exc, tb) -> str:
    lines = traceback.format_exception(exc_type, exc, tb)
    return (
        f"kbapp {__version__} on Python {platform.python_version()}, {platform.platform()}\n"
        f"time: {datetime.now(UTC).isoformat(timespec='seconds')}\n\n" + "".join(lines)
    )


def show_unexpected(parent: QWidget | None, report: str) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("kbapp: unexpected error")
    box.setText("Something went wrong inside kbapp. Your bookmarks, selection and search are kept.")
    box.setInformativeText("The report below is also in the log. Copy it for whoever supports kbapp.")
    box.setDetailedText(report)
    copy = box.addButton("Copy report", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is copy:
        QApplication.clipboard().setText(report)


def show_expected(parent: QWidget | None, message: str, title: str = "kbapp") -> None:
    QMessageBox.warning(parent, title, literal(message))


def failure_shown(
    parent: QWidget | None, what: str, title: str = "kbapp", after: str = ""
) -> Callable[[BaseException, str], None]:
    """How a background operation's failure reaches the user: an expected error as
    ``what``, its message and ``after``; anything else as the report of an unexpected one."""

    def failed(exc: BaseException, details: str) -> None:
        if isinstance(exc, KbError):
            show_expected(parent, f"{what}\n\n{exc}" + (f"\n\n{after}" if after else ""), title)
        else:
            show_unexpected(parent, details)

    return failed


def install_excepthook(parent_getter, recover=lambda _exc: False) -> None:
    """Unexpected exceptions reach a dialog instead of ending the application; those
    that ``recover(exc)`` deals with (a damaged database is rebuilt) do not."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if recover(exc):
            log.warning("recovered from %s: %s", exc_type.__name__, exc)
            return
        report = report_text(exc_type, exc, tb)
        log.error("unexpected error\n%s", report)
        if QApplication.instance() is not None:
            show_unexpected(parent_getter(), report)
        else:
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook
