"""Damaged index files never answer "0 results" (issue 12, item 2): the start check reads
every file a search reads, against checksums written at build time; a search that fails
inside a running window rebuilds the index and says so."""

from __future__ import annotations

import pytest

from tests.ui.conftest import opened_window, type_query


@pytest.fixture
def kb(own_kb):
    return own_kb


def index_file(kb, ending):
    return next(f for f in sorted(kb.paths.index.iterdir()) if f.name.endswith(ending))


def flip(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


DAMAGE = {
    "flipped": flip,
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: max(1, p.stat().st_size // 2)]),
    "deleted": lambda p: p.unlink(),
}


@pytest.mark.parametrize("ending", ["_stored.col", "_title_len.col", ".trm", ".pst", ".toc", "vocabulary.json"])
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_every_damaged_file_is_found_at_start_and_rebuilt(kb, ending, damage):
    assert kb.index_state() == "ok"
    DAMAGE[damage](index_file(kb, ending))
    assert kb.index_state() == "corrupt"
    report = kb.build()
    assert report.index_reason == "corrupt"
    assert kb.index_state() == "ok"
    assert kb.engine().search("risk").hits[0].id == "term:risk"


def test_a_search_that_fails_inside_says_so_not_zero(kb):
    engine = kb.engine()
    assert engine.search("risk").total > 0
    index_file(kb, "_stored.col").write_bytes(b"")  # damaged under a running engine
    result = engine.search("risk")
    assert result.failed and result.total == 0


def test_the_window_rebuilds_an_index_that_fails_a_search(qtbot, kb, tmp_path):
    with opened_window(qtbot, kb, tmp_path) as win:
        index_file(kb, "_stored.col").write_bytes(b"")  # damaged while the window is open
        result = type_query(qtbot, win, "firearms")
        assert result.failed
        assert "damaged" in win.search_page.status.text()
        qtbot.waitUntil(lambda: win.ready and kb.index_state() == "ok", timeout=30000)
        told = [box.text() for box in win.notices.boxes] + win.notices.untold
        assert any("damaged" in m and "rebuilding" in m for m in told), told
        again = type_query(qtbot, win, "firearm")
        assert not again.failed and again.total > 0
