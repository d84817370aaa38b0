"""The ISO/IEC standards the white paper describes: sections 2, 6 and 8 and Appendix C."""

from __future__ import annotations

import re

from kbapp.domain.records import Correction, Standard, StandardPart
from kbapp.sources.repairs import SOURCE
from kbapp.sources.text import DASH_ITEM

LIST_ITEM = re.compile(
    r"^(?:Plus )?(?:ISO/IEC )?(?P<tr>TR )?(?P<number>\d{5})(?::(?P<year>\d{4}))?\s+"
    r"(?:\((?P<report>Technical report)\)\s+)?(?P<rest>.+)$"
)
PUBLISHED_HEADING = re.compile(r"^ISO/IEC (?P<number>\d{5}):(?P<year>\d{4})\s+(?P<title>.+)$")
PREPARATION_HEADING = re.compile(r"^ISO/IEC (?P<tr>TR )?(?P<number>\d{5})(?: \((?P<expected>.+?) publication\))?$")
RELATED_ITEM = re.compile(r"^ISO/IEC (?P<tr>TR )?(?P<number>\d{5})\s+(?P<title>.+?)\.?$")
PART_ITEM = re.compile(r"^Part (?P<part>\d+): (?P<rest>.+?)\.?$")
ITSM_PART = re.compile(r"(?<!15504 )Part (?P<part>\d) \((?P<title>[^)]+)\)")

RELATION_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"renumbering (?:of )?(ISO/IEC \d{5}(?::\d{4})?)"), "renumbers"),
    (re.compile(r"(ISO/IEC \d{5}:\d{4}) was renamed ISO/IEC (?P<subject>\d{5})"), "renumbers"),
    (re.compile(r"(BS ?7799 part \d \(\d{4}\)) became ISO/IEC (?P<subject>\d{5})"), "replaces"),
    (re.compile(r"replaces (ISO/IEC TR [\d-]+:\d{4})"), "replaces"),
    (re.compile(r"replaces ISO/IEC TR [\d-]+:\d{4} and (TR [\d-]+:\d{4})"), "replaces"),
    (re.compile(r"replaces guidance from the EA .*? in (EA \d+/\d+)"), "replaces"),
    (re.compile(r"renumbering and an updating of (ISO/IEC \d{5})"), "renumbers"),
    (re.compile(r"updating of (ISO/IEC \d{5})"), "updates"),
    (re.compile(r"\(updates (\d{5} part \d)\)"), "updates"),
    (re.compile(r"revision of (ISO/IEC \d{5} part \d)"), "revises"),
    (re.compile(r"in addition to those of (ISO/IEC \d{5}:\d{4})"), "supplements"),
    (re.compile(r"builds on material in (ISO \d{5})"), "builds on"),
    (re.compile(r"published both as ISO/IEC \d{5} and (ITU-T Recommendation X\.\d{4})"), "also published as"),
]


def _designation(number: str, technical_report: bool) -> str:
    return f"ISO/IEC {'TR ' if technical_report else ''}{number}"


def _relations(text: str, number: str | None = None, subject_only: bool = False) -> list[dict[str, str]]:
    """Relations stated in ``text``. A rule that names its subject (``X became ISO/IEC N``)
    applies only to standard N; ``subject_only`` keeps just those rules."""
    found: list[dict[str, str]] = []
    for pattern, relation in RELATION_RULES:
        has_subject = "subject" in pattern.groupindex
        if subject_only and not has_subject:
            continue
        for m in pattern.finditer(text):
            if has_subject and m.group("subject") != number:
                continue
            target = m.group(1)
            if target.startswith("TR "):
                target = f"ISO/IEC {target}"
            if re.fullmatch(r"\d{5} part \d", target):
                target = f"ISO/IEC {target}"
            item = {"relation": relation, "target": target}
            if item not in found:
                found.append(item)
    return found


PART_DESCRIPTION = re.compile(r"\s+–\s+(?P<description>[A-Z][^–]+?)(?=\s+–|$)")
LOST_DASH_RULE = "a part's title and description lost the dash between them"


class _Builder:
    def __init__(self) -> None:
        self.by_number: dict[str, Standard] = {}
        self.corrections: list[Correction] = []

    def get(self, number: str, technical_report: bool = False) -> Standard:
        if number not in self.by_number:
            self.by_number[number] = Standard(
                id=f"iso-iec-{number}",
                designation=_designation(number, technical_report),
                number=number,
                year=None,
                title="",
                status="in preparation",
                expected_publication=None,
                technical_report=technical_report,
                description="",
            )
        std = self.by_number[number]
        if technical_report and not std.technical_report:
            std.technical_report = True
            std.designation = _designation(number, True)
        return std

    def describe(self, std: Standard, section: str, lines: list[tuple[int, str]]) -> None:
        """Add text to a standard's description, keeping paragraphs apart and list items a line each."""
        paragraphs: list[str] = []
        current = ""

        def flush() -> None:
            nonlocal current
            if not current:
                return
            # A list that a page break cut in two is still one list.
            if paragraphs and current.startswith("• ") and paragraphs[-1].split("\n")[-1].startswith("• "):
                paragraphs[-1] = f"{paragraphs[-1]}\n{current}"
            else:
                paragraphs.append(current)
            current = ""

        for _, text in lines:
            if not text:
                flush()
            elif not current:
                current = text
            elif text.startswith("• "):
                current = f"{current}\n{text}"
            elif current.split("\n")[-1].startswith("• "):
                flush()
                current = text
            else:
                current = f"{current} {text}"
        flush()
        text = "\n\n".join(paragraphs)
        if text:
            std.description = f"{std.description}\n\n{text}".strip()
        std.source_lines.extend(n for n, t in lines if t)
        if section not in std.sections:
            std.sections.append(section)


def parse_standards(sections: dict[str, list[tuple[int, str]]]) -> tuple[list[Standard], list[Correction]]:
    """``sections`` maps a section id (``wp-2``, ``wp-6``, ``wp-8``, ``wp-appendix-c``)
    to its prose lines. Returns the standards and the repairs made to their text."""
    b = _Builder()
    _from_itsm_paragraph(b, sections.get("wp-2", []))
    _from_section_6(b, sections.get("wp-6", []))
    _from_headed_section(b, "wp-8", sections.get("wp-8", []))
    _from_headed_section(b, "wp-appendix-c", sections.get("wp-appendix-c", []))
    intro = " ".join(t for _, t in sections.get("wp-8", []))
    for std in b.by_number.values():
        found = _relations(std.description, std.number) + _relations(intro, std.number, subject_only=True)
        for rel in found:
            if rel not in std.relations:
                std.relations.append(rel)
    return sorted(b.by_number.values(), key=lambda s: s.number), b.corrections


def _from_itsm_paragraph(b: _Builder, prose: list[tuple[int, str]]) -> None:
    for n, text in prose:
        m = re.search(r"The global IT Service Management standard is ISO/IEC (\d{5}):(\d{4})", text)
        if not m:
            continue
        std = b.get(m.group(1))
        std.year = int(m.group(2))
        std.title = "IT Service Management"
        std.status = "published"
        b.describe(std, "wp-2", [(n, text)])
        published_upto = text.find("Also in development")
        for pm in ITSM_PART.finditer(text):
            status = "published" if pm.start() < published_upto else "in preparation"
            std.parts.append(StandardPart(int(pm.group("part")), pm.group("title").strip("*"), status, [], [n]))


def _from_section_6(b: _Builder, prose: list[tuple[int, str]]) -> None:
    status = None
    for n, text in prose:
        if text.startswith("There are four published"):
            status = "published"
            continue
        if text.startswith("There are many more in preparation"):
            status = "in preparation"
            continue
        item = DASH_ITEM.match(text)
        if not item or status is None:
            continue
        m = LIST_ITEM.match(item.group(1))
        if not m:
            continue
        report = bool(m.group("tr") or m.group("report"))
        std = b.get(m.group("number"), report)
        rest = m.group("rest").rstrip(".")
        title, _, remark = rest.partition(". ")
        title = title.split(", which ")[0]
        if not std.title:
            std.title = title
        if m.group("year"):
            std.year = int(m.group("year"))
        std.status = status
        b.describe(std, "wp-6", [(n, item.group(1))])


def _from_headed_section(b: _Builder, section: str, prose: list[tuple[int, str]]) -> None:
    current: Standard | None = None
    lines: list[tuple[int, str]] = []
    in_parts = False
    related = False

    parts: list[tuple[int, str]] = []  # the current standard's part items as written

    def flush() -> None:
        if current is not None and lines:
            b.describe(current, section, lines)
        lines.clear()
        if current is not None and parts:
            _split_lost_dashes(b, current, parts)
        parts.clear()

    for n, text in prose:
        published = PUBLISHED_HEADING.match(text)
        preparing = PREPARATION_HEADING.match(text)
        if published or preparing:
            flush()
            related = in_parts = False
            if published:
                current = b.get(published.group("number"))
                current.year = int(published.group("year"))
                current.title = published.group("title")
                current.status = "published"
            else:
                assert preparing is not None
                current = b.get(preparing.group("number"), bool(preparing.group("tr")))
                current.status = "in preparation"
                if preparing.group("expected"):
                    current.expected_publication = preparing.group("expected")
            current.source_lines.append(n)
            if section not in current.sections:
                current.sections.append(section)
            continue
        if current is None:
            continue
        if text.startswith("Other relevant standards"):
            flush()
            related = True
            current.source_lines.append(n)
            continue
        if text.startswith("Current model is as follows"):
            in_parts = True
            lines.append((n, text))
            continue
        item = DASH_ITEM.match(text)
        if related and item:
            m = RELATED_ITEM.match(item.group(1))
            if m:
                other = b.get(m.group("number"), bool(m.group("tr")))
                other.title = m.group("title")
                other.status = "related"
                other.relations.append({"relation": "relevant to", "target": current.designation})
                b.describe(other, section, [(n, item.group(1))])
            continue
        if in_parts and item:
            m = PART_ITEM.match(item.group(1))
            if m:
                rest = m.group("rest")
                title = re.split(r"\s+(?:–\s+)?(?:a revision of|–)\s+", rest)[0]
                current.parts.append(StandardPart(int(m.group("part")), title, "planned", _relations(rest), [n]))
                parts.append((n, item.group(1)))
                lines.append((n, "• " + item.group(1)))
                continue
        related = related and not text
        lines.append((n, "• " + item.group(1) if item else text))
    flush()


def _split_lost_dashes(b: _Builder, std: Standard, items: list[tuple[int, str]]) -> None:
    """The parts of one standard share descriptions after a dash ("– Risks, design
    techniques and control issues"); where a part's title runs into one of them with no
    dash, the extraction lost it: the title ends there, and the repair is recorded."""
    descriptions = {d.group("description") for _, text in items for d in PART_DESCRIPTION.finditer(text)}
    for part, (line, text) in zip(std.parts, items, strict=True):
        for description in sorted(descriptions, key=len, reverse=True):
            at = part.title.find(f" {description}")
            if at > 0 and part.title[at - 1].islower():
                repaired = text.replace(f"{part.title[:at]} {description}", f"{part.title[:at]} – {description}", 1)
                b.corrections.append(Correction(SOURCE, line, text, repaired, LOST_DASH_RULE))
                part.title = part.title[:at]
                break
