"""Standards the sources only mention in passing (ISO/IEC 17799, BS 7799, ISO 9001,
ISO 3166-1...): each becomes a record saying what the sources say of it and where.

What a record says is the sentences that mention it, quoted as written, and the
relations the paper states from the other side: 27002 "renumbers" 17799, so 17799
was "renumbered as" 27002.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kbapp.domain.designations import Designation, designation_key, designations, standard_slug
from kbapp.domain.records import CATALOGUE_FILE, WHITE_PAPER_FILE, Resource, Standard

MENTIONED = "mentioned"
REVERSE = {
    "renumbers": "renumbered as",
    "replaces": "replaced by",
    "updates": "updated by",
    "revises": "revised by",
    "builds on": "built on by",
    "supplements": "supplemented by",
}
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z(])")
_TITLE_AFTER = re.compile(r"\s*\((?P<title>[^()]{3,160})\)")


def sentence_around(text: str, start: int, end: int) -> str:
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= start:
            begin = m.end()
        elif m.start() >= end:
            return text[begin : m.start()].strip()
    return text[begin:].strip()


class _Mentions:
    def __init__(self, known: Iterable[Standard], source: str) -> None:
        self.known = {designation_key(s.designation, s.number) for s in known}
        self.source = source
        self.found: dict[str, Standard] = {}

    def add(self, d: Designation, text: str, place: str | None, line: int | None) -> None:
        if d.key in self.known:
            return
        std = self.found.get(d.key)
        if std is None:
            std = self.found[d.key] = Standard(
                id=standard_slug(d.family, d.number),
                designation=d.name,
                number=d.number,
                year=None,
                title="",
                status=MENTIONED,
                expected_publication=None,
                technical_report=False,
                description="",
                source=self.source,
            )
        if not std.title and (m := _TITLE_AFTER.match(text, d.end)) and d.part is None:
            std.title = m.group("title").strip()
        std.technical_report = std.technical_report or d.written.find(" TR ") > 0
        said = sentence_around(text, d.start, d.end)
        if said and said not in std.description:
            std.description = f"{std.description}\n\n{said}".strip()
        if place and place not in std.sections:
            std.sections.append(place)
        if line is not None and line not in std.source_lines:
            std.source_lines.append(line)


def mentioned_in_paper(sections: dict[str, list[tuple[int, str]]], described: list[Standard]) -> list[Standard]:
    """Records for the standards the paper names but does not describe."""
    mentions = _Mentions(described, WHITE_PAPER_FILE)
    for section_id, lines in sections.items():
        for n, text in lines:
            for d in designations(text):
                mentions.add(d, text, section_id, n)
    for std in described:
        for relation in std.relations:
            reverse = REVERSE.get(relation["relation"])
            if reverse is None:
                continue
            item = {"relation": reverse, "target": std.designation}
            for d in designations(relation["target"]):
                target = mentions.found.get(d.key)
                if target is not None and item not in target.relations:
                    target.relations.append(item)
    return sorted(mentions.found.values(), key=lambda s: (s.number, s.id))


def mentioned_in_catalogue(resources: list[Resource], known: list[Standard]) -> list[Standard]:
    """Records for the standards only the catalogue names, in a resource's text; the
    resources are linked to them by the catalogue's standard links."""
    mentions = _Mentions(known, CATALOGUE_FILE)
    for r in resources:
        for block in r.blocks:
            for text in block["items"] if block["type"] == "list" else [block["text"]]:
                for d in designations(text):
                    if any(s.number == d.number and s.role == "primary" for s in r.standards):
                        continue  # the resource is itself that standard's edition
                    mentions.add(d, text, None, None)
    return sorted(mentions.found.values(), key=lambda s: (s.number, s.id))
