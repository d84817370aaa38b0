"""The white paper parser: each table, and one test for each kind of PDF damage."""

from __future__ import annotations

import re

import pytest


def term(paper, name):
    return next(t for t in paper.terms if t.term == name)


def clause(paper, cid):
    return next(c for c in paper.clauses if c.id == cid)


def refs(c):
    return [(r.publication, r.section, r.title) for r in c.references]


# ----- abbreviations and glossary ------------------------------------------------


def test_abbreviation_list(paper):
    assert len(paper.abbreviations) == 25
    abbrs = {a.abbreviation: a.expansion for a in paper.abbreviations}
    assert abbrs["ISMS"] == "Information Security Management System"
    assert abbrs["SD"] == "Service Design (ITIL publication)"
    assert abbrs["OGC"] == "(UK) Office of Government Commerce"
    assert abbrs["ITIL"].startswith("Best practice guidance on IT Service Management from OGC")
    assert abbrs["ITIL"].endswith("Revised 2007 (Version 3)")


def test_glossary_has_24_terms_in_order(paper):
    names = [t.term for t in paper.terms]
    assert len(names) == 24
    assert names[0] == "Asset" and names[-1] == "Vulnerability"


def test_itil_publication_is_its_own_field(paper):
    asset = term(paper, "Asset")
    assert asset.itil_publication == "Service Strategy"
    assert asset.itil_definition.startswith("Any Resource or Capability.")
    assert term(paper, "Policy").itil_publication is None


def test_abbreviated_note_is_kept(paper):
    asset = term(paper, "Asset")
    assert asset.itil_definition.endswith("(abbreviated)")
    assert asset.abbreviated is True
    assert term(paper, "Availability").abbreviated is False


def test_either_definition_may_be_empty(paper):
    authenticity = term(paper, "Authenticity")
    assert authenticity.informal_definition.startswith("The assurance that transactions")
    assert authenticity.itil_definition == ""


def test_term_with_abbreviation_is_linked(paper):
    isms = term(paper, "Information Security Management System")
    assert isms.abbreviation == "ISMS"
    assert isms.term_as_written == "Information Security Management System (ISMS)"
    assert term(paper, "Information Security Management").abbreviation == "ISM"


def test_damage_word_split_by_hyphen(paper):
    assert "Confidentiality" in [t.term for t in paper.terms]
    assert "Confident-iality" not in [t.term for t in paper.terms]
    # Real hyphenated words stay as written.
    assert "Non-repudiation" in [t.term for t in paper.terms]
    fix = [c for c in paper.corrections if c.original == "Confident-iality"]
    assert fix and fix[0].line == 485 and fix[0].corrected == "Confidentiality"


def test_damage_term_run_into_its_definition(paper):
    risk = term(paper, "Risk")
    assert risk.informal_definition.startswith("Uncertainty in an event that might affect")
    assert risk.informal_definition.endswith("the impact if it were to happen.")
    assert risk.itil_definition.startswith("A possible Event that could cause harm")


def test_damage_definition_wrapped_onto_a_row_of_its_own(paper):
    guideline = term(paper, "Guideline")
    assert guideline.itil_definition.endswith("Compliance to a guideline is not normally enforced. See Standard.")
    assert guideline.source_lines == [487, 488]
    assert all(t.term for t in paper.terms)


# ----- mapping tables -------------------------------------------------------------


def test_clause_counts(paper):
    assert len([c for c in paper.clauses if c.standard == "ISO/IEC 27001"]) == 24
    assert len([c for c in paper.clauses if c.standard == "ISO/IEC 27002"]) == 187


def test_plain_rows(paper):
    c = clause(paper, "27001:4.1")
    assert (c.clause, c.title) == ("4.1", "[ISMS] General requirements")
    assert refs(c) == [("SD", "4.6.4.1", "Security framework")]


def test_clause_without_reference_stays_with_its_parent(paper):
    c = clause(paper, "27001:4.2.1")
    assert c.references == []
    assert c.parent == "27001:4.2"


def test_damage_itil_title_continues_on_next_row(paper):
    risk = clause(paper, "27002:4")
    assert refs(risk) == [
        ("SD", "4.5.5", "ITSCM Process activities, methods and techniques (ITSCM initiation and risk analysis)")
    ]
    assert clause(paper, "27002:4.1").references == []
    monitoring = clause(paper, "27002:10.10")
    assert refs(monitoring) == [
        ("SO", "5.13", "Information Security Management and Service Operation (role of Service Operation)")
    ]
    files = clause(paper, "27002:12.4")
    assert refs(files)[0] == ("ST", "4.3.4.3", "Configuration Management System (Definitive media library)")


def test_damage_extra_reference_of_the_row_above(paper):
    assert refs(clause(paper, "27002:7.1.1")) == [
        ("ST", "4.3.4.3", "Configuration Management System"),
        ("ST", "Appendix A", "Description of asset types"),
    ]
    assert refs(clause(paper, "27002:11.2")) == [
        ("SO", "4.5", "Access Management"),
        ("SO", "6.6.9", "Access Management roles"),
        ("SO", "Appendix F", "Physical Access Control"),
    ]
    assert refs(clause(paper, "27002:9.1.6"))[1] == ("SO", "E7", "Shipping and receiving")
    # A wrapped reference row in front of a new clause still belongs to the clause above.
    assert refs(clause(paper, "27001:4.3"))[1] == ("SD", "4.6.8", "[ISM] Information Management")
    assert clause(paper, "27001:4.3.1").references == []
    inferred = clause(paper, "27002:11.2").references[1]
    assert inferred.inferred_publication is True


def test_damage_clause_title_continues_on_next_row(paper):
    c = clause(paper, "27002:14.1")
    assert c.title == "INFORMATION SECURITY ASPECTS OF BUSINESS CONTINUITY MANAGEMENT"
    assert refs(c) == [
        ("SD", "4.5", "IT SERVICE CONTINUITY MANAGEMENT"),
        ("SO", "4.6.8", "IT Service Continuity Management"),
    ]
    assert not any(x.title == "CONTINUITY MANAGEMENT" or x.clause == "CONTINUITY" for x in paper.clauses)


def test_no_fragment_stands_as_a_record(paper):
    for c in paper.clauses:
        for r in c.references:
            assert not r.title[:1].islower(), (c.id, r.title)
            assert r.title.count("(") == r.title.count(")"), (c.id, r.title)


def test_reference_with_no_section(paper):
    assert refs(clause(paper, "27002:2")) == [(None, None, "ITIL Glossary")]


def test_parenthesised_reference(paper):
    (r,) = clause(paper, "27002:10.1.2").references
    assert (r.publication, r.section, r.title, r.as_written) == (
        "ST",
        "4.2",
        "Change Management",
        "(4.2 Change Management)",
    )


# ----- section 7, standards, sections ----------------------------------------------


def test_itil_sections_with_nesting(paper):
    ids = {s.id: s for s in paper.itil_sections}
    assert ids["SD 4.6.4.3"].title == "The Information Security Management System (ISMS)"
    assert ids["SD 4.6.4.3"].parent == "SD 4.6.4"
    assert ids["SD 4.6"].note == "main reference"
    assert ids["SO 5.13"].note == "role of Service Operation"
    assert ids["CSI 3.11.3"].title == "Standards"
    assert ids["SO Appendix F"].title == "Physical Access Control"
    assert ids["SO 5.11"].parent is None  # 5.11 is not part of 5.5, whatever the indent says


def test_damage_section_number_lost_a_dot(paper):
    ids = {s.id: s for s in paper.itil_sections}
    assert "SO 4.5.6" in ids and ids["SO 4.5.6"].number_as_written == "4.656"
    assert ids["SO 4.5.6"].parent == "SO 4.5"
    section7 = next(s for s in paper.sections if s.id == "wp-7")
    assert "4.656" not in section7.text and "4.5.6 Triggers" in section7.text


def test_standards(paper):
    std = {s.number: s for s in paper.standards if s.status != "mentioned"}
    assert {
        "27000",
        "27001",
        "27002",
        "27003",
        "27004",
        "27005",
        "27006",
        "27007",
        "27008",
        "27010",
        "27011",
        "27031",
        "27032",
        "27033",
        "27034",
        "27799",
        "20000",
        "18043",
        "18044",
        "24762",
    } == set(std)
    assert (std["27001"].status, std["27001"].year) == ("published", 2005)
    assert std["27001"].title == "Information Security Management Systems – Requirements"
    assert (std["27003"].status, std["27003"].expected_publication) == ("in preparation", "2009/2010")
    assert std["27008"].technical_report and std["27008"].designation == "ISO/IEC TR 27008"
    assert std["27008"].expected_publication == "late 2011"
    assert {"relation": "renumbers", "target": "ISO/IEC 17799:2005"} in std["27002"].relations
    assert {"relation": "replaces", "target": "ISO/IEC TR 13335-4:2000"} in std["27005"].relations
    assert {"relation": "renumbers", "target": "ISO/IEC 18028"} in std["27033"].relations
    assert std["18044"].status == "related"


def test_planned_parts_of_27033(paper):
    parts = next(s for s in paper.standards if s.number == "27033").parts
    assert [p.part for p in parts] == [1, 2, 3, 4, 5, 6, 7]
    assert parts[1].title == "Guidelines for the design and implementation of network security"
    assert parts[1].relations == [{"relation": "revises", "target": "ISO/IEC 18028 part 2"}]


def test_parts_of_20000(paper):
    parts = next(s for s in paper.standards if s.number == "20000").parts
    assert [(p.part, p.title, p.status) for p in parts[:2]] == [
        (1, "Specification", "published"),
        (2, "Code of Practice", "published"),
    ]
    assert parts[4].status == "in preparation"


def test_every_section_and_appendix(paper):
    top = [s.number for s in paper.sections if s.kind in ("section", "appendix")]
    assert top == [str(n) for n in range(1, 10)] + [f"Appendix {x}" for x in "ABCDE"]


def test_appendix_d_incidents(paper):
    incidents = [s for s in paper.sections if s.kind == "incident"]
    assert len(incidents) == 10
    assert incidents[0].title == "June 2008: Terrorism documents left on train from Waterloo"
    assert all(i.parent == "wp-appendix-d" for i in incidents)


def test_damage_ocr_in_scanned_headlines(paper):
    text = "\n".join(s.text for s in paper.sections if s.kind == "incident")
    for wrong in ("offcer", "affer", " rle ", "governmen date", "child bereft", "Po/ice"):
        assert wrong not in text
    assert "Welsh government data 'missing'" in text


def test_damage_contents_table_rebuilt(paper):
    front = paper.sections[0]
    assert "1 Introduction (page 5)" in front.text
    assert "mtroduc" not in front.text
    assert "the contents lists it as Appendix F: Further information" in front.text


@pytest.mark.parametrize(
    "wrong, right",
    [
        ("ISO/ IEC", "ISO/IEC"),
        ("**", ""),
        ("$^{", "™"),
        ("BLACKPublished", "Published"),
        ("AboutDefence/ Corporate", "AboutDefence/Corporate"),
    ],
)
def test_damage_markup_and_broken_identifiers(paper, wrong, right):
    text = "\n".join(s.text for s in paper.sections)
    assert wrong not in text
    assert right in text


def test_page_break_mid_sentence_is_mended(paper):
    intro = next(s for s in paper.sections if s.id == "wp-1")
    assert "business managers and IT Service Providers." in intro.text
    business = next(s for s in paper.sections if s.id == "wp-3")
    assert "future plans and business ventures being considered" in business.text


def test_a_part_title_that_lost_its_dash_is_split_from_its_description(paper):
    """Issue 11, item 8: parts 3 and 5 of 27033 ran their title into the description
    ("Reference networking scenarios Risks, design…"); parts 4 and 6 kept the dash."""
    parts = {p.part: p.title for p in next(s for s in paper.standards if s.number == "27033").parts}
    assert parts[3] == "Reference networking scenarios"
    assert parts[5] == "Securing remote access"
    assert parts[4] == "Securing communications between networks using security gateways"
    assert parts[6] == "Securing communications across networks using Virtual Private Networks (VPNs)"
    repairs = [c for c in paper.corrections if c.rule == "a part's title and description lost the dash between them"]
    assert [c.line for c in repairs] == [827, 830]
    assert repairs[0].corrected == (
        "Part 3: Reference networking scenarios – Risks, design techniques and control issues"
        " in typical network scenarios"
    )
    # No other part of any standard is split by the rule.
    assert all(not re.search(r"[a-z] (Risks|Guidelines)\b", p.title) for s in paper.standards for p in s.parts)


def test_one_itil_section_has_one_title_and_the_repair_names_both_spellings(paper):
    """Issue 11, item 9: section 7 lists SO 4.5.5.4 as "Monitoring identify status",
    Appendix B (and ITIL V3's Service Operation) as "Monitoring identity status"."""
    sections = {s.id: s for s in paper.itil_sections}
    assert sections["SO 4.5.5.4"].title == "Monitoring identity status"
    refs = [r for c in paper.clauses for r in c.references if (r.publication, r.section) == ("SO", "4.5.5.4")]
    assert refs and {r.title for r in refs} == {"Monitoring identity status"}
    (repair,) = [c for c in paper.corrections if c.rule.startswith("one ITIL section, one title")]
    assert (repair.line, repair.original, repair.corrected) == (
        335,
        "Monitoring identify status",
        "Monitoring identity status",
    )
    wp7 = next(s for s in paper.sections if s.id == "wp-7")
    assert "Monitoring identity status" in wp7.text and "identify status" not in wp7.text
