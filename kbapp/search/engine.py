"""kbapp's search interface. Whoosh stays behind it, so the engine can be replaced.

A ``SearchEngine`` holds one Whoosh searcher and must be used from one thread.
Whatever a user types, ``search`` returns a result and never raises.
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

from whoosh import highlight
from whoosh import query as wq
from whoosh.collectors import TimeLimit, TopCollector
from whoosh.qparser import FieldAliasPlugin, MultifieldParser
from whoosh.searching import Searcher

from kbapp.search.docsets import Bits, DocSets, Membership, bits_to_list
from kbapp.search.documents import normalise_key
from kbapp.search.index import open_index
from kbapp.search.results import Filters, Hit, SearchResult, YearRange, in_years, kind_name, parse_years
from kbapp.search.vocabulary import Vocabulary

__all__ = ["Filters", "Hit", "SearchEngine", "SearchResult"]

MAX_QUERY_CHARS = 1000
MAX_WORDS = 40
MIN_PREFIX = 3
DEFAULT_TIME_LIMIT_S = 2.0
FEW_HITS = 3
BROAD = 1000  # hits above which a query counts as broad
CANDIDATES = 5  # title candidates scored in full, per hit shown
SEARCH_FIELDS = ["title", "content", "aliases"]
FIELD_BOOSTS = {"title": 4.0, "content": 1.0, "aliases": 0.8}
TEXT_FIELDS = {"title", "content", "aliases", "category", "body"}
STEMMED_FIELDS = ("title", "content", "aliases")
FACETS = ("type", "category", "body", "year")
FACET_FIELDS = {"type": "type", "category": "category_facet", "body": "body_facet", "year": "year_facet"}
_WILDCARD_TOKEN = re.compile(r"(?<![\w\"])(\w+:)?([^\s\"():]*[*?][^\s\"():]*)")
_YEAR_FILTER = re.compile(r"\byear:(\S+)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_OPERATORS = re.compile(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b|[\"():*?\[\]^{}]")


class SearchEngine:
    def __init__(self, index_dir: Path, snippet_source) -> None:
        """``snippet_source(ids) -> {id: text}`` supplies the text of shown hits."""
        self.ix = open_index(index_dir)
        try:
            self.vocabulary = Vocabulary.load(index_dir)
        except (OSError, ValueError):  # index_state reports this; meanwhile prefixes find nothing
            self.vocabulary = Vocabulary({})
        self.snippet_source = snippet_source
        self._searcher: Searcher | None = None
        self._docsets: DocSets | None = None
        schema = self.ix.schema
        self.parser = MultifieldParser(SEARCH_FIELDS, schema, fieldboosts=FIELD_BOOSTS)
        self.parser.add_plugin(
            FieldAliasPlugin({"category": ["cat"], "published": ["date"], "body": ["author", "publisher"]})
        )

    # ----- searcher reuse ------------------------------------------------------

    def searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = self.ix.searcher()
            self._docsets = None
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
            self._docsets = None
        return self._searcher

    def docsets(self) -> DocSets:
        searcher = self.searcher()
        if self._docsets is None or self._docsets.searcher is not searcher:
            self._docsets = DocSets(searcher)
        return self._docsets

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self.ix.close()

    # ----- query parsing -------------------------------------------------------

    def parse(self, text: str) -> wq.Query:
        """The query for what the user typed. Bad syntax falls back to plain words."""
        cleaned = _sanitise(text)
        if not cleaned:
            return wq.NullQuery
        try:
            q = self.parser.parse(cleaned)
            q = q.accept(self._rewrite)
            if _has_error(q):
                raise ValueError("syntax")
        except Exception:
            words = " ".join(re.findall(r"\w+", cleaned)[:MAX_WORDS])
            if not words:
                return wq.NullQuery
            q = self.parser.parse(words)
        return q

    def _rewrite(self, q: wq.Query) -> wq.Query:
        if isinstance(q, (wq.Prefix, wq.Wildcard)) and q.fieldname in TEXT_FIELDS:
            return self._expand_prefix(q)
        if isinstance(q, wq.NumericRange) and q.fieldname == "year":
            lo = None if q.start is None else int(q.start) + (1 if q.startexcl else 0)
            hi = None if q.end is None else int(q.end) - (1 if q.endexcl else 0)
            return self.years_query((lo, hi))
        return _rewrite_field(q)

    def _expand_prefix(self, q: wq.Prefix | wq.Wildcard) -> wq.Query:
        """A prefix stands for the unstemmed words it starts: "informa*" finds "information"
        (stem "inform") and "informal". Stemmed fields get the words' stems."""
        words = self.vocabulary.expand(str(q.text).rstrip("*"))
        if not words:
            return wq.NullQuery
        terms = self.vocabulary.stems_of(words) if q.fieldname in STEMMED_FIELDS else words
        return wq.Or([wq.Term(q.fieldname, t) for t in terms], boost=q.boost)

    @staticmethod
    def exact_key(text: str) -> str | None:
        """The key under which a plain query names a title, term or clause exactly."""
        cleaned = _sanitise(text)
        if not cleaned or _OPERATORS.search(cleaned):
            return None
        return normalise_key(cleaned) or None

    # ----- search --------------------------------------------------------------

    def search(
        self,
        text: str,
        filters: Filters | None = None,
        limit: int = 20,
        time_limit: float = DEFAULT_TIME_LIMIT_S,
        with_facets: bool = True,
        correct: bool = True,
    ) -> SearchResult:
        filters = filters or Filters()
        try:
            result = self._search(text, filters, max(1, min(limit, 1000)), time_limit, with_facets)
            if correct and result.total < FEW_HITS:
                suggestion = self.suggest(text)
                if suggestion:
                    better = self._search(suggestion, filters, limit, time_limit, with_facets)
                    if better.total > result.total:
                        better.query = text
                        better.corrected = suggestion
                        return better
            return result
        except Exception:  # a query typed by a user never raises; it finds nothing
            return SearchResult(query=text, corrected=None, total=0, hits=[], facets={})

    def _search(self, text: str, filters: Filters, limit: int, time_limit: float, with_facets: bool) -> SearchResult:
        q = self.parse(text)
        if q is wq.NullQuery:
            return SearchResult(query=text, corrected=None, total=0, hits=[], facets={})
        s = self.searcher()
        sets = self.docsets()
        matched = sets.of(q)
        facet_sets = {name: sets.of(fq) for name, fq in self.facet_queries(filters).items()}
        allowed = matched
        for docs in facet_sets.values():
            allowed &= docs
        deadline = time.monotonic() + time_limit
        top: list = []
        timed_out = False
        if allowed:
            # An exact title, term or clause match comes first. It is found by one posting
            # lookup, not by an extra clause that would slow the scoring of every hit.
            key = self.exact_key(text)
            exact = allowed & sets.of(wq.Term("exact", key)) if key else 0
            if exact:
                top, timed_out = self._top(s, _only(s, q, bits_to_list(exact)), exact.bit_count(), None, deadline)
            rest, late = self._ranked(s, sets, q, limit, allowed, bool(facet_sets), deadline)
            timed_out = timed_out or late
            seen = {hit.docnum for hit in top}
            top = (top + [hit for hit in rest if hit.docnum not in seen])[:limit]
        for hit in top:
            hit.results.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=60)
            hit.results.formatter = highlight.HtmlFormatter(tagname="b", between=" … ")
        texts = self.snippet_source([hit["id"] for hit in top])
        hits = [self._hit(hit, texts.get(hit["id"], "")) for hit in top]
        facets = self._facets(matched, facet_sets) if with_facets else {}
        return SearchResult(
            query=text, corrected=None, total=allowed.bit_count(), hits=hits, facets=facets, timed_out=timed_out
        )

    def _ranked(
        self, s: Searcher, sets: DocSets, q: wq.Query, limit: int, allowed: Bits, filtered: bool, deadline: float
    ) -> tuple[list, bool]:
        """The top hits. When a broad query has enough hits with every word in the title,
        the best of those (by title) are scored in full and the rest are never walked:
        title matches outrank body matches anyway, and walking thousands of hits is
        what made a broad query slow."""
        title_q = _title_only(q)
        if title_q is not None and allowed.bit_count() > BROAD:
            titled = sets.of(title_q) & allowed
            if titled.bit_count() >= limit:
                pool, late = self._top(s, title_q, limit * CANDIDATES, Membership(titled), deadline)
                if late or not pool:
                    return pool[:limit], late
                return self._top(s, _only(s, q, [hit.docnum for hit in pool]), limit, None, deadline)
        return self._top(s, q, limit, Membership(allowed) if filtered else None, deadline)

    @staticmethod
    def _top(s: Searcher, q: wq.Query, limit: int, allow, deadline: float) -> tuple[list, bool]:
        """The best ``limit`` hits among ``allow`` (None: all), and whether time ran out."""
        collector = _TopK(limit, allow, deadline)
        timed_out = False
        try:
            s.search_with_collector(q, collector)
        except TimeLimit:
            timed_out = True
        results = collector.results()
        # Not list(results): that asks len(), which would count every match again.
        return [results[i] for i in range(results.scored_length())], timed_out

    def _hit(self, hit, text: str) -> Hit:
        fragment = ""
        if text:
            try:
                fragment = hit.highlights("content", text=text, top=2)
            except Exception:
                fragment = ""
        if not fragment:
            lead = " ".join(text.split())
            fragment = html.escape(lead[:240] + ("…" if len(lead) > 240 else ""))
        fragment = " ".join(fragment.split())
        plain = html.unescape(re.sub(r"</?b[^>]*>", "", fragment))
        return Hit(
            id=hit["id"],
            type=hit["type"],
            title=hit["title"],
            snippet=" ".join(plain.split()),
            snippet_html=fragment,
            score=round(float(hit.score or 0.0), 4),
            category=hit.get("category_facet"),
            body=hit.get("body_facet"),
            published=hit.get("published"),
            year=hit.get("year"),
        )

    def _facets(self, matched: Bits, facet_sets: dict[str, Bits]) -> dict[str, list[tuple[str, int]]]:
        """Counts per facet value; each facet is counted with the other facets' filters applied."""
        sets = self.docsets()
        facets: dict[str, list[tuple[str, int]]] = {}
        for name in FACETS:
            docs = matched
            for other, allowed in facet_sets.items():
                if other != name:
                    docs &= allowed
            counts = sets.count(FACET_FIELDS[name], docs)
            if name == "year":
                ordered = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)  # newest first
            else:
                ordered = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
            facets[name] = [(str(v), c) for v, c in ordered]
        return facets

    # ----- filters -------------------------------------------------------------

    def facet_queries(self, filters: Filters) -> dict[str, wq.Query]:
        """One query per facet that is filtered on."""
        parts: dict[str, wq.Query] = {}
        if filters.types:
            parts["type"] = wq.Or([wq.Term("type", kind_name(t)) for t in filters.types])
        if filters.categories:
            parts["category"] = wq.Or([wq.Term("category_facet", c) for c in filters.categories])
        if filters.bodies:
            parts["body"] = wq.Or([wq.Term("body_facet", b) for b in filters.bodies])
        if filters.years:
            parts["year"] = self.years_query(filters.years)
        return parts

    def years_query(self, years: YearRange) -> wq.Query:
        """The records of the years in a range, open or closed, as the year facet's own
        terms: Whoosh's numeric ranges let older years through when the upper bound is far
        off (2016 to 2999 found 2012), and the years a corpus holds are few."""
        held = [v for v in self.docsets().values("year_facet") if in_years(int(v), years)]
        return wq.Or([wq.Term("year_facet", v) for v in held]) if held else wq.NullQuery

    # ----- spelling ------------------------------------------------------------

    def suggest(self, text: str) -> str | None:
        """A corrected query from the index's own vocabulary, or None."""
        corrector = self.vocabulary.corrector()
        changed = False
        out = []
        for token in re.split(r"(\s+)", _sanitise(text)):
            word = token.lower()
            if not re.fullmatch(r"[a-z]{3,}", word) or word in ("and", "or", "not") or word in self.vocabulary:
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


class _TopK(TopCollector):
    """The top hits, scoring only what can reach them (Whoosh's block-quality skipping),
    restricted to allowed documents, and stopping at a deadline."""

    def __init__(self, limit: int, allow: Membership | None, deadline: float) -> None:
        super().__init__(limit=limit)
        self.allow = allow
        self.deadline = deadline

    def collect_matches(self) -> None:
        allow, offset, deadline = self.allow, self.offset, self.deadline
        for n, sub_docnum in enumerate(self.matches()):
            if (n & 127) == 0 and time.monotonic() > deadline:
                raise TimeLimit()
            if allow is None or offset + sub_docnum in allow:
                self.collect(sub_docnum)


def _only(s: Searcher, q: wq.Query, docnums) -> wq.Query:
    """``q`` restricted to a few documents, through their unique ids: the matcher then
    skips straight to them instead of walking every hit."""
    ids = [s.stored_fields(d)["id"] for d in docnums]
    return wq.And([q, wq.Or([wq.Term("id", i) for i in ids])])


def _title_only(q: wq.Query) -> wq.Query | None:
    """For a query of plain words over the search fields, the same words in the title alone."""
    words = q.subqueries if isinstance(q, wq.And) else [q]
    titles = []
    for word in words:
        fields = word.subqueries if isinstance(word, wq.Or) else [word]
        title = [f for f in fields if isinstance(f, wq.Term) and f.fieldname == "title"]
        if len(title) != 1 or not all(isinstance(f, wq.Term) for f in fields):
            return None
        titles.append(title[0])
    return titles[0] if len(titles) == 1 else wq.And(titles)


def _sanitise(text: str) -> str:
    text = _CONTROL.sub(" ", str(text))[:MAX_QUERY_CHARS]
    text = _YEAR_FILTER.sub(_year_syntax, text)

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


def _year_syntax(m: re.Match[str]) -> str:
    """``year:2016..``, ``year:>2018``, ``year:2012-2014`` as Whoosh's range syntax; what is
    not a year range stays as typed (and falls back to plain words)."""
    years = parse_years(m.group(1))
    if years is None:
        return m.group(0)
    lo, hi = years
    # Whoosh reads an open end only with nothing between it and TO: "[2016 TO]", "[TO 2020]".
    return "year:[" + " ".join(str(part) for part in (lo, "TO", hi) if part is not None) + "]"


def _rewrite_field(q: wq.Query) -> wq.Query:
    if isinstance(q, wq.Term) and q.fieldname == "type":
        return wq.Term("type", kind_name(str(q.text)), boost=q.boost)
    if isinstance(q, wq.Term) and q.fieldname == "published" and re.fullmatch(r"\d{4}", str(q.text)):
        return wq.TermRange("published", f"{q.text}-01-01", f"{q.text}-12-31")
    return q


def _has_error(q: wq.Query) -> bool:
    return any(getattr(node, "error", None) for node in _walk(q))


def _walk(q: wq.Query):
    yield q
    for child in q.children():
        yield from _walk(child)
