"""Which edition of a standard the knowledge base holds as current, and which of the
paper's editions a later one supersedes. The white paper (2009) describes each standard
as it then stood; the catalogue may hold later editions of it, or of some of its parts
(ISO/IEC 27033-1:2015 beside the paper's "27033, in preparation"). Only the sources'
own designations and dates are used: an edition neither of them holds is never assumed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# "ISO/IEC 27033-1:2015": the number, the part after a hyphen, the year after a colon.
_DESIGNATION = re.compile(r"(?P<number>\d{4,5})(?:-(?P<part>\d+))?(?::(?P<year>\d{4}))?\s*$")


@dataclass(frozen=True)
class Edition:
    designation: str  # "ISO/IEC 27033-1:2015", as the catalogue's title writes it
    part: str | None  # "1"; None for the whole standard
    year: int | None


def edition(designation: str) -> Edition:
    m = _DESIGNATION.search(designation)
    part = m.group("part") if m else None
    year = int(m.group("year")) if m and m.group("year") else None
    return Edition(designation, part, year)


def _latest(editions: Iterable[Edition]) -> dict[str | None, Edition]:
    """The latest edition of the whole standard (key None) and of each part."""
    latest: dict[str | None, Edition] = {}
    for found in editions:
        held = latest.get(found.part)
        if held is None or (found.year or 0) > (held.year or 0):
            latest[found.part] = found
    return latest


def current_editions(paper: str, later: Iterable[str]) -> str:
    """What is current in the knowledge base, said in one line: ``paper`` is the
    paper's designation with its year, if it gives one (``ISO/IEC 20000:2005``);
    ``later`` the catalogue's later editions of it."""
    latest = _latest(edition(d) for d in later)
    if None in latest:  # a later edition of the whole standard
        return latest[None].designation
    parts = [latest[p].designation for p in sorted(latest, key=lambda p: int(p or 0))]
    if not parts:
        return f"{paper} (the white paper's)"
    return f"{', '.join(parts)} (its other parts: the white paper's {paper})"


def superseded_by(paper_year: int | None, later: Iterable[str]) -> str | None:
    """The latest later edition of the whole standard that the catalogue holds, if
    it is later than ``paper_year``: the edition a clause number of ``paper_year``'s
    edition no longer means. None when the sources hold none."""
    whole = _latest(edition(d) for d in later).get(None)
    if whole is None or whole.year is None or (paper_year is not None and whole.year <= paper_year):
        return None
    return whole.designation
