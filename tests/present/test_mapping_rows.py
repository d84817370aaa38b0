"""Issue 16: the mapping tables as an auditor uses them: one row per clause and ITIL
reference, inherited ones marked with the clause they come from, gaps as rows; and
the coverage of each top-level clause."""

from __future__ import annotations

import csv
import io

from kbapp.present.mapping_rows import GAP, MAPPED_STANDARDS, coverage_rows, pair_rows
from tests.faults import kbapp_env, run_kbapp


def _trees(repo):
    return {standard: repo.mappings.clause_tree(standard) for standard in MAPPED_STANDARDS}


def test_each_clause_and_reference_is_a_row_inherited_ones_marked_and_gaps_shown(repo):
    rows = pair_rows(_trees(repo))
    of = {}
    for row in rows:
        of.setdefault((row["standard"], row["clause"]), []).append(row)
    (own,) = of[("ISO/IEC 27001", "4.2")]
    assert (own["relation"], own["itil_publication"], own["itil_section"]) == ("direct", "SD", "4.6.4.3")
    (inherited,) = of[("ISO/IEC 27001", "4.2.1")]  # no longer looks like a gap
    assert (inherited["relation"], inherited["inherited_from"], inherited["itil_section"]) == (
        "inherited",
        "4.2",
        "4.6.4.3",
    )
    assert inherited["edition"] == "ISO/IEC 27001:2005"
    (gap,) = of[("ISO/IEC 27001", "6")]
    assert gap["relation"] == GAP and not gap.get("itil_section")
    assert {r["publication"] for r in rows if r["relation"] != GAP} == {"stated", "inferred"}
    assert sum(1 for r in rows if r["publication"] == "inferred") >= 12  # the paper's wrapped rows
    clauses = {(r["standard"], r["clause"]) for r in rows}
    assert len(clauses) == 211  # every clause, once at least


def test_coverage_counts_own_inherited_and_missing_per_top_level_clause(repo):
    rows = {(r["standard"], r["clause"]): r for r in coverage_rows(_trees(repo))}
    isms = rows[("ISO/IEC 27001", "4.2")]
    assert (isms["clauses"], isms["own"], isms["inherited"], isms["missing"], isms["gaps"]) == (5, 1, 4, 0, "")
    review = rows[("ISO/IEC 27001", "7")]
    assert (review["own"], review["missing"], review["gaps"]) == (0, 4, "7; 7.1; 7.2; 7.3")
    assert all(r["clauses"] == r["own"] + r["inherited"] + r["missing"] for r in rows.values())


def test_the_command_line_lists_pairs_and_writes_the_coverage_report(tmp_path):
    env = kbapp_env(tmp_path / "home")
    listed = run_kbapp(["list", "mappings", "--format", "csv"], env)
    assert listed.returncode == 0, listed.stderr
    rows = list(csv.DictReader(io.StringIO(listed.stdout.lstrip("\ufeff"))))
    assert any(r["clause"] == "4.2.1" and r["relation"] == "inherited" for r in rows)
    out = tmp_path / "coverage.csv"
    report = run_kbapp(["coverage", "--format", "csv", "--output", str(out)], env)
    assert report.returncode == 0, report.stderr
    assert run_kbapp(["verify-export", str(out)], env).returncode == 0  # its provenance beside it
    coverage = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert coverage[0].keys() >= {"standard", "edition", "clause", "own", "inherited", "missing", "gaps"}
    table = run_kbapp(["coverage"], env)
    assert "2005" in table.stdout and "MISSING" in table.stdout
    shown = run_kbapp(["list", "mappings"], env).stdout.splitlines()
    assert shown[0].split()[0] == "EDITION" and shown[1].startswith("ISO/IEC 27001:2005  4.1 ")
    assert "revised in 2013 and 2022" in shown[-1]
