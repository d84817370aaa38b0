"""CSV export: RFC 4180 through the csv module, UTF-8 with a BOM for Excel,
formula-like cells neutralised, written to a temporary file and renamed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kbapp.domain.cells import neutralise
from kbapp.domain.labels import (
    LOCAL_ENTRY_ORIGIN,
    LOCAL_OVERRIDE_ORIGIN,
    clause_label,
    inferred_references,
    itil_references_text,
    record_label,
    source_lines_text,
    standard_designation,
)
from kbapp.domain.mapping_rules import clause_number, mapped_edition
from kbapp.export.files import written_whole

# Every export starts with these, whatever the mix of record types, so that a working
# paper can cite any row the same way; each type's own columns follow, in the order of
# COLUMNS (the types' order), never in the order the records came.
LEADING = ["type", "id", "label", "summary", "source", "edition", "note"]
SUMMARY_CHARS = 240

COLUMNS: dict[str, list[str]] = {
    "resource": [
        "title",
        "published",
        "authoring_body",
        "authoring_body_abbr",
        "category",
        "description",
        "standards",
        "markings",
        "reviews",
        "emails",
    ],
    "term": ["term", "abbreviation", "informal_definition", "itil_definition", "itil_publication"],
    "abbreviation": ["abbreviation", "expansion"],
    "mapping": [
        "standard",
        "clause",
        "clause_title",
        "itil_references",
        "itil_publications_inferred",
        "inherited_from",
        "superseded_by",
    ],
    "standard": [
        "designation",
        "year",
        "title",
        "status",
        "expected_publication",
        "relations",
        "parts",
        "description",
        "later_editions",
        "current_edition",
    ],
    "section": ["number", "title", "text"],
    "itil": ["publication", "publication_name", "number", "title", "other_titles", "parent", "listed_in", "clauses"],
}


def flatten(record: dict[str, Any], note: str = "") -> dict[str, Any]:
    """The CSV cells of one full record (as ``Repository.get`` returns it); ``note``: the
    user's own, on it."""
    kind = record["type"]
    row: dict[str, Any] = {
        "type": kind,
        "id": record["id"],
        "label": record_label(kind, record),
        "summary": _summary(kind, record),
        "source": "",
        "edition": _edition(kind, record),
        "note": note,
    }
    if kind == "resource":
        row.update({k: record.get(k) for k in COLUMNS["resource"][:6]})
        row["standards"] = "; ".join(s["designation"] for s in record.get("standards", []))
        row["markings"] = "; ".join(
            m["marking"] + (" (restricted)" if m["restricted"] else "") for m in record.get("markings", [])
        )
        row["reviews"] = "; ".join(
            f"{v['reviewer']}, {v['month'] + ' ' if v['month'] else ''}{v['year']}" for v in record.get("reviews", [])
        )
        row["emails"] = "; ".join(record.get("emails", []))
    elif kind == "mapping":
        row.update({"standard": record["standard"], "clause": record["clause"], "clause_title": record["title"]})
        row["itil_references"] = itil_references_text(record.get("references", []))
        # Which references' publication the parser inferred (a wrapped row): an auditor checks those.
        row["itil_publications_inferred"] = "; ".join(
            f"{r['publication']} {r['section']}" for r in inferred_references(record.get("references", []))
        )
        inherited = record.get("inherited_from")
        row["inherited_from"] = clause_number(inherited) if inherited else ""
        row["superseded_by"] = record.get("superseded_by") or ""
    elif kind == "standard":
        row.update(
            {
                k: record.get(k)
                for k in (
                    "designation",
                    "year",
                    "title",
                    "status",
                    "expected_publication",
                    "description",
                    "current_edition",
                )
            }
        )
        row["relations"] = "; ".join(f"{r['relation']} {r['target']}" for r in record.get("relations", []))
        row["parts"] = "; ".join(f"Part {p['part']}: {p['title']}" for p in record.get("parts", []))
        row["later_editions"] = "; ".join(record.get("later_editions", []))
    elif kind == "itil":
        row.update({k: record.get(k) for k in ("publication", "publication_name", "number", "title")})
        row["other_titles"] = "; ".join(t for t in record.get("titles", []) if t != record.get("title"))
        row["parent"] = record.get("parent") or ""
        row["listed_in"] = "; ".join(record.get("listed_in", []))
        row["clauses"] = "; ".join(
            clause_label(c["standard"], c["clause"])
            + (f" (inherited from {clause_number(c['inherited_from'])})" if c.get("inherited_from") else "")
            for c in record.get("clauses", [])
        )
    else:
        row.update({k: record.get(k) for k in COLUMNS[kind]})
    where = source_lines_text(record.get("source_lines"))
    row["source"] = f"{record.get('source', '')}, {where}" if where else record.get("source", "")
    if record.get("local") == "entry":
        row["source"] = LOCAL_ENTRY_ORIGIN.lower()
    elif record.get("local") == "override":
        row["source"] += f"; {LOCAL_OVERRIDE_ORIGIN.lower()}"
    return row


def columns_for(rows: Iterable[dict[str, Any]]) -> list[str]:
    """The leading columns, then the columns of each type present, in COLUMNS' order."""
    present = {row["type"] for row in rows}
    columns = list(LEADING)
    for kind, own in COLUMNS.items():
        if kind in present:
            columns += [c for c in own if c not in columns]
    return columns


def _summary(kind: str, record: dict[str, Any]) -> str:
    """One cell that says what the record is: a definition, an expansion, the opening
    of a description, a clause's ITIL references."""
    if kind == "term":
        text = record.get("informal_definition") or record.get("itil_definition") or ""
    elif kind == "abbreviation":
        text = record.get("expansion") or ""
    elif kind == "mapping":
        text = itil_references_text(record.get("references", [])) or "no ITIL reference"
    elif kind == "standard":
        text = " · ".join(str(record[k]) for k in ("title", "status") if record.get(k))
    elif kind == "itil":
        text = f"{record.get('publication_name', '')} {record.get('number', '')}: {record.get('title', '')}"
    else:
        text = (record.get("description") or record.get("text") or "").strip().split("\n\n")[0]
    text = " ".join(str(text).split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _edition(kind: str, record: dict[str, Any]) -> str:
    """The edition of the standard a record concerns: a clause's is the mapping tables'
    (ISO/IEC 27002:2005); a standard's, the one the sources give."""
    if kind == "mapping":
        return mapped_edition(str(record.get("standard", "")))
    if kind == "standard":
        return standard_designation(record)
    return ""


def to_csv_text(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    columns = columns or columns_for(rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(c)) for c in columns])
    return buffer.getvalue()


def write_csv(path: Path, rows: list[dict[str, Any]], columns: list[str] | None = None, bom: bool = True) -> Path:
    """Write rows whole (``files.written_whole``): a failed export leaves any earlier file as it was."""
    return write_text(Path(path), to_csv_text(rows, columns), bom)


def write_text(path: Path, text: str, bom: bool = True) -> Path:
    """Write ``text`` (UTF-8, with a byte-order mark if ``bom``) whole, as every export is."""
    with written_whole(path) as temp, open(temp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        fh.write(text)
    return path
