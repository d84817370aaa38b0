"""What must come first, for queries as an auditor types them, on the shipped corpus
through the real parse, SQLite and index."""

from __future__ import annotations

import pytest

# (query as typed, what must come first, what must follow it, in order, if anything)
FIRST = [
    ("ISMS", "abbreviation:ISMS", ["term:information-security-management-system"]),
    ("isms", "abbreviation:ISMS", []),
    ("ISO 27001", "standard:iso-iec-27001", []),
    ("ISO/IEC 27001", "standard:iso-iec-27001", []),
    ("27001", "standard:iso-iec-27001", []),
    ("iso/iec 27001:2005", "standard:iso-iec-27001", []),
    ("BS 7799", "standard:bs-7799", ["standard:iso-iec-27001"]),  # BS 7799 part 2 became 27001
    ("17799", "standard:iso-iec-17799", ["standard:iso-iec-27002"]),  # renumbered as 27002
    ("ISO 27002", "standard:iso-iec-27002", []),
    ("27005", "standard:iso-iec-27005", []),
    ("18028", "standard:iso-iec-18028", ["standard:iso-iec-27033"]),
    (
        "ISO/IEC 27033",
        "standard:iso-iec-27033",
        [
            "resource:iso-iec-27033-1-2015-it-security-techniques-network-security-part-1-overview",
            "resource:iso-iec-27033-2-2012-it-security-techniques-network-security-part-2-guidelines",
        ],
    ),
    ("ISO 22301", "resource:iso-22301-2019-security-and-resilience-business-continuity-management-systems", []),
    ("ISO 3166", "standard:iso-3166", ["resource:european-pool-against-organised-crime-epoc-iv-version-1-0"]),
    ("ISO 9001", "standard:iso-9001", []),
    ("A.12.6.1", "mapping:27002:12.6.1", []),
    ("A 10.1.2", "mapping:27002:10.1.2", []),
    ("A12.6.1", "mapping:27002:12.6.1", []),
    ("10.1.2", "mapping:27002:10.1.2", []),
    ("risk", "term:risk", []),
    ("type:term risk", "term:risk", []),
    ("Risk Management", "term:risk-management", []),
    ("confidentiality", "term:confidentiality", []),
    ("confidentialty", "term:confidentiality", []),
    ("availability", "term:availability", []),
    ("SLA", "abbreviation:SLA", []),
    ("service level agreement", "abbreviation:SLA", []),
    ("ITIL", "abbreviation:ITIL", []),
    ("ITSCM", "abbreviation:ITSCM", []),
    ("OLA", "abbreviation:OLA", []),
    ("information security policy", "term:information-security-policy", []),
    ("national decision model", "resource:national-decision-model-app", []),
    ("analyst", "resource:criminal-intelligence-manual-for-analysts", []),
    ("criminal intelligence", "resource:criminal-intelligence-manual-for-analysts", []),
    ("Monitoring identity status", "itil:SO-4.5.5.4", ["mapping:27002:11.2.4"]),
    ("SD 4.6.4.3", "itil:SD-4.6.4.3", []),
    ("Service Design 4.6.4.3", "itil:SD-4.6.4.3", []),
    ("asset management", "mapping:27002:7", []),
    ("ASSET MANAGEMENT", "mapping:27002:7", []),
    ("access control policy", "mapping:27002:11.1.1", []),
    ("PSN", "resource:government-network-policy-changes", []),
    ("iosm", "section:wp-appendix-e", []),
]


@pytest.mark.parametrize(("query", "first", "then"), FIRST, ids=[q for q, _, _ in FIRST])
def test_what_comes_first(engine, query, first, then):
    found = [hit.id for hit in engine.search(query, limit=10).hits]
    assert found[:1] == [first], found[:5]
    assert found[1 : 1 + len(then)] == then, found[:5]


# As the user types, in the window: the last word is a prefix.
WHILE_TYPING = [
    ("risk man", "term:risk-management"),
    ("confid", "term:confidentiality"),
    ("informati", None),  # only that it finds something and corrects nothing
    ("service level agr", "abbreviation:SLA"),
]


@pytest.mark.parametrize(("typed", "first"), WHILE_TYPING)
def test_what_comes_first_while_typing(engine, typed, first):
    result = engine.search(typed, limit=10, prefix_last=True)
    assert result.corrected is None
    assert result.hits
    if first:
        assert result.hits[0].id == first


def test_the_table_is_big_enough():
    assert len(FIRST) >= 30
