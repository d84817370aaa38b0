"""Parser for the white paper "ITIL V3 and Information Security" (May 2009)."""

from __future__ import annotations

import re
from collections import Counter

from kbapp.domain.errors import SourceError
from kbapp.domain.records import Abbreviation, Block, Correction, Residue, Section, WhitePaper
from kbapp.sources.glossary import parse_abbreviations, parse_glossary
from kbapp.sources.itil_sections import parse_itil_sections, reconcile_titles
from kbapp.sources.layout import TABLE_RULE, RawSection, prose_blocks, split_sections
from kbapp.sources.mappings import parse_mappings
from kbapp.sources.mentions import mentioned_in_paper
from kbapp.sources.repairs import SOURCE, join_split_words, mark_footnotes, repair_lines, vocabulary
from kbapp.sources.standards import parse_standards
from kbapp.sources.text import clean

MONTH_YEAR = re.compile(
    r"^(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$"
)
PUBLICATION_SUFFIX = " (ITIL publication)"


def parse_white_paper(text: str, path: str = SOURCE) -> WhitePaper:
    repaired, corrections = repair_lines(text.split("\n"))
    repaired, footnotes = mark_footnotes(repaired)
    corrections += footnotes
    raw_sections = split_sections(repaired)
    by_id = {s.id: s for s in raw_sections}
    for required in ("wp-7", "wp-appendix-a", "wp-appendix-b"):
        if required not in by_id:
            raise SourceError(path, None, "section", f"the paper has no section '{required}'")

    words = vocabulary(repaired)
    hyphenated = Counter(w for w in words_with_hyphens(repaired))

    def fix_words(cell: str) -> str:
        return join_split_words(cell, words, hyphenated)

    appendix_a = by_id["wp-appendix-a"].tables()
    if len(appendix_a) < 2:
        raise SourceError(
            path, by_id["wp-appendix-a"].heading_line, "glossary", "expected the abbreviation and glossary tables"
        )
    abbreviations = parse_abbreviations(appendix_a[0])
    term_words = {w.lower() for t in appendix_a[1:] for row in t.rows for w in row.cells[0].split()[:3]}
    terms = parse_glossary(appendix_a[1:], fix_words, term_words)
    corrections += _split_word_corrections(appendix_a[1:], fix_words)

    clauses = parse_mappings(by_id["wp-appendix-b"].tables())
    publications = {name: abbr for abbr, name in publication_names(abbreviations).items()}
    itil_sections, number_fixes = parse_itil_sections(_after(by_id["wp-7"], "reference list"), publications)
    number_fixes += reconcile_titles(itil_sections, clauses)
    corrections += number_fixes
    _apply_to_section_lines(by_id["wp-7"], number_fixes)
    prose = {s.id: s.prose() for s in raw_sections}
    standards, standard_fixes = parse_standards(prose)
    standards += mentioned_in_paper(prose, standards)
    corrections += standard_fixes

    sections: list[Section] = []
    residue: list[Residue] = []
    for position, raw in enumerate(raw_sections):
        section, contents_fixes, section_residue = _section(raw, position, raw_sections)
        sections.append(section)
        corrections += contents_fixes
        residue += section_residue
    sections += _incidents(by_id.get("wp-appendix-d"), len(sections))
    return WhitePaper(
        abbreviations=abbreviations,
        terms=terms,
        clauses=clauses,
        itil_sections=itil_sections,
        standards=standards,
        sections=sections,
        residue=residue,
        corrections=sorted(corrections, key=lambda c: c.line),
    )


def publication_names(abbreviations: list[Abbreviation]) -> dict[str, str]:
    """ITIL publications by abbreviation, from the abbreviation list: SD → Service Design."""
    return {
        a.abbreviation: clean(a.expansion[: -len(PUBLICATION_SUFFIX)])
        for a in abbreviations
        if a.expansion.endswith(PUBLICATION_SUFFIX)
    }


def words_with_hyphens(lines: list[str]) -> list[str]:
    return [w.lower() for line in lines for w in re.findall(r"[A-Za-z]+-[A-Za-z]+", line)]


def _split_word_corrections(tables, fix_words) -> list[Correction]:
    out = []
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                fixed = fix_words(cell)
                if fixed != cell:
                    for before, after in zip(cell.split(), fixed.split(), strict=True):
                        if before != after:
                            out.append(
                                Correction(SOURCE, row.line, before, after, "word split by a hyphen in a narrow column")
                            )
    return out


def _apply_to_section_lines(raw: RawSection, fixes: list[Correction]) -> None:
    """Carry repairs found by a parser into the section's own text."""
    for fix in fixes:
        raw.lines = [(n, t.replace(fix.original, fix.corrected, 1) if n == fix.line else t) for n, t in raw.lines]


def _after(raw: RawSection, marker: str) -> list[tuple[int, str]]:
    prose = raw.prose()
    for i, (_, text) in enumerate(prose):
        if marker in text:
            return prose[i + 1 :]
    raise SourceError(SOURCE, raw.heading_line, "ITIL sections", f"no line with '{marker}' in section {raw.number}")


def _section(
    raw: RawSection, position: int, all_sections: list[RawSection]
) -> tuple[Section, list[Correction], list[Residue]]:
    prose = raw.prose()
    corrections: list[Correction] = []
    residue = [Residue(SOURCE, n, clean(t), "table rule") for n, t in raw.lines if TABLE_RULE.match(t)]
    blocks = prose_blocks(prose)
    lines = [raw.heading_line] if raw.heading_line else []
    lines += [n for n, t in prose if t]
    if raw.kind == "front":
        contents, corrections, claimed = _contents(raw, all_sections)
        blocks = _insert_after_heading(blocks, "Contents", contents)
        lines += claimed
    else:
        # Table header rows name the columns; the rows below are records of their own.
        for table in raw.tables():
            header = table.rows[0] if table.rows else None
            if header and _is_header(header.cells):
                residue.append(
                    Residue(SOURCE, header.line, " | ".join(c for c in header.cells if c), "table header row")
                )
    section = Section(
        id=raw.id,
        number=raw.number,
        title=raw.title,
        kind=raw.kind,
        parent=None,
        position=position,
        blocks=blocks,
        source_lines=sorted(lines),
    )
    return section, corrections, residue


def _is_header(cells: list[str]) -> bool:
    first = cells[0].upper()
    return first == "TERM" or bool(re.fullmatch(r"ISO/IEC \d{5}", first))


def _contents(raw: RawSection, all_sections: list[RawSection]) -> tuple[Block, list[Correction], list[int]]:
    """The contents table was garbled by OCR (``| I | mtroduc | LUOTI | 5 |``).
    Its rows list the sections in order, so each row is rebuilt from the heading
    it stands for, keeping the page number it gives."""
    targets = [s for s in all_sections if s.kind in ("section", "appendix")]
    rows = [row for table in raw.tables() for row in table.rows if any(row.cells)]
    if len(rows) != len(targets):
        raise SourceError(
            SOURCE, rows[0].line if rows else None, "contents", f"{len(rows)} contents rows for {len(targets)} sections"
        )
    items, corrections, claimed = [], [], []
    for row, target in zip(rows, targets, strict=True):
        page = row.cells[-1]
        if target.kind == "section":
            entry = f"{target.number} {target.title} (page {page})"
        else:
            entry = f"{target.number}: {target.title} (page {page})"
            listed_letter = row.cells[1].rstrip(":")[-1:]
            listed_title = row.cells[2]
            if listed_title != target.title or f"Appendix {listed_letter}" != target.number:
                entry += f"; the contents lists it as Appendix {listed_letter}: {listed_title}"
        items.append(entry)
        written = "| " + " | ".join(row.cells) + " |"
        corrections.append(
            Correction(
                SOURCE, row.line, written, entry, "contents row garbled by OCR, rebuilt from its section heading"
            )
        )
        claimed.append(row.line)
    return {"type": "list", "style": "bullet", "items": items}, corrections, claimed


def _insert_after_heading(blocks: list[Block], heading: str, block: Block) -> list[Block]:
    for i, b in enumerate(blocks):
        if b["type"] == "heading" and b["text"] == heading:
            return blocks[: i + 1] + [block] + blocks[i + 1 :]
    return blocks + [{"type": "heading", "text": heading}, block]


def _incidents(appendix_d: RawSection | None, position: int) -> list[Section]:
    """The dated newspaper headlines of Appendix D, one record each."""
    if appendix_d is None:
        return []
    prose = [(n, t) for n, t in appendix_d.prose() if t]
    incidents: list[Section] = []
    for i, (n, text) in enumerate(prose):
        if not MONTH_YEAR.match(text) or i + 2 >= len(prose):
            continue
        (headline_line, headline), (body_line, body) = prose[i + 1], prose[i + 2]
        if MONTH_YEAR.match(headline) or MONTH_YEAR.match(body):
            continue
        k = len(incidents) + 1
        incidents.append(
            Section(
                id=f"{appendix_d.id}-incident-{k}",
                number=None,
                title=f"{text}: {headline}",
                kind="incident",
                parent=appendix_d.id,
                position=position + k - 1,
                blocks=[
                    {"type": "heading", "text": text},
                    {"type": "heading", "text": headline},
                    {"type": "paragraph", "text": body},
                ],
                source_lines=[n, headline_line, body_line],
            )
        )
    return incidents
