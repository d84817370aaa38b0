"""Whatever is typed or pasted into the window's search box and quick lookup, the
window answers and stays usable (issue 12, item 10): the same generated text as the
engine's fuzz, through the box (its completions), the results page (status, facets,
hits), the lookup popup and, now and then, a paint of the whole window. pytest-qt
fails the test on any exception raised inside a Qt slot."""

from __future__ import annotations

import pytest

from tests.guarantees.test_fuzz import N, generated
from tests.ui.conftest import hit_ids, type_query


def _fuzz(qtbot, window, seed: int, n: int, shown_every: int = 1) -> None:
    """Every text into both boxes; every ``shown_every``-th also searched and shown."""
    page = window.search_page
    engine = window.kb.engine()
    for i, text in enumerate(generated(seed, n)):
        page.box.setText(text)  # its completions, on the UI thread
        window.quick.look_up(text)
        if i % shown_every:
            continue
        result = engine.search(text, page.filters(), limit=100, prefix_last=True)
        assert not result.failed, text
        page.show_result(result)
        assert page.status.text()
        if i % 250 == 0:
            assert not window.grab().isNull()  # the hits, facets and popup painted
    window.quick.hide()
    qtbot.wait(400)  # the box's own search lands
    type_query(qtbot, window, "ISMS")
    qtbot.waitUntil(lambda: hit_ids(window)[:1] == ["abbreviation:ISMS"], timeout=10000)


def test_the_window_s_boxes_take_any_text(qtbot, window):
    _fuzz(qtbot, window, seed=9, n=1_000)


@pytest.mark.slow
def test_the_window_s_boxes_take_any_text_at_length(qtbot, window):
    _fuzz(qtbot, window, seed=10, n=N, shown_every=5)
