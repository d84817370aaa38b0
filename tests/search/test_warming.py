"""An engine readied before the first key: its snippets need no analysis then."""

from __future__ import annotations

from kbapp.search.engine import SearchEngine
from kbapp.search.warming import BATCH, warm


def test_warming_analyses_the_snippet_texts_before_any_search(built_kb):
    repo = built_kb.repository()
    engine = SearchEngine(built_kb.paths.index, repo.index.snippet_texts)
    try:
        readied = warm(engine, stop=lambda: False)
        every = [stored["id"] for _, stored in engine.searcher().reader().iter_docs()]
        texts = repo.index.snippet_texts(every)
        assert readied == len(texts) > 250  # every record with a text to cut a snippet from
        assert engine.tokens_of.cache_info().currsize == len(set(texts.values()))
        analysed = engine.tokens_of.cache_info().misses
        result = engine.search("information security", limit=20)
        assert all(hit.snippet for hit in result.hits)
        assert engine.tokens_of.cache_info().misses == analysed  # none analysed again
    finally:
        engine.close()


def test_warming_stops_when_a_search_waits(built_kb):
    repo = built_kb.repository()
    engine = SearchEngine(built_kb.paths.index, repo.index.snippet_texts)
    asked = iter([False, True])
    try:
        assert warm(engine, stop=lambda: next(asked)) <= BATCH
    finally:
        engine.close()
