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


def headwords_for(glossary: GlossaryReader, typed: str, limit: int = 40) -> list[str]:
    """The headwords (terms and abbreviations) that start with what is typed, any case:
    ``Risk man`` gives Risk Management. The one typed whole comes first; with none
    starting so, those that hold it."""
    q = " ".join(valid_text(typed).split()).lower()
    if not q:
        return []
    spellings = glossary.headwords()  # spelling → what it looks up: both are headwords
    words = sorted({*spellings, *spellings.values()}, key=str.lower)
    starting = [w for w in words if w.lower().startswith(q)]
    found = starting or [w for w in words if q in w.lower()]
    found.sort(key=lambda w: (w.lower() != q, w.lower()))
    return found[:limit]
