"""How text becomes index terms: the rules an auditor's words are matched by.

- Porter2 (Snowball English) stems, so "encryption" and "encrypted" meet at "encrypt".
- British and American spellings are one word: "organisation" is "organization".
- An abbreviation written in capitals ("ISMS") is not stemmed, so it matches itself
  and not a shorter one ("ISM"). Capitals in a heading ("ASSET MANAGEMENT") are words.
- A web or e-mail address, or a name joined by underscores, is one term and also its
  parts: "www.iosm.com" is found by "iosm", "poynter_review_index" by "poynter".

The query side goes through the same chain, so both sides always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from whoosh.analysis import Filter
from whoosh.lang.porter2 import stem as porter2

# Whoosh's word pattern, but a footnote marker in superscript ("concepts⁴") ends a word.
_LETTER = r"[^\W¹²³⁴⁵⁶⁷⁸⁹⁰]"
TOKEN_PATTERN = re.compile(rf"{_LETTER}+(?:\.?{_LETTER}+)*", re.UNICODE)

# How the corpus writes a word (kept per word in the vocabulary).
ABBREVIATION, WORD, BOTH = "a", "w", "aw"
MAX_ACRONYM_LETTERS = 5
HEADING_WORD_LETTERS = 6  # a capitalised word this long is a word of a heading, not an abbreviation
_PART_SPLIT = re.compile(r"[._]")


def is_capitals(word: str) -> bool:
    return word.isupper() and sum(ch.isalpha() for ch in word) >= 2


def acronym_flags(words: list[str]) -> list[bool]:
    """For each word (as written), whether it is an abbreviation: in capitals, short,
    and not beside a long word in capitals (which makes both words of a heading)."""

    def heading_word(i: int) -> bool:
        return 0 <= i < len(words) and is_capitals(words[i]) and len(words[i]) >= HEADING_WORD_LETTERS

    return [
        is_capitals(word)
        and sum(ch.isalpha() for ch in word) <= MAX_ACRONYM_LETTERS
        and not heading_word(i - 1)
        and not heading_word(i + 1)
        for i, word in enumerate(words)
    ]


def parts_of(word: str) -> list[str]:
    """The parts of an address or underscored name worth finding on their own."""
    if "." not in word and "_" not in word:
        return []
    parts = [p for p in _PART_SPLIT.split(word) if len(p) >= 2 and not p.isdigit()]
    return parts if len(parts) > 1 or (parts and parts[0] != word) else []


# British spellings as American ones. Only the two forms must meet; the result need
# not be a real word, so a rule may be broad where no other word can collide with it.
_OUR_WORDS = [
    "armour",
    "behaviour",
    "candour",
    "clamour",
    "colour",
    "demeanour",
    "endeavour",
    "favour",
    "fervour",
    "flavour",
    "harbour",
    "honour",
    "humour",
    "labour",
    "neighbour",
    "odour",
    "parlour",
    "rigour",
    "rumour",
    "saviour",
    "savour",
    "splendour",
    "valour",
    "vapour",
    "vigour",
]
_RE_WORDS = ["centre", "fibre", "litre", "metre", "theatre", "calibre", "spectre", "sombre", "lustre"]
_ENCE_WORDS = {"defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense"}
_DOUBLE_L = [
    "cancel",
    "channel",
    "counsel",
    "dial",
    "fuel",
    "label",
    "level",
    "marshal",
    "model",
    "signal",
    "total",
    "travel",
    "tunnel",
]
_WHOLE = {
    "programme": "program",
    "programmes": "programs",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments",
    "enrolment": "enrollment",
    "enrolments": "enrollments",
    "fulfil": "fulfill",
    "fulfils": "fulfills",
    "fulfilment": "fulfillment",
    "ageing": "aging",
    "grey": "gray",
    "cheque": "check",
    "cheques": "checks",
    "sceptical": "skeptical",
    "manoeuvre": "maneuver",
    "aluminium": "aluminum",
    "tyre": "tire",
    "tyres": "tires",
    "whilst": "while",
}
_OUR = re.compile(
    r"^(" + "|".join(w[:-3] for w in _OUR_WORDS) + r")our(s|ed|ing|able|ably|al|ally|ite|ites|er|ers|ist|ists|less)?$"
)
_RE = re.compile(r"^(" + "|".join(w[:-2] for w in _RE_WORDS) + r")re(s|d)?$")
_ENCE = re.compile(r"^(" + "|".join(w[:-4] for w in _ENCE_WORDS) + r")ence(s|d)?$")
_ISE = re.compile(r"^(\w{3,}?)is(e|es|ed|ing|ation|ations|ational|er|ers|able)$")
_YSE = re.compile(r"^(\w+)ys(e|es|ed|ing|er|ers)$")
_LOGUE = re.compile(r"^(\w+log)ue(s|d)?$")
_LL = re.compile(r"^(" + "|".join(_DOUBLE_L) + r")l(ed|ing|er|ers)$")


@lru_cache(maxsize=65536)
def american(word: str) -> str:
    """The American spelling of a lower-case British one; other words unchanged."""
    if word in _WHOLE:
        return _WHOLE[word]
    if m := _OUR.match(word):
        return f"{m.group(1)}or{m.group(2) or ''}"
    if m := _RE.match(word):
        return f"{m.group(1)}er{m.group(2) or ''}"
    if m := _ENCE.match(word):
        return f"{m.group(1)}ense{m.group(2) or ''}"
    if m := _LL.match(word):
        return f"{m.group(1)}{m.group(2)}"
    if m := _ISE.match(word):
        return f"{m.group(1)}iz{m.group(2)}"
    if m := _YSE.match(word):
        return f"{m.group(1)}yz{m.group(2)}"
    if m := _LOGUE.match(word):
        return f"{m.group(1)}{m.group(2) or ''}"
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return porter2(american(word))


class AcronymFilter(Filter):
    """Marks abbreviations (``token.acronym``) while the case is still as written. An
    address or underscored name is indexed whole and as its parts; a query for one
    asks for its parts, so ``poynter_review_index`` finds ``poynter_review_index.htm``."""

    def __call__(self, tokens: Iterable) -> Iterator:
        held = [t.copy() for t in tokens]
        flags = acronym_flags([t.text for t in held])
        for token, acronym in zip(held, flags, strict=True):
            token.acronym = acronym
            parts = parts_of(token.text)
            if token.mode == "index" or not parts:
                yield token
            offset = 0
            for part in parts:
                piece = token.copy()
                piece.text = part
                piece.acronym = False
                if getattr(token, "chars", False):
                    at = token.text.find(part, offset)
                    offset = at + len(part)
                    piece.startchar = token.startchar + at
                    piece.endchar = piece.startchar + len(part)
                yield piece


class WordStemFilter(Filter):
    """Spelling made American, then Porter2; abbreviations are left as they are."""

    def __call__(self, tokens: Iterable) -> Iterator:
        for token in tokens:
            if not getattr(token, "acronym", False):
                token.text = stem(token.text)
            yield token


def indexed_words(text: str, token_pattern: re.Pattern[str]) -> Iterator[tuple[str, bool]]:
    """Every word of ``text`` as the index sees it, before folding and stemming, with
    whether it was taken as an abbreviation; parts of addresses follow the whole."""
    words = token_pattern.findall(text)
    for word, acronym in zip(words, acronym_flags(words), strict=True):
        yield word, acronym
        for part in parts_of(word):
            yield part, False
