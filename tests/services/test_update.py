"""An edited catalogue is applied in place: only changed resources are rewritten and
re-indexed, and the result equals a full build of the same sources."""

from __future__ import annotations

from kbapp.paths import Paths
from kbapp.services.knowledge_base import KnowledgeBase


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edited_entries_are_updated_in_place(editable, tmp_path):
    kb, sources = editable
    edit(sources["catalogue"], "Armed Policing APP\n\nThere are", "Armed Policing APP\n\nZebracorn drills. There are")
    edit(
        sources["catalogue"],
        "Published 01/01/2013\nAuthoring body: College of Policing (CoP)\nGuidance\nResource\nCovert",
        "Published 02/02/2013\nAuthoring body: College of Policing (CoP)\nGuidance\nResource\nCovert",
    )
    report = kb.build()
    assert report.index_reason == "updated 1 resources"
    record = kb.repository().records.get("resource:armed-policing-app")
    assert record["description"].startswith("Zebracorn drills.")
    assert record["published"] == "2013-02-02"
    assert [h.id for h in kb.engine().search("zebracorn").hits] == ["resource:armed-policing-app"]
    # The new word reaches the vocabulary that prefixes and spelling use.
    assert [h.id for h in kb.engine().search("zebrac*").hits] == ["resource:armed-policing-app"]
    assert kb.engine().search("zebracorm").corrected == "zebracorn"
    assert kb.build().index_reason == "ok"  # the index is current for the new build

    full = KnowledgeBase(Paths(tmp_path / "full", tmp_path / "c2", tmp_path / "l2"), sources=sources)
    full.build()
    try:
        assert kb.repository().listings.resources() == full.repository().listings.resources()
        assert kb.repository().state.meta()["build_id"] == full.repository().state.meta()["build_id"]
        assert sorted(kb.repository().db["standard_links"].rows, key=repr) == sorted(
            full.repository().db["standard_links"].rows, key=repr
        )
    finally:
        full.close()


def test_renamed_and_removed_entries(editable):
    kb, sources = editable
    edit(sources["catalogue"], "Investigation APP\n", "Investigation APP (2021 revision)\n")
    text = sources["catalogue"].read_text(encoding="utf-8")
    start = text.index("Resource\nApplication Development")
    end = text.index("Resource\n", start + 1)
    sources["catalogue"].write_text(text[:start] + text[end:], encoding="utf-8")
    report = kb.build()
    assert report.index_reason == "updated 3 resources"
    assert report.counts["resource"] == 29
    repo = kb.repository()
    ids = [r["id"] for r in repo.listings.resources()]
    assert "investigation-app-2021-revision" in ids
    assert "investigation-app" not in ids and "application-development" not in ids
    engine = kb.engine()
    assert engine.search("2021 revision").hits[0].id == "resource:investigation-app-2021-revision"
    assert all(h.id != "resource:application-development" for h in engine.search("application hardening").hits)
    assert engine.search("*").total == 0 and engine.search("type:resource police").total > 0


def test_white_paper_change_rebuilds_everything(editable):
    kb, sources = editable
    edit(sources["white_paper"], "| SLA | Service Level Agreement |", "| SLA | Service Level Agreement (contract) |")
    report = kb.build()
    assert report.built_database and report.index_reason == "rebuilt"
    assert kb.repository().records.get("abbreviation:SLA")["expansion"] == "Service Level Agreement (contract)"


def test_only_changed_entries_are_parsed_again(editable, monkeypatch):
    from kbapp.sources import catalogue as catalogue_module

    kb, sources = editable
    parsed = []
    real = catalogue_module._parse_entry

    def counting(lines, start, end, path, **where):
        entry = real(lines, start, end, path, **where)
        parsed.append(entry["title"])
        return entry

    monkeypatch.setattr(catalogue_module, "_parse_entry", counting)
    edit(sources["catalogue"], "Covert Policing APP\n\nUndercover", "Covert Policing APP\n\nUndercover (revised)")
    assert kb.build().index_reason == "updated 1 resources"
    assert parsed == ["Covert Policing APP"]


def test_spacing_only_change_rewrites_nothing(editable):
    kb, sources = editable
    edit(sources["catalogue"], "Covert Policing APP\n", "Covert Policing APP   \n")
    report = kb.build()
    assert report.index_reason == "updated 0 resources"
    assert kb.build().index_reason == "ok"
