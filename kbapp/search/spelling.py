"""Spelling corrections from the index's own vocabulary."""

from __future__ import annotations

import re
from functools import lru_cache

from kbapp.search.query_text import sanitise
from kbapp.search.schema import stemmed_analyzer
from kbapp.search.vocabulary import Vocabulary

_ANALYZER = stemmed_analyzer()


def suggest(vocabulary: Vocabulary, text: str, keep_last: bool = False) -> str | None:
    """A corrected query from the index's own vocabulary, or None. A word the index
    holds in another form ("analyst" beside "Analysts") is known, not corrected;
    with ``keep_last``, the last word (still being typed) is left as it is."""
    corrector = vocabulary.corrector()
    changed = False
    out = []
    tokens = re.split(r"(\s+)", sanitise(text))
    last = max((i for i, token in enumerate(tokens) if token.strip()), default=-1) if keep_last else -1
    for i, token in enumerate(tokens):
        word = token.lower()
        if i == last or not re.fullmatch(r"[a-z]{3,}", word) or word in ("and", "or", "not") or known(vocabulary, word):
            out.append(token)
            continue
        maxdist = 1 if len(word) <= 4 else 2
        suggestions = corrector.suggest(word, limit=1, maxdist=maxdist, prefix=1)
        if suggestions:
            out.append(suggestions[0])
            changed = True
        else:
            out.append(token)
    return "".join(out) if changed else None


def known(vocabulary: Vocabulary, word: str) -> bool:
    """In the index: the word itself, or a word of the same stem."""
    if word in vocabulary:
        return True
    stem = next((token.text for token in _ANALYZER(word)), "")
    return bool(stem) and stem in _stems(vocabulary)


@lru_cache(maxsize=4)
def _stems(vocabulary: Vocabulary) -> frozenset[str]:
    """Every stem of a vocabulary, made when a correction is first asked for."""
    return frozenset(vocabulary.stems.values())
