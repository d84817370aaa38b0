"""The Whoosh schema. Only what is searched, filtered or counted is indexed;
record text for snippets comes from SQLite, the source of truth."""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.analysis.filters import STOP_WORDS
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from kbapp.search.analysis import TOKEN_PATTERN, AcronymFilter, WordStemFilter

# Bump whenever the schema or what an analyser makes of a word changes: an index of
# another version is rebuilt at the next start (tests/search/test_analysis.py checks).
INDEX_SCHEMA_VERSION = "12"

# "IT" and "US" are words this corpus is about, not noise.
STOPLIST = frozenset(STOP_WORDS) - {"it", "us", "can", "may", "will"}


def stemmed_analyzer():
    # Abbreviations are told by their capitals, so that is done before lower-casing;
    # accents fold before stemming, so "détention" stems as "detention" does.
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | AcronymFilter()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOPLIST, minsize=1)
        | WordStemFilter()
    )


def plain_analyzer():
    """Unstemmed, lower-cased, accent-folded words: for names of categories and bodies."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def build_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        title=TEXT(analyzer=stemmed_analyzer(), stored=True, field_boost=4.0),
        # What a hit is called where that is more than its title: a clause's, with the
        # edition its number belongs to: searched, that would bring every clause to a
        # query for the standard and its edition.
        label=STORED(),
        content=TEXT(analyzer=stemmed_analyzer()),
        aliases=TEXT(analyzer=stemmed_analyzer(), field_boost=0.8),
        exact=KEYWORD(lowercase=True, commas=True),
        # Which standard a record is, succeeds or is an edition of ("27001", "17799
        # successor", "27001 edition"): a standard's number brings these first, in that order.
        designates=KEYWORD(lowercase=True, commas=True),
        category=TEXT(analyzer=plain_analyzer()),
        category_facet=ID(stored=True),
        body=TEXT(analyzer=plain_analyzer()),
        body_facet=ID(stored=True),
        origin_facet=ID(stored=True),  # a resource's: published, imported, the user's own (domain.labels)
        year=NUMERIC(int, stored=True, signed=False),
        # Facets are counted from these fields' posting lists, not from columns.
        year_facet=ID(),
        published=ID(stored=True),
        # Columns (Whoosh's "sortable") for the results' other orders: by date (the
        # publication date, else the year), by title.
        date_order=ID(sortable=True),
        title_order=ID(sortable=True),
    )
