"""The white paper's layout: its sections, their prose blocks and their tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kbapp.domain.records import Block
from kbapp.sources.text import DASH_ITEM, clean

TOP_HEADING = re.compile(r"^(\d)\s+([A-Z][^.|]{2,70})$")
APPENDIX_HEADING = re.compile(r"^Appendix ([A-Z]):\s+(.+)$")
BACK_MATTER_HEADING = "Author"
FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹]")
CAPTION = re.compile(r"^(Figure \d+ |© )")
URL = re.compile(r"^\S*https?://|^www\.")
TABLE_LINE = re.compile(r"^\|")
TABLE_RULE = re.compile(r"^\|[\s|:-]*\|$")


@dataclass
class Row:
    line: int  # 1-based
    cells: list[str]


@dataclass
class Table:
    rows: list[Row]  # separator rules removed

    @property
    def lines(self) -> list[int]:
        return [row.line for row in self.rows]


@dataclass
class RawSection:
    id: str
    number: str | None
    title: str
    kind: str
    heading_line: int | None
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text) after heading

    def prose(self) -> list[tuple[int, str]]:
        return [(n, t) for n, t in self.lines if not TABLE_LINE.match(t)]

    def tables(self) -> list[Table]:
        tables: list[Table] = []
        current: list[Row] | None = None
        for n, t in self.lines:
            if TABLE_LINE.match(t):
                if current is None:
                    current = []
                    tables.append(Table(current))
                if not TABLE_RULE.match(t):
                    current.append(Row(n, split_row(t)))
            else:
                current = None
        return tables

    def table_rule_lines(self) -> list[int]:
        return [n for n, t in self.lines if TABLE_RULE.match(t)]


def split_row(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [clean(cell) for cell in inner.split("|")]


def split_sections(lines: list[str]) -> list[RawSection]:
    """Cut the paper at its numbered sections, appendices and back matter."""
    sections = [RawSection("wp-front", None, "ITIL V3 and Information Security", "front", None)]
    expected = 1
    appendices_started = False
    for number, raw in enumerate(lines, start=1):
        line = clean(raw)
        top = TOP_HEADING.match(line)
        appendix = APPENDIX_HEADING.match(line)
        if top and not appendices_started and int(top.group(1)) == expected:
            expected += 1
            sections.append(RawSection(f"wp-{top.group(1)}", top.group(1), top.group(2), "section", number))
            continue
        if appendix and (appendices_started or expected > 9):
            appendices_started = True
            letter = appendix.group(1)
            sections.append(
                RawSection(f"wp-appendix-{letter.lower()}", f"Appendix {letter}", appendix.group(2), "appendix", number)
            )
            continue
        if line == BACK_MATTER_HEADING and appendices_started:
            sections.append(RawSection("wp-back", None, "Author and reviewers", "back", number))
        sections[-1].lines.append((number, line))
    return sections


def is_heading(line: str, before_blank: bool, after_blank: bool) -> bool:
    return bool(
        before_blank
        and after_blank
        and 0 < len(line) <= 100
        and line[0].isupper()
        and not re.search(r"[.;,:]$", line)
        and not DASH_ITEM.match(line)
        and not FOOTNOTE.match(line)
        and not CAPTION.match(line)
        and not URL.match(line)
        and len(line.split()) <= 14
    )


def prose_blocks(prose: list[tuple[int, str]]) -> list[Block]:
    """Headings, paragraphs and lists of a section's prose, with page breaks mended."""
    texts = [t for _, t in prose]
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append({"type": "paragraph", "text": " ".join(paragraph)})
            paragraph.clear()

    for i, line in enumerate(texts):
        if not line:
            flush()
            continue
        item = DASH_ITEM.match(line)
        if item:
            flush()
            text = clean(item.group(1))
            if blocks and blocks[-1]["type"] == "list":
                blocks[-1]["items"].append(text)
            else:
                blocks.append({"type": "list", "style": "bullet", "items": [text]})
            continue
        before_blank = i == 0 or not texts[i - 1]
        after_blank = i + 1 == len(texts) or not texts[i + 1]
        if not paragraph and is_heading(line, before_blank, after_blank):
            blocks.append({"type": "heading", "text": line})
            continue
        if FOOTNOTE.match(line) or CAPTION.match(line):
            flush()
            blocks.append({"type": "paragraph", "text": line, "role": "note"})
            continue
        paragraph.append(line)
    flush()
    return mend_page_breaks(blocks)


def mend_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join a paragraph that a page break cut off mid-sentence to its tail.

    The tail is the next paragraph that starts in lower case, found past any
    footnotes, captions or headings of the figure that the page break put between.
    """
    out = list(blocks)
    i = 0
    while i < len(out):
        block = out[i]
        if block["type"] == "paragraph" and "role" not in block and _cut_off(block["text"]):
            for j in range(i + 1, min(i + 5, len(out))):
                other = out[j]
                if other["type"] == "paragraph" and "role" not in other:
                    adjacent = j == i + 1 and other["text"][:1].isupper()
                    if (other["text"][:1].islower() or adjacent) and not URL.match(other["text"]):
                        block["text"] = f"{block['text']} {other['text']}"
                        del out[j]
                    break
                if other["type"] == "list":
                    break
        i += 1
    return out


def _cut_off(text: str) -> bool:
    """A paragraph a page break cut off: long, with no closing stop. A web address is a
    paragraph of its own, never the head of the next one."""
    return len(text) >= 60 and not re.search(r"[.:;!?)'\"”’]$", text) and not URL.match(text)
