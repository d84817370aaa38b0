"""The word rules of the index (kbapp/search/analysis.py), as rules: every pair below
must meet, and nothing else may be merged by them."""

from __future__ import annotations

import hashlib

import pytest

from kbapp.search.analysis import acronym_flags, american, parts_of, stem
from kbapp.search.schema import INDEX_SCHEMA_VERSION, stemmed_analyzer

BRITISH_AMERICAN = [
    ("organisation", "organization"),
    ("organisations", "organizations"),
    ("organised", "organized"),
    ("authorisation", "authorization"),
    ("authorised", "authorized"),
    ("analyse", "analyze"),
    ("analysed", "analyzed"),
    ("analysing", "analyzing"),
    ("behaviour", "behavior"),
    ("behaviours", "behaviors"),
    ("behavioural", "behavioral"),
    ("centre", "center"),
    ("centres", "centers"),
    ("defence", "defense"),
    ("licence", "license"),
    ("labelled", "labeled"),
    ("modelling", "modeling"),
    ("travelled", "traveled"),
    ("catalogue", "catalog"),
    ("catalogues", "catalogs"),
    ("programme", "program"),
    ("judgement", "judgment"),
    ("colour", "color"),
    ("favourite", "favorite"),
    ("prioritisation", "prioritization"),
    ("minimise", "minimize"),
    ("recognised", "recognized"),
    ("summarises", "summarizes"),
]


@pytest.mark.parametrize(("british", "us"), BRITISH_AMERICAN)
def test_british_and_american_spellings_are_one_word(british, us):
    assert stem(british) == stem(us)


@pytest.mark.parametrize(
    "word", ["wise", "rise", "raise", "noise", "our", "four", "hour", "your", "tour", "more", "store", "fence", "is"]
)
def test_words_that_only_look_british_are_left_alone(word):
    assert american(word) == word


def test_distinct_words_stay_distinct():
    stems = [stem(w) for w in ("four", "for", "hour", "honour", "prise", "price", "advise", "advice")]
    assert stem("four") != stem("for")
    assert stem("honour") != stem("hour")
    assert len(set(stems)) >= 6


def test_porter2_meets_encryption_and_encrypted():
    assert stem("encryption") == stem("encrypted") == stem("encrypt") == stem("encrypting")


def test_an_abbreviation_in_capitals_is_not_stemmed_but_a_heading_is():
    assert acronym_flags(["ISMS"]) == [True]
    assert acronym_flags(["the", "ISMS", "audit"]) == [False, True, False]
    assert acronym_flags(["ASSET", "MANAGEMENT"]) == [False, False]
    assert acronym_flags(["ISO", "IEC", "27001"]) == [True, True, False]
    assert acronym_flags(["Isms", "V3", "JTC1"]) == [False, False, True]
    analyzer = stemmed_analyzer()
    assert [t.text for t in analyzer("ISMS and ISM", mode="index")] == ["isms", "ism"]
    assert [t.text for t in analyzer("ASSET MANAGEMENT", mode="index")] == ["asset", "manag"]


def test_addresses_and_underscored_names_are_found_by_their_parts():
    assert parts_of("www.iosm.com") == ["www", "iosm", "com"]
    assert parts_of("poynter_review_index.htm") == ["poynter", "review", "index", "htm"]
    assert parts_of("4.6.4.3") == []  # a clause number is one term
    assert parts_of("e.g") == []
    analyzer = stemmed_analyzer()
    indexed = [t.text for t in analyzer("see http://www.instisp.org/ now", mode="index")]
    assert "www.instisp.org" in indexed and "instisp" in indexed
    queried = [t.text for t in analyzer("poynter_review_index", mode="query")]
    assert queried == ["poynter", "review", "index"]


def test_part_offsets_point_at_the_part_for_highlighting():
    text = "at www.iosm.com today"
    tokens = [t.copy() for t in stemmed_analyzer()(text, mode="index", chars=True)]
    part = next(t for t in tokens if t.text == "iosm")
    assert text[part.startchar : part.endchar] == "iosm"


# The analyser's output on a sample of the corpus's hard cases, per index version.
# When this test fails, the analyser changed: bump INDEX_SCHEMA_VERSION (so that
# every existing index is rebuilt at the next start) and record the new fingerprint.
FINGERPRINTS = {
    "8": "8617af5f1840",
    "9": "8617af5f1840",
    "10": "8617af5f1840",
    "11": "8617af5f1840",
    "12": "8617af5f1840",
}  # 11: origin facet; 12: clause titles with their edition
SAMPLE = (
    "ISMS ISM organisation organization behaviour analysed encryption encrypted "
    "ASSET MANAGEMENT http://www.iosm.com/ poynter_review_index.htm 4.6.4.3 détention IT it US concepts⁴ tenth.¹"
)


def fingerprint() -> str:
    terms = " ".join(t.text for t in stemmed_analyzer()(SAMPLE, mode="index"))
    return hashlib.sha256(terms.encode()).hexdigest()[:12]


def test_a_changed_analyser_comes_with_a_new_index_version():
    assert FINGERPRINTS.get(INDEX_SCHEMA_VERSION) == fingerprint(), (
        f"the analyser changed: bump INDEX_SCHEMA_VERSION and record {fingerprint()!r} for it"
    )
