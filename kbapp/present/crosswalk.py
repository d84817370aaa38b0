"""A followed crosswalk as the command line and the window say it: each chain of
steps, the weakest relationship on it and the tables it came from, or plainly why
no chain arrives."""

from __future__ import annotations

from typing import Any

from kbapp.domain.crosswalk import Chain, Crosswalk, CrosswalkTable, Followed

NO_TABLES = (
    "No crosswalk table is loaded. kbapp ships none (no openly licensed 2005→2013→2022 table exists); "
    "load the tables your organisation holds a licence for with kbapp crosswalk import FILE.csv."
)


def chain_text(chain: Chain) -> str:
    """``ISO/IEC 27002:2005 10.1.2 —equal→ ISO/IEC 27002:2013 12.1.2 —subset→ …``"""
    first = chain.steps[0].correspondence
    out = str(first.target if chain.steps[0].backwards else first.source)
    for step in chain.steps:
        arrow = f" —{step.relationship}{' (read backwards)' if step.backwards else ''}→ "
        out += arrow + str(step.to)
    return out


def chain_tables(chain: Chain) -> str:
    return ", ".join(f"{s.correspondence.table} line {s.correspondence.line}" for s in chain.steps)


def followed_lines(followed: Followed) -> list[str]:
    if not followed.chains:
        return [followed.missing]
    lines = []
    for chain in followed.chains:
        lines.append(f"→ {chain.end}  (weakest relationship on the way: {chain.weakest})")
        lines.append(f"    {chain_text(chain)}")
        lines.append(f"    from the tables: {chain_tables(chain)}")
        notes = [s.correspondence.note for s in chain.steps if s.correspondence.note]
        if notes:
            lines.append(f"    notes: {'; '.join(notes)}")
    return lines


def followed_json(followed: Followed) -> dict[str, Any]:
    return {
        "from": str(followed.start),
        "to": f"{followed.target[0]}:{followed.target[1]}",
        "chains": [
            {
                "end": str(chain.end),
                "clause": chain.end.clause,
                "weakest": chain.weakest,
                "steps": [
                    {
                        "to": str(s.to),
                        "relationship": s.relationship,
                        "backwards": s.backwards,
                        "table": s.correspondence.table,
                        "line": s.correspondence.line,
                        "note": s.correspondence.note,
                        "source": s.correspondence.cited,
                    }
                    for s in chain.steps
                ],
            }
            for chain in followed.chains
        ],
        "missing": followed.missing or None,
    }


def counterparts(
    tables: list[CrosswalkTable], trees: dict[str, list[dict[str, Any]]], target: str
) -> dict[str, tuple[str, str]]:
    """For the Mappings view's edition selector: each clause's counterparts in
    ``target`` (``ISO/IEC 27002:2022``) as (text, tooltip), by clause id."""
    found = {}
    crosswalk = Crosswalk(tables)
    for standard, clauses in trees.items():
        for c in clauses:
            followed = crosswalk.follow_clause(standard, c["clause"], target)
            if not followed.chains:  # blank where no table names the clause at all
                found[c["id"]] = ("no table covers the step" if followed.reached else "", followed.missing)
                continue
            text = "; ".join(f"{chain.end.clause} ({chain.weakest})" for chain in followed.chains)
            found[c["id"]] = (text, "\n".join(followed_lines(followed)))
    return found
