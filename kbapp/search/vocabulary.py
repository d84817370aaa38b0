"""The index's vocabulary: every unstemmed word of the indexed text, its stem, and
how many documents hold it.

Prefixes ("informa*" must find "information", whose stem is "inform") and spelling
corrections are answered from this list. It replaces a second, unstemmed copy of
every word in the index, which doubled the time Whoosh spent writing postings.
The file lives in the index folder: derived data, rebuilt with the index.
"""

from __future__ import annotations

import bisect
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from whoosh.spelling import Corrector, ListCorrector
from whoosh.support.charset import accent_map

from kbapp.search.analysis import ABBREVIATION, BOTH, TOKEN_PATTERN, WORD, indexed_words
from kbapp.search.schema import stemmed_analyzer

VOCABULARY_FILE = "kbapp-vocabulary.json"
# The index's own pattern, so words split here as they do in the index.
_TOKEN = TOKEN_PATTERN
MAX_EXPANSION = 200  # words a prefix stands for, the most frequent first


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-cased and accent-folded, as the index's analysers do."""
    return word.lower().translate(accent_map)


def words_of(text: str) -> set[str]:
    return {fold(word) for word, _ in indexed_words(text, _TOKEN)}


class VocabularyBuilder:
    """Counts the words of documents as they are indexed."""

    def __init__(
        self,
        counts: dict[str, int] | None = None,
        stems: dict[str, str] | None = None,
        forms: dict[str, str] | None = None,
    ) -> None:
        self.counts: Counter[str] = Counter(counts or {})
        self.stems: dict[str, str] = dict(stems or {})
        # How a word is written: ABBREVIATION only, as a WORD only (the default), or BOTH.
        self.forms: dict[str, str] = dict(forms or {})

    def add(self, *texts: str) -> None:
        words: set[str] = set()
        for text in texts:
            if not text:
                continue
            for word, acronym in indexed_words(text, _TOKEN):
                folded = fold(word)
                words.add(folded)
                form = ABBREVIATION if acronym else WORD
                known = self.forms.get(folded)
                if known is None:
                    self.forms[folded] = form
                elif known != form:
                    self.forms[folded] = BOTH
        self.counts.update(words)

    def save(self, folder: Path) -> None:
        analyzer = stemmed_analyzer()
        for word in self.counts:
            if word not in self.stems:
                # A stop word has no stem: it is known (never "corrected") but matches nothing.
                self.stems[word] = (
                    word
                    if self.forms.get(word) == ABBREVIATION
                    else next((t.text for t in analyzer(word, mode="query")), "")
                )
        data = {
            word: [self.stems[word], n] + ([self.forms[word]] if self.forms.get(word, WORD) != WORD else [])
            for word, n in sorted(self.counts.items())
        }
        temp = folder / f".{VOCABULARY_FILE}.{os.getpid()}.tmp"
        temp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temp, folder / VOCABULARY_FILE)


class Vocabulary:
    def __init__(self, entries: dict[str, list]) -> None:
        self.words = sorted(entries)
        self.stems = {word: entry[0] for word, entry in entries.items()}
        self.counts = {word: int(entry[1]) for word, entry in entries.items()}
        self.forms = {word: str(entry[2]) for word, entry in entries.items() if len(entry) > 2}

    @classmethod
    def load(cls, folder: Path) -> Vocabulary:
        """Raises OSError or ValueError when the file is missing or damaged."""
        data = json.loads((folder / VOCABULARY_FILE).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the vocabulary is not a JSON object")
        for word, entry in data.items():
            if not _sound_entry(entry):
                raise ValueError(f"the vocabulary's entry for {word!r} is not [stem, count, form]")
        return cls(data)

    def builder(self) -> VocabularyBuilder:
        """A builder that goes on from this vocabulary (for an update in place).

        Counts only grow: words of replaced documents stay counted. They serve to rank
        corrections, and a word that no longer occurs simply matches nothing."""
        return VocabularyBuilder(self.counts, self.stems, self.forms)

    def __contains__(self, word: str) -> bool:
        return word in self.stems

    def __len__(self) -> int:
        return len(self.words)

    def starting_with(self, prefix: str) -> Iterator[str]:
        prefix = fold(prefix)
        i = bisect.bisect_left(self.words, prefix)
        while i < len(self.words) and self.words[i].startswith(prefix):
            yield self.words[i]
            i += 1

    def expand(self, prefix: str, limit: int = MAX_EXPANSION) -> list[str]:
        """The words starting with ``prefix``, the most frequent first."""
        found = list(self.starting_with(prefix))
        if len(found) > limit:
            found = sorted(found, key=lambda w: -self.counts[w])[:limit]
        return found

    def stems_of(self, words: Iterable[str]) -> list[str]:
        """The index terms of words: their stems, and an abbreviation's own form."""
        terms = set()
        for word in words:
            if self.stems.get(word):
                terms.add(self.stems[word])
            if word in self.forms:
                terms.add(word)
        return sorted(terms)

    def form(self, word: str) -> str:
        """How the corpus writes a word: ABBREVIATION, WORD or BOTH."""
        return self.forms.get(fold(word), WORD)

    def corrector(self) -> Corrector:
        return _FrequentFirst(self)


def _sound_entry(entry: object) -> bool:
    """``[stem, count]`` or ``[stem, count, form]``, as ``VocabularyBuilder.save`` writes."""
    return (
        isinstance(entry, list)
        and len(entry) in (2, 3)
        and isinstance(entry[0], str)
        and type(entry[1]) is int
        and (len(entry) == 2 or entry[2] in (ABBREVIATION, BOTH))
    )


class _FrequentFirst(Corrector):
    """Suggestions by edit distance, then by how many documents hold the word."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.within = ListCorrector(vocabulary.words)

    def _suggestions(self, text, maxdist, prefix):
        counts = self.vocabulary.counts
        for score, word in self.within._suggestions(text, maxdist, prefix):
            yield score - 0.5 / (counts.get(word) or 1), word
