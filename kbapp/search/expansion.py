"""What a range or a prefix of words stands for: a bounded list of index terms."""

from __future__ import annotations

from whoosh import query as wq
from whoosh.reading import IndexReader

from kbapp.search.vocabulary import Vocabulary

MAX_RANGE_TERMS = 500  # words a range of words stands for
STEMMED_FIELDS = ("title", "content", "aliases")


def expand_range(reader: IndexReader, q: wq.TermRange, notes: list[str]) -> wq.Query:
    """A range of words stands for at most MAX_RANGE_TERMS of them (in index order),
    so that ``content:[0 TO 9]`` cannot walk every word under the time limit."""
    start, end = str(q.start or ""), None if q.end is None else str(q.end)
    terms: list[str] = []
    for fieldname, raw in reader.terms_from(q.fieldname, start):
        text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        if fieldname != q.fieldname or (end is not None and (text > end or (text == end and q.endexcl))):
            break
        if q.startexcl and text == start:
            continue
        if len(terms) == MAX_RANGE_TERMS:
            notes.append(
                f"The range {q.fieldname}:[{start} TO {end or ''}] stands for more than {MAX_RANGE_TERMS} "
                f"words; the first {MAX_RANGE_TERMS} were searched"
            )
            break
        terms.append(text)
    return wq.Or([wq.Term(q.fieldname, t) for t in terms], boost=q.boost) if terms else wq.NullQuery


def expand_prefix(vocabulary: Vocabulary, q: wq.Prefix | wq.Wildcard) -> wq.Query:
    """A prefix stands for the unstemmed words it starts: "informa*" finds "information"
    (stem "inform") and "informal". Stemmed fields get the words' stems."""
    words = vocabulary.expand(str(q.text).rstrip("*"))
    if not words:
        return wq.NullQuery
    terms = vocabulary.stems_of(words) if q.fieldname in STEMMED_FIELDS else words
    return wq.Or([wq.Term(q.fieldname, t) for t in terms], boost=q.boost)
