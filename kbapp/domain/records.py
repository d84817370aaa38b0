"""Plain records parsed from the sources. No Qt, no I/O.

Every record carries ``source_lines``: the 1-based line numbers of the source
document it was built from, so that nothing in a source can go unaccounted for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The ``source`` of every record from a shipped document: its file name.
CATALOGUE_FILE = "resource-catalogue.txt"
WHITE_PAPER_FILE = "itil-v3-and-information-security.txt"
# The ``source`` of a resource the user added (storage.local), and how its id begins:
# no catalogue title gives an id that begins so.
LOCAL_SOURCE = "local"
LOCAL_PREFIX = "local_"

Block = dict[str, Any]
"""A piece of structured text: ``{"type": "paragraph", "text": ...}``,
``{"type": "heading", "text": ...}`` or
``{"type": "list", "style": "bullet" | "numbered", "items": [...], "start": int}``."""


@dataclass
class StandardId:
    """An ISO or ISO/IEC identifier found in a title, e.g. ISO/IEC 27033-2:2012."""

    designation: str  # "ISO/IEC 27033-2:2012" as written
    prefix: str  # "ISO/IEC" or "ISO"
    number: str  # "27033"
    part: int | None  # 2
    year: int | None  # 2012
    role: str  # "primary" (the resource itself) or "mentioned"


@dataclass
class Marking:
    marking: str  # e.g. OFFICIAL-SENSITIVE
    restricted: bool  # the document itself is restricted
    context: str  # the sentence that mentions it


@dataclass
class ReviewNote:
    reviewer: str  # "National Standards Assurance Board" or "the authoring body"
    month: str | None
    year: int
    text: str


@dataclass
class Body:
    id: str
    name: str
    abbreviation: str | None


@dataclass
class Resource:
    id: str
    title: str
    blocks: list[Block]
    published: str  # ISO date
    published_as_written: str
    body: Body
    body_as_written: str
    category: str
    standards: list[StandardId] = field(default_factory=list)
    markings: list[Marking] = field(default_factory=list)
    reviews: list[ReviewNote] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)
    source_hash: str = ""  # of the entry's lines as written, to skip unchanged entries on update


@dataclass
class Abbreviation:
    abbreviation: str
    expansion: str
    source_lines: list[int] = field(default_factory=list)


@dataclass
class Term:
    id: str
    term: str
    term_as_written: str
    abbreviation: str | None
    informal_definition: str
    itil_definition: str
    itil_publication: str | None
    abbreviated: bool  # the ITIL definition is marked "(abbreviated)"
    source_lines: list[int] = field(default_factory=list)


@dataclass
class ItilReference:
    publication: str | None  # "SD", "SO", ... or None ("ITIL Glossary")
    section: str | None  # "4.6.4.1", "Appendix F", "E7" or None
    title: str
    as_written: str  # the cell text(s) as they stand in the source, joined by " / "
    inferred_publication: bool = False  # publication cell was empty (wrapped cell)
    source_lines: list[int] = field(default_factory=list)


@dataclass
class MappingClause:
    id: str  # "27002:10.1.2"
    standard: str  # "ISO/IEC 27002"
    clause: str  # "10.1.2"
    title: str
    parent: str | None  # id of the parent clause present in the table
    position: int
    references: list[ItilReference] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)


@dataclass
class ItilSection:
    id: str  # "SD 4.6.4.3"
    publication: str  # "SD"
    number: str
    title: str
    note: str | None  # trailing parenthesis, e.g. "main reference"
    parent: str | None
    position: int
    number_as_written: str
    source_lines: list[int] = field(default_factory=list)


@dataclass
class StandardPart:
    part: int
    title: str
    status: str
    relations: list[dict[str, str]] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)


@dataclass
class Standard:
    id: str  # "iso-iec-27001"
    designation: str  # "ISO/IEC 27001"
    number: str
    year: int | None  # edition year given by the paper
    title: str
    status: str  # "published", "in preparation" or "related"
    expected_publication: str | None  # "2009/2010"
    technical_report: bool
    description: str
    relations: list[dict[str, str]] = field(default_factory=list)
    parts: list[StandardPart] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # where the paper describes or mentions it
    source_lines: list[int] = field(default_factory=list)
    source: str = WHITE_PAPER_FILE  # a standard only the catalogue mentions is the catalogue's


@dataclass
class Section:
    id: str  # "wp-7", "wp-appendix-b", "wp-appendix-d-incident-3"
    number: str | None  # "7", "Appendix B"
    title: str
    kind: str  # "front", "section", "appendix", "incident"
    parent: str | None
    position: int
    blocks: list[Block]
    source_lines: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return blocks_to_text(self.blocks)


@dataclass
class Correction:
    """A repair applied to damaged source text, kept so the repair can be audited."""

    source: str
    line: int
    original: str
    corrected: str
    rule: str


@dataclass
class Residue:
    """A source line that is not data (web-page or layout residue), kept with the reason."""

    source: str
    line: int
    text: str
    reason: str


@dataclass
class Catalogue:
    resources: list[Resource]  # the entries parsed (all of them, unless known ones were skipped)
    residue: list[Residue] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    order: list[str] = field(default_factory=list)  # every entry's id, in file order
    clash: bool = False  # a changed entry took an id that a skipped entry holds


@dataclass
class WhitePaper:
    abbreviations: list[Abbreviation]
    terms: list[Term]
    clauses: list[MappingClause]
    itil_sections: list[ItilSection]
    standards: list[Standard]
    sections: list[Section]
    residue: list[Residue] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)


def blocks_to_text(blocks: list[Block]) -> str:
    """Plain text of structured blocks: paragraphs apart, list items one a line."""
    parts: list[str] = []
    for block in blocks:
        if block["type"] == "list":
            if block.get("style") == "numbered":
                start = int(block.get("start", 1))
                lines = [f"{start + i}. {item}" for i, item in enumerate(block["items"])]
            else:
                lines = [f"• {item}" for item in block["items"]]
            parts.append("\n".join(lines))
        else:
            parts.append(block["text"])
    return "\n\n".join(parts)
