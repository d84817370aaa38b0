"""The resource catalogue parser: every field of every entry, and clear errors on bad input."""

from __future__ import annotations

import pytest

from kbapp.domain.errors import SourceError
from kbapp.sources.catalogue import parse_catalogue
from kbapp.sources.text import decode_source
from tests.conftest import CATALOGUE


def by_title(catalogue, start):
    return next(r for r in catalogue.resources if r.title.startswith(start))


def test_thirty_resources_with_unique_slug_ids(catalogue):
    assert len(catalogue.resources) == 30
    ids = [r.id for r in catalogue.resources]
    assert len(set(ids)) == 30
    assert ids[0] == "criminal-intelligence-manual-for-analysts"
    assert all(i == i.lower() and " " not in i for i in ids)


def test_first_line_is_residue_not_data(catalogue):
    assert [(r.line, r.text) for r in catalogue.residue] == [(1, "to add a new content")]
    assert all("to add a new content" not in r.title for r in catalogue.resources)


def test_dates_are_iso_and_day_first(catalogue):
    psn = by_title(catalogue, "Government Network Policy Changes")
    assert psn.published == "2017-03-13"
    assert psn.published_as_written == "13/03/2017"
    fsr = by_title(catalogue, "Forensic Science Regulator")
    assert fsr.published == "2020-04-30"
    ndm = by_title(catalogue, "National Decision Model APP")
    assert ndm.published == "2014-12-01"  # 01/12/2014 is 1 December, not 12 January


def test_one_body_spelled_two_ways_is_one_body(catalogue):
    iso = [r for r in catalogue.resources if r.body.abbreviation == "ISO"]
    assert len(iso) == 8
    assert {r.body.id for r in iso} == {"international-organisation-for-standardisation"}
    assert {r.body.name for r in iso} == {"International Organisation for Standardisation"}
    written = {r.body_as_written for r in iso}
    assert written == {
        "International Organisation for Standardisation (ISO)",
        "International Standards Organisation (ISO)",
    }


def test_bodies_without_abbreviation(catalogue):
    home = by_title(catalogue, "Surveillance Camera Code of Practice")
    assert (home.body.name, home.body.abbreviation) == ("Home Office", None)
    apco = by_title(catalogue, "Multi Agency Incident Transfer Standard")
    assert apco.body.abbreviation == "British APCO"


def test_categories(catalogue):
    assert {r.category for r in catalogue.resources} == {
        "Guidance",
        "Standards",
        "Policy",
        "Principles",
        "Reference Data / Templates",
    }


def test_bullet_lists_are_kept_as_structure(catalogue):
    analysts = catalogue.resources[0]
    lists = [b for b in analysts.blocks if b["type"] == "list"]
    assert len(lists) == 1
    assert lists[0]["style"] == "bullet"
    assert lists[0]["items"][0] == "What exactly is the problem?"
    assert len(lists[0]["items"]) == 7
    assert analysts.blocks[-1]["text"].endswith("has become ever so critical in the modern age.")


def test_numbered_lists_keep_their_numbers(catalogue):
    cim = by_title(catalogue, "Critical Incident Management APP")
    numbered = [b for b in cim.blocks if b["type"] == "list"][0]
    assert numbered["style"] == "numbered"
    assert numbered["start"] == 1
    assert numbered["items"][2].startswith("Restoring public confidence")


def test_wrapped_lines_join_and_new_sentences_keep_their_break(catalogue):
    fsr = by_title(catalogue, "Forensic Science Regulator")
    last = fsr.blocks[-1]["text"]
    assert "unbiased opinion on matters within his expertise" in last
    assert "expertise\nWitnesses must act" in last


def test_no_break_spaces_are_normalised(catalogue):
    for r in catalogue.resources:
        for b in r.blocks:
            texts = b["items"] if b["type"] == "list" else [b["text"]]
            assert all("\u00a0" not in t and "  " not in t for t in texts)


def test_standard_identifiers_in_titles(catalogue):
    part2 = by_title(catalogue, "ISO/IEC 27033-2:2012")
    sid = part2.standards[0]
    assert all(other.role == "mentioned" for other in part2.standards[1:])
    assert (sid.prefix, sid.number, sid.part, sid.year, sid.role) == ("ISO/IEC", "27033", 2, 2012, "primary")
    bc = by_title(catalogue, "ISO 22301:2019")
    assert (bc.standards[0].prefix, bc.standards[0].number, bc.standards[0].part) == ("ISO", "22301", None)
    integrated = by_title(catalogue, "ISO/IEC 27013:2015")
    assert [(s.designation, s.role) for s in integrated.standards] == [
        ("ISO/IEC 27013:2015", "primary"),
        ("ISO/IEC 27001", "mentioned"),
        ("ISO/IEC 20000-1", "mentioned"),
    ]
    assert by_title(catalogue, "Investigation APP").standards == []


def test_protective_markings(catalogue):
    appetite = by_title(catalogue, "National Police Information Risk Appetite")
    (marking,) = appetite.markings
    assert marking.marking == "OFFICIAL-SENSITIVE"
    assert marking.restricted is True
    assert marking.context == (
        "Please note this is an OFFICIAL-SENSITIVE document, to request access please use the 'Contact Us' tab "
        "to raise a general query"
    )
    # Issue 11, item 10: "operate the PSN as a single OFFICIAL network" describes the
    # network, not the resource, which is therefore not marked.
    psn = by_title(catalogue, "Government Network Policy Changes")
    assert psn.markings == []
    # Checked on all 30 resources: the one marking in the catalogue is that document's own.
    assert [(r.title[:41], m.marking) for r in catalogue.resources for m in r.markings] == [
        ("National Police Information Risk Appetite", "OFFICIAL-SENSITIVE")
    ]


@pytest.mark.parametrize(
    ("sentence", "marked"),
    [
        ("Please note this is an OFFICIAL-SENSITIVE document, to request access use the form.", True),
        ("This guidance is classified as OFFICIAL.", True),
        ("The standard is marked OFFICIAL-SENSITIVE.", True),
        ("This document is OFFICIAL.", True),
        ("Operate the PSN as a single OFFICIAL network.", False),
        ("Systems that handle SECRET information need other controls.", False),
        ("Material up to OFFICIAL may be shared.", False),
    ],
)
def test_a_marking_is_taken_only_from_wording_that_classifies_the_resource(sentence, marked):
    from kbapp.sources.catalogue import _markings

    assert bool(_markings([sentence])) is marked


def test_review_notes(catalogue):
    part2 = by_title(catalogue, "ISO/IEC 27033-2:2012")
    assert [(v.reviewer, v.month, v.year) for v in part2.reviews] == [
        ("the authoring body", None, 2018),
        ("National Standards Assurance Board", "May", 2021),
    ]
    cctv = by_title(catalogue, "Surveillance Camera Code of Practice")
    assert [(v.reviewer, v.month, v.year) for v in cctv.reviews] == [
        ("National Standards Assurance Board", "February", 2021)
    ]


def test_contact_email(catalogue):
    psn = by_title(catalogue, "Government Network Policy Changes")
    assert psn.emails == ["psnservicedesk@digital.cabinet-office.gov.uk"]


# ----- bad input ------------------------------------------------------------------

GOOD_ENTRY = "Resource\nA Title\n\nSome text.\n\nPublished 01/02/2020\nAuthoring body: Some Body (SB)\nGuidance\n"


def test_a_well_formed_minimal_entry():
    cat = parse_catalogue(GOOD_ENTRY)
    (r,) = cat.resources
    assert (r.title, r.published, r.body.name, r.body.abbreviation, r.category) == (
        "A Title",
        "2020-02-01",
        "Some Body",
        "SB",
        "Guidance",
    )


@pytest.mark.parametrize(
    "text, line, field",
    [
        (GOOD_ENTRY.replace("Published 01/02/2020\n", ""), 2, "published"),
        (GOOD_ENTRY.replace("01/02/2020", "31/02/2020"), 6, "published"),
        (GOOD_ENTRY.replace("Authoring body: Some Body (SB)\n", ""), 7, "authoring body"),
        (GOOD_ENTRY.replace("Guidance\n", ""), 8, "category"),
        ("Resource\n\n", 1, "title"),
    ],
)
def test_damaged_entries_name_line_and_field(text, line, field):
    with pytest.raises(SourceError) as err:
        parse_catalogue(text, "catalogue.txt")
    assert err.value.line == line
    assert err.value.field == field
    assert "catalogue.txt" in str(err.value) and f"line {line}" in str(err.value)


def test_not_a_real_date_is_named():
    with pytest.raises(SourceError, match="31/02/2020' is not a real date"):
        parse_catalogue(GOOD_ENTRY.replace("01/02/2020", "31/02/2020"))


def test_file_without_entries():
    with pytest.raises(SourceError, match="no line 'Resource'"):
        parse_catalogue("just some text\n")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"Resource\nT\x00itle\n", "NUL bytes"),
        ("Resource\nCaf\u00e9\n".encode("cp1252"), "not valid UTF-8"),
    ],
)
def test_undecodable_files(data, message):
    with pytest.raises(SourceError, match=message) as err:
        decode_source(data, "catalogue.txt")
    assert err.value.path == "catalogue.txt"


def test_bom_and_crlf_are_accepted():
    text = decode_source(("\ufeff" + GOOD_ENTRY).replace("\n", "\r\n").encode("utf-8"), "c.txt")
    assert parse_catalogue(text).resources[0].title == "A Title"


def test_shipped_copy_decodes_strictly():
    assert decode_source(CATALOGUE.read_bytes(), CATALOGUE.name).startswith("to add a new content")
