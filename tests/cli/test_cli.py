"""The command line as a script sees it: real processes, real files, stable JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.faults import kbapp_env, run_kbapp


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-home")
    env = kbapp_env(root)
    done = kbapp(env, "build")
    assert done.returncode == 0, done.stderr
    return env


def kbapp(env, *args):
    return run_kbapp(list(args), env)


def run_json(env, *args):
    done = kbapp(env, *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_build_reports_what_it_did(home):
    done = kbapp(home, "build")
    assert done.returncode == 0
    assert "database up to date" in done.stdout and "30 resources" in done.stdout
    forced = kbapp(home, "build", "--force")
    assert "database rebuilt" in forced.stdout and "index rebuilt" in forced.stdout


def test_first_command_builds_by_itself(tmp_path):
    done = kbapp(kbapp_env(tmp_path), "define", "ISMS")
    assert done.returncode == 0, done.stderr
    assert "Information Security Management System" in done.stdout
    assert "building the knowledge base" in done.stderr


def test_search_json(home):
    data = run_json(home, "search", "ISMS", "--limit", "5")
    assert set(data) >= {"query", "corrected", "total", "hits", "facets"}
    assert data["query"] == "ISMS" and data["corrected"] is None
    hit = data["hits"][0]
    assert set(hit) >= {"id", "type", "title", "snippet", "score"}
    assert hit["id"] == "abbreviation:ISMS"
    assert len(data["hits"]) == 5
    assert {"value", "count"} == set(data["facets"]["type"][0])


def test_search_filters_and_correction(home):
    data = run_json(home, "search", "guidance", "--type", "resource", "--body", "College of Policing", "--year", "2020")
    assert data["total"] > 0
    assert all(
        h["type"] == "resource" and h["year"] == 2020 and h["body"] == "College of Policing" for h in data["hits"]
    )
    by_abbr = run_json(home, "search", "guidance", "--body", "cop", "--category", "GUIDANCE")
    assert by_abbr["total"] > 0 and {h["body"] for h in by_abbr["hits"]} == {"College of Policing"}
    corrected = run_json(home, "search", "vulnerabilty")
    assert corrected["corrected"] == "vulnerability"


def test_search_table_says_when_it_corrected(home):
    done = kbapp(home, "search", "vulnerabilty")
    assert "showing results for: vulnerability" in done.stdout
    assert "term:vulnerability" in done.stdout


def test_define_json(home):
    data = run_json(home, "define", "isms")
    (d,) = data["definitions"]
    assert d["term"] == "Information Security Management System"
    assert d["abbreviation"] == "ISMS"
    assert d["itil_publication"] == "Service Design"
    assert d["informal_definition"].startswith("The processes, functions and structure")
    assert d["itil_definition"].startswith("The framework of Policy")
    assert "related" in d
    typo = run_json(home, "define", "vulnerabilty")
    assert typo["corrected"] == "Vulnerability"


def test_define_unknown_term(home):
    done = kbapp(home, "define", "zzzzzz")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "kbapp search" in done.stderr


def test_map_both_directions(home):
    (clause,) = run_json(home, "map", "4.2.1", "--standard", "27001")
    assert clause["inherited_from"] == "27001:4.2"
    assert clause["references"][0]["section"] == "4.6.4.3"
    assert clause["references"][0]["inherited"] is True
    reverse = run_json(home, "map", "--itil", "SD 4.6.4.3")
    rows = {(c["standard"], c["clause"], c["inherited"]) for c in reverse["clauses"]}
    assert ("ISO/IEC 27001", "4.2", False) in rows
    assert ("ISO/IEC 27001", "4.2.1", True) in rows
    assert ("ISO/IEC 27002", "0.4", False) in rows


def test_map_table_shows_gaps(home):
    done = kbapp(home, "map", "0.8")
    assert "no ITIL reference" in done.stdout


def test_list_json_keys(home):
    resources = run_json(home, "list", "resources")
    assert len(resources) == 30
    assert {"id", "title", "published", "authoring_body", "authoring_body_abbr", "category", "description"} <= set(
        resources[0]
    )
    terms = run_json(home, "list", "terms")
    assert len(terms) == 24
    assert {"term", "abbreviation", "informal_definition", "itil_definition", "itil_publication"} <= set(terms[0])
    abbreviations = run_json(home, "list", "abbreviations")
    assert len(abbreviations) == 25 and {"abbreviation", "expansion"} <= set(abbreviations[0])
    mappings = run_json(home, "list", "mappings")
    assert {"standard", "clause", "clause_title", "itil_publication", "itil_section", "itil_title"} <= set(mappings[0])
    assert mappings[0]["standard"] == "ISO/IEC 27001"
    assert len(run_json(home, "list", "standards")) == 35
    assert len(run_json(home, "list", "sections")) == 26


def test_show_json_with_links(home):
    record = run_json(home, "show", "resource:iso-iec-27031-2011-it-security-techniques-guidelines-for-information-and")
    assert record["type"] == "resource"
    assert any(link["id"] == "standard:iso-iec-27031" for link in record["links"])
    bare = run_json(home, "show", "ISMS")
    assert bare["id"] == "abbreviation:ISMS"


def test_table_output_is_aligned(home):
    done = kbapp(home, "list", "abbreviations")
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["ABBREVIATION", "EXPANSION"]
    starts = {line.index(line.split()[1]) for line in lines[:6]}
    assert len(starts) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["search"],
        ["frobnicate"],
        ["search", "x", "--limit", "0"],
        ["search", "x", "--year", "soon"],
        ["map"],
        ["list", "things"],
        ["export", "term:risk"],
    ],
)
def test_usage_errors_exit_2_with_one_line(home, args):
    done = kbapp(home, *args)
    assert done.returncode == 2
    assert done.stderr.startswith("kbapp: ") and done.stderr.count("\n") == 1
    assert done.stdout == ""


def test_unknown_id_exits_1_with_advice(home):
    done = kbapp(home, "show", "term:nothing-like-it")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "kbapp search" in done.stderr


def test_export_and_search_csv_read_back(home, tmp_path):
    out = tmp_path / "findings.csv"
    done = kbapp(home, "export", "term:risk", "abbreviation:ISMS", "mapping:27002:10.1.2", "--output", str(out))
    assert done.returncode == 0 and str(out) in done.stdout
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["id"] for r in rows] == ["term:risk", "abbreviation:ISMS", "mapping:27002:10.1.2"]
    assert rows[0]["term"] == "Risk" and rows[0]["source"].startswith("itil-v3-and-information-security.txt, line")
    assert rows[2]["itil_references"] == "ST 4.2 Change Management"

    found = tmp_path / "search.csv"
    done = kbapp(home, "search", "firearms", "--format", "csv", "--output", str(found))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(found.read_text(encoding="utf-8-sig"), newline="")))
    assert rows and all(r["type"] == "resource" for r in rows)
    assert any("\n" in r["description"] for r in rows)  # paragraphs survive inside one cell


def test_build_with_the_sources_missing_says_so_in_one_line(tmp_path):
    env = kbapp_env(tmp_path / "home", KBAPP_RESOURCES=str(tmp_path / "nothing-here"))
    done = run_kbapp(["build"], env)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "resource-catalogue.txt" in lines[0] and "missing" in lines[0]


# ----- issue 11, item 24: what the command line promises --------------------------------


@pytest.mark.parametrize("output", ["table", "json", "csv"])
def test_a_search_that_finds_nothing_exits_1(home, output):
    done = kbapp(home, "search", "zzqxjv", "--format", output)
    assert done.returncode == 1, done.stdout
    found = kbapp(home, "search", "risk", "--format", output)
    assert found.returncode == 0


def test_table_output_never_cuts_an_id(home):
    done = kbapp(home, "list", "resources")
    ids = {r["id"] for r in run_json(home, "list", "resources")}
    assert max(len(i) for i in ids) > 48  # the catalogue has long ids
    shown = {line.split()[0] for line in done.stdout.splitlines()[1:]}
    assert shown == ids
    searched = kbapp(home, "search", "network security", "--limit", "50")
    for line in searched.stdout.splitlines()[2:]:
        words = line.split()
        if len(words) > 2 and ":" in words[2]:
            assert kbapp(home, "show", words[2]).returncode == 0, words[2]


def test_show_takes_an_unambiguous_clause_number(home):
    record = run_json(home, "show", "10.1.2")
    assert record["id"] == "mapping:27002:10.1.2"
    both = kbapp(home, "show", "4.1")  # 27001 and 27002 both have a clause 4.1
    assert both.returncode == 1
    assert "mapping:27001:4.1" in both.stderr and "mapping:27002:4.1" in both.stderr


def test_map_marks_a_publication_the_parser_inferred(home):
    done = kbapp(home, "map", "11.2", "--standard", "27002")
    lines = [line for line in done.stdout.splitlines() if "6.6.9" in line]
    assert lines == ["  SO (Service Operation) 6.6.9 Access Management roles [publication inferred]"]
    assert "4.5 Access Management\n" in done.stdout + "\n"  # a stated one is not marked


def test_map_and_show_read_annex_a_notation(home):
    done = kbapp(home, "map", "A.10.1.2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("A.10.1.2 is ISO/IEC 27002:2005 10.1.2")
    assert "ISO/IEC 27002:2005 10.1.2 Change management" in done.stdout
    assert "ST (Service Transition) 4.2 Change Management" in done.stdout
    as_json = run_json(home, "map", "A12.6.1")
    assert [r["id"] for r in as_json] == ["mapping:27002:12.6.1"]
    shown = run_json(home, "show", "A.10.1.2")
    assert shown["id"] == "mapping:27002:10.1.2"
    found = kbapp(home, "search", "A 12.6.1")
    assert found.returncode == 0 and "A 12.6.1 is ISO/IEC 27002:2005 12.6.1" in found.stdout
    assert "mapping:27002:12.6.1" in found.stdout


def test_map_itil_takes_every_form_of_a_section(home):
    expected = run_json(home, "map", "--itil", "SD 4.6.4.3")
    for written in ("4.6.4.3", "Service Design 4.6.4.3", "SD-4.6.4.3"):
        assert run_json(home, "map", "--itil", written) == expected
    ambiguous = kbapp(home, "map", "--itil", "4.3")
    assert ambiguous.returncode != 0 and "SD-4.3 and ST-4.3" in ambiguous.stderr
    shown = run_json(home, "show", "itil:SO-4.5.5.4")
    assert shown["title"] == "Monitoring identity status"
    assert [c["id"] for c in shown["clauses"]] == ["mapping:27002:11.2.4"]
    listed = run_json(home, "list", "itil-sections")
    assert len(listed) == 84


@pytest.mark.parametrize("command", ["define", "show", "map", "search"])
def test_arguments_that_are_not_utf8_are_read_with_a_replacement(home, command):
    import subprocess
    import sys

    from tests.faults import ROOT

    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"kbapp", command.encode(), b"ri\xffsk\xc3"],
        env=home,
        cwd=ROOT,
        capture_output=True,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert done.returncode in (0, 1)
    assert "not valid UTF-8" in stderr


def test_odd_homes_get_one_line(tmp_path):
    """KBAPP_HOME as a file, a symlink loop or a name too long, and HOME=/dev/null."""
    import os

    from tests.faults import kbapp_env

    a_file = tmp_path / "a file"
    a_file.write_text("x")
    loop = tmp_path / "loop"
    os.symlink(tmp_path / "other", loop)
    os.symlink(loop, tmp_path / "other")
    homes = {"a file": a_file, "a symlink loop": loop, "a name too long": tmp_path / ("x" * 300)}
    for what, home in homes.items():
        done = run_kbapp(["search", "risk"], kbapp_env(home))
        assert done.returncode == 1 and "Traceback" not in done.stderr, what
        assert done.stderr.count("\n") == 1 and "cannot use" in done.stderr and "KBAPP_HOME" in done.stderr, what
    env = {k: v for k, v in kbapp_env(tmp_path).items() if k != "KBAPP_HOME"} | {"HOME": "/dev/null"}
    env.pop("XDG_DATA_HOME", None)
    done = run_kbapp(["search", "risk"], env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "cannot use /dev/null" in done.stderr


def test_the_window_without_a_display_says_so_instead_of_aborting(tmp_path):
    env = {k: v for k, v in kbapp_env(tmp_path).items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = run_kbapp([], env)
    assert done.returncode == 1, done.stderr  # 134, Qt's abort "could not find the Qt platform plugin", before
    assert "no display to open the window on" in done.stderr and "xvfb-run kbapp" in done.stderr
    assert "Traceback" not in done.stderr and "platform plugin" not in done.stderr


def test_search_sorts_as_asked_and_says_so(home):
    data = run_json(home, "search", "police", "--type", "resource", "--sort", "oldest", "--limit", "50")
    dates = [h["published"] for h in data["hits"]]
    assert data["order"] == "oldest" and len(dates) > 5 and dates == sorted(dates)
    table = kbapp(home, "search", "police", "--sort", "newest")
    assert table.returncode == 0 and ", newest first" in table.stdout.splitlines()[0]
    wrong = kbapp(home, "search", "police", "--sort", "sideways")
    assert wrong.returncode == 2 and "--sort" in wrong.stderr
