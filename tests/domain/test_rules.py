"""The rules that have one home in kbapp/domain, checked on their own and against
every view that uses them (on the real, built knowledge base)."""

from __future__ import annotations

import html

import pytest

from kbapp.domain.catalogue_rules import IdAllocator, KnownBodies, normalise_bodies, split_body
from kbapp.domain.ids import KINDS, RecordId, RecordKind, key_of, kind_of, record_id
from kbapp.domain.labels import definition_parts, itil_reference_text, record_label
from kbapp.domain.mapping_rules import coverage, inheriting_descendants, nearest_parent, references_of
from kbapp.domain.records import Body
from kbapp.search.documents import completion_records
from kbapp.ui.render import render


@pytest.mark.parametrize("text", ["term:risk", "mapping:27002:10.1.2", "abbreviation:ISMS", "section:wp-7"])
def test_a_typed_id_parses_and_prints_back(text):
    parsed = RecordId.parse(text)
    assert parsed is not None and str(parsed) == text
    assert record_id(parsed.kind, parsed.key) == text and kind_of(text) == parsed.kind and key_of(text) == parsed.key


@pytest.mark.parametrize("text", ["risk", "itil:SD 4.6", "term:", ":risk", "mapping-table:27001"])
def test_what_is_not_a_record_id_is_told(text):
    assert RecordId.parse(text) is None


def test_kinds_are_named_as_users_name_them():
    assert [kind.value for kind in KINDS] == [
        "resource",
        "term",
        "abbreviation",
        "mapping",
        "standard",
        "section",
        "itil",
    ]
    for kind in KINDS:
        assert RecordKind.named(kind.value) is kind
        assert RecordKind.named(kind.plural.upper()) is kind
        assert RecordKind.named(kind.label) is kind
    assert RecordKind.named("glossary") is RecordKind.TERM and RecordKind.named("Clauses") is RecordKind.MAPPING
    assert RecordKind.named("nonsense") is None


def test_every_view_names_a_record_by_the_same_label(built_kb, repo):
    """The detail heading, a search hit, a table row, the selection and completions agree."""
    labels = {typed_id: label for typed_id, _kind, label, _text in completion_records(repo)}
    for kind in KINDS:
        ids = repo.views.ids(kind)[:5]
        summaries = repo.views.summaries(ids)
        for typed_id in ids:
            record = repo.records.get(typed_id)
            label = record_label(kind, record)
            assert summaries[typed_id]["title"] == label == labels[typed_id]
            assert f"<h1>{html.escape(label)}</h1>" in render(record, [])
            hits = built_kb.engine().search(f'"{label}"', limit=50).hits
            assert label in [h.title for h in hits if h.id == typed_id], typed_id
    assert record_label("standard", repo.records.get("standard:iso-iec-27001")).startswith("ISO/IEC 27001:2005 ")


def test_one_text_for_an_itil_reference_and_a_definition():
    ref = {"publication": "SD", "publication_name": "Service Design", "section": "4.6.4.3", "title": "ISMS"}
    assert itil_reference_text(ref) == "SD 4.6.4.3 ISMS"
    assert itil_reference_text(ref, with_name=True) == "SD (Service Design) 4.6.4.3 ISMS"
    assert itil_reference_text({"publication": None, "section": None, "title": "ITIL Glossary"}) == "ITIL Glossary"
    term = {"informal_definition": "a", "itil_definition": "b", "itil_publication": "Service Design"}
    assert definition_parts(term) == [("Informal", "a"), ("ITIL (Service Design)", "b")]
    assert definition_parts({"expansion": "Service Level Agreement"}) == [("Expansion", "Service Level Agreement")]


def test_a_clause_inherits_from_its_nearest_parent_with_references():
    parents = {"4": None, "4.2": "4", "4.2.1": "4.2", "4.2.1.1": "4.2.1", "5": None}
    refs = {"4.2": [{"title": "x"}], "4.2.1.1": [{"title": "own"}]}
    assert references_of("4.2.1", parents, refs).inherited_from == "4.2"
    assert references_of("4.2.1", parents, refs).effective == [{"title": "x", "inherited": True}]
    assert references_of("4.2.1.1", parents, refs).effective == [{"title": "own", "inherited": False}]
    assert references_of("5", parents, refs).is_gap
    children = {"4": ["4.2"], "4.2": ["4.2.1"], "4.2.1": ["4.2.1.1"]}
    assert list(inheriting_descendants("4.2", children, refs)) == ["4.2.1"]  # 4.2.1.1 has its own
    found = [references_of(c, parents, refs) for c in parents]
    assert (coverage(found).own, coverage(found).inherited, coverage(found).gaps) == (2, 1, 2)
    assert nearest_parent("4.2.1.1", "27001:{}".format, {"27001:4.2"}) == "27001:4.2"
    assert nearest_parent("4", str, {"4"}) is None


def test_the_mapping_tables_and_every_view_use_the_one_inheritance_rule(repo):
    (clause,) = repo.mappings.map_clause("4.2.1", "27001")
    tree = {c["id"]: c for c in repo.mappings.clause_tree("ISO/IEC 27001")}
    record = repo.records.get("mapping:27001:4.2.1")
    assert clause["inherited_from"] == tree["27001:4.2.1"]["inherited_from"] == record["inherited_from"] == "27001:4.2"
    reverse = repo.mappings.map_itil("SD 4.6.4.3")
    assert {"id": "mapping:27001:4.2.1", "inherited": True, "inherited_from": "27001:4.2"}.items() <= next(
        c for c in reverse["clauses"] if c["id"] == "mapping:27001:4.2.1"
    ).items()


def test_ids_are_unique_readable_and_allocated_in_linear_time():
    ids = IdAllocator({"risk", "risk-2"})
    assert [ids.take("risk") for _ in range(3)] == ["risk-3", "risk-4", "risk-5"]
    assert ids.take("audit") == "audit" and "audit" in ids

    class CountingSet(set):
        lookups = 0

        def __contains__(self, item: object) -> bool:
            CountingSet.lookups += 1
            return super().__contains__(item)

    many = IdAllocator()
    many.taken = CountingSet()
    for _ in range(4000):
        many.take("same-title")
    # A search from -2 for each duplicate looked up n²/2 ids (8 million for 4,000); now about 2 a title.
    assert CountingSet.lookups <= 3 * 4000
    assert len(many.taken) == 4000 and "same-title-4000" in many.taken


def test_authoring_bodies_are_one_per_abbreviation_and_reused_when_known():
    assert split_body("College of Policing (CoP)") == ("College of Policing", "CoP")
    assert split_body("Home Office") == ("Home Office", None)
    bodies = normalise_bodies(["College of Policing (CoP)", "College Of Policing (CoP)", "College of Policing (CoP)"])
    assert {b.name for b in bodies.values()} == {"College of Policing"}
    known = KnownBodies([Body("college-of-policing", "College of Policing", "CoP")])
    assert known.resolve("The College (CoP)").id == "college-of-policing"  # by abbreviation
    assert known.resolve("college of policing").id == "college-of-policing"  # else by name
    assert known.resolve("College of Policing Ltd (CPL)").id == "college-of-policing-ltd"
