"""A hit's snippet: the passages of its text around what matched, the matches in bold.

Whoosh's own highlighting marks each word of a phrase wherever it occurs and starts
a passage a fixed number of characters before its first match, mid-sentence. Here
a phrase is marked only where its words stand together, as one stretch of bold, and
a passage starts at the record's opening, or its sentence's, when either is near.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from whoosh import highlight
from whoosh import query as wq

from kbapp.search.results import Hit

FIELD = "content"
MAX_CHARS = 160  # of one passage, from its first match
SURROUND = 60  # characters of context around a match
PASSAGES = 2
OPENING = 120  # a first passage that starts this near the opening starts at it
SENTENCE = 80  # how far back a passage looks for the start of its sentence
LEAD_CHARS = 240  # of the opening shown when nothing in the text matched
_SENTENCE_END = re.compile(r"[.!?:;]\s+|\n")
_ADJACENT_BOLD = re.compile(r"</b>(\s+)<b[^>]*>")


TOKENS_KEPT = 2048  # texts whose tokens a search engine keeps: the hits shown lately


class Analysed:
    """A text's tokens, with where each word stands among those not stopped: what a
    snippet needs of the text, whatever the query."""

    def __init__(self, tokens: list) -> None:
        self.tokens = tokens
        self.kept = [i for i, t in enumerate(tokens) if not getattr(t, "stopped", False)]
        self.words = [tokens[i].text for i in self.kept]
        self.places: dict[str, list[int]] = {}  # word -> its places in ``kept``
        for place, word in enumerate(self.words):
            self.places.setdefault(word, []).append(place)
        self.marked: list[int] = []  # tokens the last snippet marked, to unmark

    def mark(self, words: set[str], sequences: list[list[str]]) -> list[int]:
        """Set ``matched`` on each token that is a query word, or part of a phrase where
        the phrase's words stand in order (the stop words between them are skipped, as
        the index skips them). Returns the marked tokens' places, in order."""
        for i in self.marked:
            self.tokens[i].matched = False
        places = {place for word in words for place in self.places.get(word, ())}
        for sequence in sequences:
            n = len(sequence)
            for start in self.places.get(sequence[0], ()):
                if self.words[start : start + n] == sequence:
                    places.update(range(start, start + n))
        self.marked = sorted(self.kept[place] for place in places)
        for i in self.marked:
            self.tokens[i].matched = True
        return self.marked

    def near(self, marked: list[int], reach: int) -> list:
        """The tokens within ``reach`` of a marked one, in order: all a fragmenter that
        looks no further than ``reach`` tokens either side of a match would read."""
        keep: list[int] = []
        for i in marked:
            start = max(i - reach, keep[-1] + 1 if keep else 0)
            keep.extend(range(start, min(i + reach + 1, len(self.tokens))))
        return [self.tokens[i] for i in keep]


def token_cache(analyzer: Callable, size: int = TOKENS_KEPT) -> Callable[[str], Analysed]:
    """The tokens of a text, analysed once and kept for the texts shown lately. They
    depend only on the text: each snippet marks its own matches on them afresh. One per
    search engine, which serves one thread."""

    @lru_cache(maxsize=size)
    def tokens_of(text: str) -> Analysed:
        tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False)
        unmarked = []
        for t in tokens:
            t = t.copy()
            t.matched = False
            unmarked.append(t)
        return Analysed(unmarked)

    return tokens_of


def snippet_html(text: str, q: wq.Query, tokens_of: Callable[[str], Analysed]) -> str:
    """The snippet of ``text`` for query ``q``, as HTML with the matches in ``<b>``;
    ``tokens_of``: a ``token_cache`` of the content field's analyser."""
    fragment = ""
    if text:
        try:
            fragment = _passages(text, q, tokens_of)
        except Exception:  # a snippet is never worth a failed search; the opening serves
            fragment = ""
    if not fragment:
        lead = " ".join(text.split())
        fragment = html.escape(lead[:LEAD_CHARS] + ("…" if len(lead) > LEAD_CHARS else ""))
    return " ".join(fragment.split())


def _passages(text: str, q: wq.Query, tokens_of: Callable[[str], Analysed]) -> str:
    terms, phrases = q.phrases()
    words = {t.text for t in terms if t.fieldname == FIELD}
    sequences = [list(p.words) for p in phrases if p.fieldname == FIELD and p.words]
    if not words and not sequences:
        return ""
    analysed = tokens_of(text)
    marked = analysed.mark(words, sequences)
    if not marked:
        return ""
    # A token counts at least a character: the fragmenter reads no further than SURROUND
    # tokens before a match (its context) or after one (its countdown), so those are all
    # it is given; the passages are the same as from every token of a long text.
    fragmenter = highlight.ContextFragmenter(maxchars=MAX_CHARS, surround=SURROUND)
    fragments = list(fragmenter.fragment_tokens(text, iter(analysed.near(marked, SURROUND + 1))))
    best = highlight.top_fragments(fragments, PASSAGES, highlight.BasicFragmentScorer(), highlight.FIRST)
    _start_at_sentences(text, best)
    formatted = highlight.HtmlFormatter(tagname="b", between=" … ").format(best)
    return _ADJACENT_BOLD.sub(r"\1", formatted)


def _start_at_sentences(text: str, fragments: list) -> None:
    """Move each passage's start back to the opening, or to its sentence's start, when
    either is close; never into the passage before it."""
    floor = 0
    for fragment in sorted(fragments, key=lambda f: f.startchar):
        start = fragment.startchar
        if start <= OPENING and floor == 0:
            fragment.startchar = 0
        else:
            ends = list(_SENTENCE_END.finditer(text, max(floor, start - SENTENCE), start))
            if ends:
                fragment.startchar = ends[-1].end()
            else:
                while fragment.startchar > floor and not text[fragment.startchar - 1].isspace():
                    fragment.startchar -= 1  # at least a whole first word
        floor = fragment.endchar


def with_snippets(
    hits: list[Hit], q: wq.Query, texts: dict[str, str], tokens_of: Callable[[str], Analysed]
) -> list[Hit]:
    """``hits``, each with its snippet of ``texts[hit.id]`` for query ``q``: as HTML, and
    as plain text for lists and exports."""
    out = []
    for hit in hits:
        fragment = snippet_html(texts.get(hit.id, ""), q, tokens_of)
        plain = html.unescape(re.sub(r"</?b[^>]*>", "", fragment))
        out.append(replace(hit, snippet=" ".join(plain.split()), snippet_html=fragment))
    return out
