"""Bringing the index to the database's state after a change committed in place: an
import, a removal, a local edit."""

from __future__ import annotations

from kbapp.domain.errors import WriteError
from kbapp.domain.progress import Progress
from kbapp.services.store import Store

# Above this many records, rebuilding the index (in parallel) beats updating it in place.
REINDEX_FROM = 2000


def reindex_or_say(
    store: Store,
    build_id: str,
    changed: list[str],
    removed: list[str],
    in_place: bool,
    progress: Progress | None,
    done: str,
) -> tuple[str, list[str]]:
    """Reindex after a committed change; if the index cannot be written (a full disk),
    the change stands and the user is told what is true."""
    try:
        return _reindex(store, build_id, changed, removed, in_place, progress), []
    except WriteError as exc:
        store.close()
        return "not updated", [
            f"{done} the knowledge base, but the search index could not be written ({exc}). Searches answer "
            "from the index as it was until it is rebuilt, at the next start or with 'kbapp build'."
        ]


def _reindex(
    store: Store,
    build_id: str,
    changed: list[str],
    removed: list[str],
    in_place: bool,
    progress: Progress | None = None,
) -> str:
    """Bring the index to the database's new state: in place for a few records of a
    sound index, else rebuilt whole."""
    from kbapp.search.index import reindex_resources

    store.close()
    few = len(changed) + len(removed) < REINDEX_FROM
    updated = reindex_resources(
        store.repository(), store.paths.index, build_id, changed, removed, in_place and few, progress
    )
    store.close()
    return "updated" if updated else "rebuilt"
