"""Every filter as an auditor sets it, against a plain SQL filter of the same records.

Issue 11, item 1: with "to" left at "any" the window asked for 2016 to 2999, and
Whoosh's numeric range let 2012-2014 through; year:>2018 found nothing. Here every
combination of type, category, body, year range (open at either end, or both) and
date range must select exactly the records that SQL selects from the same matches.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbapp.domain.ids import KINDS, key_of, kind_of
from kbapp.search.results import Filters, in_years, parse_years

BASE = "security"  # matches records of every kind


@pytest.fixture(scope="module")
def facts(repo):
    """What SQL says of each record a filter looks at: kind, category, body, year, date."""
    rows = {}
    for r in repo.db.execute(
        "SELECT r.id, r.category, b.name, r.year, r.published FROM resources r JOIN bodies b ON b.id = r.body_id"
    ):
        rows[f"resource:{r[0]}"] = {"category": r[1], "body": r[2], "year": r[3], "published": r[4]}
    for s in repo.db.execute("SELECT id, year FROM standards"):
        rows[f"standard:{s[0]}"] = {"category": None, "body": None, "year": s[1], "published": None}
    categories = [c for (c,) in repo.db.execute("SELECT DISTINCT category FROM resources ORDER BY category")]
    bodies = [b for (b,) in repo.db.execute("SELECT name FROM bodies ORDER BY name")]
    return rows, categories, bodies


years = st.one_of(
    st.none(),
    st.tuples(st.one_of(st.none(), st.integers(2000, 2025)), st.one_of(st.none(), st.integers(2000, 2025))).filter(
        lambda r: r != (None, None)
    ),
)
dates = st.one_of(st.none(), st.tuples(st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.dates())))


def _date_syntax(span) -> str:
    lo, hi = span
    parts = [p for p in (lo and lo.isoformat(), "TO", hi and hi.isoformat()) if p]
    return f" published:[{' '.join(parts)}]"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    types=st.lists(st.sampled_from([k.value for k in KINDS]), unique=True, max_size=3),
    pick=st.data(),
    year_span=years,
    date_span=dates,
)
def test_every_filter_combination_selects_what_sql_selects(engine, facts, types, pick, year_span, date_span):
    rows, categories, bodies = facts
    chosen_categories = pick.draw(st.lists(st.sampled_from(categories), unique=True, max_size=2))
    chosen_bodies = pick.draw(st.lists(st.sampled_from(bodies), unique=True, max_size=2))
    if year_span and None not in year_span:
        year_span = (min(year_span), max(year_span))
    if date_span and None not in date_span and date_span[0] > date_span[1]:
        date_span = (date_span[1], date_span[0])
    base = {h.id for h in engine.search(BASE, limit=1000, correct=False).hits}
    query = BASE + (_date_syntax(date_span) if date_span and date_span != (None, None) else "")
    filters = Filters(types=types, categories=chosen_categories, bodies=chosen_bodies, years=year_span)
    result = engine.search(query, filters, limit=1000, correct=False)

    def kept(typed_id: str) -> bool:
        fact = rows.get(typed_id, {"category": None, "body": None, "year": None, "published": None})
        if types and kind_of(typed_id) not in types:
            return False
        if chosen_categories and fact["category"] not in chosen_categories:
            return False
        if chosen_bodies and fact["body"] not in chosen_bodies:
            return False
        if year_span and not in_years(fact["year"], year_span):
            return False
        if date_span and date_span != (None, None):
            lo, hi = date_span
            published = fact["published"]
            if published is None or (lo and published < lo.isoformat()) or (hi and published > hi.isoformat()):
                return False
        return True

    expected = {typed_id for typed_id in base if kept(typed_id)}
    assert {h.id for h in result.hits} == expected, (query, filters)
    assert result.total == len(expected)
    assert all(key_of(i) for i in expected)


@pytest.mark.parametrize(
    ("query", "years_found"),
    [
        ("police year:2016..2999", {2016, 2017, 2018, 2020, 2021}),
        ("police year:2016..", {2016, 2017, 2018, 2020, 2021}),
        ("police year:>2018", {2020, 2021}),
        ("police year:>=2018", {2018, 2020, 2021}),
        ("police year:<2014", {2012, 2013}),
        ("police year:..2013", {2012, 2013}),
        ("police year:2012-2014", {2012, 2013, 2014}),
    ],
)
def test_year_ranges_in_the_query_open_at_either_end(engine, query, years_found):
    hits = engine.search(query, limit=100, correct=False).hits
    assert hits and {h.year for h in hits if h.year} == years_found


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2016", (2016, 2016)),
        ("2016-2020", (2016, 2020)),
        ("2020..2016", (2016, 2020)),
        ("2016 to 2020", (2016, 2020)),
        ("2016-", (2016, None)),
        ("2016..", (2016, None)),
        ("..2020", (None, 2020)),
        ("-2020", (None, 2020)),
        (">2018", (2019, None)),
        ("<=2010", (None, 2010)),
        ("soon", None),
        (">2016-2018", None),
    ],
)
def test_year_ranges_as_people_write_them(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("span", [(2016, 2999), (2016, None), (2016, 9999)])
def test_a_far_or_open_upper_bound_lets_no_older_year_through(engine, span):
    result = engine.search("police", Filters(years=span), limit=100, correct=False)
    assert result.total == 10 and all(h.year and h.year >= 2016 for h in result.hits)
