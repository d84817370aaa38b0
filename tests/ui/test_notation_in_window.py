"""The window's search box reads the notations the command line reads."""

from __future__ import annotations

from tests.ui.conftest import hit_ids, type_query


def test_annex_a_typed_in_the_search_box(qtbot, window):
    result = type_query(qtbot, window, "A.12.6.1")
    assert hit_ids(window)[0] == "mapping:27002:12.6.1"
    assert result.readings
    assert "A.12.6.1 is ISO/IEC 27002:2005 12.6.1" in window.search_page.status.text()
