"""A crosswalk table as an organisation writes it: CSV, RFC 4180, after header fields
that say under which licence it is held and where it comes from::

    # licence: Licensed to Example Constabulary for internal use only
    # origin: Example correspondence table, version 3
    from_standard,from_edition,from_clause,to_standard,to_edition,to_clause,relationship,note,source
    ISO/IEC 27002,2005,10.1.2,ISO/IEC 27002,2013,12.1.2,equal,,table 3 p. 4

A file with any bad row is refused whole, every bad row named by its row and column.
"""

from __future__ import annotations

import csv
import io
import re

from kbapp.domain.crosswalk import RELATIONSHIPS, Correspondence, CrosswalkTable, Node, standard_name
from kbapp.domain.errors import SourceError

REQUIRED = ["from_standard", "from_edition", "from_clause", "to_standard", "to_edition", "to_clause", "relationship"]
OPTIONAL = ["note", "source"]
HEADER_FIELDS = ("licence", "origin")
_HEADER_FIELD = re.compile(r"#\s*(?P<key>[A-Za-z ]+?)\s*:\s*(?P<value>.*)")
_EDITION = re.compile(r"\d{4}")
_CLAUSE = re.compile(r"(?:A\.)?\d{1,2}(?:\.\d{1,2}){0,3}")
MOST_NAMED = 20  # bad rows named in one message; the rest counted


def parse_crosswalk(text: str, path: str, name: str) -> tuple[CrosswalkTable, list[str]]:
    """The table and warnings (columns ignored, header fields not known)."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    fields: dict[str, str] = {}
    warnings: list[str] = []
    first = 0
    while first < len(lines) and (lines[first].startswith("#") or not lines[first].strip()):
        m = _HEADER_FIELD.fullmatch(lines[first].strip())
        if m:
            key = m.group("key").lower().replace("license", "licence")
            if key in HEADER_FIELDS:
                fields[key] = m.group("value").strip()
            else:
                warnings.append(f"{path}, line {first + 1}: the header field '{m.group('key')}' is not one kbapp reads")
        first += 1
    for key in HEADER_FIELDS:
        if not fields.get(key):
            raise SourceError(path, None, key, f"the header field '# {key}: …' is missing or empty, before the columns")
    reader = csv.reader(io.StringIO("".join(lines[first:]), newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SourceError(path, first + 1, None, f"the columns {', '.join(missing)} are missing (line {first + 1})")
    extra = [h for h in header if h not in REQUIRED + OPTIONAL]
    if extra:
        warnings.append(f"{path}, line {first + 1}: the columns {', '.join(extra)} are ignored")
    rows, problems = [], []
    for number, cells in enumerate(reader, start=1):
        line = first + reader.line_num  # the row's last line in the file (a quoted cell may span lines)
        if not any(c.strip() for c in cells):
            continue
        values = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        found = _problem(values)
        if found:
            problems.append(f"row {number} (line {line}), {found}")
            continue
        rows.append(_row(values, name, line))
    if problems:
        named = "; ".join(problems[:MOST_NAMED])
        more = f"; and {len(problems) - MOST_NAMED} more" if len(problems) > MOST_NAMED else ""
        raise SourceError(path, None, None, f"{len(problems)} bad rows, so nothing was loaded: {named}{more}")
    if not rows:
        raise SourceError(path, None, None, "the table has no rows")
    return CrosswalkTable(name, fields["licence"], fields["origin"], tuple(rows)), warnings


def _problem(values: dict[str, str]) -> str | None:
    for column in REQUIRED:
        if not values.get(column):
            return f"{column}: empty"
    for column in ("from_edition", "to_edition"):
        if not _EDITION.fullmatch(values[column]):
            return f"{column}: '{values[column]}' is not a year of publication (2013)"
    for column in ("from_clause", "to_clause"):
        if not _CLAUSE.fullmatch(values[column]):
            return f"{column}: '{values[column]}' is not a clause number (10.1.2, A.5.1)"
    if values["relationship"].lower() not in RELATIONSHIPS:
        return f"relationship: '{values['relationship']}' is not one of {', '.join(RELATIONSHIPS)}"
    same_standard = standard_name(values["from_standard"]) == standard_name(values["to_standard"])
    if same_standard and values["from_edition"] == values["to_edition"]:
        return "to_edition: a row maps between two editions, not within one"
    return None


def _row(values: dict[str, str], name: str, line: int) -> Correspondence:
    return Correspondence(
        Node(standard_name(values["from_standard"]), values["from_edition"], values["from_clause"]),
        Node(standard_name(values["to_standard"]), values["to_edition"], values["to_clause"]),
        values["relationship"].lower(),
        note=values.get("note", ""),
        cited=values.get("source", ""),
        table=name,
        line=line,
    )
