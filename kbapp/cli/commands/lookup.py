"""``kbapp define`` and ``kbapp map``: the glossary and the ISO/IEC ↔ ITIL mappings."""

from __future__ import annotations

import argparse

from kbapp.cli.commands.build import ready
from kbapp.cli.output import print_json, print_table, tell
from kbapp.cli.registry import ExitCode, UsageError, command
from kbapp.domain.crosswalk import Crosswalk, parse_target
from kbapp.domain.labels import clause_label, definition_parts, itil_reference_text
from kbapp.domain.mapping_rules import ANNEX_A_STANDARD, annex_a, clause_number
from kbapp.present.crosswalk import NO_TABLES, followed_json, followed_lines
from kbapp.search.lookup import define as look_up
from kbapp.services import crosswalks, session_log
from kbapp.services.knowledge_base import KnowledgeBase


def _define_arguments(d: argparse.ArgumentParser) -> None:
    d.add_argument("term", nargs="+")
    d.add_argument("--format", choices=("table", "json"), default="table")


@command("define", "look up a glossary term or abbreviation", _define_arguments)
def define(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    ready(kb)
    query = " ".join(args.term)
    matches, corrected = look_up(kb.repository().glossary, query)
    session_log.record(kb, "lookup", query, f"{len(matches)} definitions" + (f", as {corrected}" if corrected else ""))
    if args.format == "json":
        print_json({"query": query, "corrected": corrected, "definitions": matches})
        return ExitCode.DONE if matches else ExitCode.NOTHING_OR_DATA_ERROR
    if not matches:
        tell(f"no term or abbreviation like '{query}'; try 'kbapp search {query}'")
        return ExitCode.NOTHING_OR_DATA_ERROR
    if corrected:
        print(f"showing: {corrected}  (no entry for '{query}')")
    for d in matches:
        if d["type"] == "abbreviation":
            print(f"{d['abbreviation']}: {d['expansion']}")
        else:
            print(d["term"] + (f" ({d['abbreviation']})" if d.get("abbreviation") else ""))
            for label, text in definition_parts(d):
                print(f"  {label}: {text}")
        if d.get("related"):
            print("  See also: " + ", ".join(r["title"] for r in d["related"] if r.get("title")))
    return ExitCode.DONE


def _map_arguments(m: argparse.ArgumentParser) -> None:
    m.add_argument("clause", nargs="?")
    m.add_argument("--standard", choices=("27001", "27002"))
    m.add_argument("--itil", help="an ITIL reference such as 'SD 4.6.4.3'")
    m.add_argument("--to", metavar="EDITION", help="follow the loaded crosswalk tables to an edition: 27002:2022")
    m.add_argument("--format", choices=("table", "json"), default="table")


@command("map", "ITIL references of an ISO/IEC 27001/27002 clause, or clauses of an ITIL section", _map_arguments)
def map_(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    if bool(args.clause) == bool(args.itil):
        raise UsageError("give a clause (kbapp map 10.1.2) or --itil 'SD 4.6.4.3', not both or neither")
    if args.to and (args.itil or parse_target(args.to) is None):
        raise UsageError(
            "--to takes an edition, as 27002:2022, and goes with a clause: kbapp map 10.1.2 --to 27002:2022"
        )
    ready(kb)
    mappings = kb.repository().mappings
    if args.itil:
        # SD 4.6.4.3, SD-4.6.4.3, Service Design 4.6.4.3, or 4.6.4.3 where only one publication has it.
        result = mappings.map_itil(kb.repository().itil.section_of(args.itil))
        if args.format == "json":
            print_json(result)
            return ExitCode.DONE
        names = f" ({result['publication_name']})" if result["publication_name"] else ""
        print(f"{result['publication']}{names} {result['section']} {' / '.join(result['titles'])}")
        print_table(
            [{**c, "how": "inherited" if c["inherited"] else "direct"} for c in result["clauses"]],
            ["standard", "clause", "clause_title", "how"],
        )
        return ExitCode.DONE
    clause, standard = args.clause, args.standard
    control = annex_a(clause)
    if control and not standard:
        if args.format != "json":
            print(control.explanation)
        clause, standard = control.clause, ANNEX_A_STANDARD
    results = mappings.map_clause(clause, standard)
    if args.to:
        return _map_to(kb, results, args.to, args.format)
    if args.format == "json":
        print_json(results)
        return ExitCode.DONE
    for r in results:
        print(f"{clause_label(r['standard'], r['clause'])} {r['clause_title']}")
        if not r["references"]:
            print("  no ITIL reference (a gap in the mapping)")
        if r["inherited_from"]:
            print(f"  inherited from clause {clause_number(r['inherited_from'])}")
        for ref in r["references"]:
            print("  " + itil_reference_text(ref, with_name=True))
    return ExitCode.DONE


def _map_to(kb: KnowledgeBase, clauses: list[dict], target: str, form: str) -> int:
    loaded = crosswalks.loaded_tables(kb)
    for notice in loaded.notices:
        tell(notice)
    crosswalk = Crosswalk(loaded.tables)
    followed = [crosswalk.follow_clause(c["standard"], c["clause"], target) for c in clauses]
    if form == "json":
        print_json([{**c, "crosswalk": followed_json(f)} for c, f in zip(clauses, followed, strict=True)])
    else:
        for c, f in zip(clauses, followed, strict=True):
            print(f"{clause_label(c['standard'], c['clause'])} {c['clause_title']}")
            for line in [NO_TABLES] if not loaded.tables else followed_lines(f):
                print(f"  {line}")
    return ExitCode.DONE if all(f.chains for f in followed) else ExitCode.NOTHING_OR_DATA_ERROR
