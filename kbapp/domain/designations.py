"""Standard identifiers as the sources write them ("ISO/IEC 27033-2:2012", "BS 7799",
"ISO 9001", "PAS 99:2006"), and the one rule for which record a number belongs to."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# BS ISO/IEC is the British adoption of an ISO/IEC standard: the same number.
_FAMILY = r"BS\s?ISO/\s?IEC|ISO/\s?IEC|ISO|IEC|BS|PAS|OHSAS"
DESIGNATION = re.compile(
    rf"\b(?P<family>{_FAMILY})\s?(?P<tr>TR\s)?(?P<number>\d{{2,5}})(?:-(?P<part>\d{{1,2}}))?(?::(?P<year>\d{{4}}))?(?![\d-])"
)
ISO_FAMILIES = ("ISO/IEC", "ISO", "IEC")


@dataclass(frozen=True)
class Designation:
    written: str  # as the text writes it
    family: str  # "ISO/IEC", "ISO", "BS", "PAS", "OHSAS"
    number: str
    part: int | None
    year: int | None
    start: int
    end: int

    @property
    def key(self) -> str:
        """What one standard is known by, whatever the edition or part: ISO and ISO/IEC
        numbers are one series, so ``ISO 27001`` is ``ISO/IEC 27001``."""
        return standard_key(self.family, self.number)

    @property
    def name(self) -> str:
        """The standard's designation without part or edition: ``ISO/IEC 17799``."""
        return f"{self.family} {self.number}"


def standard_key(family: str, number: str) -> str:
    return number if family in ISO_FAMILIES else f"{family.lower()}-{number}"


def standard_slug(family: str, number: str) -> str:
    """The id of a standard record: ``iso-iec-27001``, ``iso-9001``, ``bs-7799``."""
    return f"{family.lower().replace('/', '-')}-{number}"


def _family(written: str) -> str:
    family = re.sub(r"\s+", "", written).replace("BSISO", "ISO")
    return family


def designations(text: str) -> Iterator[Designation]:
    """Every standard identifier in ``text``. Numbers under 4 digits count only for the
    families that use them (PAS 99, PAS 56)."""
    for m in DESIGNATION.finditer(text or ""):
        family = _family(m.group("family"))
        number = m.group("number")
        if len(number) < 4 and family != "PAS":
            continue
        yield Designation(
            written=m.group(0),
            family=family,
            number=number,
            part=int(m.group("part")) if m.group("part") else None,
            year=int(m.group("year")) if m.group("year") else None,
            start=m.start(),
            end=m.end(),
        )


def designation_key(designation: str, number: str) -> str:
    """The key of a standard record from its designation (``BS 7799`` → ``bs-7799``)."""
    found = next(designations(designation), None)
    return found.key if found else number
