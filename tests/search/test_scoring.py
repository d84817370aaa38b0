"""The quicker scorer ranks exactly as Whoosh's BM25F: same hits, same scores, on the
shipped corpus and on an index of several segments with deletions (an update)."""

from __future__ import annotations

import pytest
from whoosh import query as wq
from whoosh.scoring import BM25F

from kbapp.search.scoring import ListedLengthBM25F, SizedOr

QUERIES = ["information security", "risk management", "incident", "ISMS", "access control", "cloud service"]


def ranked(engine, weighting, text):
    query = engine.parse(text)
    with engine.ix.searcher(weighting=weighting) as searcher:
        found = [(hit.docnum, hit.score) for hit in searcher.search(query, limit=None)]
        if isinstance(weighting, ListedLengthBM25F):  # the lengths were listed, not looked up
            listed = [
                v for leaf, _ in searcher.leaf_searchers() for v in weighting._lengths.get(leaf.reader(), {}).values()
            ]
            assert listed and all(isinstance(v, list) for v in listed)
        return found


@pytest.mark.parametrize("text", QUERIES)
def test_the_same_scores_as_whooshs_bm25f(engine, text):
    ours = ranked(engine, ListedLengthBM25F(), text)
    assert ours  # every query matches something in the shipped corpus
    assert ours == ranked(engine, BM25F(), text)


def test_the_same_after_an_update_in_place(editable):
    kb, sources = editable
    text = sources["catalogue"].read_text(encoding="utf-8")
    old = "Armed Policing APP\n\nThere are"
    assert old in text
    sources["catalogue"].write_text(text.replace(old, "Armed Policing APP\n\nSecurity risk drills. There are"), "utf-8")
    assert kb.build().index_reason == "updated 1 resources"
    engine = kb.engine()
    assert len(engine.searcher().reader().leaf_readers()) > 1  # the update wrote a segment of its own
    for text in QUERIES:
        assert ranked(engine, ListedLengthBM25F(), text) == ranked(engine, BM25F(), text)


@pytest.mark.parametrize("text", QUERIES)
def test_unions_sized_to_the_index_add_up_as_whooshs(engine, text):
    sized = engine.parse(text)
    assert any(type(node) is SizedOr for node in _nodes(sized))

    def plain(node):
        return (
            wq.Or(node.subqueries, boost=node.boost, minmatch=node.minmatch, scale=node.scale)
            if type(node) is SizedOr
            else node
        )

    whooshs = sized.accept(plain)
    with engine.ix.searcher() as searcher:
        ours = [(hit.docnum, hit.score) for hit in searcher.search(sized, limit=None)]
        theirs = [(hit.docnum, hit.score) for hit in searcher.search(whooshs, limit=None)]
    assert ours and ours == theirs


def _nodes(q):
    yield q
    for child in q.children():
        yield from _nodes(child)


@pytest.mark.parametrize("typed", ["business co", "in", "access con", "information se"])
def test_remembered_term_lookups_find_what_whoosh_finds(engine, typed):
    query = engine.parse(typed, prefix_last=True)
    remembered = engine.searcher()
    first = [(hit.docnum, hit.score) for hit in remembered.search(query, limit=None)]
    again = [(hit.docnum, hit.score) for hit in remembered.search(query, limit=None)]  # from what was kept
    assert all(hasattr(leaf.reader()._terms._tindex, "kbapp_remembered") for leaf, _ in remembered.leaf_searchers())
    with engine.ix.searcher(weighting=ListedLengthBM25F()) as fresh:  # looks every term up anew
        assert first and first == again == [(hit.docnum, hit.score) for hit in fresh.search(query, limit=None)]


def test_a_word_being_typed_has_its_title_part_too(engine):
    """A broad query being typed is ranked as the same words typed whole are: its best
    title matches first, scored in full, without walking every hit."""
    from kbapp.search.collecting import title_only

    titled = title_only(engine.parse("business co", prefix_last=True))
    assert titled is not None
    assert {node.fieldname for node in _nodes(titled) if isinstance(node, wq.Term)} == {"title"}
    assert any(isinstance(node, wq.Or) and len(node.subqueries) > 1 for node in _nodes(titled))  # "co…": many words
    assert title_only(engine.parse('"business continuity"')) is None  # a phrase is no plain word


def test_a_union_s_size_is_worked_out_once_per_reader(engine, monkeypatch):
    """Whoosh asks a query's size several times a search, and a union of a typed prefix
    adds up every term's document frequency each time: now once per reader, the same."""
    from whoosh.reading import SegmentReader

    engine.search("business co", prefix_last=True, limit=100, snippets=0)  # the parse and its caches
    asked: list[tuple] = []
    real = SegmentReader.doc_frequency
    monkeypatch.setattr(SegmentReader, "doc_frequency", lambda self, *a: asked.append(a[:2]) or real(self, *a))
    result = engine.search("business co", prefix_last=True, limit=100, snippets=0)
    assert result.hits
    # Each (field, word) once, give or take a term in two unions (three times each, before).
    assert len(asked) < 1.1 * len(set(asked))
    query = engine.parse("business co", prefix_last=True)
    reader = engine.searcher().reader()
    for union in (node for node in _nodes(query) if type(node) is SizedOr):
        assert union.estimate_size(reader) == wq.Or(union.subqueries).estimate_size(reader)
