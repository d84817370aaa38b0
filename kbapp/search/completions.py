"""Instant completions for the first keystrokes: titles, terms and abbreviations.

A sorted list of keys, one for each word start of each title (up to a few
words in), answers a prefix with two binary searches. No prefix is ever expanded
over the index's vocabulary, so a one-letter prefix costs what a long one does.
Built once from the database; read-only afterwards, so threads may share it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

KEY_CHARS = 40
WORD_STARTS = 6
TYPE_ORDER = {"term": 0, "abbreviation": 1, "standard": 2, "mapping": 3, "itil": 4, "resource": 5, "section": 6}
SCAN_LIMIT = 400


def fold(text: str) -> str:
    """Lower case, accents removed, spacing and punctuation folded: 'Détention  APP' → 'detention app'."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_ish = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w/.-]+", " ", ascii_ish.lower()).split())


@dataclass(frozen=True)
class Completion:
    id: str
    type: str
    title: str


class Completions:
    def __init__(self, records: Iterable[tuple[str, str, str, str]]) -> None:
        """``records`` are (typed id, type, label, text typed to reach it); the label is shown."""
        self.ids: list[str] = []
        self.types: list[str] = []
        self.titles: list[str] = []  # the text matched
        self.labels: list[str] = []
        entries: list[tuple[str, int, int]] = []
        for typed_id, kind, label, title in records:
            owner = len(self.ids)
            self.ids.append(typed_id)
            self.types.append(kind)
            self.titles.append(title)
            self.labels.append(label)
            folded = fold(title)
            starts = [0] + [m.end() for m in re.finditer(r"[ /-]", folded)][: WORD_STARTS - 1]
            for rank, start in enumerate(dict.fromkeys(starts)):
                key = folded[start : start + KEY_CHARS].lstrip(" /-")
                if key:
                    entries.append((key, owner, rank))
        entries.sort()
        self.keys = [k for k, _, _ in entries]
        self.owners = array("I", (o for _, o, _ in entries))
        self.ranks = array("B", (min(r, 255) for _, _, r in entries))

    def __len__(self) -> int:
        return len(self.ids)

    def complete(self, prefix: str, limit: int = 8) -> list[Completion]:
        folded = fold(prefix)[:KEY_CHARS]
        if not folded:
            return []
        words = folded.split()
        # The whole prefix is tried as it stands; for several words, the last one may be
        # partial and the others need only start words of the title ("info sec").
        candidates = self._scan(folded)
        if not candidates and len(words) > 1:
            candidates = {
                owner: score
                for owner, score in self._scan(words[0]).items()
                if all(any(t.startswith(w) for t in fold(self.titles[owner]).split()) for w in words[1:])
            }
        ordered = sorted(candidates, key=lambda o: candidates[o])[:limit]
        return [Completion(self.ids[o], self.types[o], self.labels[o]) for o in ordered]

    def _scan(self, key: str) -> dict[int, tuple]:
        lo = bisect.bisect_left(self.keys, key)
        hi = bisect.bisect_left(self.keys, key + "\uffff", lo)
        best: dict[int, tuple] = {}
        # A bounded window: the first keystrokes match many keys, and this must stay instant.
        for i in range(lo, min(hi, lo + SCAN_LIMIT)):
            owner = self.owners[i]
            found = self.keys[i]
            whole_word = len(found) == len(key) or found[len(key)] in " :("
            score = (
                self.ranks[i] != 0,  # at the start of the title
                not whole_word,
                TYPE_ORDER.get(self.types[owner], 9),
                len(self.titles[owner]),
            )
            if owner not in best or score < best[owner]:
                best[owner] = score
        return best
