"""``kbapp list``, ``kbapp show`` and ``kbapp export``: records as they are stored."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kbapp.cli.commands.build import ready
from kbapp.cli.output import emit_csv, print_json, print_table, tell
from kbapp.cli.registry import ExitCode, UsageError, command
from kbapp.domain.ids import KINDS, RecordKind
from kbapp.domain.labels import count_text, record_label
from kbapp.domain.mapping_rules import EDITIONS_NOTE
from kbapp.export.csv import to_csv_text
from kbapp.present.mapping_rows import COVERAGE_COLUMNS, MAPPED_STANDARDS, PAIR_COLUMNS, coverage_rows, pair_rows
from kbapp.present.records import record_fields_text
from kbapp.services import session_log
from kbapp.services.exports import ExportReport, export_records, export_report
from kbapp.services.knowledge_base import KnowledgeBase

TABLE_COLUMNS = {
    RecordKind.RESOURCE: ["id", "published", "authoring_body_abbr", "category", "title"],
    RecordKind.TERM: ["term", "abbreviation", "itil_publication", "informal_definition"],
    RecordKind.ABBREVIATION: ["abbreviation", "expansion"],
    RecordKind.MAPPING: ["edition", "clause", "relation", "itil_publication", "itil_section", "itil_title"],
    RecordKind.STANDARD: ["designation", "year", "status", "expected_publication", "title"],
    RecordKind.SECTION: ["id", "number", "title", "kind"],
    RecordKind.ITIL: ["id", "publication", "number", "title", "listed_in", "clauses"],
}


PROVENANCE_PLACES = ("beside", "inside")
PROVENANCE_HELP = "beside: FILE.provenance.json (the default); inside: a second section of the CSV, one file"


def tell_provenance(report: ExportReport) -> None:
    if report.provenance:
        print(f"its provenance (sources, build, SHA-256): {report.provenance}")
    elif report.inline:
        print("its provenance (sources, build, SHA-256) is inside it, after the records")


def _list_arguments(ls: argparse.ArgumentParser) -> None:
    ls.add_argument("kind", choices=[kind.plural for kind in KINDS])
    ls.add_argument("--format", choices=("table", "json", "csv"), default="table")


@command("list", "list every record of a kind", _list_arguments)
def list_(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    kind = RecordKind.named(args.kind)
    assert kind is not None  # argparse allows only the kinds' names
    # Mappings: one row per clause and reference, the inherited ones and the gaps too.
    rows = pair_rows(_mapping_trees(kb)) if kind is RecordKind.MAPPING else kb.repository().listings.of_kind(kind)
    if args.format == "json":
        print_json(rows)
    elif args.format == "csv":
        columns = [c for c in rows[0] if c not in ("blocks", "source_lines")] if rows else []
        if kind is RecordKind.MAPPING:
            columns = PAIR_COLUMNS
        sys.stdout.write(to_csv_text(rows, columns) if rows else "")
    else:
        print_table(rows, TABLE_COLUMNS[kind])
        if kind is RecordKind.MAPPING:
            print(EDITIONS_NOTE)
    return ExitCode.DONE


def _mapping_trees(kb: KnowledgeBase) -> dict[str, list[dict]]:
    return {standard: kb.repository().mappings.clause_tree(standard) for standard in MAPPED_STANDARDS}


def _coverage_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("--format", choices=("table", "json", "csv"), default="table")
    c.add_argument("--output", type=Path, help="with --format csv: the file to write, its provenance beside it")
    c.add_argument("--provenance", choices=PROVENANCE_PLACES, default="beside", help=PROVENANCE_HELP)


@command(
    "coverage", "per top-level clause: references of its own, inherited, missing; and the gaps", _coverage_arguments
)
def coverage(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    if args.output and args.format != "csv":
        raise UsageError("--output goes with --format csv")
    ready(kb)
    rows = coverage_rows(_mapping_trees(kb))
    if args.format == "json":
        print_json(rows)
    elif args.format == "csv" and args.output:
        inline = args.provenance == "inside"
        report = export_report(kb, rows, COVERAGE_COLUMNS, args.output, "coverage report", inline=inline)
        print(f"exported the coverage of {count_text(report.records, 'top-level clause')} to {report.path}")
        tell_provenance(report)
    elif args.format == "csv":
        emit_csv(rows, None, columns=COVERAGE_COLUMNS)
    else:
        print_table(rows, ["edition", "clause", "clause_title", "clauses", "own", "inherited", "missing", "gaps"])
        print(EDITIONS_NOTE)
    return ExitCode.DONE


def _show_arguments(sh: argparse.ArgumentParser) -> None:
    sh.add_argument("id")
    sh.add_argument("--format", choices=("table", "json"), default="table")


@command("show", "one record in full, with its links", _show_arguments)
def show(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    record = kb.repository().records.get(args.id)
    session_log.record(kb, "open", record["id"], record_label(record["type"], record))
    if args.format == "json":
        print_json(record)
    else:
        print("\n".join(record_fields_text(record)))
    return ExitCode.DONE


def _export_arguments(e: argparse.ArgumentParser) -> None:
    e.add_argument("ids", nargs="+")
    e.add_argument("--output", type=Path, required=True, help="FILE.csv, or FILE.xlsx for a workbook (every cell text)")
    e.add_argument("--no-bom", action="store_true", help="write UTF-8 without a byte-order mark")
    e.add_argument("--provenance", choices=PROVENANCE_PLACES, default="beside", help=PROVENANCE_HELP)


@command("export", "export records to CSV, with their provenance beside", _export_arguments)
def export(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    inline = args.provenance == "inside"
    report = export_records(kb, args.ids, args.output, bom=not args.no_bom, inline=inline)
    print(f"exported {count_text(report.records, 'record')} to {report.path}")
    tell_provenance(report)
    return ExitCode.DONE


def _verify_arguments(v: argparse.ArgumentParser) -> None:
    v.add_argument("file", type=Path, help="an exported file, its FILE.provenance.json beside it or inside it")


@command("verify-export", "check an exported file against its provenance", _verify_arguments)
def verify_export(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    found = kb.verify_export(args.file)
    facts = found.provenance
    if found.ok:
        print(
            f"{args.file} is the file exported {facts.get('exported_at', '')} "
            f"by kbapp {facts.get('kbapp_version', '')} "
            f"from build {str(facts.get('build_id', ''))[:12]}: {count_text(int(facts.get('records', 0)), 'record')}, "
            f"SHA-256 {facts.get('sha256', '')}"
        )
    else:
        tell(f"{args.file} does not match its provenance: " + "; ".join(found.problems))
    for note in found.notes:
        tell(note)
    return ExitCode.DONE if found.ok else ExitCode.NOTHING_OR_DATA_ERROR
