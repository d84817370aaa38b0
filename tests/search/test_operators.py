"""Operators that parse but cannot run together never give a silent "0 results": the
query is read as its plain words, and the result says so."""

from __future__ import annotations

import itertools

import pytest

OPERATORS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "(", ")", '"']


@pytest.mark.parametrize("query", ["NOT NOT risk", "access ANDNOT ANDNOT control"])
def test_the_issues_queries_find_their_words(engine, query):
    result = engine.search(query)
    assert result.total > 0
    assert result.readings and "searched for the words" in result.readings[-1]


def test_every_operator_combination_answers(engine):
    """No combination fails inside: each is run as written, or read as its words (said)."""
    checked = read_as_words = 0
    for a, b in itertools.product(OPERATORS, repeat=2):
        for query in (f"{a} {b} risk", f"access {a} {b} control", f"{a} risk {b}", f"risk {a} {b} {a} control"):
            result = engine.search(query)  # never raises
            checked += 1
            assert not result.failed, query
            if any("searched for the words" in r for r in result.readings):
                read_as_words += 1
                assert result.total > 0, query
    assert checked == 4 * len(OPERATORS) ** 2
    assert read_as_words > 0  # the combinations do reach syntax Whoosh cannot run
