"""Words as an auditor types them, against the real index of the shipped corpus:
stems people expect, one word for British and American spellings, abbreviations
that match only themselves, and words inside web and e-mail addresses."""

from __future__ import annotations

import pytest


def ids(result):
    return [hit.id for hit in result.hits]


def text_of(repo, record_id):
    import json

    return json.dumps(repo.records.get(record_id), ensure_ascii=False).lower()


def test_encryption_finds_what_says_encrypted(engine, repo):
    result = engine.search("encryption", limit=50)
    assert result.total >= 3
    assert result.corrected is None
    assert any("encrypted" in text_of(repo, i) or "encrypt " in text_of(repo, i) for i in ids(result))


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("organisation", "organization"),
        ("authorisation", "authorization"),
        ("analyse", "analyze"),
        ("behaviour", "behavior"),
    ],
)
def test_british_and_american_spellings_find_the_same_records(engine, british, american):
    one = engine.search(british, limit=1000)
    other = engine.search(american, limit=1000)
    assert one.total > 0
    assert set(ids(one)) == set(ids(other))
    assert one.corrected is None and other.corrected is None


def test_the_catalogues_british_meets_the_papers_american(engine):
    # The catalogue says "organisation", the white paper "organization".
    types = {hit.type for hit in engine.search("organisation", limit=1000).hits}
    assert "resource" in types and {"mapping", "section"} & types


def test_an_abbreviation_matches_itself_not_a_shorter_one(engine, repo):
    for query in ("ISMS", "isms"):
        found = ids(engine.search(query, limit=1000))
        assert found[0] == "abbreviation:ISMS"
        assert "abbreviation:ISM" not in found, query
        for record_id in found:
            assert "isms" in text_of(repo, record_id) or "management system" in text_of(repo, record_id)
    assert "abbreviation:ISM" in ids(engine.search("ISM", limit=1000))


def test_a_heading_in_capitals_is_still_words(engine):
    # Clause 7 of ISO/IEC 27002 is titled "ASSET MANAGEMENT".
    assert "mapping:27002:7" in ids(engine.search("asset management", limit=20))
    assert "mapping:27002:7" in ids(engine.search("ASSET MANAGEMENT", limit=20))


def test_capitals_typed_for_a_word_find_the_word(engine):
    assert engine.search("RISKS").total == engine.search("risks").total > 0


@pytest.mark.parametrize("word", ["timesonline", "instisp", "poynter_review_index", "iosm", "bsigroup"])
def test_words_inside_addresses_are_searchable(engine, word):
    result = engine.search(word)
    assert result.total >= 1, word
    assert result.corrected is None, f"{word} was corrected to {result.corrected}"


def test_an_address_typed_whole_finds_its_record(engine):
    assert ids(engine.search("http://www.iosm.com/")) == ids(engine.search("iosm"))
    assert ids(engine.search("www.instisp.org"))
