"""What the user typed, made into text Whoosh's parser takes: control characters and
runaway wildcards removed, year ranges as range syntax, the word being typed as a
prefix; and the checks and rewrites of the parsed query that need no index."""

from __future__ import annotations

import re

from whoosh import query as wq

from kbapp.domain.designations import designations
from kbapp.domain.ids import KINDS
from kbapp.search.analysis import ABBREVIATION, BOTH, WORD
from kbapp.search.results import TYPED_YEAR, kind_name, parse_years

MAX_QUERY_CHARS = 1000
MAX_WORDS = 40
MIN_PREFIX = 3
_WILDCARD_TOKEN = re.compile(r"(?<![\w\"])(\w+:)?([^\s\"():]*[*?][^\s\"():]*)")
# A filter in the query (type:term, category:guidance, body:"college of policing", year:[2015 TO 2020]).
FIELD_FILTER = re.compile(
    r'\b(?:type|category|cat|body|author|publisher|year|published|date):(?:"[^"]*"|\[[^\]]*\]|\S+)'
)
# A record kind's label of two words, typed unquoted after type: ("type:White paper").
_TYPE_LABEL = re.compile(
    r'\btype:(?!")(' + "|".join(re.escape(k.label) for k in KINDS if " " in k.label) + r")\b", re.IGNORECASE
)
_LAST_WORD = re.compile(r"(?:^|\s)(\w+)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
OPERATOR_WORDS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
OPERATORS = re.compile(rf"\b({'|'.join(OPERATOR_WORDS)})\b|[\"():*?\[\]^{{}}]")


def sanitise(text: str) -> str:
    text = _CONTROL.sub(" ", str(text))[:MAX_QUERY_CHARS]
    text = TYPED_YEAR.sub(_year_syntax, text)
    text = _TYPE_LABEL.sub(lambda m: f'type:"{m.group(1)}"', text)

    def wildcard(m: re.Match[str]) -> str:
        fieldname, token = m.group(1) or "", m.group(2)
        stem = token.rstrip("*")
        # Only a trailing * after enough letters expands; leading or bare wildcards would match everything.
        if token.endswith("*") and re.fullmatch(rf"\w{{{MIN_PREFIX},}}", stem):
            return f"{fieldname}{stem}*"
        bare = re.sub(r"[*?]", "", token)
        return f"{fieldname}{bare}" if bare else ""

    text = _WILDCARD_TOKEN.sub(wildcard, text)
    words = text.split()
    return " ".join(words[:MAX_WORDS])


def last_word_as_prefix(cleaned: str, typed: str) -> str:
    """``risk man`` → ``risk man*``: the word under the cursor is the start of a word. A
    single letter is left out until a second one follows (it would start too many)."""
    m = _LAST_WORD.search(cleaned)
    if not m or typed[-1:].isspace() or m.group(1).upper() in ("AND", "OR", "NOT"):
        return cleaned
    word = m.group(1)
    rest = cleaned[: m.start(1)].rstrip()
    if len(word) < 2:
        return rest or cleaned
    return f"{rest} {word}*".strip()


_BARE_WORD = re.compile(r'(?<![\w:.*?"])(\w+)(?![\w:.*?"])')


def abbreviations_as_written(cleaned: str, form_of) -> str:
    """Each word cased as the corpus writes it, so that it meets the index's terms:
    ``isms`` is the abbreviation ISMS (not a plural of ISM), ``RISKS`` typed in capitals
    is the word "risks", and a word that is both (``maps``, MAPS) is either. Quoted
    phrases and field names stay as typed. ``form_of(word)`` is the vocabulary's form."""

    def recase(m: re.Match[str]) -> str:
        word = m.group(1)
        if word in OPERATOR_WORDS or word.isdigit():
            return word
        form, capitals = form_of(word), word.isupper()
        if form == WORD and capitals:
            return word.lower()
        if form == ABBREVIATION and not capitals:
            return word.upper()
        if form == BOTH and not capitals:
            return f"({word} OR {word.upper()})"
        return word

    pieces = cleaned.split('"')
    # Even pieces lie outside quotes.
    return '"'.join(_BARE_WORD.sub(recase, piece) if i % 2 == 0 else piece for i, piece in enumerate(pieces))


def plain_words(text: str) -> str:
    """The words of a query without its operators and syntax."""
    words = [w for w in re.findall(r"\w+", sanitise(text)) if w not in OPERATOR_WORDS]
    return " ".join(words[:MAX_WORDS])


def only_filters(text: str) -> bool:
    """Whether a query is filters and nothing else (``type:term``, ``year:2015..2020``)."""
    cleaned = sanitise(text)
    return bool(FIELD_FILTER.search(cleaned)) and not FIELD_FILTER.sub(" ", cleaned).strip()


def standard_named(text: str) -> str | None:
    """The designation key of the standard a query names and nothing else: ``ISO 27001``,
    ``ISO/IEC 27001:2005``, ``BS 7799``, or a bare number (``17799``)."""
    cleaned = FIELD_FILTER.sub(" ", sanitise(text)).strip()
    found = list(designations(cleaned))
    if len(found) == 1 and found[0].written.strip() == cleaned:
        return found[0].key
    return cleaned if re.fullmatch(r"\d{4,5}", cleaned) else None


def _year_syntax(m: re.Match[str]) -> str:
    """``year:2016..``, ``year:>2018``, ``year:2012-2014`` as Whoosh's range syntax; what is
    not a year range stays as typed (and falls back to plain words)."""
    years = parse_years(m.group(1))
    if years is None:
        return m.group(0)
    lo, hi = years
    # Whoosh reads an open end only with nothing between it and TO: "[2016 TO]", "[TO 2020]".
    return "year:[" + " ".join(str(part) for part in (lo, "TO", hi) if part is not None) + "]"


def rewrite_field(q: wq.Query) -> wq.Query:
    if isinstance(q, wq.Term) and q.fieldname == "type":
        return wq.Term("type", kind_name(str(q.text)), boost=q.boost)
    if isinstance(q, wq.Term) and q.fieldname == "published" and re.fullmatch(r"\d{4}", str(q.text)):
        return wq.TermRange("published", f"{q.text}-01-01", f"{q.text}-12-31")
    return q


def has_error(q: wq.Query) -> bool:
    return any(getattr(node, "error", None) for node in _walk(q))


def _walk(q: wq.Query):
    yield q
    for child in q.children():
        yield from _walk(child)
