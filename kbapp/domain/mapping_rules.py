"""The rules of the ISO/IEC → ITIL mapping tables: a clause with no ITIL reference of
its own inherits those of its nearest parent that has some; a clause with neither
is a gap. Coverage counts both, per standard and per top-level clause."""

from __future__ import annotations

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
