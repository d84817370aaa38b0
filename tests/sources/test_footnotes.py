"""Footnote markers that the PDF extraction ran into words ("tenth.1", "Continuity3")
are footnote references, not part of the word; the repair is recorded."""

from __future__ import annotations

from kbapp.sources.repairs import mark_footnotes


def section(paper, section_id):
    return next(s for s in paper.sections if s.id == section_id)


def test_glued_markers_become_references(paper):
    intro = section(paper, "wp-1").text
    assert "less than a tenth.¹ Technical measures" in intro and "tenth.1" not in intro
    wider = section(paper, "wp-4").text
    assert "Business Continuity³ should" in wider and "Continuity3" not in wider
    fixes = {(c.line, c.original, c.corrected) for c in paper.corrections if c.rule.startswith("footnote")}
    assert fixes == {(50, ".1", ".¹"), (182, "3", "³")}


def test_only_the_next_footnote_number_is_a_marker():
    lines = [
        "ITIL V3 is here, under JTC1 and SC27, a tenth.1 Technical matter",
        "as said² before, and Continuity3 should count, but Continuity3 again not",
        "see http://www.example.org/article3 Now",
    ]
    fixed, corrections = mark_footnotes(lines)
    assert fixed[0] == "ITIL V3 is here, under JTC1 and SC27, a tenth.¹ Technical matter"
    assert fixed[1] == "as said² before, and Continuity³ should count, but Continuity3 again not"
    assert fixed[2] == lines[2]
    assert len(corrections) == 2


def test_a_word_with_a_marker_is_found_as_the_word(engine):
    assert "section:wp-1" in [h.id for h in engine.search("tenth", limit=50).hits]
    assert "section:wp-5" in [h.id for h in engine.search("additional concepts", limit=50).hits]
