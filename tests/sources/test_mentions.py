"""Standards the sources name only in passing get records of their own, saying what the
sources say of them and where; every identifier in a resource's text is found."""

from __future__ import annotations

import pytest

from kbapp.domain.designations import designations

PASSING = [
    "ISO/IEC 17799",
    "ISO/IEC 18028",
    "ISO/IEC 13335",
    "ISO/IEC 17021",
    "ISO 19011",
    "ISO 15504",
    "BS 7799",
    "ISO 9001",
    "ISO 14001",
    "ISO 3166",
]


def test_identifiers_as_the_sources_write_them():
    found = [
        (d.family, d.number, d.part, d.year)
        for d in designations(
            "BS7799 part 2 (2002) became ISO/IEC 27001; ISO/ IEC 20000, BS ISO/IEC 17799, ISO/IEC TR 13335-3:1998, "
            "PAS 99:2006, ISO 3166-1, BIP 0105:2008 and EA 7/03"
        )
    ]
    assert found == [
        ("BS", "7799", None, None),
        ("ISO/IEC", "27001", None, None),
        ("ISO/IEC", "20000", None, None),
        ("ISO/IEC", "17799", None, None),
        ("ISO/IEC", "13335", 3, 1998),
        ("PAS", "99", None, 2006),
        ("ISO", "3166", 1, None),
    ]
    # ISO and ISO/IEC numbers are one series.
    assert next(designations("ISO 27001")).key == next(designations("ISO/IEC 27001:2005")).key


@pytest.mark.parametrize("designation", PASSING)
def test_every_standard_named_in_passing_has_a_record(repo, designation):
    standards = {s["designation"]: s for s in repo.listings.standards()}
    assert designation in standards, designation
    record = standards[designation]
    assert record["status"] == "mentioned"
    assert record["description"], "what the sources say of it"
    assert record["source_lines"] or record["source"] == "resource-catalogue.txt"


def test_what_the_paper_says_of_17799_and_18028(repo):
    s17799 = repo.records.get("standard:iso-iec-17799")
    assert {"relation": "renumbered as", "target": "ISO/IEC 27002"} in s17799["relations"]
    assert "is a renumbering of ISO/IEC 17799" in s17799["description"]
    assert s17799["title"] == "Code of practice for Information Security Management"
    sections = [link["id"] for link in s17799["links"] if link["id"].startswith("section:")]
    assert "section:wp-8" in sections
    s18028 = repo.records.get("standard:iso-iec-18028")
    assert {"relation": "renumbered as", "target": "ISO/IEC 27033"} in s18028["relations"]


def test_a_standard_in_a_resources_description_is_found_and_linked(repo):
    epoc = repo.records.get("resource:european-pool-against-organised-crime-epoc-iv-version-1-0")
    assert any(s["designation"] == "ISO 3166-1" for s in epoc["standards"])
    assert "standard:iso-3166" in [link["id"] for link in epoc["links"]]
    iso3166 = repo.records.get("standard:iso-3166")
    assert iso3166["source"] == "resource-catalogue.txt"
    assert any(link["id"] == epoc["id"] for link in iso3166["links"])


def test_every_identifier_in_every_resource_reaches_its_standards(repo):
    """Every standard a resource's title or text names is linked from it, unless the
    resource is itself that standard's edition (ISO/IEC 27018:2019 is its own record)."""
    keys = repo.listings.standard_keys()
    checked = 0
    for r in repo.listings.resources():
        record = repo.records.get(f"resource:{r['id']}")
        linked = {link["id"] for link in record["links"]}
        own = {(s["prefix"], s["number"]) for s in record["standards"] if s["role"] == "primary"}
        text = " ".join([record["title"], record.get("description") or ""])
        for d in designations(text):
            if (d.family, d.number) in own:
                continue
            assert keys.get(d.key) in linked, f"{d.written} in {r['id']} is not linked"
            checked += 1
    assert checked >= 3
