"""Appendix B of the white paper: ISO/IEC 27001 and 27002 clauses mapped to ITIL sections.

The PDF extraction wrapped table cells onto the rows below them. The rules:

- A first cell with no clause number goes on with the clause title above
  (``14.1 ... ASPECTS OF BUSINESS`` / ``CONTINUITY MANAGEMENT``).
- An ITIL cell with no publication that starts in lower case or with ``(`` goes
  on with the title of the reference above (``(ITSCM`` / ``initiation and risk analysis)``).
- An ITIL cell with no publication that starts with a section number is a
  further reference of the clause above, in the publication above: the
  publication was written once for a cell of several lines.
- An ITIL cell with neither (``ITIL Glossary``) is a reference with no section.
"""

from __future__ import annotations

import re

from kbapp.domain.errors import SourceError
from kbapp.domain.mapping_rules import nearest_parent
from kbapp.domain.records import ItilReference, MappingClause
from kbapp.sources.layout import Table
from kbapp.sources.repairs import SOURCE

CLAUSE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\s+(.+)$")
SECTION = re.compile(r"^\(?((?:\d{1,2}(?:\.\d{1,2})*)|Appendix [A-Z]:?|[A-Z]\d{1,2})\s+(.+?)\)?$")
STANDARD_HEADER = re.compile(r"^ISO/IEC (\d{5})$")
PUBLICATIONS = {"SS", "SD", "ST", "SO", "CSI"}


def parse_mappings(tables: list[Table]) -> list[MappingClause]:
    clauses: list[MappingClause] = []
    by_id: dict[str, MappingClause] = {}
    for table in tables:
        header = STANDARD_HEADER.match(table.rows[0].cells[0]) if table.rows else None
        if not header:
            continue
        standard = f"ISO/IEC {header.group(1)}"
        clause: MappingClause | None = None
        last_ref: tuple[MappingClause, ItilReference] | None = None
        clause_key = f"{header.group(1)}:{{}}".format  # "27002:10.1.2", a clause's id
        for row in table.rows[1:]:
            first, publication, text = (row.cells + ["", "", ""])[:3]
            owner = clause
            if first:
                m = CLAUSE.match(first)
                if m:
                    number, title = m.groups()
                    clause_id = clause_key(number)
                    if clause_id in by_id:
                        raise SourceError(SOURCE, row.line, "clause", f"clause {number} of {standard} appears twice")
                    clause = MappingClause(
                        id=clause_id,
                        standard=standard,
                        clause=number,
                        title=title,
                        parent=nearest_parent(number, clause_key, by_id),
                        position=len(clauses),
                        source_lines=[row.line],
                    )
                    clauses.append(clause)
                    by_id[clause_id] = clause
                    owner = clause
                elif clause is not None:
                    clause.title = f"{clause.title} {first}"
                    clause.source_lines.append(row.line)
                else:
                    raise SourceError(SOURCE, row.line, "clause", f"'{first}' has no clause number")
            if owner is None:
                raise SourceError(SOURCE, row.line, "clause", "an ITIL reference before any clause")
            if not first:
                owner.source_lines.append(row.line)
            if not publication and not text:
                continue
            if publication and publication not in PUBLICATIONS:
                raise SourceError(SOURCE, row.line, "ITIL publication", f"unknown publication '{publication}'")
            if publication:
                ref = _reference(publication, text, row.line, inferred=False)
                owner.references.append(ref)
                last_ref = (owner, ref)
            elif last_ref and (text[:1].islower() or text.startswith("(")):
                ref_owner, ref = last_ref
                ref.title = f"{ref.title} {text}"
                ref.as_written = f"{ref.as_written} / {text}"
                ref.source_lines.append(row.line)
                if ref_owner is not owner:
                    ref_owner.source_lines.append(row.line)
            elif last_ref and SECTION.match(text):
                ref_owner, previous = last_ref
                ref = _reference(previous.publication, text, row.line, inferred=True)
                ref_owner.references.append(ref)
                if ref_owner is not owner:
                    ref_owner.source_lines.append(row.line)
                last_ref = (ref_owner, ref)
            else:
                ref = ItilReference(None, None, text, text, source_lines=[row.line])
                owner.references.append(ref)
                last_ref = (owner, ref)
    return clauses


def _reference(publication: str | None, text: str, line: int, inferred: bool) -> ItilReference:
    m = SECTION.match(text)
    if text.startswith("(") and text.endswith(")") and m:
        section, title = m.group(1), m.group(2)
    elif m:
        section, title = m.group(1), text[len(m.group(1)) :].strip()
    else:
        section, title = None, text
    if section:
        section = section.rstrip(":")
    return ItilReference(publication, section, title, text, inferred, [line])
