"""Issue 14, results: a sort control, a useful order for a query of filters alone,
type labels typed unquoted, phrases highlighted as phrases, and snippets that start
at the record's opening or its sentence.

Orders are checked against SQL over the same records, on the real index.
"""

from __future__ import annotations

import re

import pytest

from kbapp.search.results import Filters
from kbapp.search.snippets import snippet_html

BOLD = re.compile(r"<b[^>]*>(.*?)</b>")


@pytest.fixture(scope="module")
def resource_dates(repo):
    return {f"resource:{rid}": published for rid, published in repo.db.execute("SELECT id, published FROM resources")}


def test_newest_first_follows_the_publication_dates(engine, resource_dates):
    result = engine.search("security", Filters(types=["resource"], order="newest"), limit=100)
    dates = [resource_dates[h.id] for h in result.hits]
    assert result.order == "newest" and len(dates) == result.total > 5
    assert dates == sorted(dates, reverse=True)


def test_oldest_first_is_the_reverse_order_of_dates(engine, resource_dates):
    result = engine.search("security", Filters(types=["resource"], order="oldest"), limit=100)
    dates = [resource_dates[h.id] for h in result.hits]
    assert dates == sorted(dates)


def test_title_order_puts_clause_numbers_in_numeric_order(engine):
    result = engine.search("27002", Filters(types=["mapping"], order="title"), limit=300)
    clauses = [re.match(r"ISO/IEC 27002:2005 ([\d.]+) ", h.title) for h in result.hits]
    numbers = [tuple(int(n) for n in m.group(1).split(".")) for m in clauses if m]
    assert result.order == "title" and len(numbers) > 20
    assert numbers == sorted(numbers)  # 4.2 before 10.1, not after it


def test_a_sort_changes_the_order_not_the_hits(engine):
    best = engine.search("incident", Filters(), limit=200)
    newest = engine.search("incident", Filters(order="newest"), limit=200)
    assert best.total == newest.total
    assert {h.id for h in best.hits} == {h.id for h in newest.hits}
    assert [h.id for h in best.hits] != [h.id for h in newest.hits]


def test_dated_records_come_before_undated_ones(engine):
    result = engine.search("incident", Filters(order="newest"), limit=200)
    dated = [bool(h.published or h.year) for h in result.hits]
    assert True in dated and False in dated
    assert dated == sorted(dated, reverse=True)


def test_filters_alone_come_newest_first(engine, resource_dates):
    result = engine.search("year:2015..2020", limit=100)
    dates = [resource_dates[h.id] for h in result.hits]
    assert result.order == "newest" and len(dates) > 5
    assert dates == sorted(dates, reverse=True)


def test_filters_alone_over_undated_records_come_by_title(engine):
    result = engine.search("type:term", limit=100)
    titles = [h.title.casefold() for h in result.hits]
    assert result.order == "title" and titles == sorted(titles) and len(titles) == result.total


def test_an_unknown_order_is_relevance(engine):
    assert engine.search("incident", Filters(order="sideways")).order == "best"


@pytest.mark.parametrize(
    ("typed", "kind"), [("type:White paper", "section"), ("type:glossary term", "term"), ("type:ITIL section", "itil")]
)
def test_a_type_label_of_two_words_is_taken_unquoted(engine, typed, kind):
    result = engine.search(f"{typed} incident")
    assert result.total > 0 and {h.type for h in result.hits} == {kind}
    assert result.total == engine.search(f'type:"{typed[5:]}" incident').total


def test_a_phrase_is_highlighted_where_its_words_stand_together(engine):
    text = "Risk is everywhere. The risk management process is reviewed, and management reports it."
    html = snippet_html(text, engine.parse('"risk management"'), engine.tokens_of)
    assert BOLD.findall(html) == ["risk management"], html


def test_the_shipped_phrase_hits_mark_the_phrase(engine):
    hit = engine.search('"risk management"', Filters(types=["resource"]), limit=1).hits[0]
    assert "risk management" in [m.lower() for m in BOLD.findall(hit.snippet_html)]


def test_words_without_quotes_are_each_highlighted(engine):
    hit = engine.search("risk appetite", limit=1).hits[0]
    assert {m.lower() for m in BOLD.findall(hit.snippet_html)} >= {"risk"}


def test_a_match_near_the_opening_shows_the_record_from_its_opening(engine):
    hit = next(h for h in engine.search("forensic regulator", limit=10).hits if h.type == "resource")
    opening = " ".join(engine.snippet_source([hit.id])[hit.id].split())[:40]
    assert hit.snippet.startswith(opening), (hit.snippet[:80], opening)


def test_a_later_match_starts_at_its_sentence(engine):
    for hit in engine.search("countermeasures", limit=20).hits:
        if hit.snippet_html.startswith("<b") or not hit.snippet:
            continue
        first = hit.snippet[0]
        assert first.isupper() or first.isdigit() or not first.isalpha(), hit.snippet[:60]


def test_a_text_s_tokens_kept_for_the_next_snippet_carry_no_marks_of_the_last(engine):
    """Issue 17: each hit's tokens are analysed once and kept; every query marks its own."""
    from kbapp.search.snippets import token_cache

    tokens_of = token_cache(engine.ix.schema["content"].analyzer)
    text = "Risk is everywhere. The risk management process is reviewed, and management reports it."
    first = snippet_html(text, engine.parse('"risk management"'), tokens_of)
    second = snippet_html(text, engine.parse("reviewed"), tokens_of)
    assert BOLD.findall(first) == ["risk management"] and BOLD.findall(second) == ["reviewed"]
    assert tokens_of.cache_info().hits == 1  # the text was analysed once
    fresh = token_cache(engine.ix.schema["content"].analyzer)
    assert second == snippet_html(text, engine.parse("reviewed"), fresh)  # as from a fresh analysis


def test_a_first_paint_s_hits_get_the_rest_of_their_snippets_as_a_full_search_gives_them(engine):
    """Issue 17: the window's search makes a screenful of snippets; the others follow."""
    full = engine.search("risk", limit=40, prefix_last=True)
    first = engine.search("risk", limit=40, prefix_last=True, snippets=5)
    assert [h.id for h in first.hits] == [h.id for h in full.hits] and len(full.hits) > 5
    assert [h.snippet_html for h in first.hits[:5]] == [h.snippet_html for h in full.hits[:5]]
    assert all(h.snippet == h.snippet_html == "" for h in first.hits[5:])
    assert first.snippets_of is not None and full.snippets_of is None
    later = first.snippets_of(first.hits[5:])
    assert [(h.snippet, h.snippet_html) for h in later] == [(h.snippet, h.snippet_html) for h in full.hits[5:]]
    assert "snippets_of" not in first.as_dict()
