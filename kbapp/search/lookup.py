"""Glossary lookup that forgives typos: ``ISMS``, ``sla``, ``vulnerabilty``."""

from __future__ import annotations

import difflib
from typing import Any

from kbapp.domain.user_text import valid_text
from kbapp.storage.read.glossary import GlossaryReader

CUTOFF = 0.75


def define(glossary: GlossaryReader, query: str) -> tuple[list[dict[str, Any]], str | None]:
    """Glossary terms and abbreviations matching ``query``; with a typo, the nearest.

    Returns the matches and, when the query was corrected, the spelling used.
    """
    q = " ".join(valid_text(query).split())
    if not q:
        return [], None
    matches = glossary.define(q)
    if matches:
        return matches, None
    headwords = glossary.headwords()
    lowered = {k.lower(): k for k in headwords}
    close = difflib.get_close_matches(q.lower(), list(lowered), n=1, cutoff=CUTOFF)
    if not close:
        return [], None
    corrected = lowered[close[0]]
    return glossary.define(headwords[corrected]), corrected
