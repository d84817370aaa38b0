"""Help › About: the version, the data build and the no-network promise."""

from __future__ import annotations

import contextlib

from PySide6.QtWidgets import QMessageBox, QWidget

from kbapp import __version__
from kbapp.domain.errors import KbError
from kbapp.services.knowledge_base import KnowledgeBase


def show_about(parent: QWidget, kb: KnowledgeBase) -> None:
    meta: dict[str, str] = {}
    with contextlib.suppress(KbError):
        meta = kb.repository().state.meta()
    QMessageBox.about(
        parent,
        "About kbapp",
        f"<h3>kbapp {__version__}</h3>"
        "<p>An offline knowledge base for information assurance: a catalogue of published "
        "resources and the white paper <i>ITIL V3 and Information Security</i> (2009).</p>"
        f"<p>Data build {meta.get('build_id', 'not built')} of {meta.get('built_at', '—')}, schema "
        f"{meta.get('schema_version', '—')}.</p>"
        "<p><b>kbapp makes no network connections</b>: no update checks, no telemetry, no web views. "
        "Outside addresses in the text are copied, never opened.</p>"
        f"<p>Data: {kb.paths.data}</p>",
    )
