"""Correspondence tables between editions of a standard, which an organisation loads
under its own licence (kbapp ships none: no openly licensed 2005→2013→2022 table
exists, and a wrong mapping in an audit tool is worse than none), and the rule that
follows them from a clause of one edition to another, step by step.

A table row says how a clause of one edition relates to a clause of another:
``equal``, ``subset`` (the from clause is within the to clause), ``superset``,
``intersects`` or ``related``. A chain is as strong as its weakest step.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from kbapp.domain.errors import KbError
from kbapp.domain.mapping_rules import MAPPED_EDITIONS

# Strongest first: how much of the from clause the to clause is known to cover.
RELATIONSHIPS = ("equal", "subset", "superset", "intersects", "related")
# Read backwards (a table of 2022 → 2013 followed from 2013), subset and superset swap.
REVERSED = {name: name for name in RELATIONSHIPS} | {"subset": "superset", "superset": "subset"}


@dataclass(frozen=True)
class Node:
    standard: str  # "ISO/IEC 27002"
    edition: str  # "2005"
    clause: str  # "10.1.2"

    def __str__(self) -> str:
        return f"{self.standard}:{self.edition} {self.clause}"


@dataclass(frozen=True)
class Correspondence:
    source: Node
    target: Node
    relationship: str
    note: str = ""
    cited: str = ""  # the row's own ``source`` column: where the table says this comes from
    table: str = ""  # the loaded table's name
    line: int = 0


@dataclass(frozen=True)
class CrosswalkTable:
    name: str
    licence: str
    origin: str
    rows: tuple[Correspondence, ...]

    def editions(self) -> set[tuple[str, str]]:
        return {(n.standard, n.edition) for r in self.rows for n in (r.source, r.target)}


@dataclass(frozen=True)
class Step:
    correspondence: Correspondence
    relationship: str  # as followed: reversed when the row was read backwards
    backwards: bool

    @property
    def to(self) -> Node:
        c = self.correspondence
        return c.source if self.backwards else c.target


@dataclass
class Chain:
    steps: list[Step] = field(default_factory=list)

    @property
    def end(self) -> Node:
        return self.steps[-1].to

    @property
    def weakest(self) -> str:
        return max((s.relationship for s in self.steps), key=RELATIONSHIPS.index)


@dataclass
class Followed:
    start: Node
    target: tuple[str, str]  # (standard, edition)
    chains: list[Chain]
    reached: list[Node]  # the clauses of other editions the tables reach from the start, nearest first
    missing: str = ""  # said plainly when no path arrives


_STANDARD = re.compile(r"^(?:ISO/IEC\s*)?(?P<number>\d{4,5})$")


def standard_name(written: str) -> str:
    """``27002``, ``ISO/IEC 27002`` → ``ISO/IEC 27002``; other names as written."""
    m = _STANDARD.match(written.strip())
    return f"ISO/IEC {m.group('number')}" if m else " ".join(written.split())


def parse_target(written: str) -> tuple[str, str] | None:
    """``27002:2022`` or ``ISO/IEC 27002:2022`` → (``ISO/IEC 27002``, ``2022``)."""
    standard, _, edition = written.strip().rpartition(":")
    if not standard or not re.fullmatch(r"\d{4}", edition):
        return None
    return standard_name(standard), edition


class Crosswalk:
    """The loaded tables as one graph of steps, each row both ways: built once, then
    followed from as many clauses as the caller has."""

    def __init__(self, tables: Iterable[CrosswalkTable]) -> None:
        self.edges: dict[Node, list[Step]] = {}
        for table in tables:
            for row in table.rows:
                self.edges.setdefault(row.source, []).append(Step(row, row.relationship, False))
                self.edges.setdefault(row.target, []).append(Step(row, REVERSED[row.relationship], True))

    def follow(self, start: Node, target: tuple[str, str]) -> Followed:
        """The chains of the fewest loaded rows from ``start`` to any clause of ``target``
        (an edition of a standard), through other editions where no row goes directly;
        each clause on the way is reached by one route only."""
        chains: list[Chain] = []
        seen = {start}
        reached: list[Node] = []
        frontier: deque[tuple[Node, Chain]] = deque([(start, Chain())])
        shortest: int | None = None
        while frontier:
            node, path = frontier.popleft()
            if shortest is not None and len(path.steps) >= shortest:
                continue
            for step in self.edges.get(node, []):
                to = step.to
                longer = Chain([*path.steps, step])
                if (to.standard, to.edition) == target:
                    chains.append(longer)
                    shortest = len(longer.steps)
                    continue
                if to in seen or (to.standard, to.edition) == (start.standard, start.edition):
                    continue
                seen.add(to)
                reached.append(to)
                frontier.append((to, longer))
        followed = Followed(start, target, chains, reached)
        if not followed.chains:
            followed.missing = _missing(start, target, reached)
        return followed

    def follow_clause(self, standard: str, clause: str, target: str) -> Followed:
        """From ``clause`` of the white paper's edition of ``standard`` to ``target``
        (``27002:2022``, ``ISO/IEC 27001:2013``)."""
        goal = parse_target(target)
        if goal is None:
            raise KbError(f"'{target}' is not an edition: write the standard and its year, as 27002:2022")
        start = Node(standard, MAPPED_EDITIONS.get(standard, ""), clause)
        if goal == (start.standard, start.edition):
            raise KbError(f"{clause} is already a clause of {standard}:{start.edition}, the tables' edition")
        return self.follow(start, goal)


def _missing(start: Node, target: tuple[str, str], reached: list[Node]) -> str:
    goal = f"{target[0]}:{target[1]}"
    if not reached:
        return f"No loaded crosswalk table maps {start} to any other edition, so none reaches {goal}."
    editions = list(dict.fromkeys(f"{n.standard}:{n.edition}" for n in reached))
    return (
        f"No loaded crosswalk table covers the step from {' or '.join(editions)} to {goal}: "
        f"the tables take {start} as far as {', '.join(str(n) for n in reached)}, and no further."
    )


def follow_clause(tables: Iterable[CrosswalkTable], standard: str, clause: str, target: str) -> Followed:
    """One clause followed: ``Crosswalk(tables).follow_clause``."""
    return Crosswalk(tables).follow_clause(standard, clause, target)
