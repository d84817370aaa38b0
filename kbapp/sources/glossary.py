"""Appendix A of the white paper: the abbreviation list and the glossary of key terms."""

from __future__ import annotations

import re

from kbapp.domain.errors import SourceError
from kbapp.domain.ids import slugify
from kbapp.domain.records import Abbreviation, Term
from kbapp.sources.layout import Table
from kbapp.sources.repairs import SOURCE

GLOSSARY_HEADER = ("TERM", "INFORMAL DEFINITION", "ITIL DEFINITION")
PUBLICATION_PREFIX = re.compile(
    r"^\((Service (?:Strategy|Design|Transition|Operation)|Continual Service Improvement)\)\s*"
)
TERM_WITH_ABBR = re.compile(r"^(.*?)\s*\(([A-Z]{2,})\)$")
ABBREVIATED = "(abbreviated)"


def parse_abbreviations(table: Table) -> list[Abbreviation]:
    abbreviations = []
    for row in table.rows:
        cells = [c for c in row.cells if c]
        if len(cells) != 2:
            raise SourceError(SOURCE, row.line, "abbreviation", "expected an abbreviation and its expansion")
        abbreviations.append(Abbreviation(cells[0], cells[1], [row.line]))
    return abbreviations


def parse_glossary(tables: list[Table], fix_words, known_words: set[str]) -> list[Term]:
    """Terms from the glossary tables, with wrapped rows and run-together cells mended.

    ``fix_words`` joins words split by hyphens; ``known_words`` is the document's
    vocabulary of capitalised phrases, used to find where a term run into its
    definition ends.
    """
    rows: list[dict] = []
    for table in tables:
        for row in table.rows:
            cells = (row.cells + ["", "", ""])[:3]
            if tuple(c.upper() for c in cells) == GLOSSARY_HEADER:
                continue
            term, informal, itil = (fix_words(c) for c in cells)
            if not term:
                # A definition that wrapped onto a row of its own belongs to the row above.
                if not rows:
                    raise SourceError(SOURCE, row.line, "term", "a glossary row with no term")
                previous = rows[-1]
                if informal:
                    previous["informal"] = f"{previous['informal']} {informal}".strip()
                if itil:
                    previous["itil"] = f"{previous['itil']} {itil}".strip()
                previous["lines"].append(row.line)
                continue
            if not informal and _runs_on(term):
                term, informal = _split_run_on(term, known_words)
            rows.append({"term": term, "informal": informal, "itil": itil, "lines": [row.line]})
    taken: set[str] = set()
    terms = []
    for r in rows:
        written = r["term"]
        m = TERM_WITH_ABBR.match(written)
        name, abbr = (m.group(1), m.group(2)) if m else (written, None)
        publication = None
        itil = r["itil"]
        pm = PUBLICATION_PREFIX.match(itil)
        if pm:
            publication = pm.group(1)
            itil = itil[pm.end() :]
        slug = slugify(name)
        if slug in taken:
            raise SourceError(SOURCE, r["lines"][0], "term", f"the term '{name}' is defined twice")
        taken.add(slug)
        terms.append(
            Term(
                id=slug,
                term=name,
                term_as_written=written,
                abbreviation=abbr,
                informal_definition=r["informal"],
                itil_definition=itil,
                itil_publication=publication,
                abbreviated=itil.endswith(ABBREVIATED),
                source_lines=r["lines"],
            )
        )
    return terms


def _runs_on(term: str) -> bool:
    """A term cell that holds a sentence: the definition ran into it."""
    return len(term.split()) > 6 and term.rstrip().endswith(".")


def _split_run_on(cell: str, known_words: set[str]) -> tuple[str, str]:
    """Split ``Risk Uncertainty in an event ...`` into the term and its definition.

    The term is the shortest run of leading capitalised words that the document
    uses as a phrase elsewhere, followed by a capitalised word that opens the
    definition.
    """
    words = cell.split()
    for k in range(1, min(5, len(words))):
        head = " ".join(words[:k])
        if head.lower() in known_words and words[k][:1].isupper():
            return head, " ".join(words[k:])
    raise SourceError(SOURCE, None, "term", f"cannot tell the term from its definition in '{cell[:60]}…'")
