"""ITIL sections as records: every section the white paper names, in section 7's
reference list or in an Appendix B mapping, is one record ``itil:SD-4.6.4.3``.

A section is written as ``SD 4.6.4.3``, ``SD-4.6.4.3``, ``Service Design 4.6.4.3``
or, where only one publication has that number, ``4.6.4.3``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from kbapp.domain.errors import NotFound
from kbapp.domain.mapping_rules import nearest_parent
from kbapp.domain.records import ItilSection, MappingClause

SECTION_7 = "section 7"
APPENDIX_B = "Appendix B"
_WRITTEN = re.compile(
    r"^\s*(?P<prefix>.*?)[\s-]*(?P<number>Appendix[\s-]+[A-Za-z]|[A-Za-z]?\d+(?:\.\d+)*)\s*$", re.IGNORECASE
)


def itil_key(section_id: str) -> str:
    """``SD 4.6.4.3`` (as the tables name it) → ``SD-4.6.4.3`` (the record's key);
    ``SD Appendix B`` → ``SD-Appendix-B``."""
    publication, _, number = section_id.partition(" ")
    return f"{publication}-{number.replace(' ', '-')}"


@dataclass
class ItilRecord:
    key: str  # "SD-4.6.4.3"
    section_id: str  # "SD 4.6.4.3", as the mapping tables name it
    publication: str
    number: str
    title: str
    titles: list[str] = field(default_factory=list)  # every title the paper gives it
    parent: str | None = None  # a key
    note: str | None = None
    listed_in: list[str] = field(default_factory=list)  # SECTION_7, APPENDIX_B
    source_lines: list[int] = field(default_factory=list)
    position: int = 0


def itil_records(sections: Iterable[ItilSection], clauses: Iterable[MappingClause]) -> list[ItilRecord]:
    """One record per ITIL section the paper names: section 7's list first, in its
    order, then the sections only Appendix B names, in the order they first appear."""
    records: dict[str, ItilRecord] = {}
    for s in sections:
        records[s.id] = ItilRecord(
            key=itil_key(s.id),
            section_id=s.id,
            publication=s.publication,
            number=s.number,
            title=s.title,
            titles=[s.title],
            parent=itil_key(s.parent) if s.parent else None,
            note=s.note,
            listed_in=[SECTION_7],
            source_lines=list(s.source_lines),
        )
    for clause in clauses:
        for ref in clause.references:
            if not ref.publication or not ref.section:
                continue  # "ITIL Glossary" names no section
            section_id = f"{ref.publication} {ref.section}"
            record = records.get(section_id)
            if record is None:
                record = records[section_id] = ItilRecord(
                    key=itil_key(section_id),
                    section_id=section_id,
                    publication=ref.publication,
                    number=ref.section,
                    title=ref.title,
                )
            if ref.title and ref.title not in record.titles:
                record.titles.append(ref.title)
            if APPENDIX_B not in record.listed_in:
                record.listed_in.append(APPENDIX_B)
            record.source_lines = sorted(set(record.source_lines) | set(ref.source_lines))
    known = {r.key for r in records.values()}
    for position, record in enumerate(records.values()):
        record.position = position
        if record.parent is None and re.fullmatch(r"\d+(?:\.\d+)+", record.number):
            record.parent = nearest_parent(record.number, _key_in(record.publication), known)
    return list(records.values())


def _key_in(publication: str) -> Callable[[str], str]:
    return lambda number: f"{publication}-{number}"


def resolve_itil(written: str, keys: Iterable[str], publications: Mapping[str, str]) -> str:
    """The key of the ITIL section ``written`` names, among ``keys``; ``publications``
    are the paper's names by abbreviation (SD → Service Design). Raises NotFound,
    saying why: not a section, no such section, or a number more than one has."""
    m = _WRITTEN.match(written or "")
    if not m:
        raise NotFound(f"'{written}' is not an ITIL section; write it as 'SD 4.6.4.3' or 'Service Design 4.6.4.3'")
    prefix = " ".join(m.group("prefix").split()).lower()
    publication = None
    if prefix:
        named = {name.lower(): abbr for abbr, name in publications.items()} | {a.lower(): a for a in publications}
        publication = named.get(prefix)
        if publication is None:
            raise NotFound(
                f"'{m.group('prefix').strip()}' is not an ITIL publication the paper names sections of "
                f"({', '.join(f'{a} {n}' for a, n in publications.items())})"
            )
    number = "-".join(m.group("number").lower().split())
    found = [k for k in keys if k.partition("-")[2].lower() == number and publication in (None, k.partition("-")[0])]
    if not found:
        raise NotFound(f"no ITIL section {written.strip()} is named in the white paper; see 'kbapp list itil-sections'")
    if len(found) > 1:
        raise NotFound(
            f"{number} is a section of {' and '.join(sorted(found))}; give the publication, e.g. '{found[0]}'"
        )
    return found[0]
