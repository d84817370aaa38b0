"""kbapp's performance benchmark, beside SQLite FTS5 on the same records.

    .venv/bin/python -m tests.benchmarks.bench                    # 1k, 10k and 100k
    .venv/bin/python -m tests.benchmarks.bench --sizes 1000,10000 --rounds 5

For each size it writes synthetic sources in the shipped documents' formats,
then measures in a fresh process (so peak memory is that size's own): the full
build (database and index) and index size, an incremental update of 100 changed
records, as-you-type completions over every prefix of a dozen queries, a
results page (top 10 with snippets, facet counts, total), glossary lookup, and
the same query mix on an FTS5 table built from the same records. Cold start of
the window on the shipped corpus is measured once. Prints a table; writes JSON.
Not collected by the test run: speed lives here, not in timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.memory import peak_rss_mb
from tests.benchmarks.synthetic import ROOT

QUERIES = [
    "information security",
    "risk management",
    "network security",
    "incident",
    "business continuity",
    "access control",
    "police investigation",
    "ISMS",
    "data protection",
    "service level agreement",
    "audit",
    "cloud",
]
LOOKUPS = ["ISMS", "SLA", "risk", "vulnerabilty", "Information Security Policy", "threat", "confidentialty", "ITIL"]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {
        "median_ms": ms(statistics.median(ordered)),
        "p95_ms": ms(p95),
        "max_ms": ms(ordered[-1]),
        "n": len(ordered),
    }


def timed(fn, inputs: list[str], rounds: int) -> dict[str, float]:
    """Run ``fn`` on every input, ``rounds`` times over, and summarise the times."""
    samples = []
    for _ in range(rounds):
        for value in inputs:
            t = time.perf_counter()
            fn(value)
            samples.append(time.perf_counter() - t)
    return summary(samples)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def prefixes(query: str) -> list[str]:
    return [query[:i] for i in range(1, len(query) + 1)]


# ----- one size, in its own process ------------------------------------------------


def run_size(n: int, rounds: int, workdir: Path) -> dict:
    from kbapp.paths import Paths
    from kbapp.search.documents import documents
    from kbapp.search.index import build_index
    from kbapp.search.lookup import define
    from kbapp.search.warming import warm
    from kbapp.services.build import build_database_from_sources
    from kbapp.services.knowledge_base import KnowledgeBase

    from .synthetic import change_resources, shipped_sources, write_sources

    # n == 0: the shipped corpus itself (about 330 records), as the user has it.
    sources = write_sources(workdir / "sources", n) if n else shipped_sources(workdir / "sources")
    kb = KnowledgeBase(Paths(workdir / "data", workdir / "config", workdir / "logs"), sources=sources)
    out: dict = {"records": {}}

    t0 = time.perf_counter()
    build_database_from_sources(kb, kb.inputs().imports)
    t1 = time.perf_counter()
    repo = kb.repository()
    build_id = repo.state.meta()["build_id"]
    count = build_index(repo, kb.paths.index, build_id)
    t2 = time.perf_counter()
    out["records"] = repo.state.counts()
    out["documents"] = count
    out["build"] = {"database_s": round(t1 - t0, 2), "index_s": round(t2 - t1, 2), "total_s": round(t2 - t0, 2)}
    out["index_bytes"] = folder_size(kb.paths.index)
    out["database_bytes"] = kb.paths.database.stat().st_size
    kb.close()

    # Incremental update: 100 resources change in the catalogue.
    change_resources(sources["catalogue"], 100)
    t0 = time.perf_counter()
    report = kb.build()
    out["update_100"] = {
        "seconds": round(time.perf_counter() - t0, 2),
        "how": report.index_reason,
        "database_rebuilt": report.built_database,
    }

    repo = kb.repository()
    engine = kb.engine()
    engine.search("warm up", limit=10)
    kb.completions()

    # As-you-type: instant completions for every prefix of every query.
    out["completions"] = timed(kb.complete, [p for q in QUERIES for p in prefixes(q)], rounds)
    # A results page: top 10 with snippets, facet counts and the total.
    out["results_page"] = timed(lambda q: engine.search(q, limit=10), QUERIES, rounds)
    # The same once the engine is readied as the window's search thread readies it.
    warm(engine, stop=lambda: False)
    out["results_page_warmed"] = timed(lambda q: engine.search(q, limit=10), QUERIES, rounds)
    # What the window's search thread does at each key: every prefix, the last word a
    # prefix, 100 hits, a screenful of snippets.
    typed = [p for q in QUERIES for p in prefixes(q)]
    out["typed_prefix"] = timed(lambda p: engine.search(p, limit=100, prefix_last=True, snippets=12), typed, 1)
    out["glossary_lookup"] = timed(lambda q: define(repo.glossary, q), LOOKUPS, rounds)

    # Peak so far: building, updating and searching in this process (before the FTS5 peer).
    out["peak_memory_mb"] = peak_rss_mb()
    out["fts5"] = fts5_peer(repo, documents, rounds)
    kb.close()
    out["search_memory_mb"] = search_memory(workdir, sources)
    return out


SEARCH_PROBE = r"""
import json, sys
from pathlib import Path
from kbapp.paths import Paths
from kbapp.services.knowledge_base import KnowledgeBase
from tests.benchmarks.bench import QUERIES, peak_rss_mb, prefixes
work = Path(sys.argv[1])
sources = {"catalogue": Path(sys.argv[2]), "white_paper": Path(sys.argv[3])}
kb = KnowledgeBase(Paths(work / "data", work / "config", work / "logs"), sources=sources)
engine = kb.engine()
for q in QUERIES:
    for p in prefixes(q):
        kb.complete(p)
    engine.search(q, limit=10)
print(json.dumps(peak_rss_mb()))
"""


def search_memory(workdir: Path, sources: dict[str, Path]) -> float:
    """Peak memory of a fresh process that opens the built knowledge base and searches it,
    as the window does once the corpus is built."""
    done = subprocess.run(
        [sys.executable, "-c", SEARCH_PROBE, str(workdir), str(sources["catalogue"]), str(sources["white_paper"])],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return float(done.stdout.strip().splitlines()[-1])


def fts5_peer(repo, documents, rounds: int) -> dict:
    """The same records in an SQLite FTS5 table, and the same results page there."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, content, aliases, doc_id UNINDEXED, type UNINDEXED, "
        "category UNINDEXED, body UNINDEXED, year UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')"
    )
    t = time.perf_counter()
    conn.executemany(
        "INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)",
        (
            (
                d["title"],
                d["content"],
                d["aliases"],
                d["id"],
                d["type"],
                d.get("category_facet"),
                d.get("body_facet"),
                d.get("year"),
            )
            for d in documents(repo)
        ),
    )
    conn.commit()
    build_s = time.perf_counter() - t
    pages = []
    for _ in range(rounds):
        for q in QUERIES:
            match = " ".join(f'"{w}"' for w in q.split())
            t = time.perf_counter()
            conn.execute(
                "SELECT doc_id, snippet(docs, 1, '<b>', '</b>', '…', 20), bm25(docs, 4.0, 1.0, 0.8) AS score "
                "FROM docs WHERE docs MATCH ? ORDER BY score LIMIT 10",
                (match,),
            ).fetchall()
            conn.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
            for column in ("type", "category", "body", "year"):
                conn.execute(
                    f"SELECT {column}, count(*) FROM docs WHERE docs MATCH ? GROUP BY {column}", (match,)
                ).fetchall()
            pages.append(time.perf_counter() - t)
    conn.close()
    return {"build_s": round(build_s, 2), "results_page": summary(pages)}


# ----- cold start of the window, on the shipped corpus -------------------------------

COLD_START = r"""
import os, sys, time, json
t0 = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QTimer, QEventLoop
app = QApplication(sys.argv)
from kbapp.ui.app import create_window
window = create_window()
window.show()
app.processEvents()
shown = time.perf_counter() - t0
window.start()
def wait(ms):
    loop = QEventLoop(); QTimer.singleShot(ms, loop.quit); loop.exec()
while not window.ready:
    wait(5)
ready = time.perf_counter() - t0
window.search_page.box.setText("risk")
while window.search_page.last_result is None:
    wait(5)
first = time.perf_counter() - t0
print(json.dumps({"window_shown_s": round(shown, 3), "ready_s": round(ready, 3), "first_search_s": round(first, 3)}))
window.close()
"""


def cold_start() -> dict:
    home = tempfile.mkdtemp(prefix="kbapp-bench-start-")
    env = {**os.environ, "KBAPP_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-m", "kbapp", "build"], env=env, check=True, capture_output=True)
    runs = []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", COLD_START], env=env, capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}


IMPORT = r"""
import json, resource, sys, time
from pathlib import Path
from kbapp.services.knowledge_base import KnowledgeBase
from tests.benchmarks.memory import peak_rss_mb
from tests.benchmarks.synthetic import ROOT
kb = KnowledgeBase()
kb.build()
marks, peaks = {}, {}
def progress(stage, done, total):
    marks.setdefault(stage, time.perf_counter())
    peaks[stage] = peak_rss_mb()
started = time.perf_counter()
report = kb.import_catalogue(Path(sys.argv[1]), progress)
ended = time.perf_counter()
print(json.dumps({
    "entries": report.entries,
    "index": report.index,
    "total_s": round(ended - started, 2),
    "reading_s": round(marks.get("indexing", ended) - started, 2),
    "peak_rss_mb": peak_rss_mb(),
    "peak_rss_mb_by_stage": peaks,
    "index_writers_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
}))
"""


def import_size(n: int, one_title: str | None = None) -> dict:
    """An import of ``n`` catalogue entries into the shipped corpus, in a process of its
    own; with ``one_title``, every entry under that one title."""
    from tests.benchmarks.synthetic import catalogue_text

    with tempfile.TemporaryDirectory(prefix=f"kbapp-bench-import-{n}-") as work:
        source = Path(work) / "import.txt"
        source.write_text(catalogue_text(n, seed=3, one_title=one_title), encoding="utf-8")
        env = {**os.environ, "KBAPP_HOME": str(Path(work) / "home")}
        done = subprocess.run(
            [sys.executable, "-c", IMPORT, str(source)], env=env, cwd=ROOT, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["file_mb"] = round(source.stat().st_size / 2**20, 1)
        return result


# ----- driver ---------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="shipped,1000,10000,100000", help="'shipped' is the shipped corpus")
    parser.add_argument("--duplicates", type=int, default=4000, help="entries of the one-title import measured")
    parser.add_argument(
        "--keystroke-sizes", default="shipped,1000,10000", help="sizes of the keystroke-to-paint measure"
    )
    parser.add_argument("--keystroke-queries", type=int, default=6, help="queries typed at each size")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks/results.json"))
    parser.add_argument("--imports", default="1000,10000,100000", help="sizes of the import measured")
    parser.add_argument("--only-imports", action="store_true", help="measure imports, keep the other figures")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one is not None:
        print(json.dumps(run_size(args.one, args.rounds, args.workdir)))
        return 0

    if args.only_imports:
        results = json.loads(args.out.read_text(encoding="utf-8"))
        results["imports"] = measure_imports(args.imports)
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
        print(f"results written to {args.out}")
        return 0

    results = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "command": " ".join([Path(sys.executable).name, "-m", "tests.benchmarks.bench", *sys.argv[1:]]),
        },
        "sizes": {},
    }
    for n in (0 if s == "shipped" else int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"kbapp-bench-{n}-") as work:
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tests.benchmarks.bench",
                    "--one",
                    str(n),
                    "--rounds",
                    str(args.rounds),
                    "--workdir",
                    work,
                ],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            key = str(n) if n else "shipped"
            results["sizes"][key] = json.loads(done.stdout.strip().splitlines()[-1])
            print_size(n, results["sizes"][key])
    results["imports"] = measure_imports(args.imports)
    results["duplicate_titles"] = measure_duplicates(args.duplicates)
    results["cold_start"] = cold_start()
    print(f"cold start (shipped corpus, offscreen): {results['cold_start']}")
    results["cli_search"] = cli_search()
    print(f"kbapp search wall time (shipped corpus, warm file cache): {results['cli_search']}")
    results["keystrokes"] = measure_keystrokes(args.keystroke_sizes, QUERIES[: args.keystroke_queries])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


def measure_duplicates(n: int) -> dict:
    """An import of ``n`` entries that share one title beside one of ``n`` distinct
    titles: the id of each must be found without a search per duplicate."""
    distinct, same = import_size(n), import_size(n, one_title="Force Information Security Policy")
    ratio = round(same["total_s"] / max(distinct["total_s"], 0.001), 2)
    figures = {"entries": n, "distinct_s": distinct["total_s"], "one_title_s": same["total_s"], "ratio": ratio}
    print(f"import of {n} entries with one title: {same['total_s']} s; with {n} titles: {distinct['total_s']} s")
    return figures


CLI_RUNS = 7


def cli_search() -> dict:
    """``kbapp search QUERY``'s wall time on the shipped corpus, as a user runs it, with
    the file cache warm (the first run is not counted)."""
    home = tempfile.mkdtemp(prefix="kbapp-bench-cli-")
    env = {**os.environ, "KBAPP_HOME": home}
    subprocess.run([sys.executable, "-m", "kbapp", "build"], env=env, check=True, capture_output=True)
    samples = []
    for run in range(CLI_RUNS + 1):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kbapp", "search", "risk management"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        if run:
            samples.append(time.perf_counter() - t0)
    return {"median_ms": ms(statistics.median(samples)), "max_ms": ms(max(samples)), "runs": CLI_RUNS}


def measure_keystrokes(sizes: str, queries: list[str]) -> dict:
    from tests.benchmarks.keystrokes import keystroke_to_paint

    figures = {}
    for n in (0 if s == "shipped" else int(s) for s in sizes.split(",") if s):
        key = str(n) if n else "shipped"
        figures[key] = r = keystroke_to_paint(n, queries)
        print(f"keystroke to results painted in the window ({key}, real keys on Xvfb): {r}")
    return figures


def measure_imports(sizes: str) -> dict:
    figures = {}
    for n in (int(s) for s in sizes.split(",")):
        figures[str(n)] = r = import_size(n)
        print(
            f"import of {n} entries ({r['file_mb']} MB): {r['total_s']} s ({r['reading_s']} s reading, index "
            f"{r['index']}); peak memory {r['peak_rss_mb']} MB, index writers {r['index_writers_peak_rss_mb']} MB"
        )
    return figures


def print_size(n: int, r: dict) -> None:
    ratio = r["results_page"]["p95_ms"] / max(r["fts5"]["results_page"]["p95_ms"], 0.001)
    rows = [
        ("records (catalogue resources)", f"{n or r['records']['resource']} ({r['documents']} documents in all)"),
        (
            "full build: database + index",
            f"{r['build']['database_s']} s + {r['build']['index_s']} s = {r['build']['total_s']} s",
        ),
        ("index size", f"{r['index_bytes'] / 1e6:.1f} MB"),
        ("update of 100 changed records", f"{r['update_100']['seconds']} s ({r['update_100']['how']})"),
        ("completions p95 / max", f"{r['completions']['p95_ms']} ms / {r['completions']['max_ms']} ms"),
        ("results page median / p95", f"{r['results_page']['median_ms']} ms / {r['results_page']['p95_ms']} ms"),
        (
            "results page, engine readied: median / p95",
            f"{r['results_page_warmed']['median_ms']} ms / {r['results_page_warmed']['p95_ms']} ms",
        ),
        (
            "each typed prefix (100 hits): median / p95",
            f"{r['typed_prefix']['median_ms']} ms / {r['typed_prefix']['p95_ms']} ms",
        ),
        (
            "FTS5 results page median / p95",
            f"{r['fts5']['results_page']['median_ms']} ms / {r['fts5']['results_page']['p95_ms']} ms",
        ),
        ("ours / FTS5 (results page p95)", f"{ratio:.2f}"),
        ("FTS5 build", f"{r['fts5']['build_s']} s"),
        ("glossary lookup p95", f"{r['glossary_lookup']['p95_ms']} ms"),
        ("peak memory: build, update and search", f"{r['peak_memory_mb']} MB"),
        ("peak memory: open and search", f"{r['search_memory_mb']} MB"),
    ]
    print(f"\n== {f'{n} records' if n else 'the shipped corpus'} ==")
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    sys.exit(main())
