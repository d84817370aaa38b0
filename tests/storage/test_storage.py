"""The SQLite database: schema, links, meta, and builds that never leave it half-done."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
import sqlite_utils

from kbapp.domain.errors import DatabaseError
from kbapp.storage.database import build_database, open_database
from kbapp.storage.migrations import SCHEMA_VERSION
from tests.conftest import CATALOGUE, WHITE_PAPER


def test_schema_version_and_counts(repo):
    assert repo.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert repo.state.counts() == {
        "resource": 30,
        "term": 24,
        "abbreviation": 25,
        "mapping": 211,
        "standard": 35,  # 20 the paper describes, 15 it or the catalogue names in passing
        "itil": 84,  # 49 in section 7's list, 35 more that only Appendix B names
        "section": 26,
    }


def test_meta_records_source_hashes_and_build_time(repo):
    meta = repo.state.meta()
    assert meta["source_catalogue_sha256"] == hashlib.sha256(CATALOGUE.read_bytes()).hexdigest()
    assert meta["source_white_paper_sha256"] == hashlib.sha256(WHITE_PAPER.read_bytes()).hexdigest()
    assert meta["built_at"][:2] == "20"
    assert meta["schema_version"] == str(SCHEMA_VERSION)


def test_resource_fields_reach_the_database_exactly(repo):
    rows = {r["id"]: r for r in repo.listings.resources()}
    psn = rows["government-network-policy-changes"]
    assert psn["published"] == "2017-03-13"
    assert psn["authoring_body"] == "Government Digital Services"
    assert psn["authoring_body_abbr"] == "GDS"
    assert psn["category"] == "Policy"
    assert psn["emails"] == ["psnservicedesk@digital.cabinet-office.gov.uk"]
    assert "• operate the PSN as a single OFFICIAL network" in psn["description"]
    iso_odd = next(
        r for r in rows.values() if r["authoring_body_as_written"] == "International Standards Organisation (ISO)"
    )
    assert iso_odd["authoring_body"] == "International Organisation for Standardisation"


def test_term_abbreviation_link(repo):
    record = repo.records.get("term:information-security-management-system")
    assert record["abbreviation"] == "ISMS"
    assert {"id": "abbreviation:ISMS", "relation": "abbreviation"} in record["links"]
    abbr = repo.records.get("abbreviation:ISMS")
    assert any(link["id"] == "term:information-security-management-system" for link in abbr["links"])


def test_catalogue_standards_link_to_the_papers_entries(repo):
    def links(resource_prefix):
        rid = next(r["id"] for r in repo.listings.resources() if r["id"].startswith(resource_prefix))
        return {
            (link["id"], link["part"], link["relation"])
            for link in repo.records.get(f"resource:{rid}")["links"]
            if link["id"].startswith("standard:")
        }

    assert links("iso-iec-27033-1") == {("standard:iso-iec-27033", 1, "later edition")}
    assert links("iso-iec-27033-2") == {("standard:iso-iec-27033", 2, "later edition")}
    assert links("iso-iec-27031") == {("standard:iso-iec-27031", None, "later edition")}
    assert links("iso-iec-27004") == {("standard:iso-iec-27004", None, "later edition")}
    assert links("iso-iec-20000-1") == {("standard:iso-iec-20000", 1, "later edition")}
    assert ("standard:iso-iec-27001", None, "mentions") in links("iso-iec-27013")
    std = repo.records.get("standard:iso-iec-27033")
    assert {link["designation"] for link in std["links"] if link["id"].startswith("resource:")} == {
        "ISO/IEC 27033-1:2015",
        "ISO/IEC 27033-2:2012",
    }


def test_itil_references_link_to_itil_sections(repo):
    (mapping,) = repo.mappings.map_clause("4.1", "27001")
    (ref,) = mapping["references"]
    assert ref["itil_section_id"] == "SD 4.6.4.1"
    assert ref["publication_name"] == "Service Design"
    reverse = repo.mappings.map_itil("SD 4.6.4.3")
    assert reverse["itil_section"]["title"] == "The Information Security Management System (ISMS)"


def test_mappings_listing_one_row_per_clause_and_reference(repo):
    rows = repo.listings.mappings()
    keys = {"standard", "clause", "clause_title", "itil_publication", "itil_section", "itil_title"}
    assert keys <= set(rows[0])
    gap = [r for r in rows if r["clause"] == "0.8"]
    assert len(gap) == 1 and gap[0]["itil_publication"] is None
    assert len([r for r in rows if r["clause"] == "11.2"]) == 3
    assert len({(r["standard"], r["clause"]) for r in rows}) == 211


def test_inherited_references(repo):
    (child,) = repo.mappings.map_clause("4.2.1", "27001")
    assert child["inherited_from"] == "27001:4.2"
    assert all(r["inherited"] for r in child["references"])
    (gap,) = repo.mappings.map_clause("0.8")
    assert gap["references"] == [] and gap["inherited_from"] is None


def test_corrections_are_kept_for_audit(repo):
    rules = {row["rule"] for row in repo.db["corrections"].rows}
    assert "word split by a hyphen in a narrow column" in rules
    assert "ITIL section number that lost a dot, set by its neighbours" in rules


def _fill(db: sqlite_utils.Database) -> None:
    db["meta"].insert({"key": "build_id", "value": "first"})


def test_failed_build_leaves_previous_database_working(tmp_path):
    path = tmp_path / "kb.sqlite"
    build_database(path, _fill)

    def broken(db):
        db["meta"].insert({"key": "build_id", "value": "second"})
        raise RuntimeError("disk trouble")

    with pytest.raises(RuntimeError):
        build_database(path, broken)
    db = open_database(path)
    assert db.execute("SELECT value FROM meta").fetchone()[0] == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.sqlite"]


def test_database_from_a_newer_kbapp_is_refused_untouched(tmp_path):
    path = tmp_path / "kb.sqlite"
    build_database(path, _fill)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer kbapp"):
        open_database(path)
    assert path.read_bytes() == before


def test_not_a_database(tmp_path):
    path = tmp_path / "kb.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="not a readable kbapp database"):
        open_database(path)


def test_build_is_skipped_when_sources_are_unchanged(fresh_kb):
    first = fresh_kb.build()
    assert first.built_database and first.built_index
    second = fresh_kb.build()
    assert not second.built_database and not second.built_index
    forced = fresh_kb.build(force=True)
    assert forced.built_database and forced.built_index


def test_schema_document_names_every_table(repo):
    from tests.conftest import ROOT

    doc = (ROOT / "db" / "SCHEMA.md").read_text(encoding="utf-8")
    for table in repo.db.table_names():
        assert f"`{table}`" in doc, f"db/SCHEMA.md does not describe {table}"
    assert f"now {SCHEMA_VERSION})" in doc
