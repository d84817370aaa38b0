"""A search engine readied in the background, before the first key: the tokens of
the texts a snippet is cut from, analysed once for as many as the engine keeps.

A snippet of a text not seen before costs about a millisecond and a half to analyse,
and a new prefix shows a dozen: the first keys of a session were the slow ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kbapp.search.snippets import TOKENS_KEPT

if TYPE_CHECKING:
    from kbapp.search.engine import SearchEngine

BATCH = 16  # texts analysed between two looks at whether a search waits


def warm(engine: SearchEngine, stop: Callable[[], bool]) -> int:
    """Analyse the snippet texts of the index's first records, until ``stop()`` (a
    search waits for the thread). Returns how many texts were readied."""
    reader = engine.searcher().reader()
    ids = []
    for _docnum, stored in reader.iter_docs():
        ids.append(stored["id"])
        if len(ids) == TOKENS_KEPT:
            break
    readied = 0
    for at in range(0, len(ids), BATCH):
        if stop():
            break
        for text in engine.snippet_source(ids[at : at + BATCH]).values():
            engine.tokens_of(text)
            readied += 1
    return readied
