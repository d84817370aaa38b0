"""kbapp's search interface. Whoosh stays behind it, so the engine can be replaced.

A ``SearchEngine`` holds one Whoosh searcher and must be used from one thread.
Whatever a user types, ``search`` returns a result and never raises.
"""

from __future__ import annotations

import time
from pathlib import Path

from whoosh import query as wq
from whoosh.collectors import TimeLimit
from whoosh.qparser import FieldAliasPlugin, MultifieldParser
from whoosh.searching import Searcher

from kbapp.domain.mapping_rules import annex_a_in
from kbapp.domain.user_text import valid_text
from kbapp.search.collecting import TopK, only, title_only
from kbapp.search.docsets import Bits, DocSets, Membership, bits_to_list
from kbapp.search.documents import EDITION, SUCCESSOR, normalise_key
from kbapp.search.expansion import expand_prefix, expand_range
from kbapp.search.index import open_index
from kbapp.search.ordering import Orders
from kbapp.search.query_text import (
    FIELD_FILTER,
    MIN_PREFIX,
    OPERATORS,
    abbreviations_as_written,
    has_error,
    last_word_as_prefix,
    only_filters,
    plain_words,
    rewrite_field,
    sanitise,
    standard_named,
)
from kbapp.search.results import ORDERS, Filters, Hit, SearchResult, YearRange, in_years, kind_name
from kbapp.search.scoring import ListedLengthBM25F, with_sized_unions
from kbapp.search.snippets import token_cache, with_snippets
from kbapp.search.spelling import suggest
from kbapp.search.term_lookups import remember_term_lookups
from kbapp.search.vocabulary import Vocabulary

__all__ = ["Filters", "Hit", "SearchEngine", "SearchResult"]

DEFAULT_TIME_LIMIT_S = 2.0
FEW_HITS = 3
BROAD = 1000  # hits above which a query counts as broad
CANDIDATES = 5  # title candidates scored in full, per hit shown
SEARCH_FIELDS = ["title", "content", "aliases"]
FIELD_BOOSTS = {"title": 4.0, "content": 1.0, "aliases": 0.8}
TEXT_FIELDS = {"title", "content", "aliases", "category", "body"}
FACETS = ("type", "category", "body", "origin", "year")
FACET_FIELDS = {
    "type": "type",
    "category": "category_facet",
    "body": "body_facet",
    "origin": "origin_facet",
    "year": "year_facet",
}


class SearchEngine:
    def __init__(self, index_dir: Path, snippet_source) -> None:
        """``snippet_source(ids) -> {id: text}`` supplies the text of shown hits."""
        self.ix = open_index(index_dir)
        try:
            self.vocabulary = Vocabulary.load(index_dir)
        except (OSError, ValueError):  # index_state reports this; meanwhile prefixes find nothing
            self.vocabulary = Vocabulary({})
        self.snippet_source = snippet_source
        self.analyzer = self.ix.schema["content"].analyzer  # (ix.schema reads the table of contents)
        self.tokens_of = token_cache(self.analyzer)
        self._weighting = ListedLengthBM25F()  # kept across searchers: its lengths outlive a refresh
        self._notes: list[str] = []  # readings that parsing adds (a range cut short)
        self._searcher: Searcher | None = None
        self._docsets: DocSets | None = None
        self._orders: Orders | None = None
        schema = self.ix.schema
        self.parser = MultifieldParser(SEARCH_FIELDS, schema, fieldboosts=FIELD_BOOSTS)
        self.parser.add_plugin(
            FieldAliasPlugin({"category": ["cat"], "published": ["date"], "body": ["author", "publisher"]})
        )

    # ----- searcher reuse ------------------------------------------------------

    def searcher(self) -> Searcher:
        if self._searcher is None or not self._searcher.up_to_date():
            fresh = self.ix.searcher(weighting=self._weighting) if self._searcher is None else self._searcher.refresh()
            self._searcher = remember_term_lookups(fresh)
            self._docsets = None
        return self._searcher

    def docsets(self) -> DocSets:
        searcher = self.searcher()
        if self._docsets is None or self._docsets.searcher is not searcher:
            self._docsets = DocSets(searcher)
            self._orders = None
        return self._docsets

    def orders(self) -> Orders:
        sets = self.docsets()
        if self._orders is None:
            self._orders = Orders(sets.reader)
        return self._orders

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self.ix.close()

    # ----- query parsing -------------------------------------------------------

    def parse(self, text: str, prefix_last: bool = False) -> wq.Query:
        """The query for what the user typed. Bad syntax falls back to plain words. With
        ``prefix_last`` (as the user types), the last word is the start of a word."""
        cleaned = sanitise(text)
        if prefix_last:
            cleaned = last_word_as_prefix(cleaned, text)
        cleaned = abbreviations_as_written(cleaned, self.vocabulary.form)
        if not cleaned:
            return wq.NullQuery
        try:
            q = self.parser.parse(cleaned)
            q = with_sized_unions(q.accept(self._rewrite))
            if has_error(q):
                raise ValueError("syntax")
        except Exception:
            words = plain_words(cleaned)
            if not words:
                return wq.NullQuery
            q = self.parser.parse(words)
            if OPERATORS.search(cleaned):
                self._notes.append(f"The query's syntax could not be used; searched for the words {words}")
        return q

    def _rewrite(self, q: wq.Query) -> wq.Query:
        if isinstance(q, (wq.Prefix, wq.Wildcard)) and q.fieldname in TEXT_FIELDS:
            return expand_prefix(self.vocabulary, q)
        if isinstance(q, wq.TermRange) and q.fieldname in TEXT_FIELDS:
            return expand_range(self.searcher().reader(), q, self._notes)
        if isinstance(q, wq.NumericRange) and q.fieldname == "year":
            lo = None if q.start is None else int(q.start) + (1 if q.startexcl else 0)
            hi = None if q.end is None else int(q.end) - (1 if q.endexcl else 0)
            return self.years_query((lo, hi))
        return rewrite_field(q)

    @staticmethod
    def exact_key(text: str) -> str | None:
        """The key under which a plain query names a title, term or clause exactly; the
        filters in it (``type:term risk``) are not part of the name."""
        cleaned = FIELD_FILTER.sub(" ", sanitise(text)).strip()
        if not cleaned or OPERATORS.search(cleaned):
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
        prefix_last: bool = False,
        snippets: int | None = None,
    ) -> SearchResult:
        """``prefix_last``: the user is still typing, so the last word is a prefix, and
        it is never "corrected". ``snippets``: only the first so many hits get theirs
        now, the rest from ``result.snippets_of`` (the window's first paint)."""
        filters = filters or Filters()
        typed = text = valid_text(text)
        try:
            text, controls = annex_a_in(str(text))
            readings = [control.explanation for control in controls]
            self._notes = readings  # what parsing had to cut short is said too
            try:
                result = self._search_corrected(
                    text, filters, limit, time_limit, with_facets, correct, prefix_last, snippets
                )
            except Exception:
                # Syntax that parses but that Whoosh cannot run ("NOT NOT risk") is read as
                # its plain words, and the user is told, never shown a silent "0 results".
                words = plain_words(text)
                if not words:
                    raise
                result = self._search_corrected(
                    words, filters, limit, time_limit, with_facets, correct, prefix_last, snippets
                )
                readings.append(f"The query's operators could not be used together; searched for the words {words}")
            result.query = typed
            result.readings = readings
            return result
        except Exception:  # a query typed by a user never raises; the caller is told it failed
            return SearchResult(query=typed, corrected=None, total=0, hits=[], facets={}, failed=True)

    def _search_corrected(
        self,
        text: str,
        filters: Filters,
        limit: int,
        time_limit: float,
        with_facets: bool,
        correct: bool,
        prefix_last: bool,
        snippets: int | None = None,
    ) -> SearchResult:
        result = self._search(text, filters, max(1, min(limit, 1000)), time_limit, with_facets, prefix_last, snippets)
        if correct and result.total < FEW_HITS:
            # The word being typed is kept while it starts some word; once it starts
            # none ("confidentialty"), it is a typo like any other.
            still_typing = prefix_last and result.total > 0
            suggestion = suggest(self.vocabulary, text, keep_last=still_typing)
            if suggestion:
                better = self._search(suggestion, filters, limit, time_limit, with_facets, still_typing, snippets)
                if better.total > result.total:
                    better.corrected = suggestion
                    return better
        return result

    def _search(
        self,
        text: str,
        filters: Filters,
        limit: int,
        time_limit: float,
        with_facets: bool,
        prefix_last: bool = False,
        snippets: int | None = None,
    ) -> SearchResult:
        q = self.parse(text, prefix_last)
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
        order = filters.order if filters.order in ORDERS else "best"
        if order == "best" and only_filters(text):
            order = "newest"  # filters alone have no relevance to rank by
        top: list = []
        timed_out = False
        if allowed and order != "best":
            orders = self.orders()
            order = orders.effective(allowed, order)
            docnums = orders.top(allowed, order, limit)
            found, timed_out = self._top(s, only(s, q, docnums), len(docnums), None, deadline)
            by_doc = {hit.docnum: hit for hit in found}
            top = [by_doc[d] for d in docnums if d in by_doc]
        elif allowed:
            taken = 0
            for tier in self._firsts(text, prefix_last):
                # Each is found by one posting lookup, not by an extra clause that would
                # slow the scoring of every hit.
                docs = allowed & sets.of(tier) & ~taken
                if docs:
                    found, late = self._top(s, only(s, q, bits_to_list(docs)), docs.bit_count(), None, deadline)
                    top += found
                    taken |= docs
                    timed_out = timed_out or late
            rest, late = self._ranked(s, sets, q, limit, allowed, bool(facet_sets), deadline)
            timed_out = timed_out or late
            seen = {hit.docnum for hit in top}
            top = (top + [hit for hit in rest if hit.docnum not in seen])[:limit]
        now = top if snippets is None else top[:snippets]
        hits = self._with_snippets(q, [self._hit(hit) for hit in now])
        hits += [self._hit(hit) for hit in top[len(now) :]]
        facets = self._facets(matched, facet_sets) if with_facets else {}
        return SearchResult(
            query=text,
            corrected=None,
            total=allowed.bit_count(),
            hits=hits,
            facets=facets,
            timed_out=timed_out,
            order=order,
            snippets_of=(lambda later: self._with_snippets(q, later)) if len(now) < len(top) else None,
        )

    def _with_snippets(self, q: wq.Query, hits: list[Hit]) -> list[Hit]:
        texts = self.snippet_source([hit.id for hit in hits])
        return with_snippets(hits, q, texts, self.tokens_of)

    def _firsts(self, text: str, prefix_last: bool = False) -> list[wq.Query]:
        """What comes before the ranked hits, in order: for a standard's identifier, that
        standard, what it became, and the catalogue's editions of it; then an exact
        title, term or clause."""
        tiers: list[wq.Query] = []
        standard = standard_named(text)
        if standard:
            tiers += [
                wq.Term("designates", standard),
                wq.Term("designates", f"{standard} {SUCCESSOR}"),
                wq.Term("designates", f"{standard} {EDITION}"),
            ]
        key = self.exact_key(text)
        if key:
            tiers.append(wq.Term("exact", key))
            if prefix_last and len(key) >= MIN_PREFIX and not text[-1:].isspace():
                # While typing, a name that starts with what is typed ("service level agr").
                tiers.append(wq.Prefix("exact", key))
        return tiers

    def _ranked(
        self, s: Searcher, sets: DocSets, q: wq.Query, limit: int, allowed: Bits, filtered: bool, deadline: float
    ) -> tuple[list, bool]:
        """The top hits. When a broad query has enough hits with every word in the title,
        the best of those (by title) are scored in full and the rest are never walked:
        title matches outrank body matches anyway, and walking thousands of hits is
        what made a broad query slow."""
        title_q = title_only(q)
        if title_q is not None and allowed.bit_count() > BROAD:
            titled = sets.of(title_q) & allowed
            if titled.bit_count() >= limit:
                pool, late = self._top(s, title_q, limit * CANDIDATES, Membership(titled), deadline)
                if late or not pool:
                    return pool[:limit], late
                return self._top(s, only(s, q, [hit.docnum for hit in pool]), limit, None, deadline)
        return self._top(s, q, limit, Membership(allowed) if filtered else None, deadline)

    @staticmethod
    def _top(s: Searcher, q: wq.Query, limit: int, allow, deadline: float) -> tuple[list, bool]:
        """The best ``limit`` hits among ``allow`` (None: all), and whether time ran out."""
        collector = TopK(limit, allow, deadline)
        timed_out = False
        try:
            s.search_with_collector(q, collector)
        except TimeLimit:
            timed_out = True
        results = collector.results()
        # Not list(results): that asks len(), which would count every match again.
        return [results[i] for i in range(results.scored_length())], timed_out

    @staticmethod
    def _hit(hit) -> Hit:
        """A hit, its snippet still to come (``_with_snippets``)."""
        return Hit(
            id=hit["id"],
            type=hit["type"],
            title=hit.get("label") or hit["title"],
            snippet="",
            snippet_html="",
            score=round(float(hit.score or 0.0), 4),
            category=hit.get("category_facet"),
            body=hit.get("body_facet"),
            origin=hit.get("origin_facet"),
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
        if filters.origins:
            parts["origin"] = wq.Or([wq.Term("origin_facet", o) for o in filters.origins])
        if filters.years:
            parts["year"] = self.years_query(filters.years)
        return parts

    def years_query(self, years: YearRange) -> wq.Query:
        """The records of the years in a range, open or closed, as the year facet's own
        terms: Whoosh's numeric ranges let older years through when the upper bound is far
        off (2016 to 2999 found 2012), and the years a corpus holds are few."""
        held = [v for v in self.docsets().values("year_facet") if in_years(int(v), years)]
        return wq.Or([wq.Term("year_facet", v) for v in held]) if held else wq.NullQuery
