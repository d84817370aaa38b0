"""Search as a user meets it: ranking, abbreviations, typos, facets, syntax, bad input."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbapp.search.engine import Filters
from kbapp.search.index import MARKER, index_state
from kbapp.search.vocabulary import VOCABULARY_FILE


def ids(result):
    return [h.id for h in result.hits]


def test_exact_term_comes_first(engine):
    assert ids(engine.search("risk"))[0] == "term:risk"
    assert ids(engine.search("Confidentiality"))[0] == "term:confidentiality"
    assert ids(engine.search("10.1.2"))[0] == "mapping:27002:10.1.2"


def test_title_match_outranks_body_match(engine):
    result = engine.search("network security", limit=20)
    hits = ids(result)
    assert hits[0] == "standard:iso-iec-27033"
    # Records with the words in their title come before those that only mention them.
    titled = [i for i, h in enumerate(result.hits) if "network security" in h.title.lower()]
    untitled = [i for i, h in enumerate(result.hits) if "network security" not in h.title.lower()]
    assert len(titled) >= 3 and max(titled[:3]) < min(untitled)


def test_abbreviation_finds_expansion_and_back(engine):
    isms = ids(engine.search("ISMS"))
    assert isms[:2] == ["abbreviation:ISMS", "term:information-security-management-system"]
    expansion = engine.search("Service Level Agreement")
    assert ids(expansion)[0] == "abbreviation:SLA"
    # The body's abbreviation finds its resources although their text never says "NCSC".
    ncsc = engine.search("NCSC", filters=Filters(types=["resource"]))
    assert {h.body for h in ncsc.hits} == {"National Cyber Security Centre"}
    assert ncsc.total == 2


def test_stemming_and_accent_folding(engine):
    assert engine.search("investigations").total >= engine.search("investigation").total > 0
    assert engine.search("détention").total == engine.search("detention").total > 0


def test_all_words_required_by_default(engine):
    both = engine.search("firearms custody")
    assert both.total < engine.search("firearms").total


def test_phrase_or_not(engine):
    # The ITIL section titled so comes first, then the clause.
    assert ids(engine.search('"change management"'))[:2] == ["itil:ST-4.2", "mapping:27002:10.1.2"]
    either = engine.search("firearms OR undercover", filters=Filters(types=["resource"])).total
    assert either >= 3
    without = engine.search("police NOT firearms", filters=Filters(types=["resource"]))
    assert "resource:armed-policing-app" not in ids(without)
    assert without.total > 0


def test_prefix_matches_mid_word(engine):
    result = engine.search("informa*", limit=50)
    assert result.total > 20
    assert engine.search("cybersec*").total >= 1
    # A prefix stands for whole words of every stem it starts ("informal", "information").
    assert engine.search("informa*").total == engine.search("informal OR information OR informative").total
    assert engine.search("body:colle*").total == 11
    assert engine.search("title:informa*", limit=50).total < result.total


def test_field_filters(engine):
    terms = engine.search("type:term risk", limit=50)
    assert {h.type for h in terms.hits} == {"term"}
    plural = engine.search("type:terms risk")
    assert plural.total == terms.total
    cop = engine.search("body:CoP")
    assert cop.total == 11 and {h.body for h in cop.hits} == {"College of Policing"}
    by_name = engine.search('body:"college of policing"')
    assert by_name.total == 11
    guidance = engine.search("category:guidance firearms")
    assert {h.category for h in guidance.hits} == {"Guidance"}


def test_years_and_date_ranges(engine):
    span = engine.search("year:2015..2020 iso", filters=Filters(types=["resource"]))
    assert span.total > 0 and all(2015 <= h.year <= 2020 for h in span.hits)
    dated = engine.search("published:[2015-01-01 TO 2016-12-31]")
    assert {h.published[:4] for h in dated.hits} <= {"2015", "2016"} and dated.total == 4
    assert engine.search("guidance", filters=Filters(years=(2020, 2020))).hits[0].year == 2020


def test_typo_is_corrected_and_said(engine):
    result = engine.search("confidentialty")
    assert result.corrected == "confidentiality"
    assert ids(result)[0] == "term:confidentiality"
    assert engine.search("firearms").corrected is None


def test_facets(engine):
    result = engine.search("security")
    types = dict(result.facets["type"])
    assert types["term"] >= 5 and types["mapping"] > 10
    assert sum(types.values()) == result.total
    categories = dict(result.facets["category"])
    assert categories["Standards"] >= 5
    assert "International Organisation for Standardisation" in dict(result.facets["body"])
    assert all(1990 < int(year) < 2030 for year, _ in result.facets["year"])


def test_facet_filter_keeps_other_values_countable(engine):
    result = engine.search("security", filters=Filters(types=["term"]))
    assert {h.type for h in result.hits} == {"term"}
    assert result.total == dict(engine.search("security").facets["type"])["term"] == len(result.hits)
    assert len(result.facets["type"]) > 1  # the type facet still shows what the other types hold


def test_highlighted_snippets(engine):
    hit = engine.search("vulnerability").hits[0]
    assert "<b" in hit.snippet_html and "Vulnerability" in hit.snippet
    assert "<b" not in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "(((",
        ")",
        "AND",
        "OR OR",
        "NOT",
        "*",
        "?",
        "*ity",
        "a*",
        "type:",
        ":",
        "year:[",
        "x" * 5000,
        "risk " * 2000,
        "\x00\x01",
        "body:(",
        '"""',
        "[TO]",
        "^2",
        "title:*",
        "ü*",
        "⁵",
        "{}",
    ],
)
def test_bad_syntax_never_raises(engine, query):
    result = engine.search(query)
    assert result.total >= 0


def test_bad_syntax_falls_back_to_plain_words(engine):
    assert ids(engine.search('"risk assessment'))[0] == "term:risk-assessment"
    assert engine.search("(firearms").total == engine.search("firearms").total


def test_leading_wildcard_and_short_prefix_do_not_expand_everything(engine):
    everything = engine.search("*").total
    assert everything == 0
    assert engine.search("a*").total < 100
    # A leading wildcard is dropped, not expanded over the whole vocabulary.
    assert engine.search("*ity").total == engine.search("ity").total


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=0, max_size=300))
def test_fuzzed_queries_never_raise(engine, text):
    engine.search(text, limit=5)


def test_index_is_rebuilt_when_missing_corrupt_or_stale(fresh_kb):
    fresh_kb.build()
    fresh_kb.close()
    index = fresh_kb.paths.index
    meta = fresh_kb.repository().state.meta()
    count = sum(fresh_kb.repository().state.counts().values())
    assert index_state(index, meta["build_id"], count) == "ok"

    segments = [p for p in index.iterdir() if p.suffix not in (".toc", ".json") and not p.name.endswith("LOCK")]
    assert segments
    for segment in segments:
        segment.write_bytes(b"garbage" * 10)
    assert index_state(index, meta["build_id"], count) == "corrupt"
    assert fresh_kb.ensure_ready().built_index
    assert fresh_kb.engine().search("risk").total > 0
    fresh_kb.close()

    (index / VOCABULARY_FILE).write_text("{not json")
    assert index_state(index, meta["build_id"], count) == "corrupt"
    assert fresh_kb.ensure_ready().index_reason == "corrupt"
    assert fresh_kb.engine().search("informa*").total > 20

    marker = json.loads((index / MARKER).read_text())
    marker["build_id"] = "something-else"
    (index / MARKER).write_text(json.dumps(marker))
    assert index_state(index, meta["build_id"], count) == "stale"
    assert fresh_kb.ensure_ready().index_reason == "stale"

    shutil.rmtree(index)
    report = fresh_kb.ensure_ready()
    assert report.index_reason == "missing" and report.built_index
    assert fresh_kb.engine().search("ISMS").hits[0].id == "abbreviation:ISMS"


def test_index_built_by_several_processes_searches_the_same(fresh_kb, engine, monkeypatch):
    from kbapp.search import index as index_module

    monkeypatch.setattr(index_module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(index_module, "PROCESSES", 2)
    fresh_kb.build()
    parallel = fresh_kb.engine()
    assert len(parallel.searcher().reader().leaf_readers()) >= 1
    for query in ("risk", "ISMS", "network security", "type:term risk", "informa*", "confidentialty"):
        ours, theirs = parallel.search(query), engine.search(query)
        assert ours.total == theirs.total, query
        assert ours.facets == theirs.facets, query
        if "*" not in query:  # a prefix scores every hit alike, so their order is arbitrary
            assert [h.id for h in ours.hits[:3]] == [h.id for h in theirs.hits[:3]], query


# ----- issue 11, items 5 and 6: exact first everywhere; the word being typed -------------


def test_while_typing_the_last_word_is_a_prefix_and_never_corrected(engine):
    typing = engine.search("risk man", limit=5, prefix_last=True)
    assert typing.corrected is None and typing.hits[0].id == "term:risk-management"
    assert engine.search("risk m", limit=5, prefix_last=True).corrected is None
    # The same words given whole (the command line) are words, and may be corrected.
    assert engine.search("risk man", limit=5).corrected == "risk may"


@pytest.mark.parametrize(
    ("query", "first"),
    [("type:term risk", "term:risk"), ("risk type:term", "term:risk"), ('type:abbreviation "SLA"', "abbreviation:SLA")],
)
def test_an_exact_name_comes_first_with_a_filter_in_the_query_too(engine, query, first):
    assert engine.search(query, limit=5).hits[0].id == first


def test_a_word_the_index_holds_in_another_form_is_not_corrected(engine):
    result = engine.search("analyst", limit=5)
    assert result.corrected is None
    assert result.hits[0].id == "resource:criminal-intelligence-manual-for-analysts"
