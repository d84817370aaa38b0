"""A kbapp left open while another process writes the knowledge base: it notices each
new build and reads it whole, never the old and the new mixed (counts doubled, removed
entries still found)."""

from __future__ import annotations

import pytest

from kbapp.domain.errors import NotFound
from tests.faults import kbapp_env, run_kbapp
from tests.services.test_import import LOCAL

QUERY = '"Local Access Control Standard"'
ENTRY = "resource:local-access-control-standard"


def _found(kb) -> tuple[list[str], int, dict]:
    result = kb.engine().search(QUERY)
    return [h.id for h in result.hits], result.total, dict(result.facets["type"])


@pytest.fixture
def writer_env(own_kb, tmp_path):
    own_kb.ensure_ready()
    (tmp_path / "mine.txt").write_text(LOCAL, encoding="utf-8")
    return kbapp_env(tmp_path)  # the same data folder as own_kb: tmp_path/data


def test_a_reader_sees_each_write_of_another_process_once(own_kb, writer_env, tmp_path):
    assert _found(own_kb) == ([], 0, {})
    shipped = own_kb.repository().state.counts()["resource"]

    assert run_kbapp(["import", str(tmp_path / "mine.txt")], writer_env).returncode == 0
    assert _found(own_kb) == ([ENTRY], 1, {"resource": 1})
    assert own_kb.repository().state.counts()["resource"] == shipped + 2

    assert run_kbapp(["imports", "--remove", "0001-mine.txt"], writer_env).returncode == 0
    assert _found(own_kb) == ([], 0, {})  # still found, before
    with pytest.raises(NotFound):
        own_kb.repository().records.get(ENTRY)  # opened, before

    assert run_kbapp(["import", str(tmp_path / "mine.txt")], writer_env).returncode == 0
    assert _found(own_kb) == ([ENTRY], 1, {"resource": 1})  # twice, before

    assert run_kbapp(["build", "--force"], writer_env).returncode == 0  # a new file, swapped in
    assert _found(own_kb) == ([ENTRY], 1, {"resource": 1})  # three times, before
    assert own_kb.repository().state.counts()["resource"] == shipped + 2


def test_an_import_after_another_process_rebuilt_the_file_writes_the_new_one(own_kb, writer_env, tmp_path):
    own_kb.repository()  # a connection opened before the other process's build
    assert run_kbapp(["build", "--force"], writer_env).returncode == 0
    report = own_kb.import_catalogue(tmp_path / "mine.txt")  # "attempt to write a readonly database", before
    assert report.entries == 2
    assert own_kb.repository().records.get(ENTRY)["title"] == "Local Access Control Standard"
    assert _found(own_kb)[0] == [ENTRY]
    own_kb.remove_import(report.name)
    assert _found(own_kb)[0] == []


@pytest.mark.slow
def test_a_search_during_another_process_s_long_import_answers_from_the_build_before(own_kb, writer_env, tmp_path):
    import subprocess
    import sys
    import time

    from tests.benchmarks.synthetic import catalogue_text
    from tests.faults import ROOT

    big = tmp_path / "large import.txt"
    big.write_text(catalogue_text(4000), encoding="utf-8")
    importing = subprocess.Popen(
        [sys.executable, "-m", "kbapp", "import", str(big)], env=writer_env, cwd=ROOT, stderr=subprocess.PIPE
    )
    try:
        kept = own_kb.paths.imports / "0001-large-import.txt"
        deadline = time.monotonic() + 120
        while not kept.exists() and importing.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # the entries are in; the import now indexes them, holding the lock
        assert importing.poll() is None, "the import ended before it could be met"
        started = time.monotonic()
        searched = run_kbapp(["search", "ISMS", "--format", "json"], writer_env)
        took = time.monotonic() - started
        still_importing = importing.poll() is None
    finally:
        importing.wait(timeout=300)
    assert still_importing
    assert searched.returncode == 0, searched.stderr  # "another kbapp is updating" after 15 s, before
    assert took < 10
    assert '"abbreviation:ISMS"' in searched.stdout
    assert "another kbapp is updating" in searched.stderr and "built before" in searched.stderr
