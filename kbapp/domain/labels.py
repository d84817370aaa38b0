"""The one text of each record's label, of an ITIL reference and of a definition.

The detail pane, search hits, tables, the selection, bookmarks, completions, the
CLI and CSV all call these, so a record is named the same way everywhere.
``fields`` are a record's stored columns (as storage returns them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kbapp.domain.ids import RecordKind
from kbapp.domain.mapping_rules import mapped_edition
from kbapp.domain.records import CATALOGUE_FILE, LOCAL_SOURCE


def record_label(kind: RecordKind | str, fields: Mapping[str, Any]) -> str:
    """A record's title as every view shows it."""
    kind = RecordKind(kind)
    if kind is RecordKind.TERM:
        return str(fields.get("term_as_written") or fields["term"])
    if kind is RecordKind.ABBREVIATION:
        return str(fields["abbreviation"])
    if kind is RecordKind.MAPPING:
        return f"{clause_label(fields['standard'], fields['clause'])} {fields['title']}"
    if kind is RecordKind.STANDARD:
        return f"{standard_designation(fields)} {fields['title'] or ''}".strip()
    if kind is RecordKind.SECTION:
        return section_label(fields.get("number"), fields["title"])
    if kind is RecordKind.ITIL:
        return f"{fields['publication']} {fields['number']} {fields['title']}"
    return str(fields["title"])


# Where a resource comes from, as the Origin facet names it.
PUBLISHED_ORIGIN = "Published catalogue"
IMPORTED_ORIGIN = "Imported"
LOCAL_ENTRY_ORIGIN = "Your local entry"
LOCAL_OVERRIDE_ORIGIN = "Your local override"


def origin_kind(source: str | None, local: str | None = None) -> str:
    """The Origin facet's value for a resource: the user's own entry or override first."""
    if local == "entry" or source == LOCAL_SOURCE:
        return LOCAL_ENTRY_ORIGIN
    if local == "override":
        return LOCAL_OVERRIDE_ORIGIN
    return PUBLISHED_ORIGIN if not source or source == CATALOGUE_FILE else IMPORTED_ORIGIN


def origin_label(source: str | None, replaces: str | None = None, local: str | None = None) -> str:
    """Where a catalogue entry comes from: the shipped catalogue, a file the user
    imported, or the user; whose entry an imported one changed; and whether the user's
    override stands in front of it."""
    if local == "entry" or source == LOCAL_SOURCE:
        return "your local entry"
    if not source or source == CATALOGUE_FILE:
        label = "published catalogue"
    else:
        label = f"imported: {source.replace(chr(92), '/').rsplit('/', 1)[-1]}"
        if replaces:
            label += f", changing the {'published' if replaces == CATALOGUE_FILE else 'imported'} entry"
    return label + (", with your local override" if local == "override" else "")


def standard_designation(fields: Mapping[str, Any]) -> str:
    """``ISO/IEC 27001:2005``: the designation with the edition year the paper gives."""
    year = fields.get("year")
    return f"{fields['designation']}:{year}" if year else str(fields["designation"])


def clause_label(standard: str, clause: str) -> str:
    """``ISO/IEC 27002:2005 10.1.2``: a clause of the mapping tables, named with the
    edition its number belongs to (Annex A was renumbered in 2013 and 2022)."""
    return f"{mapped_edition(standard)} {clause}"


def section_label(number: str | None, title: str) -> str:
    if not number:
        return title
    separator = ": " if str(number).startswith("Appendix") else " "
    return f"{number}{separator}{title}"


INFERRED = "publication inferred"
INFERRED_WHY = (
    "The publication cell of this row is empty in the paper's mapping table (the row wrapped); "
    "kbapp took the publication of the reference above it."
)


def itil_reference_text(ref: Mapping[str, Any], with_name: bool = False) -> str:
    """``SD 4.6.4.3 Information security controls``; with ``with_name`` the
    publication's name follows its abbreviation: ``SD (Service Design) 4.6.4.3 …``. A
    publication the parser inferred says so: ``SO 6.6.9 Access Management roles [publication inferred]``."""
    publication = ref.get("publication") or ""
    if with_name and publication and ref.get("publication_name"):
        publication = f"{publication} ({ref['publication_name']})"
    text = " ".join(x for x in (publication, ref.get("section"), ref.get("title")) if x)
    return f"{text} [{INFERRED}]" if ref.get("inferred_publication") else text


def inferred_references(refs: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [r for r in refs if r.get("inferred_publication")]


def itil_references_text(refs: list[Mapping[str, Any]]) -> str:
    """Several references in one cell: ``SD 4.6.4.1 …; SO 5.13 …``."""
    return "; ".join(itil_reference_text(r) for r in refs)


def definition_parts(definition: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A term's definitions as (label, text): ``("Informal", …)``, ``("ITIL (Service Design)", …)``;
    an abbreviation's expansion as ``("Expansion", …)``."""
    parts: list[tuple[str, str]] = []
    if definition.get("informal_definition"):
        parts.append(("Informal", str(definition["informal_definition"])))
    if definition.get("itil_definition"):
        publication = definition.get("itil_publication")
        parts.append((f"ITIL ({publication})" if publication else "ITIL", str(definition["itil_definition"])))
    if not parts and definition.get("expansion"):
        parts.append(("Expansion", str(definition["expansion"])))
    return parts


def definition_text(definition: Mapping[str, Any]) -> str:
    """A term's definitions as plain lines: ``Informal: …`` then ``ITIL (…): …``."""
    return "\n".join(f"{label}: {text}" for label, text in definition_parts(definition))


def source_lines_text(lines: list[int] | None, dash: str = "-") -> str:
    """``line 12`` or ``lines 12-30``; empty when no line is known."""
    if not lines:
        return ""
    lo, hi = min(lines), max(lines)
    return f"line {lo}" if lo == hi else f"lines {lo}{dash}{hi}"


def count_text(n: int, noun: str) -> str:
    """``1 entry``, ``3 entries``, ``2 records``."""
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"
