"""Exporting records to CSV for working papers: the same rows from the CLI and the window."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbapp.export.csv import flatten, write_csv
from kbapp.services.store import Store


@dataclass
class ExportReport:
    path: Path
    records: int


def csv_rows(store: Store, typed_ids: list[str]) -> list[dict[str, Any]]:
    """The CSV cells of each record, in the order given."""
    records = store.repository().records
    return [flatten(records.get(typed_id)) for typed_id in typed_ids]


def export_records(store: Store, typed_ids: list[str], path: Path, bom: bool = True) -> ExportReport:
    """Write the records to ``path`` whole, or leave any earlier file as it was."""
    rows = csv_rows(store, typed_ids)
    return ExportReport(write_csv(path, rows, bom=bom), len(rows))
