"""The search time limit holds for ranges of words too (issue 12, item 11): a range
stands for a bounded number of words, and the answer says when it was cut."""

from __future__ import annotations

import time

from kbapp.search.expansion import MAX_RANGE_TERMS


def test_a_wide_range_of_words_is_bounded_and_said(engine):
    started = time.perf_counter()
    result = engine.search("content:[a TO z]")
    elapsed = time.perf_counter() - started
    assert result.total > 0
    assert result.readings and f"more than {MAX_RANGE_TERMS} words" in result.readings[0]
    assert elapsed < 2.0 + 0.5  # the limit, and a margin for a loaded machine


def test_a_narrow_range_is_searched_whole(engine):
    result = engine.search("title:[risk TO riskz]")
    assert result.total > 0 and result.readings == []
    assert "term:risk" in [h.id for h in result.hits]


def test_the_range_of_digits_from_the_issue_answers_in_time(engine):
    started = time.perf_counter()
    result = engine.search("content:[0 TO 9]")
    assert time.perf_counter() - started < 2.5
    assert result.total > 0
