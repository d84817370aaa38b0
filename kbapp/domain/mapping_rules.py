"""The rules of the ISO/IEC → ITIL mapping tables: a clause with no ITIL reference of
its own inherits those of its nearest parent that has some; a clause with neither
is a gap. Coverage counts both, per standard and per top-level clause."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kbapp.domain.ids import RecordKind, record_id

Ref = dict[str, Any]


@dataclass(frozen=True)
class ClauseReferences:
    """What a clause maps to: its own references, or those it inherits."""

    own: list[Ref]
    inherited: list[Ref]
    inherited_from: str | None  # the clause id the inherited references belong to

    @property
    def effective(self) -> list[Ref]:
        """The references that apply, each marked ``inherited`` or not."""
        if self.own:
            return [{**r, "inherited": False} for r in self.own]
        return [{**r, "inherited": True} for r in self.inherited]

    @property
    def is_gap(self) -> bool:
        return not self.own and not self.inherited


def references_of(clause_id: str, parents: Mapping[str, str | None], refs: Mapping[str, list[Ref]]) -> ClauseReferences:
    """The references of ``clause_id``, given every clause's parent and every clause's own references."""
    own = refs.get(clause_id, [])
    if own:
        return ClauseReferences(own, [], None)
    parent = parents.get(clause_id)
    while parent:
        if refs.get(parent):
            return ClauseReferences([], refs[parent], parent)
        parent = parents.get(parent)
    return ClauseReferences([], [], None)


def inheriting_descendants(
    clause_id: str, children: Mapping[str, Sequence[str]], refs: Mapping[str, list[Ref]]
) -> Iterator[str]:
    """The clauses below ``clause_id`` that inherit its references (depth first, in order):
    a child with references of its own stops the inheritance for its branch."""
    for child in children.get(clause_id, ()):
        if not refs.get(child):
            yield child
            yield from inheriting_descendants(child, children, refs)


def nearest_parent(number: str, name: Callable[[str], str], known: Container[str]) -> str | None:
    """The nearest ancestor of a dotted number that ``known`` holds: for ``4.6.4.3``,
    ``name("4.6.4")``, then ``name("4.6")``, then ``name("4")``. Clauses and ITIL
    sections nest by their numbers alike."""
    parts = number.split(".")
    while len(parts) > 1:
        parts.pop()
        candidate = name(".".join(parts))
        if candidate in known:
            return candidate
    return None


def clause_number(clause_id: str) -> str:
    """``27002:10.1.2`` → ``10.1.2``: the number of a clause as the tables print it."""
    return clause_id.partition(":")[2] or clause_id


@dataclass(frozen=True)
class Coverage:
    own: int
    inherited: int
    gaps: int

    @property
    def total(self) -> int:
        return self.own + self.inherited + self.gaps


def coverage(references: Sequence[ClauseReferences]) -> Coverage:
    own = sum(1 for r in references if r.own)
    inherited = sum(1 for r in references if not r.own and r.inherited)
    return Coverage(own, inherited, len(references) - own - inherited)


def top_level_families(ids: Sequence[str], parents: Mapping[str, str | None]) -> dict[str, list[str]]:
    """Each top-level clause with itself and every clause within it, in table order."""
    top_of: dict[str, str] = {}
    families: dict[str, list[str]] = {}
    for clause_id in ids:
        parent = parents.get(clause_id)
        top = top_of.get(parent) if parent else None
        top_of[clause_id] = top or clause_id
        families.setdefault(top_of[clause_id], []).append(clause_id)
    return families


def standard_of_table(standard: str) -> str:
    """The typed id of the standard a mapping table belongs to: ``ISO/IEC 27002`` →
    ``standard:iso-iec-27002`` (the paper's own record of it)."""
    return record_id(RecordKind.STANDARD, f"iso-iec-{standard[-5:]}")


# ISO/IEC 27001:2005 Annex A numbers its controls as the clauses 5–15 of ISO/IEC
# 27002:2005: A.12.6.1 is 27002 12.6.1. Written A.12.6.1, A 12.6.1 or A12.6.1.
ANNEX_A_STANDARD = "ISO/IEC 27002"
# The editions the white paper's mapping tables are of. Both standards were revised in
# 2013 and 2022, and Annex A renumbered each time: a clause number means these editions.
MAPPED_EDITIONS = {"ISO/IEC 27001": "2005", "ISO/IEC 27002": "2005"}


def mapped_edition(standard: str) -> str:
    """``ISO/IEC 27002`` → ``ISO/IEC 27002:2005``: the edition a clause number of the tables means."""
    year = MAPPED_EDITIONS.get(standard)
    return f"{standard}:{year}" if year else standard


def mapped_year(standard: str) -> int | None:
    year = MAPPED_EDITIONS.get(standard)
    return int(year) if year else None


EDITIONS_NOTE = (
    "These are the white paper's tables, for ISO/IEC 27001:2005 and 27002:2005. Both standards were revised "
    "in 2013 and 2022 and Annex A renumbered each time: check a clause number against the edition you audit to."
)
_ANNEX_A = re.compile(r"(?<![\w.])(?:A\.?\s?|a\.?)(?P<clause>(?:[5-9]|1[0-5])(?:\.\d{1,2}){1,2})(?![\w.])")
_ANNEX_A_WHOLE = re.compile(r"\s*(?:ISO/IEC\s+)?(?:27001\s+)?" + _ANNEX_A.pattern + r"\s*")


@dataclass(frozen=True)
class AnnexA:
    written: str  # "A.12.6.1"
    clause: str  # "12.6.1"

    @property
    def explanation(self) -> str:
        return (
            f"{self.written} is {mapped_edition(ANNEX_A_STANDARD)} {self.clause} "
            "(27001:2005 Annex A numbers its controls as 27002's)"
        )


def annex_a(text: str) -> AnnexA | None:
    """The Annex A control that ``text`` names, when that is all it names."""
    m = _ANNEX_A_WHOLE.fullmatch(text)
    return AnnexA(text.strip(), m.group("clause")) if m else None


def annex_a_in(text: str) -> tuple[str, list[AnnexA]]:
    """``text`` with each Annex A control written as its 27002 clause (``27002 12.6.1``),
    and the controls found."""
    found: list[AnnexA] = []

    def clause(m: re.Match[str]) -> str:
        found.append(AnnexA(m.group(0), m.group("clause")))
        return f"27002 {m.group('clause')}"

    return _ANNEX_A.sub(clause, text), found
