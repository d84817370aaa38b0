"""A window left open while the command line writes the knowledge base shows each new
build within seconds, and says so."""

from __future__ import annotations

from tests.faults import kbapp_env, run_kbapp
from tests.guarantees.test_second_process import ENTRY, QUERY
from tests.services.test_import import LOCAL
from tests.ui.conftest import hit_ids


def test_an_open_window_shows_what_another_process_imported(qtbot, own_window, tmp_path):
    window = own_window
    env = kbapp_env(tmp_path)
    (tmp_path / "mine.txt").write_text(LOCAL, encoding="utf-8")
    shipped = window.catalogue.model.rowCount()
    assert run_kbapp(["import", str(tmp_path / "mine.txt")], env).returncode == 0
    qtbot.waitUntil(lambda: window.catalogue.model.rowCount() == shipped + 2, timeout=10000)
    assert "changed by another kbapp" in window.statusBar().currentMessage()
    assert f"{shipped + 2} resources" in window.status_counts.text()
    window.search_text(QUERY)
    qtbot.waitUntil(lambda: hit_ids(window) == [ENTRY], timeout=10000)

    assert run_kbapp(["imports", "--remove", "0001-mine.txt"], env).returncode == 0
    qtbot.waitUntil(lambda: window.catalogue.model.rowCount() == shipped, timeout=10000)
    qtbot.waitUntil(lambda: hit_ids(window) == [], timeout=10000)  # the search shown is asked again
