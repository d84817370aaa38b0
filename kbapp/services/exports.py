"""Exporting records to CSV for working papers: the same rows from the CLI and the window."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbapp.domain.errors import ExportError, KbError
from kbapp.export.csv import columns_for, flatten, write_csv
from kbapp.export.inline_provenance import write_with_provenance
from kbapp.export.provenance import Verification, file_sha256, sidecar, write_provenance
from kbapp.export.xlsx import is_xlsx, write_xlsx
from kbapp.present.shown_list import ShownList
from kbapp.services.store import Store


@dataclass
class ExportReport:
    path: Path
    records: int
    left_out: list[str] = field(default_factory=list)  # ids no longer in the knowledge base
    provenance: Path | None = None  # the sidecar: what produced the file, and its SHA-256
    inline: bool = False  # the provenance is inside the file instead, after the records


def csv_rows(store: Store, typed_ids: list[str], notes: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The CSV cells of each record, in the order given; ``notes``: the user's, by id."""
    records = store.repository().records
    notes = notes or {}
    return [flatten(records.get(typed_id), notes.get(typed_id, "")) for typed_id in typed_ids]


def provenance_facts(
    store: Store, rows: list[dict[str, Any]], query: str | None = None, filters: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What produced an export: kbapp, the build, the SHA-256 of each source and import,
    the editions of the standards its rows concern, the query and filters, the time."""
    from kbapp import __version__
    from kbapp.domain.build_identity import now_utc
    from kbapp.storage.kept_imports import source_label, stored_imports
    from kbapp.storage.local import LOCAL_LABEL, local_file

    meta = store.repository().state.meta()
    imports = {source_label(p): file_sha256(p) for p in stored_imports(store.paths.imports)}
    local = local_file(store.paths.imports)
    if local.exists():
        imports[LOCAL_LABEL] = file_sha256(local)
    return {
        "kbapp_version": __version__,
        "build_id": meta.get("build_id", ""),
        "built_at": meta.get("built_at", ""),
        "sources": {
            meta.get("source_catalogue", "catalogue"): meta.get("source_catalogue_sha256", ""),
            meta.get("source_white_paper", "white paper"): meta.get("source_white_paper_sha256", ""),
        },
        "imports": imports,
        "editions": sorted({row["edition"] for row in rows if row.get("edition")}),
        "query": query,
        "filters": filters,
        "working_set": None,
        "records": len(rows),
        "record_ids": [row["id"] for row in rows if "id" in row],
        "exported_at": now_utc(),
    }


def export_list(store: Store, shown: ShownList, path: Path, bom: bool = True, inline: bool = False) -> ExportReport:
    """Write a list as the window shows it (``ShownList``), with its query and filters in
    the provenance beside it."""
    if not shown.rows:
        raise ExportError(f"the {shown.view} view lists nothing to export; nothing was written")
    facts = provenance_facts(store, [], shown.query, shown.filters or None)
    facts.update(view=shown.view, records=len(shown.rows), record_ids=[r["id"] for r in shown.rows])
    written = _write(path, shown.rows, shown.all_columns, bom, facts, inline)
    return _logged(store, _report(written, len(shown.rows), [], facts, inline), None)


def export_report(
    store: Store,
    rows: list[dict[str, Any]],
    columns: list[str],
    path: Path,
    view: str,
    bom: bool = True,
    inline: bool = False,
) -> ExportReport:
    """A report that is not a list of records (the coverage report), with its provenance."""
    if not rows:
        raise ExportError(f"the {view} has no rows; nothing was written")
    facts = provenance_facts(store, rows)
    facts["view"] = view
    written = _write(path, rows, columns, bom, facts, inline)
    return _logged(store, _report(written, len(rows), [], facts, inline), None)


def _logged(store: Store, report: ExportReport, working_set: str | None) -> ExportReport:
    """Name the exported file in the session log, with its SHA-256."""
    from kbapp.services.session_log import record

    digest = file_sha256(report.path)
    record(store, "export", str(report.path), f"{report.records} rows, SHA-256 {digest}", working_set)
    return report


def verify_export(store: Store, path: Path) -> Verification:
    """Whether ``path`` is the file its provenance describes; and, as a note, whether
    the knowledge base has changed since it was exported."""
    from kbapp.export.provenance import verify

    found = verify(path)
    if found.ok:
        build = found.provenance.get("build_id")
        try:
            now = store.repository().state.meta().get("build_id")
        except KbError:  # no knowledge base here: the file is checked all the same
            now = None
        if build and now and build != now:
            found.notes.append(
                f"the knowledge base has changed since it was exported (build {build[:12]} then, {now[:12]} now)"
            )
    return found


def export_records(
    store: Store,
    typed_ids: list[str],
    path: Path,
    bom: bool = True,
    skip_gone: bool = False,
    notes: dict[str, str] | None = None,
    working_set: str | None = None,
    inline: bool = False,
) -> ExportReport:
    """Write the records to ``path`` whole, or leave any earlier file as it was. With
    ``skip_gone`` (a selection collected over time), records no longer in the knowledge
    base are left out and named in the report instead of failing the export. ``notes``:
    the user's on each record (a working set's; else those on its bookmarks), and
    ``working_set`` the set's name, for the provenance; ``inline``: the provenance in
    a second section of the CSV, not beside it."""
    present = typed_ids
    left_out: list[str] = []
    if skip_gone:
        known = store.repository().views.summaries(typed_ids)
        present = [i for i in typed_ids if i in known]
        left_out = [i for i in typed_ids if i not in known]
        if not present:
            raise ExportError("none of these records is in the knowledge base any more; nothing was written")
    rows = csv_rows(store, present, _bookmark_notes(store) if notes is None else notes)
    facts = provenance_facts(store, rows)
    facts["working_set"] = working_set
    written = _write(path, rows, columns_for(rows), bom, facts, inline)
    return _logged(store, _report(written, len(rows), left_out, facts, inline), working_set)


def _write(
    path: Path, rows: list[dict[str, Any]], columns: list[str], bom: bool, facts: dict[str, Any], inline: bool
) -> Path:
    """CSV, or an XLSX workbook (its provenance in a sheet of its own too) when the
    file's name ends ``.xlsx``."""
    if is_xlsx(path):
        return write_xlsx(path, rows, columns, facts)
    if inline:
        return write_with_provenance(path, rows, columns, facts, bom)
    return write_csv(path, rows, columns, bom=bom)


def _report(written: Path, records: int, left_out: list[str], facts: dict[str, Any], inline: bool) -> ExportReport:
    """The export's report, with its provenance written beside it, unless it is inside."""
    if inline and not is_xlsx(written):
        sidecar(written).unlink(missing_ok=True)  # an earlier export's would describe another file
        return ExportReport(written, records, left_out, None, inline=True)
    return ExportReport(written, records, left_out, write_provenance(written, facts))


def _bookmark_notes(store: Store) -> dict[str, str]:
    """The user's notes on their bookmarks, for the export's note column."""
    return {b["record_id"]: b["note"] for b in store.bookmarks() if b.get("note")}
