"""Every ITIL section the white paper names is a record of its own, itil:SD-4.6.4.3:
section 7's list of 49 and every Appendix B reference."""

from __future__ import annotations

import pytest

from kbapp.domain.errors import NotFound


def test_every_named_section_is_a_record(repo, paper):
    keys = {r["id"] for r in repo.itil.sections()}
    listed = {s.id.replace(" ", "-") for s in paper.itil_sections}
    assert len(paper.itil_sections) == 49 and listed <= keys
    referenced = {
        f"{ref.publication}-{ref.section.replace(' ', '-')}"
        for c in paper.clauses
        for ref in c.references
        if ref.publication and ref.section
    }
    assert referenced <= keys
    assert keys == listed | referenced
    only_listed = [r for r in repo.itil.sections() if r["listed_in"] == "section 7"]
    assert len(only_listed) == 21  # these were lines of text only


def test_a_section_record_holds_what_the_paper_says(repo):
    record = repo.records.get("itil:SD-4.6.4.3")
    assert record["publication"] == "SD" and record["publication_name"] == "Service Design"
    assert record["number"] == "4.6.4.3"
    assert record["title"] == "The Information Security Management System (ISMS)"
    assert record["parent"] == "itil:SD-4.6.4"
    assert record["listed_in"] == ["section 7", "Appendix B"]
    assert record["source_lines"]
    direct = {c["id"] for c in record["clauses"] if not c["inherited"]}
    inherited = {c["id"] for c in record["clauses"] if c["inherited"]}
    assert "mapping:27001:4.2" in direct
    assert "mapping:27001:4.2.1" in inherited  # 4.2.1 has no reference of its own
    assert {"id": "itil:SD-4.6.4", "relation": "part of"}.items() <= record["links"][0].items()


def test_a_section_only_listed_says_no_clause_maps_to_it(repo):
    only = next(r for r in repo.itil.sections() if r["listed_in"] == "section 7")
    record = repo.records.get(f"itil:{only['id']}")
    assert record["clauses"] == [] and record["listed_in"] == ["section 7"]


@pytest.mark.parametrize(
    "written",
    ["SD 4.6.4.3", "SD-4.6.4.3", "sd 4.6.4.3", "4.6.4.3", "Service Design 4.6.4.3", "service design 4.6.4.3"],
)
def test_a_section_is_found_in_every_form(repo, written):
    assert repo.itil.resolve(written) == "SD-4.6.4.3"


def test_an_ambiguous_or_unknown_section_is_refused_with_a_reason(repo):
    with pytest.raises(NotFound, match="SD-4.3 and ST-4.3"):
        repo.itil.resolve("4.3")
    with pytest.raises(NotFound, match="not an ITIL publication"):
        repo.itil.resolve("Service Desk 4.3")
    with pytest.raises(NotFound, match="no ITIL section"):
        repo.itil.resolve("SD 9.9.9")


def test_sections_are_searched_and_shown(engine, repo):
    assert engine.search("SD 4.6.4.3").hits[0].id == "itil:SD-4.6.4.3"
    assert engine.search("Service Design 4.6.4.3").hits[0].id == "itil:SD-4.6.4.3"
    assert engine.search("Monitoring identity status").hits[0].id == "itil:SO-4.5.5.4"
    assert repo.records.resolve("SO-4.5.5.4") == "itil:SO-4.5.5.4"
