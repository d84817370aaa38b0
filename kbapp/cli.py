"""The command line: every function of kbapp without a display.

``--format json`` output is stable: keys are only ever added.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from kbapp import __version__
from kbapp.domain.errors import KbError
from kbapp.domain.ids import RecordKind
from kbapp.domain.labels import definition_parts, itil_reference_text
from kbapp.domain.mapping_rules import clause_number
from kbapp.export.csv import flatten, to_csv_text, write_csv
from kbapp.search.lookup import define
from kbapp.search.results import Filters
from kbapp.services.knowledge_base import KnowledgeBase

LIST_KINDS = ("resources", "terms", "abbreviations", "mappings", "standards", "sections")
TABLE_COLUMNS = {
    "resources": ["id", "published", "authoring_body_abbr", "category", "title"],
    "terms": ["term", "abbreviation", "itil_publication", "informal_definition"],
    "abbreviations": ["abbreviation", "expansion"],
    "mappings": ["standard", "clause", "clause_title", "itil_publication", "itil_section", "itil_title"],
    "standards": ["designation", "year", "status", "expected_publication", "title"],
    "sections": ["id", "number", "title", "kind"],
}


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(
            f"{message} (see 'kbapp {self.prog.split(' ', 1)[-1] if ' ' in self.prog else ''} --help')".replace(
                "  ", " "
            )
        )


def build_parser() -> Parser:
    p = Parser(
        prog="kbapp", description="Offline knowledge base for information assurance. With no command, opens the window."
    )
    p.add_argument("--version", action="version", version=f"kbapp {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=Parser)

    b = sub.add_parser("build", help="build the database and index from the shipped sources")
    b.add_argument("--force", action="store_true", help="rebuild even if up to date")

    s = sub.add_parser("search", help="ranked full-text search")
    s.add_argument("query", nargs="+")
    s.add_argument(
        "--type", action="append", default=[], help="resource, term, abbreviation, mapping, standard, section"
    )
    s.add_argument("--category", action="append", default=[])
    s.add_argument("--body", action="append", default=[], help="authoring body name as listed in the facets")
    s.add_argument("--year", help="YYYY or YYYY-YYYY")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--format", choices=("table", "json", "csv"), default="table")
    s.add_argument("--output", type=Path, help="with --format csv: the file to write")

    d = sub.add_parser("define", help="look up a glossary term or abbreviation")
    d.add_argument("term", nargs="+")
    d.add_argument("--format", choices=("table", "json"), default="table")

    m = sub.add_parser("map", help="ITIL references of an ISO/IEC 27001/27002 clause, or clauses of an ITIL section")
    m.add_argument("clause", nargs="?")
    m.add_argument("--standard", choices=("27001", "27002"))
    m.add_argument("--itil", help="an ITIL reference such as 'SD 4.6.4.3'")
    m.add_argument("--format", choices=("table", "json"), default="table")

    ls = sub.add_parser("list", help="list every record of a kind")
    ls.add_argument("kind", choices=LIST_KINDS)
    ls.add_argument("--format", choices=("table", "json", "csv"), default="table")

    sh = sub.add_parser("show", help="one record in full, with its links")
    sh.add_argument("id")
    sh.add_argument("--format", choices=("table", "json"), default="table")

    e = sub.add_parser("export", help="export records to CSV")
    e.add_argument("ids", nargs="+")
    e.add_argument("--output", type=Path, required=True)
    e.add_argument("--no-bom", action="store_true", help="write UTF-8 without a byte-order mark")

    i = sub.add_parser("import", help="add the entries of catalogue files (the shipped catalogue's format)")
    i.add_argument("files", nargs="+", type=Path)

    im = sub.add_parser("imports", help="list imported files, or remove one")
    im.add_argument("--remove", metavar="NAME", help="take this import's entries out and delete its kept copy")

    sub.add_parser("gui", help="open the window (the default)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(f"kbapp: {exc}", file=sys.stderr)
        return 2
    if args.command in (None, "gui"):
        return _gui()
    kb = KnowledgeBase()
    try:
        return COMMANDS[args.command](kb, args)
    except UsageError as exc:
        print(f"kbapp: {exc}", file=sys.stderr)
        return 2
    except KbError as exc:
        print(f"kbapp: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    finally:
        kb.close()


def _gui() -> int:
    try:
        from kbapp.ui.app import run
    except ImportError as exc:
        print(f"kbapp: the window cannot start ({exc}); the commands still work (see 'kbapp --help')", file=sys.stderr)
        return 1
    return run()


def _ready(kb: KnowledgeBase) -> None:
    if not kb.database_is_current():
        print("kbapp: building the knowledge base from the shipped sources…", file=sys.stderr)
    for notice in kb.ensure_ready().notices:
        print(f"kbapp: {notice}", file=sys.stderr)


# ----- commands -----------------------------------------------------------------


def cmd_build(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    report = kb.build(force=args.force, check=True)
    for notice in report.notices:
        print(f"kbapp: {notice}", file=sys.stderr)
    what = []
    what.append("database rebuilt" if report.built_database else "database up to date")
    what.append(f"index rebuilt ({report.index_reason})" if report.built_index else "index up to date")
    counts = ", ".join(f"{n} {k}s" for k, n in report.counts.items())
    print(f"{'; '.join(what)}: {counts}")
    print(f"database: {report.database}")
    print(f"index: {report.index}")
    return 0


def _years(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*(?:(?:-|\.\.|to)\s*(\d{4}))?\s*", value)
    if not m:
        raise UsageError(f"--year takes YYYY or YYYY-YYYY, not '{value}'")
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    return (min(lo, hi), max(lo, hi))


def _resolve(value: str, known: dict[str, str]) -> str:
    """A facet value as the index holds it, from any case or an abbreviation."""
    for key, name in known.items():
        if value.lower() in (key.lower(), name.lower()):
            return name
    return value


def cmd_search(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    if args.output and args.format != "csv":
        raise UsageError("--output goes with --format csv")
    _ready(kb)
    query = " ".join(args.query)
    repo = kb.repository()
    filters = Filters(
        types=args.type,
        categories=[_resolve(c, repo.index.categories()) for c in args.category],
        bodies=[
            _resolve(b, {x["abbreviation"] or x["name"]: x["name"] for x in repo.index.bodies()}) for b in args.body
        ],
        years=_years(args.year),
    )
    result = kb.engine().search(query, filters, limit=args.limit)
    if args.format == "json":
        _print_json(result.as_dict())
    elif args.format == "csv":
        rows = [flatten(repo.records.get(h.id)) for h in result.hits]
        _emit_csv(rows, args.output)
    else:
        if result.corrected:
            print(f"showing results for: {result.corrected}  (no good match for '{query}')")
        print(
            f"{result.total} result{'s' if result.total != 1 else ''}"
            + (" (time limit reached)" if result.timed_out else "")
        )
        rows = [
            {"#": i + 1, "type": h.type, "title": h.title, "id": h.id, "snippet": h.snippet}
            for i, h in enumerate(result.hits)
        ]
        if rows:
            _print_table(rows, ["#", "type", "id", "title"])
        if result.facets.get("type"):
            print("by type: " + ", ".join(f"{v} {c}" for v, c in result.facets["type"]))
    return 0


def cmd_define(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    _ready(kb)
    query = " ".join(args.term)
    matches, corrected = define(kb.repository().glossary, query)
    if args.format == "json":
        _print_json({"query": query, "corrected": corrected, "definitions": matches})
        return 0 if matches else 1
    if not matches:
        print(f"kbapp: no term or abbreviation like '{query}'; try 'kbapp search {query}'", file=sys.stderr)
        return 1
    if corrected:
        print(f"showing: {corrected}  (no entry for '{query}')")
    for d in matches:
        head = d["term"] + (f" ({d['abbreviation']})" if d.get("abbreviation") and d["type"] == "term" else "")
        if d["type"] == "abbreviation":
            head = f"{d['abbreviation']}: {d['expansion']}"
        print(head)
        if d["type"] == "term":
            for label, text in definition_parts(d):
                print(f"  {label}: {text}")
        if d.get("related"):
            print("  See also: " + ", ".join(r["title"] for r in d["related"] if r.get("title")))
    return 0


def cmd_map(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    if bool(args.clause) == bool(args.itil):
        raise UsageError("give a clause (kbapp map 10.1.2) or --itil 'SD 4.6.4.3', not both or neither")
    _ready(kb)
    repo = kb.repository()
    if args.itil:
        result = repo.mappings.map_itil(args.itil)
        if args.format == "json":
            _print_json(result)
            return 0
        names = f" ({result['publication_name']})" if result["publication_name"] else ""
        print(f"{result['publication']}{names} {result['section']} {' / '.join(result['titles'])}")
        _print_table(
            [{**c, "how": "inherited" if c["inherited"] else "direct"} for c in result["clauses"]],
            ["standard", "clause", "clause_title", "how"],
        )
        return 0
    results = repo.mappings.map_clause(args.clause, args.standard)
    if args.format == "json":
        _print_json(results)
        return 0
    for r in results:
        print(f"{r['standard']} {r['clause']} {r['clause_title']}")
        if not r["references"]:
            print("  no ITIL reference (a gap in the mapping)")
        if r["inherited_from"]:
            print(f"  inherited from clause {clause_number(r['inherited_from'])}")
        for ref in r["references"]:
            print("  " + itil_reference_text(ref, with_name=True))
    return 0


def cmd_list(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    _ready(kb)
    repo = kb.repository()
    kind = RecordKind.named(args.kind)
    assert kind is not None  # argparse allows only the kinds' names
    rows = repo.listings.of_kind(kind)
    if args.format == "json":
        _print_json(rows)
    elif args.format == "csv":
        columns = [c for c in rows[0] if c not in ("blocks", "source_lines")] if rows else []
        sys.stdout.write(to_csv_text(rows, columns) if rows else "")
    else:
        _print_table(rows, TABLE_COLUMNS[args.kind])
    return 0


def cmd_show(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    _ready(kb)
    record = kb.repository().records.get(args.id)
    if args.format == "json":
        _print_json(record)
        return 0
    flat = flatten(record)
    width = max(len(k) for k in flat)
    for key, value in flat.items():
        if value in (None, ""):
            continue
        text = str(value).replace("\n", "\n" + " " * (width + 2))
        print(f"{key:<{width}}  {text}")
    for link in record.get("links", []):
        title = f"  {link['title']}" if link.get("title") else ""
        print(f"{'link':<{width}}  {link['relation']}: {link['id']}{title}")
    return 0


def cmd_export(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    _ready(kb)
    repo = kb.repository()
    rows = [flatten(repo.records.get(i)) for i in args.ids]
    path = write_csv(args.output, rows, bom=not args.no_bom)
    print(f"exported {len(rows)} record{'s' if len(rows) != 1 else ''} to {path}")
    return 0


def cmd_import(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    _ready(kb)
    for path in args.files:
        report = kb.import_catalogue(path, _ProgressLine(path.name))
        kept = f"; {_count(report.residue, 'line')} before the first entry kept as residue" if report.residue else ""
        entries = _count(report.entries, "entry")
        print(f"imported {entries} from {path} as imports/{report.name} (index {report.index}){kept}")
    return 0


def cmd_imports(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    _ready(kb)
    if args.remove:
        removed = kb.remove_import(args.remove).entries
        print(f"removed imports/{args.remove} and its {_count(removed, 'entry')}")
        return 0
    rows = [{"name": f.name, "entries": f.entries, "imported": f.imported_at} for f in kb.imports()]
    _print_table(rows, ["name", "entries", "imported"])
    return 0


class _ProgressLine:
    """Progress of a long import on stderr: one line rewritten on a terminal, a line
    per tenth elsewhere (a log keeps a readable trace)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.shown = (None, -1)
        self.tty = sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        percent = 100 * done // max(1, total)
        step = percent if self.tty else percent // 10 * 10
        if (stage, step) == self.shown:
            return
        self.shown = (stage, step)
        line = f"kbapp: {self.name}: {stage} {step}%"
        print(f"\r{line}" if self.tty else line, end="" if self.tty else "\n", file=sys.stderr, flush=True)
        if self.tty and stage == "indexing" and step == 100:
            print(file=sys.stderr)


COMMANDS = {
    "build": cmd_build,
    "search": cmd_search,
    "define": cmd_define,
    "map": cmd_map,
    "list": cmd_list,
    "show": cmd_show,
    "export": cmd_export,
    "import": cmd_import,
    "imports": cmd_imports,
}


# ----- output helpers -----------------------------------------------------------


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _emit_csv(rows: list[dict[str, Any]], output: Path | None) -> None:
    if output:
        path = write_csv(output, rows)
        print(f"exported {len(rows)} record{'s' if len(rows) != 1 else ''} to {path}", file=sys.stderr)
    else:
        sys.stdout.write(to_csv_text(rows) if rows else "")


def _print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    """Aligned columns; the last column is cut to the terminal's width."""
    if not rows:
        print("(none)")
        return
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    widths = [min(w, 48) for w in widths[:-1]] + [widths[-1]]
    total = shutil.get_terminal_size((120, 24)).columns
    room = max(20, total - sum(widths[:-1]) - 2 * (len(columns) - 1))
    widths[-1] = min(widths[-1], room)
    print("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(_fit(v, w) for v, w in zip(row, widths, strict=True)).rstrip())


def _count(n: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
