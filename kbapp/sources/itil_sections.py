"""Section 7 of the white paper: where ISM sits in the five ITIL core publications."""

from __future__ import annotations

import re

from kbapp.domain.errors import SourceError
from kbapp.domain.mapping_rules import nearest_parent
from kbapp.domain.records import Correction, ItilSection, MappingClause
from kbapp.sources.repairs import SOURCE
from kbapp.sources.text import DASH_ITEM

ENTRY = re.compile(r"^(\d+(?:\.\d+)*|Appendix [A-Z]:?)\s+(.+)$")
NOTE = re.compile(r"^(.*?)\s*\(([^()]+)\)$")


def parse_itil_sections(
    prose: list[tuple[int, str]], publications: dict[str, str]
) -> tuple[list[ItilSection], list[Correction]]:
    """``publications`` maps a publication's name to its abbreviation (Service Design: SD)."""
    entries: list[dict] = []
    publication: str | None = None
    for line_no, line in prose:
        if line in publications:
            publication = publications[line]
            continue
        item = DASH_ITEM.match(line)
        if not item or publication is None:
            continue
        m = ENTRY.match(item.group(1).lstrip("· ").strip())
        if not m:
            raise SourceError(SOURCE, line_no, "ITIL section", f"no section number in '{line}'")
        number, title = m.group(1).rstrip(":"), m.group(2)
        note_match = NOTE.match(title)
        note = None
        # A trailing parenthesis is a note, unless it is an abbreviation: "(ISMS)".
        if note_match and note_match.group(1) and re.search(r"[a-z]", note_match.group(2)):
            title, note = note_match.group(1), note_match.group(2)
        entries.append(
            {
                "publication": publication,
                "number": number,
                "written": number,
                "title": title,
                "note": note,
                "line": line_no,
            }
        )
    corrections = _repair_numbers(entries)
    sections: list[ItilSection] = []
    known: set[str] = set()
    for position, e in enumerate(entries):
        section_id = f"{e['publication']} {e['number']}"
        if section_id in known:
            raise SourceError(SOURCE, e["line"], "ITIL section", f"{section_id} is listed twice")
        known.add(section_id)
        sections.append(
            ItilSection(
                id=section_id,
                publication=e["publication"],
                number=e["number"],
                title=e["title"],
                note=e["note"],
                parent=nearest_parent(e["number"], f"{e['publication']} {{}}".format, known),
                position=position,
                number_as_written=e["written"],
                source_lines=[e["line"]],
            )
        )
    return sections, corrections


def _key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split(".")) if re.fullmatch(r"\d+(\.\d+)*", number) else (999,)


def _repair_numbers(entries: list[dict]) -> list[Correction]:
    """Mend a section number that lost a dot (``4.656`` between 4.5.5.6 and 4.5.7).

    The repair is the one number that follows the entry before it, precedes the
    entry after it, and whose digits stand in order in what was written.
    """
    corrections = []
    for i, e in enumerate(entries):
        number = e["number"]
        if not re.fullmatch(r"\d+(\.\d+)*", number) or all(len(p) <= 2 for p in number.split(".")):
            continue
        before = entries[i - 1]["number"] if i else None
        after = entries[i + 1]["number"] if i + 1 < len(entries) else None
        if not before or not after:
            continue
        parts = before.split(".")
        candidates = []
        for depth in range(len(parts), 0, -1):
            candidate = parts[: depth - 1] + [str(int(parts[depth - 1]) + 1)]
            candidates.append(".".join(candidate))
        digits = number.replace(".", "")
        fits = [c for c in candidates if _key(before) < _key(c) < _key(after) and _in_order(c.replace(".", ""), digits)]
        if len(fits) == 1:
            corrections.append(
                Correction(
                    SOURCE, e["line"], number, fits[0], "ITIL section number that lost a dot, set by its neighbours"
                )
            )
            e["number"] = fits[0]
    return corrections


def _in_order(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


TITLE_RULE = (
    "one ITIL section, one title: section 7 and the mapping tables spell one word of it a letter apart; "
    "the tables' spelling is ITIL V3's heading"
)


def reconcile_titles(sections: list[ItilSection], clauses: list[MappingClause]) -> list[Correction]:
    """Where section 7 names an ITIL section with a title that the mapping tables spell
    with one word a letter apart ("identify" for "identity"), the section takes the
    tables' title, which is the ITIL publication's own heading, and the repair is kept."""
    quoted: dict[str, set[str]] = {}
    for clause in clauses:
        for ref in clause.references:
            if ref.publication and ref.section:
                quoted.setdefault(f"{ref.publication} {ref.section}", set()).add(ref.title)
    corrections = []
    for section in sections:
        for title in sorted(quoted.get(section.id, ())):
            if _one_letter_apart(section.title, title):
                corrections.append(Correction(SOURCE, section.source_lines[0], section.title, title, TITLE_RULE))
                section.title = title
                break
    return corrections


def _one_letter_apart(a: str, b: str) -> bool:
    """Equal but for one word, which differs in one letter (a slip, not another word)."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b) or a == b:
        return False
    differing = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    return len(x) == len(y) > 3 and sum(1 for i, j in zip(x, y, strict=True) if i != j) == 1
