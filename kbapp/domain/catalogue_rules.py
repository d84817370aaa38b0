"""The identity rules of catalogue entries, for every way an entry arrives: the
shipped catalogue, an imported file, and (later) a form or a CSV row.

- A resource's id is the slug of its title; a title already taken gets ``-2``,
  ``-3``… (the first free one), so ids never collide and stay readable.
- An authoring body is written ``NAME (ABBR)``. In one catalogue, one body per
  abbreviation, named by its most frequent spelling. An entry added later reuses a
  body already known (by abbreviation, else by name), so facets stay whole.
- An entry is recognised by the SHA-1 of its lines as written, so unchanged
  entries are skipped on update.
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
