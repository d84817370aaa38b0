"""Which edition of a standard is current in the knowledge base, and what a clause
number of the paper's tables no longer means once the catalogue holds a later edition
(issue 16): from the sources' own designations and dates, nothing assumed."""

from __future__ import annotations

import csv
import io

from kbapp.domain.standard_editions import current_editions, edition, superseded_by
from kbapp.present.mapping_rows import pair_rows


def test_an_edition_is_read_from_its_designation():
    assert edition("ISO/IEC 27033-1:2015") == edition("ISO/IEC 27033-1:2015")
    assert (edition("ISO/IEC 27033-1:2015").part, edition("ISO/IEC 27033-1:2015").year) == ("1", 2015)
    assert (edition("ISO/IEC 27031:2011").part, edition("ISO/IEC 27031:2011").year) == (None, 2011)
    assert (edition("ISO/IEC 27033").part, edition("ISO/IEC 27033").year) == (None, None)


def test_the_current_edition_is_the_latest_the_sources_hold_whole_or_by_part():
    assert current_editions("ISO/IEC 27001:2005", []) == "ISO/IEC 27001:2005 (the white paper's)"
    assert current_editions("ISO/IEC 27031", ["ISO/IEC 27031:2011"]) == "ISO/IEC 27031:2011"
    assert current_editions("ISO/IEC 27033", ["ISO/IEC 27033-2:2012", "ISO/IEC 27033-1:2015"]) == (
        "ISO/IEC 27033-1:2015, ISO/IEC 27033-2:2012 (its other parts: the white paper's ISO/IEC 27033)"
    )
    assert current_editions("ISO/IEC 27002:2005", ["ISO/IEC 27002:2013", "ISO/IEC 27002:2022"]) == "ISO/IEC 27002:2022"


def test_only_a_later_whole_edition_supersedes_the_tables_clause_numbers():
    assert superseded_by(2005, []) is None
    assert superseded_by(2005, ["ISO/IEC 27002-1:2013"]) is None  # a part is not the whole standard
    assert superseded_by(2005, ["ISO/IEC 27002:2005"]) is None
    assert superseded_by(2005, ["ISO/IEC 27002:2013", "ISO/IEC 27002:2022"]) == "ISO/IEC 27002:2022"


def test_the_shipped_knowledge_base_names_both_editions_and_marks_no_clause(repo):
    standards = {s["designation"]: s for s in repo.listings.standards()}
    assert standards["ISO/IEC 20000"]["later_editions"] == ["ISO/IEC 20000-1:2018"]
    assert standards["ISO/IEC 20000"]["current_edition"].startswith("ISO/IEC 20000-1:2018 (its other parts")
    assert standards["ISO/IEC 27004"]["current_edition"] == "ISO/IEC 27004:2016"
    assert standards["ISO/IEC 27002"]["current_edition"] == "ISO/IEC 27002:2005 (the white paper's)"
    assert repo.records.get("mapping:27002:10.1.2")["superseded_by"] is None  # the sources hold no later 27002


LATER_27002 = """Resource
ISO/IEC 27002:2013 Information technology — Security techniques — Code of practice for information security controls
The second edition of the code of practice, with Annex A renumbered.
Published 01/10/2013
Authoring body: International Organization for Standardization (ISO)
Standards
"""


def test_a_later_edition_imported_marks_the_tables_clauses_superseded_everywhere(own_kb, tmp_path):
    from kbapp.export.csv import flatten, to_csv_text

    source = tmp_path / "later 27002.txt"
    source.write_text(LATER_27002, encoding="utf-8")
    own_kb.import_catalogue(source)
    repo = own_kb.repository()
    clause = repo.records.get("mapping:27002:10.1.2")
    assert clause["superseded_by"] == "ISO/IEC 27002:2013"
    assert repo.records.get("mapping:27001:4.2.1")["superseded_by"] is None  # 27001 has no later edition here
    standard = repo.records.get("standard:iso-iec-27002")
    assert standard["current_edition"] == "ISO/IEC 27002:2013"
    rows = pair_rows({"ISO/IEC 27002": repo.mappings.clause_tree("ISO/IEC 27002")})
    assert {r["superseded_by"] for r in rows} == {"ISO/IEC 27002:2013"}
    exported = next(csv.DictReader(io.StringIO(to_csv_text([flatten(clause)]))))
    assert exported["edition"] == "ISO/IEC 27002:2005" and exported["superseded_by"] == "ISO/IEC 27002:2013"
