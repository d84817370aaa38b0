"""Section 7 of the white paper: where ISM sits in the five ITIL core publications."""

from __future__ import annotations

import re

from kbapp.domain.errors import SourceError
from kbapp.domain.mapping_rules import nearest_parent
from kbapp.domain.records import Correction, ItilSection
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
