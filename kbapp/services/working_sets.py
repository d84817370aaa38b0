"""Working sets from the command line: the same sets, in the same user database, as
the window's selection (storage.working_sets). Each call opens the user's data for
one change and closes it; a change is backed up as the window's are."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TypeVar

from kbapp.domain.errors import NotFound
from kbapp.services.exports import ExportReport, export_records
from kbapp.services.store import Store
from kbapp.storage.userdata import UserData
from kbapp.storage.working_sets import SetItem, WorkingSet, WorkingSets

T = TypeVar("T")

__all__ = ["SetItem", "WorkingSet", "change", "export_set", "items_of", "read"]


@contextmanager
def _sets(store: Store) -> Iterator[WorkingSets]:
    with closing(UserData(store.paths.user_database)) as userdata:
        yield WorkingSets(userdata)
        if userdata.changed:
            userdata.back_up(store.paths.backups)


def read(store: Store, what: Callable[[WorkingSets], T]) -> T:
    with _sets(store) as sets:
        return what(sets)


def change(store: Store, what: Callable[[WorkingSets], T]) -> T:
    """Make one change to the working sets (a failed write changes nothing and says so)."""
    with _sets(store) as sets:
        return what(sets)


def items_of(store: Store, name: str) -> tuple[WorkingSet, list[SetItem]]:
    with _sets(store) as sets:
        found = sets.named(name)
        return found, sets.items(found.id)


def add_records(store: Store, name: str, typed_ids: list[str]) -> int:
    """Add records by id, each under its title now; an unknown id is refused, naming it."""
    summaries = store.repository().views.summaries(typed_ids)
    unknown = [i for i in typed_ids if i not in summaries]
    if unknown:
        raise NotFound(f"no record '{unknown[0]}' (ids look like 'term:risk'; see 'kbapp search')")
    with _sets(store) as sets:
        return sets.add(sets.named(name).id, [(i, str(summaries[i]["title"])) for i in typed_ids])


def export_set(store: Store, name: str, path: Path, inline: bool = False) -> ExportReport:
    """The set's records to CSV with their notes, the set named in the provenance; a
    record no longer in the knowledge base is left out and named in the report."""
    found, items = items_of(store, name)
    if not items:
        raise NotFound(f"the working set “{found.name}” is empty; nothing was written")
    notes = {i.record_id: i.note for i in items}
    return export_records(
        store, [i.record_id for i in items], path, skip_gone=True, notes=notes, working_set=found.name, inline=inline
    )
