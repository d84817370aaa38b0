"""What a use case changed, so that each screen refreshes only what a write touched
(as Anki's ``OpChanges`` do)."""

from __future__ import annotations

from dataclasses import dataclass

from kbapp.domain.ids import KINDS, RecordKind


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[RecordKind] = frozenset()  # kinds of record added, changed or removed
    index: bool = False  # the search index now answers differently

    def touches(self, *kinds: RecordKind) -> bool:
        return any(kind in self.kinds for kind in kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds) or self.index

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.index or other.index)


NOTHING = Changes()
EVERYTHING = Changes(frozenset(KINDS), index=True)
RESOURCES = Changes(frozenset({RecordKind.RESOURCE}), index=True)
