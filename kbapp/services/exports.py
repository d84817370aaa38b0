"""Exporting records to CSV for working papers: the same rows from the CLI and the window."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbapp.domain.errors import ExportError
from kbapp.export.csv import flatten, write_csv
from kbapp.services.store import Store


@dataclass
class ExportReport:
    path: Path
    records: int
    left_out: list[str] = field(default_factory=list)  # ids no longer in the knowledge base


def csv_rows(store: Store, typed_ids: list[str]) -> list[dict[str, Any]]:
    """The CSV cells of each record, in the order given."""
    records = store.repository().records
    return [flatten(records.get(typed_id)) for typed_id in typed_ids]


def export_records(
    store: Store, typed_ids: list[str], path: Path, bom: bool = True, skip_gone: bool = False
) -> ExportReport:
    """Write the records to ``path`` whole, or leave any earlier file as it was. With
    ``skip_gone`` (a selection collected over time), records no longer in the knowledge
    base are left out and named in the report instead of failing the export."""
    present = typed_ids
    left_out: list[str] = []
    if skip_gone:
        known = store.repository().views.summaries(typed_ids)
        present = [i for i in typed_ids if i in known]
        left_out = [i for i in typed_ids if i not in known]
        if not present:
            raise ExportError("none of these records is in the knowledge base any more; nothing was written")
    rows = csv_rows(store, present)
    return ExportReport(write_csv(path, rows, bom=bom), len(rows), left_out)
