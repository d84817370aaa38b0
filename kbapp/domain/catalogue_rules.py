"""The identity rules of catalogue entries, for every way an entry arrives: the
shipped catalogue, an imported file, and (later) a form or a CSV row.

- A resource's id is the slug of its title; a title already taken gets ``-2``,
  ``-3``… (the first free one), so ids never collide and stay readable.
- An authoring body is written ``NAME (ABBR)``. In one catalogue, one body per
  abbreviation, named by its most frequent spelling. An entry added later reuses a
  body already known (by abbreviation, else by name), so facets stay whole.
- An entry is recognised by the SHA-1 of its lines as written, so unchanged
  entries are skipped on update.
- An imported entry is the same resource as one the knowledge base holds when its
  title's slug is that resource's id, or its title is that resource's title, or the
  two titles differ only in an issue, version or edition number ("Issue 8" and
  "Issue 9", "ISO/IEC 27001:2013" and "ISO/IEC 27001:2022"). Each resource is
  matched once per file, and a title that would match two resources matches none.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

from kbapp.domain.ids import slugify
from kbapp.domain.records import Body

BODY_WITH_ABBR = re.compile(r"^(.*?)\s*\(([^()]+)\)$")


class IdAllocator:
    """Unique slugs: ``base``, else ``base-2``, ``base-3``…, the first not taken.

    Remembers where each base's search stopped, so that many entries with one title
    cost linear time, not a search from ``-2`` for each."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = set(taken)
        self._next: dict[str, int] = {}

    def __contains__(self, slug: str) -> bool:
        return slug in self.taken

    def take(self, base: str) -> str:
        if base not in self.taken:
            self.taken.add(base)
            return base
        n = self._next.get(base, 2)
        while f"{base}-{n}" in self.taken:
            n += 1
        slug = f"{base}-{n}"
        self.taken.add(slug)
        self._next[base] = n + 1
        return slug


def entry_digest(lines: list[str]) -> str:
    """What an entry's lines as written are, to tell an unchanged entry on update."""
    return hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()


def split_body(written: str) -> tuple[str, str | None]:
    """``College of Policing (CoP)`` → (``College of Policing``, ``CoP``)."""
    m = BODY_WITH_ABBR.match(written)
    if m and m.group(1):
        return m.group(1), m.group(2)
    return written, None


def normalise_bodies(written: list[str]) -> dict[str, Body]:
    """The body of each spelling in one catalogue: one per abbreviation; the spelling
    used most often names it."""
    split = {w: split_body(w) for w in written}
    spellings: dict[str, Counter[str]] = {}
    for w in written:
        name, abbr = split[w]
        spellings.setdefault(abbr or name, Counter())[name] += 1
    bodies: dict[str, Body] = {}
    for w, (name, abbr) in split.items():
        canonical = spellings[abbr or name].most_common(1)[0][0]
        bodies[w] = Body(id=slugify(canonical), name=canonical, abbreviation=abbr)
    return bodies


class KnownBodies:
    """Authoring bodies by abbreviation and by name: those known already and those added."""

    def __init__(self, known: Iterable[Body] = ()) -> None:
        self.ids = IdAllocator()
        self.by_key: dict[str, Body] = {}
        for body in known:
            self._add(body)

    def _add(self, body: Body) -> None:
        self.ids.taken.add(body.id)
        if body.abbreviation:
            self.by_key.setdefault(body.abbreviation, body)
        self.by_key.setdefault(body.name.casefold(), body)

    def resolve(self, written: str) -> Body:
        name, abbreviation = split_body(written)
        known = (abbreviation and self.by_key.get(abbreviation)) or self.by_key.get(name.casefold())
        if known:
            return known
        body = Body(self.ids.take(slugify(name)), name, abbreviation)
        self._add(body)
        return body


SAME_ID = "same id"
SAME_TITLE = "same title"
NEW_EDITION = "same title but for its issue, version or edition number"

_EDITION_NUMBER = re.compile(
    r"\b(issue|version|edition|release|revision|rev|standard|v)\.?\s*\d+(?:\.\d+)*[a-z]?\b", re.IGNORECASE
)
_YEAR_OF_EDITION = re.compile(r"([:(]\s*)(?:19|20)\d\d\b")


def same_body(written: str, other: str) -> bool:
    """Whether two spellings name one authoring body: the same abbreviation, or the same
    name where either has none."""
    (name, abbr), (other_name, other_abbr) = split_body(written), split_body(other)
    if abbr and other_abbr:
        return abbr == other_abbr
    return name.casefold() == other_name.casefold()


def edition_free_title(title: str) -> str:
    """The title with its issue, version or edition numbers taken out, for matching a
    reissued resource to the one it replaces."""
    text = _EDITION_NUMBER.sub(lambda m: f"{m.group(1).lower()} #", title)
    text = _YEAR_OF_EDITION.sub(lambda m: f"{m.group(1)}#", text)
    return " ".join(text.casefold().split())


class ResourceMatcher:
    """Which resource the knowledge base holds an imported entry is, and by which rule."""

    def __init__(self, existing: Iterable[tuple[str, str]]) -> None:
        self.titles: dict[str, str] = {}  # resource id -> title
        by_title: dict[str, list[str]] = {}
        by_edition: dict[str, list[str]] = {}
        for rid, title in existing:
            self.titles[rid] = title
            by_title.setdefault(" ".join(title.casefold().split()), []).append(rid)
            by_edition.setdefault(edition_free_title(title), []).append(rid)
        self.by_title, self.by_edition = by_title, by_edition
        self.claimed: set[str] = set()

    def match(self, title: str, known_id: str | None = None) -> tuple[str, str] | None:
        """(resource id, rule) for the entry titled ``title`` (or saying it is resource
        ``known_id``, as a CSV row does), claiming that resource; None for a new one."""
        slug = slugify(title)
        candidates = [
            ([known_id] if known_id in self.titles else [], SAME_ID),
            ([slug] if slug in self.titles else [], SAME_ID),
            (self.by_title.get(" ".join(title.casefold().split()), []), SAME_TITLE),
            (self.by_edition.get(edition_free_title(title), []), NEW_EDITION),
        ]
        for ids, rule in candidates:
            free = [rid for rid in ids if rid not in self.claimed]
            if len(free) == 1:
                self.claimed.add(free[0])
                return free[0], rule
            if len(free) > 1:
                return None  # two resources answer to it: neither is assumed
        return None

    def unclaimed(self) -> list[str]:
        return [rid for rid in self.titles if rid not in self.claimed]
