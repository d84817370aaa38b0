"""Help › About: the version, the data build, the sources' credits and the no-network promise."""

from __future__ import annotations

import contextlib
from datetime import datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from kbapp import __version__
from kbapp.domain.errors import KbError
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.ui.render import esc

CREDITS = (
    "<p><i>ITIL V3 and Information Security</i>, a white paper by Jim Clinch (May 2009). Its ITIL glossary "
    "and acronyms are © Crown Copyright Office of Government Commerce, reproduced with the permission of "
    "the Controller of HMSO and the Office of Government Commerce, as the paper says.</p>"
)


def built_when(stamp: str | None) -> str:
    """``2026-12-02T06:10:05+00:00`` as ``2 December 2026, 06:10 UTC``."""
    if not stamp:
        return "not yet"
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{when.day} {when:%B %Y, %H:%M} UTC"


def _session_log_state(kb: KnowledgeBase) -> str:
    from kbapp.services import session_log

    if session_log.enabled(kb):
        return (
            f"The session log is on: what you search, open, look up and export is recorded in "
            f"{kb.paths.data / session_log.FILE}, on this workstation only (View › Session log switches it off)."
        )
    return "The session log is off (View › Session log switches it on)."


def about_html(kb: KnowledgeBase) -> str:
    meta: dict[str, str] = {}
    with contextlib.suppress(KbError):
        meta = kb.repository().state.meta()
    return (
        f"<h3>kbapp {__version__}</h3>"
        "<p>An offline knowledge base for information assurance: a catalogue of published "
        "resources and the white paper <i>ITIL V3 and Information Security</i> (2009).</p>"
        f"<p>Knowledge base built {esc(built_when(meta.get('built_at')))} "
        f"(build {esc(meta.get('build_id', '—')[:12])}, schema {esc(meta.get('schema_version', '—'))}).</p>"
        f"{CREDITS}"
        "<p><b>kbapp makes no network connections</b>: no update checks, no telemetry, no web views. "
        "Outside addresses in the text are copied, never opened.</p>"
        f"<p>Data: {esc(str(kb.paths.data))}</p>"
        f"<p>{esc(_session_log_state(kb))}</p>"
    )


def show_about(parent: QWidget, kb: KnowledgeBase) -> None:
    QMessageBox.about(parent, "About kbapp", about_html(kb))
