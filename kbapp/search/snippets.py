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


def token_cache(analyzer: Callable, size: int = TOKENS_KEPT) -> Callable[[str], list]:
    """The tokens of a text, analysed once and kept for the texts shown lately. They
    depend only on the text: each snippet marks its own matches on them afresh. One per
    search engine, which serves one thread."""

    @lru_cache(maxsize=size)
    def tokens_of(text: str) -> list:
        return [t.copy() for t in analyzer(text, positions=True, chars=True, mode="index", removestops=False)]

    return tokens_of


def snippet_html(text: str, q: wq.Query, analyzer: Callable, tokens_of: Callable[[str], list] | None = None) -> str:
    """The snippet of ``text`` for query ``q``, as HTML with the matches in ``<b>``;
    ``tokens_of``: a ``token_cache`` of ``analyzer``, where there is one."""
    fragment = ""
    if text:
        try:
            fragment = _passages(text, q, tokens_of or token_cache(analyzer, 1))
        except Exception:  # a snippet is never worth a failed search; the opening serves
            fragment = ""
    if not fragment:
        lead = " ".join(text.split())
        fragment = html.escape(lead[:LEAD_CHARS] + ("…" if len(lead) > LEAD_CHARS else ""))
    return " ".join(fragment.split())


def _passages(text: str, q: wq.Query, tokens_of: Callable[[str], list]) -> str:
    terms, phrases = q.phrases()
    words = {t.text for t in terms if t.fieldname == FIELD}
    sequences = [list(p.words) for p in phrases if p.fieldname == FIELD and p.words]
    if not words and not sequences:
        return ""
    tokens = tokens_of(text)
    _mark(tokens, words, sequences)
    if not any(t.matched for t in tokens):
        return ""
    fragmenter = highlight.ContextFragmenter(maxchars=MAX_CHARS, surround=SURROUND)
    fragments = list(fragmenter.fragment_tokens(text, iter(tokens)))
    best = highlight.top_fragments(fragments, PASSAGES, highlight.BasicFragmentScorer(), highlight.FIRST)
    _start_at_sentences(text, best)
    formatted = highlight.HtmlFormatter(tagname="b", between=" … ").format(best)
    return _ADJACENT_BOLD.sub(r"\1", formatted)


def _mark(tokens: list, words: set[str], sequences: list[list[str]]) -> None:
    """Set ``matched`` on each token that is a query word, or part of a phrase where
    the phrase's words stand in order (the stop words between them are skipped, as
    the index skips them)."""
    for t in tokens:
        t.matched = not getattr(t, "stopped", False) and t.text in words
    kept = [t for t in tokens if not getattr(t, "stopped", False)]
    texts = [t.text for t in kept]
    for sequence in sequences:
        n = len(sequence)
        for i in range(len(kept) - n + 1):
            if texts[i : i + n] == sequence:
                for t in kept[i : i + n]:
                    t.matched = True


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
    hits: list[Hit], q: wq.Query, texts: dict[str, str], analyzer: Callable, tokens_of: Callable[[str], list]
) -> list[Hit]:
    """``hits``, each with its snippet of ``texts[hit.id]`` for query ``q``: as HTML, and
    as plain text for lists and exports."""
    out = []
    for hit in hits:
        fragment = snippet_html(texts.get(hit.id, ""), q, analyzer, tokens_of)
        plain = html.unescape(re.sub(r"</?b[^>]*>", "", fragment))
        out.append(replace(hit, snippet=" ".join(plain.split()), snippet_html=fragment))
    return out
