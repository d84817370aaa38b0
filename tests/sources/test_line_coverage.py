"""Every non-empty line of both sources is accounted for by a stored record.

A line counts as accounted for when a record (or a residue row, with its
reason) in the built database claims it, and every word of the line, after the
recorded corrections, is found in the text of the records that claim it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest

from tests.conftest import CATALOGUE, WHITE_PAPER

CLAIMING_TABLES = {
    "resources": ("title", "description", "published_as_written", "body_as_written", "category"),
    "abbreviations": ("abbreviation", "expansion"),
    "terms": ("term_as_written", "informal_definition", "itil_definition", "itil_publication"),
    "clauses": ("standard", "clause", "title"),
    "itil_sections": ("publication_name", "number", "number_as_written", "title", "note"),
    "standards": ("designation", "title", "description", "expected_publication"),
    "sections": ("number", "title", "text"),
}


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)]


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _claims(repo, source: str) -> dict[int, list[str]]:
    claims: dict[int, list[str]] = defaultdict(list)
    for table, columns in CLAIMING_TABLES.items():
        for row in repo.db[table].rows_where("source = ?", [source]):
            text = " ".join(str(row[c] or "") for c in columns)
            if table == "resources":
                text += " Resource Published Authoring body"
            if table == "itil_sections":
                text += f" {row['publication']}"
            for line in json.loads(row["source_lines"]):
                claims[line].append(text)
    if source.startswith("itil"):
        for ref in repo.db["clause_refs"].rows:
            text = f"{ref['publication'] or ''} {ref['section'] or ''} {ref['title']} {ref['as_written']}"
            for line in json.loads(ref["source_lines"]):
                claims[line].append(text)
        for part in repo.db["standard_parts"].rows:
            for line in json.loads(part["source_lines"]):
                claims[line].append(f"Part {part['part']} {part['title']}")
    for row in repo.db["residue"].rows_where("source = ?", [source]):
        claims[row["line"]].append(row["text"])
    return claims


@pytest.mark.parametrize("path", [CATALOGUE, WHITE_PAPER], ids=["catalogue", "white paper"])
def test_every_line_is_stored(repo, path):
    source = path.name
    claims = _claims(repo, source)
    corrections = defaultdict(list)
    for c in repo.db["corrections"].rows_where("source = ?", [source]):
        corrections[c["line"]].append((c["original"], c["corrected"]))
    unclaimed, unmatched = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        text = line.replace("\u00a0", " ").strip()
        if not text:
            continue
        if number not in claims:
            unclaimed.append((number, text[:60]))
            continue
        for original, corrected in corrections[number]:
            text = text.replace(original, corrected)
        haystack = _squash(" ".join(claims[number]))
        missing = [w for w in _words(text) if w not in haystack]
        if missing:
            unmatched.append((number, missing[:5], text[:60]))
    assert unclaimed == []
    assert unmatched == []


def test_every_resource_line_belongs_to_exactly_one_resource(repo):
    owners = defaultdict(list)
    for row in repo.db["resources"].rows:
        for line in json.loads(row["source_lines"]):
            owners[line].append(row["id"])
    assert all(len(ids) == 1 for ids in owners.values())
