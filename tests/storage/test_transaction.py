"""The plain-SQL transaction the user's data is written in (issue 17: the window opens
that file without importing sqlite-utils)."""

import sqlite3

import pytest

from kbapp.storage.transaction import transaction


@pytest.fixture
def conn(tmp_path):
    conn = sqlite3.connect(tmp_path / "t.sqlite", isolation_level=None)
    conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    yield conn
    conn.close()


def values(conn) -> list[int]:
    return [row[0] for row in conn.execute("SELECT x FROM t ORDER BY x")]


def test_a_block_that_ends_is_committed(conn, tmp_path):
    with transaction(conn):
        conn.execute("INSERT INTO t VALUES (1)")
        conn.execute("INSERT INTO t VALUES (2)")
    other = sqlite3.connect(tmp_path / "t.sqlite")
    assert [row[0] for row in other.execute("SELECT x FROM t ORDER BY x")] == [1, 2]
    other.close()


def test_a_block_that_raises_leaves_nothing_written(conn):
    with pytest.raises(sqlite3.IntegrityError), transaction(conn):
        conn.execute("INSERT INTO t VALUES (1)")
        conn.execute("INSERT INTO t VALUES (1)")
    assert values(conn) == [] and not conn.in_transaction


def test_an_inner_block_that_raises_undoes_only_itself(conn):
    with transaction(conn):
        conn.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(ValueError), transaction(conn):
            conn.execute("INSERT INTO t VALUES (2)")
            raise ValueError("no")
        conn.execute("INSERT INTO t VALUES (3)")
    assert values(conn) == [1, 3] and not conn.in_transaction
