"""Parser for the resource catalogue (a dump of the catalogue's web listing).

Each entry: a line ``Resource``, the title, the description (paragraphs and
lists), ``Published DD/MM/YYYY``, ``Authoring body: NAME (ABBR)`` and the
category. Lines before the first ``Resource`` are web-page residue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from kbapp.domain.catalogue_rules import IdAllocator, entry_digest, normalise_bodies
from kbapp.domain.designations import designations
from kbapp.domain.errors import SourceError
from kbapp.domain.ids import slugify
from kbapp.domain.records import (
    CATALOGUE_FILE,
    Catalogue,
    Marking,
    Residue,
    Resource,
    ReviewNote,
    StandardId,
)
from kbapp.sources.text import clean, lines_to_blocks

SOURCE = CATALOGUE_FILE

PUBLISHED = re.compile(r"^Published\s+(\d{1,2})/(\d{1,2})/(\d{4})$")
AUTHORING_BODY = re.compile(r"^Authoring body:\s*(.+?)\s*$")
MARKING = re.compile(r"\b(TOP SECRET|SECRET|OFFICIAL-SENSITIVE|OFFICIAL)\b")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
REVIEW = re.compile(
    rf"reviewed by (?P<who>the authoring body|the [A-Z][\w ]+?|[A-Z][\w ]+?) in "
    rf"(?:(?P<month>{MONTHS}) )?(?P<year>\d{{4}})"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SENTENCE = re.compile(r"[^.!?]*(?:[.!?]|$)")


def parse_catalogue(
    text: str,
    path: str = SOURCE,
    known: dict[str, tuple[str, str]] | None = None,
    reserved: set[str] | frozenset[str] = frozenset(),
) -> Catalogue:
    """Parse every entry; with ``known`` (entry hash → (id, authoring body as written)),
    entries whose lines are unchanged are not parsed again, only placed in ``order``.
    ``reserved`` ids (imported entries') are held by others: a parsed entry wanting one
    is a clash."""
    residue: list[Residue] = []
    entries: list[tuple[str, dict | None, str]] = []  # (hash, parsed entry or None, body as written)
    for first, buffer in entry_lines(
        text.split("\n"), path, residue, SOURCE, "web-page residue before the first entry"
    ):
        digest = entry_digest(buffer)
        if known is not None and digest in known:
            entries.append((digest, None, known[digest][1]))
        else:
            fresh = _parse_entry(buffer, 0, len(buffer), path, line_offset=first)
            entries.append((digest, fresh, fresh["body_as_written"]))
    bodies = normalise_bodies([written for _, _, written in entries])
    kept = ({known[d][0] for d, entry, _ in entries if entry is None} if known else set()) | set(reserved)
    ids = IdAllocator(kept)
    resources, order, clash = [], [], False
    for digest, parsed, written in entries:
        if parsed is None:
            order.append(known[digest][0])  # type: ignore[index]
            continue
        slug = slugify(parsed["title"])
        clash = clash or slug in kept
        rid = ids.take(slug)
        order.append(rid)
        resources.append(Resource(id=rid, body=bodies[written], source_hash=digest, **parsed))
    return Catalogue(resources=resources, residue=residue, order=order, clash=clash)


@dataclass
class ParsedEntry:
    """One entry of an imported catalogue, before it has an id and a normalised body."""

    fields: dict[str, Any]  # Resource's fields but id, body and source_hash
    digest: str  # of the entry's lines as written
    known_id: str | None = None  # the resource it says it is (a CSV row's id), matched first
    body_by_name: bool = False  # the body given by its name, not as the entry wrote it (CSV)


def entry_lines(
    lines: Iterable[str],
    path: str,
    residue: list[Residue] | None = None,
    residue_source: str | None = None,
    residue_reason: str = "text before the first entry",
) -> Iterator[tuple[int, list[str]]]:
    """Each entry's lines (from its ``Resource`` line) with the index of its first line,
    one entry at a time: an import far larger than the shipped catalogue is never held
    whole. Text before the first entry goes to ``residue``, if given."""
    buffer: list[str] = []
    first = 0  # line index of buffer[0]
    found = False
    for i, line in enumerate(lines):
        # The substring test first: cleaning every line of a large catalogue costs seconds.
        if "Resource" in line and clean(line) == "Resource":
            if found:
                yield first, buffer
            elif residue is not None:
                residue.extend(
                    Residue(residue_source or path, first + k + 1, clean(text), residue_reason)
                    for k, text in enumerate(buffer)
                    if clean(text)
                )
            found, buffer, first = True, [], i
        buffer.append(line)
    if not found:
        raise SourceError(path, None, "Resource", "no line 'Resource' starts an entry")
    yield first, buffer


def iter_entries(lines: Iterable[str], path: str, residue: list[Residue] | None = None) -> Iterator[ParsedEntry]:
    """Parsed entries one at a time from decoded lines (see ``entry_lines``)."""
    for first, buffer in entry_lines(lines, path, residue):
        yield ParsedEntry(_parse_entry(buffer, 0, len(buffer), path, line_offset=first), entry_digest(buffer))


def parse_entry(lines: list[str], path: str) -> dict:
    """The fields of one entry's lines, from its ``Resource`` line to its category."""
    return _parse_entry(lines, 0, len(lines), path)


def _parse_entry(lines: list[str], start: int, end: int, path: str, line_offset: int = 0) -> dict:
    """One entry from line index ``start`` (the ``Resource`` line) to ``end``;
    ``lines[0]`` is line ``line_offset + 1`` of the file."""
    body_lines = [(i + line_offset, clean(lines[i])) for i in range(start + 1, end)]
    content = [(i, line) for i, line in body_lines if line]
    if not content:
        raise SourceError(path, line_offset + start + 1, "title", "the entry has no title")
    title_index, title = content[0]
    published_at = next((k for k, (_, line) in enumerate(content) if PUBLISHED.match(line)), None)
    if published_at is None:
        raise SourceError(path, title_index + 1, "published", f"entry '{title}' has no 'Published DD/MM/YYYY' line")
    trailer = content[published_at:]
    pub_index, pub_line = trailer[0]
    day, month, year = (int(g) for g in PUBLISHED.match(pub_line).groups())  # type: ignore[union-attr]
    try:
        published = date(year, month, day)
    except ValueError:
        raise SourceError(
            path, pub_index + 1, "published", f"'{pub_line[10:]}' is not a real date (DD/MM/YYYY)"
        ) from None
    last = line_offset + end  # the entry's last line: a line missing at the end is named there, never past the file
    if len(trailer) < 2 or not AUTHORING_BODY.match(trailer[1][1]):
        raise SourceError(
            path, min(pub_index + 2, last), "authoring body", f"entry '{title}' has no 'Authoring body:' line"
        )
    body_index, body_line = trailer[1]
    if len(trailer) < 3:
        raise SourceError(path, min(body_index + 2, last), "category", f"entry '{title}' has no category")
    if len(trailer) > 3:
        extra_index, extra = trailer[3]
        raise SourceError(path, extra_index + 1, None, f"unexpected text after the category of '{title}': {extra!r}")
    category_index, category = trailer[2]
    description_lines = [lines[i - line_offset] for i in range(title_index + 1, pub_index)]
    blocks = lines_to_blocks(description_lines)
    texts = _block_texts(blocks)
    text = " ".join(texts)
    return {
        "title": title,
        "blocks": blocks,
        "published": published.isoformat(),
        "published_as_written": pub_line.split(None, 1)[1],
        "body_as_written": AUTHORING_BODY.match(body_line).group(1),  # type: ignore[union-attr]
        "category": category,
        "standards": _standard_ids(title, texts),
        "markings": _markings(texts),
        "reviews": _reviews(texts),
        "emails": sorted(set(EMAIL.findall(text)), key=text.index),
        "source_lines": [line_offset + start + 1] + [i + 1 for i, line in body_lines if line],
    }


def _block_texts(blocks: list[dict]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        out.extend(block["items"] if block["type"] == "list" else [block["text"]])
    return out


def _standard_ids(title: str, texts: list[str]) -> list[StandardId]:
    """The standards the title names, then those the description names (once each)."""
    found: list[StandardId] = []
    seen: set[str] = set()
    for where, text in [("title", title)] + [("description", t) for t in texts]:
        for d in designations(text):
            if d.written in seen:
                continue
            seen.add(d.written)
            found.append(
                StandardId(
                    designation=d.written,
                    prefix=d.family,
                    number=d.number,
                    part=d.part,
                    year=d.year,
                    # The identifier that opens the title names the resource itself.
                    role="primary" if where == "title" and not found and d.start == 0 else "mentioned",
                )
            )
    return found


def _sentences(texts: list[str]) -> list[str]:
    """Sentences of each paragraph or list item; one never runs into the next."""
    return [s.strip() for text in texts for s in SENTENCE.findall(text) if s.strip()]


def _classifies(sentence: str, marking: str) -> bool:
    """Whether the sentence marks the resource itself ("this is an OFFICIAL-SENSITIVE
    document", "classified as OFFICIAL", "marked OFFICIAL"), not something it describes
    ("a single OFFICIAL network")."""
    m = re.escape(marking)
    return any(
        re.search(pattern, sentence, re.I)
        for pattern in (
            rf"\bthis is an? {m} (document|publication|resource)\b",
            rf"\bthis (document|publication|resource|guidance|standard|policy) is (classified as |marked )?{m}\b",
            rf"\b(classified|marked|protectively marked) (as )?{m}\b",
            rf"\b(classification|protective marking)( of [\w ]+)? is {m}\b",
        )
    )


def _markings(texts: list[str]) -> list[Marking]:
    found: dict[str, Marking] = {}
    for sentence in _sentences(texts):
        for m in MARKING.finditer(sentence):
            marking = m.group(1)
            if not _classifies(sentence, marking):
                continue
            restricted = bool(
                re.search(rf"\bthis is an? {re.escape(marking)} document", sentence, re.I)
                or re.search(r"request access|restricted", sentence, re.I)
            )
            if marking not in found or restricted:
                found[marking] = Marking(marking, restricted, sentence)
    return list(found.values())


def _reviews(texts: list[str]) -> list[ReviewNote]:
    notes = []
    for sentence in _sentences(texts):
        for m in REVIEW.finditer(sentence):
            who = m.group("who")
            if who.lower().startswith("the ") and who.lower() != "the authoring body":
                who = who[4:]
            notes.append(ReviewNote(who, m.group("month"), int(m.group("year")), sentence))
    return notes
