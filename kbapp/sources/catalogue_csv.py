"""Catalogue entries from a CSV file: the columns the resource export writes, so that
an export edited in a spreadsheet can be imported back.

Each row is turned into the lines of a catalogue entry and read by the catalogue's
own entry parser, so the standards, markings and reviews are worked out from the
text exactly as for any entry. The header needs ``title``, ``published``,
``authoring_body`` and ``category``; ``authoring_body_abbr``, ``description``, ``id``
and the two ``…_as_written`` columns of ``kbapp list`` are read when present (an
as-written value is used where it says the same as the plain one, so that an
unedited row changes nothing); the export's other columns (``type``, ``label``,
``summary``, ``edition``, ``note``, ``standards``, ``markings``, ``reviews``, ``emails``,
``source``, ``local``) are worked out from the text, not read; any other column is
ignored with a warning. A cell neutralised on export (``'=…``) is read back as its
original text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from kbapp.domain.catalogue_rules import entry_digest, same_body
from kbapp.domain.cells import original_text
from kbapp.domain.errors import SourceError
from kbapp.domain.ids import RecordKind, key_of, kind_of
from kbapp.domain.records import LOCAL_PREFIX
from kbapp.sources.catalogue import ParsedEntry, parse_entry
from kbapp.sources.entry_form import UK_DATE, day_first

REQUIRED = ("title", "published", "authoring_body", "category")
READ = (
    *REQUIRED,
    "authoring_body_abbr",
    "description",
    "id",
    "published_as_written",  # kbapp list resources --format csv writes these two
    "authoring_body_as_written",
)
WORKED_OUT = (
    "type",
    "label",
    "summary",
    "edition",
    "note",
    "standards",
    "markings",
    "reviews",
    "emails",
    "source",
    "local",
)
# Where the entry parser names a field, the CSV column it came from.
COLUMN_OF = {"title": "title", "published": "published", "authoring body": "authoring_body", "category": "category"}


def is_csv(name: str) -> bool:
    return name.lower().endswith(".csv")


def iter_csv_entries(lines: Iterable[str], path: str, warnings: list[str]) -> Iterator[ParsedEntry]:
    """Entries one row at a time from decoded lines; a bad row raises ``SourceError``
    naming its line and column. Rows of other record types are left out, with a warning."""
    reader = csv.reader((line + "\n" for line in lines), strict=True)
    try:
        header = [original_text(h).strip().lower() for h in next(reader)]
    except StopIteration:
        raise SourceError(path, None, None, "the file is empty") from None
    except csv.Error as exc:
        raise SourceError(path, 1, None, f"not a CSV header ({exc})") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SourceError(
            path,
            1,
            missing[0],
            f"the header has no '{missing[0]}' column; a catalogue CSV needs {', '.join(REQUIRED)} "
            "(the columns kbapp's export of resources writes)",
        )
    unknown = [h for h in header if h and h not in READ + WORKED_OUT]
    if unknown:
        warnings.append(f"line 1: {', '.join(repr(u) for u in unknown)} are not catalogue columns and are ignored")
    entries = 0
    row_line = 2
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise SourceError(path, reader.line_num, None, f"not valid CSV ({exc})") from None
        line, row_line = row_line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        row = {name: original_text(cells[i]) if i < len(cells) else "" for i, name in enumerate(header)}
        kind = row.get("type", "").strip() or RecordKind.RESOURCE.value
        if kind != RecordKind.RESOURCE.value:
            warnings.append(f"line {line}: a {kind} row ({row.get('id', '')}) is not a catalogue entry; left out")
            continue
        if _is_local_entry(row):  # exported with the catalogue; only the entry form changes it
            mine = f"resource:{_resource_key(row.get('id', ''))}"
            warnings.append(
                f"line {line}: “{row.get('title', '')}” is your local entry {mine}; left out "
                "(kbapp edit, or Edit this entry in the window, changes it)"
            )
            continue
        entries += 1
        yield _entry(row, line, path)
    if not entries:
        raise SourceError(path, None, None, "the file has a header but no catalogue entries")


def _is_local_entry(row: dict[str, str]) -> bool:
    """A row of the user's own entry, as ``list resources`` (its ``local`` column) or an
    export (its id) writes it."""
    return row.get("local", "").strip() == "entry" or (_resource_key(row.get("id", "")) or "").startswith(LOCAL_PREFIX)


def _entry(row: dict[str, str], line: int, path: str) -> ParsedEntry:
    for column in REQUIRED:
        if not row.get(column, "").strip():
            raise SourceError(path, line, column, f"the {column.replace('_', ' ')} is empty")
    published = _day_first(row["published"].strip(), path, line)
    written_date = row.get("published_as_written", "").strip()
    if written_date and UK_DATE.match(written_date) and _same_day(written_date, published):
        published = written_date  # as the entry wrote it, where it says the same day
    body = row["authoring_body"].strip()
    abbreviation = row.get("authoring_body_abbr", "").strip()
    if abbreviation and not body.endswith(f"({abbreviation})"):
        body = f"{body} ({abbreviation})"
    written_body = row.get("authoring_body_as_written", "").strip()
    by_name = not (written_body and same_body(written_body, body))
    if not by_name:
        body = written_body
    description = row.get("description", "").replace("\r\n", "\n").split("\n")
    lines = ["Resource", row["title"].strip(), *description, f"Published {published}", f"Authoring body: {body}"]
    lines.append(row["category"].strip())
    try:
        fields = parse_entry(lines, path)
    except SourceError as exc:
        raise SourceError(path, line, COLUMN_OF.get(exc.field or "", exc.field), exc.problem) from None
    fields["source_lines"] = [line]
    return ParsedEntry(fields, entry_digest(lines), _resource_key(row.get("id", "")), body_by_name=by_name)


def _resource_key(typed: str) -> str | None:
    """``resource:key`` (the export's ids) or a bare ``key`` (``kbapp list``'s)."""
    typed = typed.strip()
    if not typed:
        return None
    if ":" not in typed:
        return typed
    return key_of(typed) if kind_of(typed) == RecordKind.RESOURCE.value else None


def _same_day(written: str, typed: str) -> bool:
    return [int(g) for g in UK_DATE.match(written).groups()] == [  # type: ignore[union-attr]
        int(g)
        for g in UK_DATE.match(typed).groups()  # type: ignore[union-attr]
    ]


def _day_first(text: str, path: str, line: int) -> str:
    try:
        return day_first(text)
    except ValueError as exc:
        raise SourceError(path, line, "published", str(exc)) from None
