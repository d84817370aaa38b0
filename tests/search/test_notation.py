"""Notations auditors write: ISO/IEC 27001:2005 Annex A controls (A.12.6.1), read as the
ISO/IEC 27002:2005 clauses they number, in search, ``map`` and ``show``."""

from __future__ import annotations

import pytest

from kbapp.domain.mapping_rules import annex_a, annex_a_in


@pytest.mark.parametrize("written", ["A.12.6.1", "A 12.6.1", "A12.6.1", "a.12.6.1", "ISO/IEC 27001 A.12.6.1"])
def test_every_way_of_writing_an_annex_a_control_is_read(written):
    control = annex_a(written)
    assert control is not None and control.clause == "12.6.1"
    assert "ISO/IEC 27002:2005 12.6.1" in control.explanation


@pytest.mark.parametrize("text", ["A.4.2.1", "A.16.1", "a 12.6.1", "12.6.1", "Appendix A", "A.12.6.1.4", "DATA.12.6"])
def test_what_is_not_an_annex_a_control_is_left_alone(text):
    assert annex_a(text) is None
    assert annex_a_in(text)[1] == []


@pytest.mark.parametrize("written", ["A.12.6.1", "A 12.6.1", "A12.6.1"])
def test_search_finds_the_27002_clause_and_says_so(engine, written):
    result = engine.search(written)
    assert result.hits and result.hits[0].id == "mapping:27002:12.6.1"
    assert result.query == written
    assert result.readings == [
        f"{written} is ISO/IEC 27002:2005 12.6.1 (27001:2005 Annex A numbers its controls as 27002's)"
    ]


def test_annex_a_means_27002_even_where_27001_has_the_same_number(engine):
    # 5.1 is a clause of both standards; A.5.1 is only 27002's.
    assert engine.search("A.5.1").hits[0].id == "mapping:27002:5.1"


def test_annex_a_inside_a_longer_query(engine):
    result = engine.search("A.10.1.2 change")
    assert result.hits[0].id == "mapping:27002:10.1.2"


def test_show_resolves_an_annex_a_control(repo):
    assert repo.records.resolve("A.10.1.2") == "mapping:27002:10.1.2"
