"""Records as readable text, for the clipboard and the command line (no Qt here)."""

from __future__ import annotations

from typing import Any

from kbapp.domain.ids import RecordKind
from kbapp.domain.labels import count_text
from kbapp.export.csv import flatten

HIDDEN = ("type", "id", "source")


def records_as_text(records: list[dict[str, Any]]) -> str:
    """Records as readable text with their source, for the clipboard."""
    blocks = []
    for record in records:
        row = flatten(record)
        lines = [
            f"{key.replace('_', ' ').capitalize()}: {value}"
            for key, value in row.items()
            if key not in HIDDEN and value not in (None, "")
        ]
        lines.append(f"Source: {row['source']} ({row['id']})")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def record_fields_text(record: dict[str, Any]) -> list[str]:
    """A record's fields, one aligned ``name  value`` line each, then its links."""
    flat = flatten(record)
    width = max(len(k) for k in flat)
    lines = []
    for key, value in flat.items():
        if value in (None, ""):
            continue
        text = str(value).replace("\n", "\n" + " " * (width + 2))
        lines.append(f"{key:<{width}}  {text}")
    for link in record.get("links", []):
        title = f"  {link['title']}" if link.get("title") else ""
        lines.append(f"{'link':<{width}}  {link['relation']}: {link['id']}{title}")
    return lines


COUNT_NOUNS = {"mapping": "clause", "itil": RecordKind.ITIL.noun}  # a mapping record is one clause of the tables


def counts_text(counts: dict[str, int]) -> str:
    """``30 resources · 24 terms · … · 211 clauses · …``."""
    return " · ".join(count_text(n, COUNT_NOUNS.get(kind, kind)) for kind, n in counts.items())
