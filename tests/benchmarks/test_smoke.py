"""The benchmark itself is smoke-tested at a tiny size, so that it cannot rot: it runs
from the checkout with its documented command and writes every figure it prints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_benchmark_runs_at_a_tiny_size_and_writes_its_figures(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.bench", "--sizes", "shipped,300", "--rounds", "1", "--imports", "50",
         "--duplicates", "50", "--keystroke-sizes", "shipped", "--keystroke-queries", "1", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "== 300 records ==" in done.stdout and "ours / FTS5 (results page p95)" in done.stdout
    results = json.loads(out.read_text(encoding="utf-8"))
    size = results["sizes"]["300"]
    assert size["records"]["resource"] == 300
    assert size["build"]["total_s"] > 0 and size["update_100"]["how"]
    for measure in ("completions", "results_page", "results_page_warmed", "typed_prefix", "glossary_lookup"):
        assert size[measure]["p95_ms"] > 0
    assert size["fts5"] and size["search_memory_mb"] > 0
    assert results["imports"]["50"]["entries"] == 50
    assert results["cold_start"]["window_shown_s"] > 0
    assert "== the shipped corpus ==" in done.stdout
    shipped = results["sizes"]["shipped"]
    assert shipped["records"]["resource"] == 30 and shipped["results_page"]["p95_ms"] > 0
    assert results["duplicate_titles"]["entries"] == 50 and results["duplicate_titles"]["ratio"] > 0
    assert results["cli_search"]["median_ms"] > 0
    keys = results["keystrokes"]["shipped"]
    assert keys.get("skipped") or (keys["painted"] > 0 and keys["p95_ms"] > 0), keys
