"""Faults produced for real: damaged and newer databases, failed migrations, a full
disk, a second writer, read-only folders, a damaged index, hostile queries."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbapp.domain.errors import DatabaseError, SourceError
from kbapp.paths import Paths
from kbapp.search.index import build_index, index_state
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.storage.integrity import back_up, backups_of, problem_with
from kbapp.storage.lock import Busy
from kbapp.storage.migrations import migrate
from kbapp.storage.userdata import USER_MIGRATIONS, UserData, open_user_data
from tests.conftest import CATALOGUE, WHITE_PAPER, copy_built_data
from tests.faults import (
    ROOT,
    disk_full_after,
    kbapp_env,
    make_read_only,
    make_writable,
    run_kbapp,
    shared_folder,
    snapshot,
    truncate,
    unprivileged,
)


@pytest.fixture
def home(own_kb):
    return own_kb


# ----- damaged and newer databases ---------------------------------------------


def test_damaged_knowledge_base_is_kept_aside_and_rebuilt(home):
    database = home.paths.database
    truncate(database, 0.4)
    damaged = database.read_bytes()
    assert problem_with(database) is not None

    report = home.build(check=True)
    assert report.built_database and report.built_index
    assert len(report.notices) == 1 and "damaged" in report.notices[0]
    aside = [p for p in database.parent.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged  # kept, never deleted
    assert str(aside[0]) in report.notices[0]
    assert problem_with(database) is None
    assert home.engine().search("risk").total > 0


def test_damaged_knowledge_base_found_by_the_command_line(home, tmp_path):
    truncate(home.paths.database, 0.5)
    done = run_kbapp(["search", "ISMS", "--format", "json"], kbapp_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "damaged" in done.stderr and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["hits"][0]["id"] == "abbreviation:ISMS"


def test_damaged_user_data_is_restored_from_the_newest_backup(tmp_path):
    path, backups = tmp_path / "user.sqlite", tmp_path / "backups"
    userdata = open_user_data(path, backups).userdata
    userdata.set_bookmark("term:risk", "Risk", True)
    userdata.set_bookmark("abbreviation:ISMS", "ISMS", True)
    userdata.back_up(backups)
    userdata.set_bookmark("term:asset", "Asset", True)  # after the last backup
    userdata.close()
    truncate(path, 0.3)

    opened = open_user_data(path, backups)
    assert len(opened.notices) == 1 and "backup" in opened.notices[0] and "restored" in opened.notices[0]
    assert {b["record_id"] for b in opened.userdata.bookmarks()} == {"term:risk", "abbreviation:ISMS"}
    assert [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    opened.userdata.close()


def test_damaged_user_data_without_backup_starts_empty_and_keeps_the_file(tmp_path):
    path = tmp_path / "user.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    opened = open_user_data(path, tmp_path / "backups")
    assert "no backup" in opened.notices[0]
    assert opened.userdata.bookmarks() == []
    assert (tmp_path / "backups").is_dir() and backups_of(path, tmp_path / "backups")  # backed up from now on
    opened.userdata.close()
    assert len([p for p in tmp_path.iterdir() if ".damaged-" in p.name]) == 1


def test_backups_rotate_and_are_consistent_while_another_connection_writes(tmp_path):
    path, backups = tmp_path / "user.sqlite", tmp_path / "backups"
    userdata = UserData(path)
    userdata.set_bookmark("term:risk", "Risk", True)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO bookmarks (record_id, title, added_at) VALUES ('term:asset', 'Asset', 'now')"
    )  # not committed
    made = [back_up(path, backups) for _ in range(7)]
    writer.execute("ROLLBACK")
    writer.close()
    kept = backups_of(path, backups)
    assert len(kept) == 5 and kept[0] == made[-1]
    for backup in kept:
        assert problem_with(backup) is None
        with sqlite3.connect(backup) as conn:
            assert conn.execute("SELECT record_id FROM bookmarks").fetchall() == [("term:risk",)]
    userdata.close()


def test_newer_databases_are_refused_untouched(home, tmp_path):
    with sqlite3.connect(home.paths.database) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = home.paths.database.read_bytes()
    with pytest.raises(DatabaseError, match="newer kbapp"):
        home.build(force=True)
    assert home.paths.database.read_bytes() == before

    user = tmp_path / "user.sqlite"
    UserData(user).close()
    with sqlite3.connect(user) as conn:
        conn.execute("PRAGMA user_version = 7")
    before = user.read_bytes()
    with pytest.raises(DatabaseError, match="newer kbapp"):
        open_user_data(user, tmp_path / "backups")
    assert user.read_bytes() == before


def test_failed_migration_rolls_back(tmp_path):
    path = tmp_path / "user.sqlite"
    UserData(path).close()

    def half_done_then_fails(db):
        db.table("notes").create({"id": int, "text": str}, pk="id")
        db.execute("INSERT INTO bookmarks (record_id, title, added_at) VALUES ('x', 'y', 'z')")
        raise sqlite3.IntegrityError("simulated failure half-way through")

    db = sqlite_utils.Database(sqlite3.connect(path))
    with pytest.raises(DatabaseError, match=f"rolled back to schema {len(USER_MIGRATIONS)}"):
        migrate(db, [*USER_MIGRATIONS, half_done_then_fails], what="user.sqlite")
    db.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(USER_MIGRATIONS)
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'notes'").fetchone() is None
        assert conn.execute("SELECT COUNT(*) FROM bookmarks").fetchone()[0] == 0


# ----- full disk ---------------------------------------------------------------


@pytest.mark.parametrize("room", ["half the database", "hardly any"])
def test_full_disk_during_a_build_keeps_the_previous_database(home, tmp_path, room):
    before = snapshot(home.paths.data)
    limit = home.paths.database.stat().st_size // 2 if room == "half the database" else 4096
    done = run_kbapp(["build", "--force"], kbapp_env(tmp_path), preexec=disk_full_after(limit))
    assert done.returncode == 1
    assert "could not write the knowledge base" in done.stderr and "untouched" in done.stderr
    assert "Traceback" not in done.stderr and "rolled back to schema" not in done.stderr
    after = snapshot(home.paths.data)
    assert {k: v for k, v in after.items() if k != ".writer.lock"} == {
        k: v for k, v in before.items() if k != ".writer.lock"
    }
    assert run_kbapp(["search", "risk"], kbapp_env(tmp_path)).returncode == 0


SAVE_BOOKMARKS = r"""
import sys
from pathlib import Path
from kbapp.domain.errors import WriteError
from kbapp.storage.userdata import UserData
userdata = UserData(Path(sys.argv[1]))
saved = 0
try:
    for i in range(100000):
        userdata.set_bookmark(f"resource:r{i}", "x" * 200, True)
        saved += 1
except WriteError as exc:
    print(saved, exc, sep="\n")
"""


def test_full_disk_while_saving_bookmarks_rolls_back_and_says_so(tmp_path):
    path = tmp_path / "user.sqlite"
    UserData(path).close()
    limit = path.stat().st_size + 64 * 1024
    done = subprocess.run(
        [sys.executable, "-c", SAVE_BOOKMARKS, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=disk_full_after(limit),
        timeout=120,
    )
    saved_text, message = done.stdout.split("\n", 1)
    assert "could not save the bookmark" in message and "nothing was changed" in message
    assert problem_with(path) is None
    userdata = UserData(path)
    assert len(userdata.bookmarks()) == int(saved_text) > 0
    userdata.close()


# ----- a second writer -----------------------------------------------------------

HOLD_LOCK = r"""
import sys, time
from pathlib import Path
from kbapp.storage.lock import WriterLock
WriterLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_second_writer_is_told_and_readers_go_on(home):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(home.paths.data)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = home.paths.database.read_bytes()
        waiting = KnowledgeBase(home.paths, lock_timeout=0.5)
        started = time.monotonic()
        with pytest.raises(Busy, match="another kbapp is updating"):
            waiting.build(force=True)
        assert time.monotonic() - started < 5  # a bounded wait
        assert home.paths.database.read_bytes() == before
        assert waiting.engine().search("risk").total > 0  # reading goes on meanwhile
        waiting.close()
    finally:
        holder.kill()  # SIGKILL: the kernel releases the lock, nothing stale is left
        holder.wait()
    assert KnowledgeBase(home.paths, lock_timeout=0.5).build(force=True).built_index


def test_a_stale_whoosh_lock_file_does_not_block_an_update(home):
    (home.paths.index / "MAIN_WRITELOCK").write_text("left by a killed writer")
    report = home.build(force=True)
    assert report.built_index


# ----- read-only and missing folders ---------------------------------------------


@pytest.fixture
def shared():
    folder = shared_folder("kbapp-shared-")
    yield folder
    make_writable(folder)
    shutil.rmtree(folder, ignore_errors=True)


def test_read_only_install_folder(shared):
    resources = shared / "resources"
    shutil.copytree(ROOT / "kbapp" / "resources", resources)
    make_read_only(resources)
    home = shared / "home"
    env = kbapp_env(home, KBAPP_RESOURCES=str(resources))
    done = run_kbapp(["search", "ISMS", "--format", "json"], env, preexec=unprivileged())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["hits"][0]["id"] == "abbreviation:ISMS"
    assert not [p for p in resources.rglob("*") if p.name.endswith((".sqlite", ".lock", ".pyc"))]


def test_read_only_data_folder_reads_and_refuses_writes_clearly(built_kb, shared):
    home = shared / "home"
    copy_built_data(built_kb, home / "data")
    make_read_only(home / "data")
    before = snapshot(home / "data")
    env = kbapp_env(home)
    searched = run_kbapp(["search", "risk", "--format", "json"], env, preexec=unprivileged())
    assert searched.returncode == 0, searched.stderr
    assert json.loads(searched.stdout)["total"] > 0
    rebuilt = run_kbapp(["build", "--force"], env, preexec=unprivileged())
    assert rebuilt.returncode == 1
    assert "cannot write to the data folder" in rebuilt.stderr and "Traceback" not in rebuilt.stderr
    entries = shared / "entries.txt"
    entries.write_text(CATALOGUE.read_text(encoding="utf-8")[:3000].rsplit("Resource", 1)[0], encoding="utf-8")
    imported = run_kbapp(["import", str(entries)], env, preexec=unprivileged())
    assert imported.returncode == 1
    assert "cannot write to the data folder" in imported.stderr and "Traceback" not in imported.stderr
    assert snapshot(home / "data") == before


def test_read_only_data_folder_after_the_sources_changed_still_answers_and_says_so(built_kb, shared):
    home = shared / "home"
    copy_built_data(built_kb, home / "data")
    make_read_only(home / "data")
    resources = shared / "resources"
    shutil.copytree(ROOT / "kbapp" / "resources", resources)
    catalogue = resources / "sources" / CATALOGUE.name
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").replace("Armed Policing APP\n\n", "Armed Policing APP\n\nNew ", 1),
        encoding="utf-8",
    )
    env = kbapp_env(home, KBAPP_RESOURCES=str(resources))
    for args in (["search", "ISMS", "--format", "json"], ["define", "ISMS"]):
        done = run_kbapp(args, env, preexec=unprivileged())
        assert done.returncode == 0, done.stderr  # "cannot write to the data folder", before
        assert "cannot write to the data folder" in done.stderr and "out of date" in done.stderr
        assert "ISMS" in done.stdout


def test_missing_data_folder_is_created(shared):
    home = shared / "not" / "yet" / "there"
    done = run_kbapp(["define", "ISMS", "--format", "json"], kbapp_env(home), preexec=unprivileged())
    assert done.returncode == 0, done.stderr
    assert (home / "data" / "kb.sqlite").exists()


def test_export_into_a_read_only_folder_fails_cleanly(built_kb, shared):
    home = shared / "home"
    copy_built_data(built_kb, home / "data")
    make_writable(home)
    out = shared / "out"
    out.mkdir()
    (out / "findings.csv").write_text("old findings", encoding="utf-8")
    make_read_only(out)
    done = run_kbapp(
        ["export", "term:risk", "--output", str(out / "findings.csv")], kbapp_env(home), preexec=unprivileged()
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "cannot write" in done.stderr
    assert (out / "findings.csv").read_text(encoding="utf-8") == "old findings"
    assert [p.name for p in out.iterdir()] == ["findings.csv"]


def test_export_onto_a_full_disk_leaves_the_old_file(built_kb, tmp_path):
    copy_built_data(built_kb, tmp_path / "data")
    target = tmp_path / "findings.csv"
    target.write_text("old findings", encoding="utf-8")
    done = run_kbapp(
        ["export", "resource:investigation-app", "term:risk", "--output", str(target)],
        kbapp_env(tmp_path),
        preexec=disk_full_after(400),
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == "old findings"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(("findings", ".findings"))] == ["findings.csv"]


# ----- a damaged index -------------------------------------------------------------


def _delete_a_segment(index):
    next(p for p in index.iterdir() if p.suffix == ".trm").unlink()


def _truncate_the_toc(index):
    truncate(next(index.glob("*.toc")), 0.5)


def _empty_the_folder(index):
    shutil.rmtree(index)
    index.mkdir()


@pytest.mark.parametrize("damage", [_delete_a_segment, _truncate_the_toc, _empty_the_folder])
def test_damaged_index_is_detected_and_rebuilt(home, damage):
    damage(home.paths.index)
    meta = home.repository().state.meta()
    count = sum(home.repository().state.counts().values())
    assert index_state(home.paths.index, meta["build_id"], count) in ("corrupt", "missing")
    home.close()
    report = home.ensure_ready()
    assert report.built_index
    assert index_state(home.paths.index, meta["build_id"], count) == "ok"
    assert home.engine().search("ISMS").hits[0].id == "abbreviation:ISMS"


def test_previous_index_serves_while_a_rebuild_runs(home):
    engine = home.engine()
    expected = engine.search("information security").total
    build_id = home.repository().state.meta()["build_id"]
    builder = KnowledgeBase(home.paths)  # its own connection, used on the rebuild's thread only
    done = threading.Event()
    errors: list[BaseException] = []

    def rebuild():
        try:
            build_index(builder.repository(), home.paths.index, build_id)
        except BaseException as exc:  # reported on the test's thread
            errors.append(exc)
        finally:
            builder.close()
            done.set()

    worker = threading.Thread(target=rebuild)
    worker.start()
    searched = 0
    while not done.is_set():
        assert engine.search("information security").total == expected
        searched += 1
    worker.join()
    assert not errors and searched > 1
    home.close()
    assert home.engine().search("information security").total == expected


# ----- hostile queries -------------------------------------------------------------

PIECES = st.sampled_from(
    ['"', "(", ")", "*", "?", ":", "AND", "OR", "NOT", "title:", "year:", "[", "]", "^", "~", "\\", "\x00", " ", "é"]
)
LONG_QUERIES = st.builds(
    lambda text, pieces, times: ("".join(pieces) + text) * times,
    st.text(max_size=300),
    st.lists(PIECES, max_size=30),
    st.integers(min_value=1, max_value=350),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=2000), LONG_QUERIES))
def test_hostile_queries_up_to_100_kb_never_raise_and_keep_their_time_limit(engine, text):
    assert len(text) <= 120_000
    started = time.monotonic()
    result = engine.search(text, time_limit=1.0)
    elapsed = time.monotonic() - started
    assert result.total >= 0
    assert elapsed < 3.0, f"{elapsed:.1f} s for a query of {len(text)} characters"


# ----- bad source text ---------------------------------------------------------------


def _broken_sources():
    good = CATALOGUE.read_bytes()
    return {
        "cp1252": (good + "Résumé of a policy".encode("cp1252"), "UTF-8"),
        "nul bytes": (good.replace(b"Armed Policing APP", b"Armed\x00Policing APP", 1), "NUL"),
        "impossible date": (good.replace(b"Published 01/01/2013", b"Published 31/02/2013", 1), "not a real date"),
        "missing date": (good.replace(b"Published 01/01/2013\n", b"", 1), "published"),
        "empty": (b"", "empty"),
        "binary": (bytes(range(256)) * 8, "binary"),
    }


@pytest.mark.parametrize("kind", list(_broken_sources()))
def test_bad_source_text_is_named_and_leaves_the_knowledge_base_untouched(tmp_path, built_kb, kind):
    content, says = _broken_sources()[kind]
    copy_built_data(built_kb, tmp_path / "data")
    src = tmp_path / "src"
    src.mkdir()
    sources = {"catalogue": src / CATALOGUE.name, "white_paper": src / WHITE_PAPER.name}
    shutil.copy(WHITE_PAPER, sources["white_paper"])
    sources["catalogue"].write_bytes(content)
    before = snapshot(tmp_path / "data")
    kb = KnowledgeBase(Paths(tmp_path / "data", tmp_path / "config", tmp_path / "logs"), sources=sources)
    with pytest.raises(SourceError) as caught:
        kb.build()
    kb.close()
    message = str(caught.value)
    assert CATALOGUE.name in message and says.lower() in message.lower()
    if kind != "empty":
        assert caught.value.line is not None
    after = snapshot(tmp_path / "data")
    assert {k: v for k, v in after.items() if k != ".writer.lock"} == {
        k: v for k, v in before.items() if k != ".writer.lock"
    }


# ----- user data that is lost, not only damaged (issue 12, item 3) -------------------


def _bookmarked(path, backups):
    userdata = open_user_data(path, backups).userdata
    userdata.set_bookmark("term:risk", "Risk", True)
    userdata.set_bookmark("abbreviation:ISMS", "ISMS", True)
    userdata.back_up(backups)
    userdata.close()


@pytest.mark.parametrize("loss", ["emptied", "deleted", "cut off mid-restore"])
def test_lost_user_data_is_restored_from_the_backup_and_said(tmp_path, loss):
    path, backups = tmp_path / "user.sqlite", tmp_path / "backups"
    _bookmarked(path, backups)
    if loss == "emptied":
        path.write_bytes(b"")
    elif loss == "deleted":
        path.unlink()
    else:  # killed between setting the damaged file aside and copying the backup in
        os.replace(path, tmp_path / "user.sqlite.damaged-20260101T000000000000Z")
        (tmp_path / ".user.sqlite.partial").write_bytes(b"SQLite format 3\x00half")
    opened = open_user_data(path, backups)
    assert {b["record_id"] for b in opened.userdata.bookmarks()} == {"term:risk", "abbreviation:ISMS"}
    assert len(opened.notices) == 1 and "restored" in opened.notices[0]
    assert ("empty" if loss == "emptied" else "missing") in opened.notices[0]
    assert not (tmp_path / ".user.sqlite.partial").exists()
    opened.userdata.close()


def test_the_first_start_is_not_a_loss(tmp_path):
    opened = open_user_data(tmp_path / "user.sqlite", tmp_path / "backups")
    assert opened.notices == [] and opened.userdata.bookmarks() == []
    opened.userdata.close()


def test_rotation_keeps_the_last_backup_that_held_more_bookmarks(tmp_path):
    path, backups = tmp_path / "user.sqlite", tmp_path / "backups"
    _bookmarked(path, backups)
    userdata = UserData(path)
    userdata.set_bookmark("term:risk", "Risk", False)  # the bookmarks were lost in use
    userdata.set_bookmark("abbreviation:ISMS", "ISMS", False)
    for _ in range(6):  # five ordinary sessions and more
        userdata.back_up(backups)
    userdata.close()
    kept = sorted(backups.glob("kept-*.sqlite"))
    assert len(kept) == 1
    with sqlite3.connect(kept[0]) as conn:
        assert conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 2
    assert len(backups_of(path, backups)) == 5


def test_leftover_partial_backups_are_removed_at_start(tmp_path):
    path, backups = tmp_path / "user.sqlite", tmp_path / "backups"
    _bookmarked(path, backups)
    for name in (".user-20260101T000000000000Z.sqlite.partial", ".user-20260101T000000000000Z.sqlite.partial-journal"):
        (backups / name).write_bytes(b"half")
    open_user_data(path, backups).userdata.close()
    assert not list(backups.glob(".*partial*"))


def test_a_newer_database_is_refused_by_the_command_line_without_a_word_of_building(home, tmp_path):
    with sqlite3.connect(home.paths.database) as conn:
        conn.execute("PRAGMA user_version = 99")
    home.close()
    before = home.paths.database.read_bytes()
    env = kbapp_env(tmp_path, KBAPP_HOME=str(home.paths.data.parent))
    done = run_kbapp(["search", "ISMS"], env)
    assert done.returncode != 0 and "newer kbapp" in done.stderr
    assert "building" not in done.stderr  # "building the knowledge base…" just before refusing, before
    assert home.paths.database.read_bytes() == before


def test_bookmarks_from_before_notes_keep_their_rows_and_gain_an_empty_note(tmp_path):
    """The v2 user migration (bookmark notes) on a file the previous kbapp wrote."""
    path = tmp_path / "user.sqlite"
    db = sqlite_utils.Database(sqlite3.connect(path))
    migrate(db, USER_MIGRATIONS[:1], what="user.sqlite")
    db.execute("INSERT INTO bookmarks VALUES ('term:risk', 'Risk', '2026-11-30T09:00:00+00:00')")
    db.conn.commit()
    db.close()
    userdata = UserData(path)
    assert userdata.bookmarks() == [
        {"record_id": "term:risk", "title": "Risk", "added_at": "2026-11-30T09:00:00+00:00", "note": ""}
    ]
    userdata.close()
