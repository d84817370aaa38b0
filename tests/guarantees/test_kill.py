"""Processes killed with SIGKILL in the middle of writing, many times over: the next
start finds the last complete state, and nothing the user saved is lost."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from kbapp.search.index import index_state
from kbapp.storage.integrity import problem_with
from kbapp.storage.userdata import open_user_data
from tests.faults import ROOT, kbapp_env, run_kbapp
from tests.guarantees.test_strays import children_of, end, is_running

pytestmark = pytest.mark.slow  # kills at spread moments: minutes, not seconds

KILLS = 10


def _spread(duration: float) -> list[float]:
    """Delays from just after the start to just before the end of a write."""
    return [0.05 + duration * k / KILLS for k in range(KILLS)]


def _kill_after(args: list[str], env: dict[str, str], delay: float) -> int | None:
    """Run kbapp, SIGKILL it after ``delay`` seconds; its exit code if it ended first."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kbapp", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        children = children_of(process.pid)
        process.kill()
        process.wait()
        _assert_none_left(children)
        return None


def _kill_after_reports(script: str, args: list, wanted: int) -> int:
    """Run ``script``, which prints the number of each change it has saved, and SIGKILL
    it once it has reported ``wanted``; the last number it reported."""
    process = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    last = -1
    assert process.stdout is not None
    for line in process.stdout:
        last = int(line)
        if last >= wanted:
            break
    process.kill()
    process.wait()
    process.stdout.close()
    return last


def _assert_none_left(children: list[int]) -> None:
    """No child of a killed kbapp goes on running (holding the writer lock)."""
    deadline = time.monotonic() + 5
    while any(is_running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [pid for pid in children if is_running(pid)]
    end(*survivors)
    assert survivors == [], "children of the killed kbapp survived it"


def _leftovers(data):
    marks = (".building", ".old-", ".importing", ".removing")
    return [p.name for p in data.rglob("*") if any(m in p.name for m in marks) or p.suffix == ".tmp"]


@pytest.fixture
def home(editable, tmp_path):
    kb, sources = editable
    kb.close()
    (tmp_path / "sources").symlink_to(sources["catalogue"].parent)  # KBAPP_RESOURCES/sources: the copies
    return kb, sources, kbapp_env(tmp_path, KBAPP_RESOURCES=str(tmp_path))


def test_build_killed_at_any_moment_leaves_a_complete_knowledge_base(home):
    kb, _, env = home
    started = time.monotonic()
    done = run_kbapp(["build", "--force"], env)
    assert done.returncode == 0, done.stderr
    duration = time.monotonic() - started
    expected = kb.repository().state.counts()
    kb.close()

    killed = 0
    for delay in _spread(duration):
        killed += _kill_after(["build", "--force"], env, delay) is None
        assert problem_with(kb.paths.database) is None, f"killed after {delay:.2f} s"
        report = kb.ensure_ready(check=True)
        assert report.notices == []
        assert report.counts == expected
        assert kb.engine().search("ISMS").hits[0].id == "abbreviation:ISMS"
        kb.close()
        assert _leftovers(kb.paths.data) == [], f"killed after {delay:.2f} s"
    assert killed >= KILLS // 2  # most runs were cut off, not finished


def test_update_killed_at_any_moment_is_completed_at_the_next_start(home):
    kb, sources, env = home
    catalogue = sources["catalogue"]
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("Armed Policing APP\n\n", "Armed Policing APP\n\nwarm ", 1), encoding="utf-8")
    started = time.monotonic()
    assert run_kbapp(["build"], env).returncode == 0
    duration = time.monotonic() - started  # a whole update, measured, as the kills will meet it
    killed = 0
    for n, delay in enumerate(_spread(duration)):
        word = f"zebracorn{chr(ord('a') + n)}"
        text = catalogue.read_text(encoding="utf-8")
        catalogue.write_text(
            text.replace("Armed Policing APP\n\n", f"Armed Policing APP\n\n{word} ", 1), encoding="utf-8"
        )
        killed += _kill_after(["build"], env, delay) is None
        assert problem_with(kb.paths.database) is None
        kb.ensure_ready()
        record = kb.repository().records.get("resource:armed-policing-app")
        assert record["description"].startswith(f"{word} "), f"killed after {delay:.2f} s"
        assert [h.id for h in kb.engine().search(word).hits] == ["resource:armed-policing-app"]
        kb.close()
        assert _leftovers(kb.paths.data) == []
    assert killed >= KILLS // 2  # most runs were cut off, not finished


SAVE_BOOKMARKS = r"""
import sys
from pathlib import Path
from kbapp.storage.userdata import open_user_data
userdata = open_user_data(Path(sys.argv[1]), Path(sys.argv[2])).userdata
for i in range(1_000_000):
    userdata.set_bookmark(f"resource:r{i}", f"Resource {i}", True)
    if i % 7 == 3:
        userdata.set_bookmark(f"resource:r{i - 1}", "", False)
    print(i, flush=True)
"""


SAVE_WORKING_SET = r"""
import sys
from pathlib import Path
from kbapp.storage.userdata import open_user_data
from kbapp.storage.working_sets import WorkingSets
sets = WorkingSets(open_user_data(Path(sys.argv[1]), Path(sys.argv[2])).userdata)
audit = sets.current().id if sets.all() else sets.create("Audit", current=True).id
for item in sets.items(audit):  # one added by the run killed before its note
    if not item.note:
        sets.set_note(audit, item.record_id, "note " + item.record_id.removeprefix("term:t"))
start = len(sets.items(audit))
for i in range(start, 1_000_000):
    sets.add(audit, [(f"term:t{i}", f"Term {i}")])
    sets.set_note(audit, f"term:t{i}", f"note {i}")
    if i % 5 == 4:
        sets.move(audit, f"term:t{i}", 0)
    print(i, flush=True)
"""


def test_working_set_changes_killed_at_any_moment_lose_nothing_saved(tmp_path):
    """Issue 16: a working set survives a SIGKILL with every reported change in it."""
    from kbapp.storage.working_sets import WorkingSets

    path, backups = tmp_path / "user.sqlite", tmp_path / "backups"
    for kill in range(KILLS):
        last = _kill_after_reports(SAVE_WORKING_SET, [path, backups], 5 + 23 * kill)
        assert problem_with(path) is None
        opened = open_user_data(path, backups)
        sets = WorkingSets(opened.userdata)
        items = sets.items(sets.current().id)
        opened.userdata.close()
        held = {i.record_id: i.note for i in items}
        for i in range(last + 1):  # every change reported before the kill
            assert held.get(f"term:t{i}") == f"note {i}", f"item {i} after a kill at {last}"
        assert len(items) == len(held)  # each record once


def test_bookmark_saves_killed_at_any_moment_lose_nothing_saved(tmp_path):
    path, backups = tmp_path / "user.sqlite", tmp_path / "backups"
    for kill in range(KILLS):
        last = _kill_after_reports(SAVE_BOOKMARKS, [path, backups], 5 + 37 * kill)
        assert problem_with(path) is None
        opened = open_user_data(path, backups)
        assert opened.notices == []
        saved = {b["record_id"] for b in opened.userdata.bookmarks()}
        opened.userdata.close()
        # Every save reported before the kill is there, and every reported removal is
        # gone. (The kill lands later than the last report: later saves may be there too.)
        for i in range(last):
            removed = (i + 1) % 7 == 3
            assert (f"resource:r{i}" in saved) != removed, f"bookmark {i} after a kill at {last}"


def test_import_killed_at_any_moment_leaves_it_absent_or_whole(home, tmp_path):
    from tests.benchmarks.synthetic import catalogue_text

    kb, _, env = home
    shipped = kb.repository().state.counts()["resource"]
    entries = 3000
    big = tmp_path / "large import.txt"
    big.write_text(catalogue_text(entries), encoding="utf-8")
    started = time.monotonic()
    done = run_kbapp(["import", str(big)], env)
    assert done.returncode == 0, done.stderr
    duration = time.monotonic() - started
    assert run_kbapp(["imports", "--remove", "0001-large-import.txt"], env).returncode == 0

    outcomes = []
    for delay in _spread(duration):
        finished = _kill_after(["import", str(big)], env, delay) is not None
        assert problem_with(kb.paths.database) is None, f"killed after {delay:.2f} s"
        report = kb.ensure_ready(check=True)  # the next start
        assert report.notices == []
        imported = kb.imports()
        resources = kb.repository().state.counts()["resource"]
        # Absent entirely, or there whole: never a part of the file.
        assert [f.entries for f in imported] in ([], [entries]), f"killed after {delay:.2f} s"
        assert resources == shipped + entries * len(imported)
        assert (
            index_state(kb.paths.index, kb.repository().state.meta()["build_id"], sum(report.counts.values())) == "ok"
        )
        if imported:
            last = kb.repository().state.resource_ids(f"imports/{imported[0].name}")[-1]
            title = kb.repository().records.get(f"resource:{last}")["title"]
            assert f"resource:{last}" in [h.id for h in kb.engine().search(f'"{title}"').hits]
            outcomes.append("finished" if finished else "whole")
            kb.close()
            kb.remove_import(imported[0].name)
        else:
            outcomes.append("absent")
        kb.close()
        assert _leftovers(kb.paths.data) == []
        assert [p.name for p in kb.paths.imports.iterdir()] == []
    assert outcomes.count("absent") >= 2 and outcomes.count("finished") < KILLS // 2, outcomes


def test_an_import_killed_while_its_indexing_workers_run_leaves_no_process_behind(home, tmp_path):
    """From PARALLEL_FROM resources the index is built by forked workers: killing kbapp
    must not leave them behind, holding the writer lock."""
    from kbapp.search.index import PARALLEL_FROM
    from tests.benchmarks.synthetic import catalogue_text

    _, _, env = home
    big = tmp_path / "large import.txt"
    for seed in range(2):
        # Another file each time: a kill after the commit leaves its entries in, and the
        # same file would then be refused as imported already.
        big.write_text(catalogue_text(PARALLEL_FROM + 1000, seed=seed), encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-m", "kbapp", "import", str(big)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        workers: list[int] = []
        deadline = time.monotonic() + 120
        while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
            workers = [pid for pid in children_of(process.pid) if is_running(pid)]
            time.sleep(0.01)
        assert len(workers) >= 2, "the import never started its indexing workers"
        process.kill()
        process.wait()
        _assert_none_left(workers)
    big.write_text(catalogue_text(PARALLEL_FROM + 1000, seed=2), encoding="utf-8")
    started = time.monotonic()
    done = run_kbapp(["import", str(big)], env)  # the lock is free at once
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 120


def test_an_edition_restore_killed_at_any_moment_is_finished_or_not_begun(home, tmp_path):
    """Issue 15: a restore moves the kept imports, then builds beside and swaps; killed
    anywhere, the next start has the edition before it or the one restored, whole."""
    from tests.benchmarks.synthetic import catalogue_text

    kb, _, env = home
    shipped = kb.repository().state.counts()["resource"]
    entries = 1500  # a restore rebuilds whole: a smaller import keeps the ten kills quick
    big = tmp_path / "large import.txt"
    big.write_text(catalogue_text(entries), encoding="utf-8")
    assert run_kbapp(["import", str(big)], env).returncode == 0
    first = kb.editions()[0].number  # the catalogue before the import
    started = time.monotonic()
    assert run_kbapp(["editions", "--restore", str(first)], env).returncode == 0
    duration = time.monotonic() - started

    outcomes = []
    for delay in _spread(duration):
        kb.close()
        with_import = next(e.number for e in reversed(kb.editions()) if e.imports == ["0001-large-import.txt"])
        kb.restore_edition(with_import)
        kb.close()
        finished = _kill_after(["editions", "--restore", str(first)], env, delay) is not None
        assert problem_with(kb.paths.database) is None, f"killed after {delay:.2f} s"
        report = kb.ensure_ready(check=True)  # the next start
        assert report.notices == []
        resources = kb.repository().state.counts()["resource"]
        kept = [f.name for f in kb.imports()]
        assert (kept, resources) in ((["0001-large-import.txt"], shipped + entries), ([], shipped)), (
            f"killed after {delay:.2f} s: {kept}, {resources}"
        )
        assert (
            index_state(kb.paths.index, kb.repository().state.meta()["build_id"], sum(report.counts.values())) == "ok"
        )
        outcomes.append("finished" if finished else ("restored" if not kept else "not begun"))
        kb.close()
        assert _leftovers(kb.paths.data) == []
        assert not (kb.paths.data / "editions" / "restoring.json").exists()
    assert outcomes.count("finished") < KILLS // 2, outcomes


def test_an_unpack_killed_at_any_moment_leaves_whole_imports_and_runs_again_to_the_end(home, tmp_path):
    """Issue 15: a data pack's imports go in one at a time, each whole or absent; the
    unpack run again after a kill takes in the rest, and nothing doubles."""
    from tests.benchmarks.synthetic import catalogue_text
    from tests.services.test_import import LOCAL

    kb, _, env = home
    shipped = kb.repository().state.counts()["resource"]
    entries = 1500
    maker = tmp_path / "maker"
    maker_env = kbapp_env(maker, KBAPP_RESOURCES=str(tmp_path))
    big, local = tmp_path / "large import.txt", tmp_path / "local.txt"
    big.write_text(catalogue_text(entries), encoding="utf-8")
    local.write_text(LOCAL, encoding="utf-8")
    for path in (big, local):
        assert run_kbapp(["import", str(path)], maker_env).returncode == 0
    pack = tmp_path / "moving.kbpack"
    assert run_kbapp(["pack", "--output", str(pack)], maker_env).returncode == 0
    started = time.monotonic()
    assert run_kbapp(["unpack", str(pack)], env).returncode == 0
    duration = time.monotonic() - started
    whole = (["0001-large-import.txt", "0002-local.txt"], shipped + entries + 2)

    outcomes = []
    for delay in _spread(duration):
        kb.close()
        for name in reversed([f.name for f in kb.imports()]):
            kb.remove_import(name)
        kb.close()
        finished = _kill_after(["unpack", str(pack)], env, delay) is not None
        assert problem_with(kb.paths.database) is None, f"killed after {delay:.2f} s"
        report = kb.ensure_ready(check=True)  # the next start
        assert report.notices == []
        kept = [f.name for f in kb.imports()]
        resources = kb.repository().state.counts()["resource"]
        assert (kept, resources) in (([], shipped), (["0001-large-import.txt"], shipped + entries), whole), (
            f"killed after {delay:.2f} s: {kept}, {resources}"
        )
        assert (
            index_state(kb.paths.index, kb.repository().state.meta()["build_id"], sum(report.counts.values())) == "ok"
        )
        outcomes.append("finished" if finished else str(len(kept)))
        kb.close()
        assert run_kbapp(["unpack", str(pack)], env).returncode == 0  # again, to the end
        kb.close()
        assert ([f.name for f in kb.imports()], kb.repository().state.counts()["resource"]) == whole
        kb.close()
        assert _leftovers(kb.paths.data) == []
    assert outcomes.count("finished") < KILLS // 2, outcomes
