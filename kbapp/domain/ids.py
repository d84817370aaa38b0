"""The kinds of record kbapp holds, and the typed id that names one record.

Every view, the CLI, CSV and bookmarks name a record as ``kind:key``
(``term:risk``, ``mapping:27002:10.1.2``); this module is the only place that
builds or splits such a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class RecordKind(StrEnum):
    """The one list of record kinds, in the order views and counts show them."""

    RESOURCE = "resource"
    TERM = "term"
    ABBREVIATION = "abbreviation"
    MAPPING = "mapping"
    STANDARD = "standard"
    SECTION = "section"
    ITIL = "itil"

    @property
    def label(self) -> str:
        """What the window calls a record of this kind."""
        return _LABELS[self]

    @property
    def plural(self) -> str:
        """The kind as ``kbapp list`` names it: ``resources``, ``terms``…"""
        return _PLURALS.get(self, f"{self.value}s")

    @property
    def noun(self) -> str:
        """One record of this kind in a count: ``84 ITIL sections``."""
        return "ITIL section" if self is RecordKind.ITIL else self.value

    @classmethod
    def named(cls, text: str) -> RecordKind | None:
        """The kind a user means by ``resource``, ``terms``, ``glossary``, ``clause``, ``Glossary term``…"""
        folded = " ".join(text.lower().split())
        for kind in cls:
            if folded in (kind.value, kind.plural, kind.label.lower()):
                return kind
        alias = _ALIASES.get(folded)
        return cls(alias) if alias else None


_LABELS = {
    RecordKind.RESOURCE: "Resource",
    RecordKind.TERM: "Glossary term",
    RecordKind.ABBREVIATION: "Abbreviation",
    RecordKind.MAPPING: "Mapping",
    RecordKind.STANDARD: "Standard",
    RecordKind.SECTION: "White paper",
    RecordKind.ITIL: "ITIL section",
}
_PLURALS = {RecordKind.ITIL: "itil-sections"}
_ALIASES = {
    "glossary": "term",
    "acronym": "abbreviation",
    "acronyms": "abbreviation",
    "clause": "mapping",
    "clauses": "mapping",
    "itil sections": "itil",
    "itil_sections": "itil",
}

KINDS: tuple[RecordKind, ...] = tuple(RecordKind)


@dataclass(frozen=True, order=True)
class RecordId:
    """``kind:key``. The key is the record's own id within its kind and may hold
    colons itself (a clause's key is ``27002:10.1.2``)."""

    kind: RecordKind
    key: str

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.key}"

    @classmethod
    def parse(cls, text: str) -> RecordId | None:
        """The id that ``text`` spells, or None when it names no kind of record."""
        kind, sep, key = str(text).partition(":")
        if not sep or not key or kind not in _VALUES:
            return None
        if kind == RecordKind.ITIL and " " in key:
            return None  # "itil:SD 4.6" names a section as the tables write it: the reverse view's link
        return cls(RecordKind(kind), key)


_VALUES = frozenset(k.value for k in RecordKind)


def record_id(kind: RecordKind | str, key: str) -> str:
    """The typed id of a record, as text: ``record_id("term", "risk") == "term:risk"``."""
    return str(RecordId(RecordKind(kind), key))


def kind_of(typed_id: str) -> str:
    """The kind part of a typed id (or of a link target such as ``itil:SD 4.6``)."""
    return str(typed_id).partition(":")[0]


def key_of(typed_id: str) -> str:
    """The key part of a typed id: ``key_of("mapping:27002:10.1.2") == "27002:10.1.2"``."""
    return str(typed_id).partition(":")[2]


def group_by_kind(typed_ids: list[str]) -> dict[RecordKind, list[str]]:
    """Keys grouped by kind, in first-seen order; ids of no known kind are left out."""
    grouped: dict[RecordKind, list[str]] = {}
    for typed_id in typed_ids:
        parsed = RecordId.parse(typed_id)
        if parsed is not None:
            grouped.setdefault(parsed.kind, []).append(parsed.key)
    return grouped


def slugify(text: str, max_length: int = 80) -> str:
    """The key a title gives a record: ``"Détention & Custody"`` → ``detention-custody``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut[: cut.rfind("-")] if "-" in cut else cut
    return slug or "untitled"
