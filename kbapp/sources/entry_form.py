"""A catalogue entry as a person types it, in the window's form or on the command
line: the values, what is wrong with them (by field), and the entry they make.

The values are turned into the lines of a catalogue entry and read by the
catalogue's own entry parser, as a CSV row is, so standards, markings and reviews
are worked out from the text exactly as for a shipped entry. A date is typed day
first (the UK way, ``31/12/2024``) or as ISO (``2024-12-31``); it is stored as ISO.
In the description, a blank line separates paragraphs and a line starting ``-``,
``*`` or ``•`` is an item of a bullet list.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields
from datetime import date

from kbapp.domain.catalogue_rules import entry_digest, split_body
from kbapp.domain.errors import SourceError
from kbapp.domain.records import blocks_to_text
from kbapp.sources.catalogue import PUBLISHED, ParsedEntry, parse_entry

UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
TYPED_BULLET = re.compile(r"^(\s*)[-*]\s+")
ABBREVIATION = re.compile(r"^[^()]{1,20}$")
# The parser's names for the fields, and the form's.
FIELD_OF = {"title": "title", "published": "published", "authoring body": "body", "category": "category"}


@dataclass
class EntryValues:
    title: str = ""
    published: str = ""  # as typed: DD/MM/YYYY or YYYY-MM-DD
    body: str = ""  # the authoring body's name
    abbreviation: str = ""  # the body's abbreviation, if it has one
    category: str = ""
    description: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> EntryValues:
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in names and v is not None})

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    @property
    def body_as_written(self) -> str:
        body, abbreviation = self.body.strip(), self.abbreviation.strip()
        if abbreviation and not body.endswith(f"({abbreviation})"):
            return f"{body} ({abbreviation})"
        return body


def day_first(text: str) -> str:
    """``text`` as the catalogue writes a date (DD/MM/YYYY, kept as typed), from the UK
    form or ISO; or raise ``ValueError`` saying why it is not one."""
    text = text.strip()
    uk, iso = UK_DATE.match(text), ISO_DATE.match(text)
    if uk:
        day, month, year = (int(g) for g in uk.groups())
    elif iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        raise ValueError(f"'{text}' is not a date (DD/MM/YYYY, day first, or YYYY-MM-DD)")
    try:
        date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date (DD/MM/YYYY)") from None
    return text if uk else f"{day:02d}/{month:02d}/{year}"


def problems(values: EntryValues) -> dict[str, str]:
    """What is wrong, field by field, in the user's words; empty when the entry is whole."""
    found: dict[str, str] = {}
    if not values.title.strip():
        found["title"] = "A title is required."
    elif "\n" in values.title.strip():
        found["title"] = "The title is one line."
    if not values.published.strip():
        found["published"] = "A publication date is required (DD/MM/YYYY)."
    else:
        try:
            day_first(values.published)
        except ValueError as exc:
            found["published"] = f"{str(exc)[0].upper()}{str(exc)[1:]}."
    if not values.body.strip():
        found["body"] = "Choose the authoring body, or type its name."
    abbreviation = values.abbreviation.strip()
    if abbreviation and not ABBREVIATION.match(abbreviation):
        found["abbreviation"] = "An abbreviation is up to 20 characters, without brackets."
    if not values.category.strip():
        found["category"] = "Choose a category, or type a new one."
    for number, line in enumerate(values.description.splitlines(), 1):
        if PUBLISHED.match(line.strip()):
            found["description"] = (
                f"Line {number} of the description reads as a publication date; the date goes in its own field."
            )
            break
    return found


def entry_lines(values: EntryValues) -> list[str]:
    description = [TYPED_BULLET.sub(r"\1• ", line) for line in values.description.replace("\r\n", "\n").split("\n")]
    return [
        "Resource",
        values.title.strip(),
        *description,
        f"Published {day_first(values.published)}",
        f"Authoring body: {values.body_as_written}",
        values.category.strip(),
    ]


def parsed_entry(values: EntryValues, origin: str) -> ParsedEntry:
    """The entry the values make; ``SourceError`` names ``origin`` and the first field
    that is wrong."""
    wrong = problems(values)
    if wrong:
        name, problem = next(iter(wrong.items()))
        raise SourceError(origin, None, name, problem)
    lines = entry_lines(values)
    try:
        entry_fields = parse_entry(lines, origin)
    except SourceError as exc:
        raise SourceError(origin, None, FIELD_OF.get(exc.field or "", exc.field), exc.problem) from None
    entry_fields["source_lines"] = []
    return ParsedEntry(entry_fields, entry_digest(lines))


def values_of(row: dict) -> EntryValues:
    """The form's values for a resource the knowledge base holds (to edit it)."""
    body, abbreviation = split_body(row.get("body_as_written") or "")
    blocks = row.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return EntryValues(
        title=row.get("title", ""),
        published=row.get("published_as_written") or "",
        body=body,
        abbreviation=abbreviation or "",
        category=row.get("category", ""),
        description=blocks_to_text(blocks),
    )


def values_from_file(text: str, path: str, base: EntryValues | None = None) -> EntryValues:
    """Values from a file: a JSON object with the fields' names, or lines ``title: …``,
    ``published: …``, ``body: …``, ``abbreviation: …``, ``category: …`` and then
    ``description:`` with the description on the lines after it. A field the file
    does not give keeps its value in ``base``."""
    values = EntryValues(**(base or EntryValues()).as_dict())
    known = {f.name for f in fields(EntryValues)}
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise SourceError(path, None, None, f"not a JSON object of entry fields ({exc})") from None
        if not isinstance(data, dict):
            raise SourceError(path, None, None, "not a JSON object of entry fields")
        given = data
    else:
        given = {}
        lines = text.splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            name, sep, value = line.partition(":")
            name = name.strip().lower()
            if not sep or name not in known:
                raise SourceError(path, number, None, f"expected 'field: value' (fields: {', '.join(sorted(known))})")
            if name == "description":
                given[name] = "\n".join([value.strip(), *lines[number:]]).strip("\n")
                break
            given[name] = value.strip()
    unknown = sorted(set(given) - known)
    if unknown:
        raise SourceError(path, None, unknown[0], f"'{unknown[0]}' is not an entry field ({', '.join(sorted(known))})")
    for name, value in given.items():
        setattr(values, name, "" if value is None else str(value))
    return values
