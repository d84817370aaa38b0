"""Catalogue editions as the CLI and the window use them: each accepted change is
recorded, and ``restore_edition`` returns the catalogue to an earlier edition
through a full build beside the old one, swapped in when whole.

A restore first writes which imports it puts in place, then moves the kept files,
then builds. A kill at any point is finished by the next build (``build``): the
moves are renames done again, and the build takes the imports as they then are.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field

from kbapp.domain.catalogue_diff import RecordedChange, changes_summary, snapshot_changes
from kbapp.domain.errors import KbError, NotFound
from kbapp.services.changes import RESOURCES, Changes
from kbapp.services.store import Store
from kbapp.storage.editions import Edition, EditionLog

LOCAL_ACTION = "local "  # an edition of the user's own entries: "local add", "local edit"…

__all__ = [
    "Edition",
    "RestoreReport",
    "catalogue_state",
    "editions",
    "kept_imports",
    "record_edition",
    "record_or_say",
    "restore_edition",
]


@dataclass
class RestoreReport:
    edition: Edition  # the new edition the restore made
    restored: int  # the edition returned to
    changes: Changes = RESOURCES
    notices: list[str] = field(default_factory=list)


def kept_imports(store: Store) -> list[str]:
    from kbapp.storage.kept_imports import stored_imports

    return [p.name for p in stored_imports(store.paths.imports)]


def catalogue_state(store: Store) -> dict[str, dict]:
    return store.repository().state.resource_texts()


def record_edition(
    store: Store, action: str, file: str, changes: list[RecordedChange], imports_before: list[str]
) -> Edition:
    """Record a change once it is made. The first one recorded is preceded by a "start"
    edition of the catalogue as it was (``imports_before``), so that it can be undone;
    nothing is written for a change that failed."""
    with closing(EditionLog(store.paths.data)) as log:
        if not log.editions():
            log.record("start", "", "the catalogue before any recorded change", imports_before, [])
        return log.record(action, file, changes_summary(changes), kept_imports(store), changes)


def catalogue_in_effect(known: list[Edition]) -> int | None:
    """The edition whose catalogue is in effect: the last catalogue change's state (the
    user's own entries' editions after it leave the catalogue as it was)."""
    catalogue = [e for e in known if not is_local_action(e.action)]
    return catalogue[-1].state if catalogue else None


def is_local_action(action: str) -> bool:
    return action.startswith(LOCAL_ACTION)


def record_or_say(
    store: Store, action: str, file: str, changes: list[RecordedChange], imports_before: list[str]
) -> list[str]:
    """Record the edition a change made; a change that could not be recorded stands,
    and the returned notice tells the user."""
    try:
        record_edition(store, action, file, changes, imports_before)
    except KbError as exc:
        return [f"The change is made, but it could not be recorded as a catalogue edition ({exc})."]
    return []


def editions(store: Store) -> list[Edition]:
    with closing(EditionLog(store.paths.data)) as log:
        return log.editions()


def change_log(store: Store, number: int | None = None) -> list[tuple[Edition, RecordedChange]]:
    with closing(EditionLog(store.paths.data)) as log:
        return log.changes(number)


def undo_target(known: list[Edition]) -> int | None:
    """The edition *Undo last catalogue change* returns to: the one before the state now
    in effect (a restore has its target's state, so undoing again goes further back).
    The user's own entries and overrides are not the catalogue's: their editions are
    passed over (they are deleted or reverted, not undone)."""
    state = catalogue_in_effect(known)
    if state is None:
        return None
    earlier = [e.number for e in known if e.number < state and not is_local_action(e.action)]
    return earlier[-1] if earlier else None


def restore_edition(store: Store, number: int) -> RestoreReport:
    from kbapp.services.build import rebuild_locked
    from kbapp.storage.editions import done_restoring, mark_restoring, put_in_place

    with store.writer_lock():
        log = EditionLog(store.paths.data)
        try:
            target = log.edition(number)
            if target is None:
                known = ", ".join(str(e.number) for e in log.editions()) or "none yet"
                raise NotFound(f"no catalogue edition {number} (kept: {known}; see 'kbapp editions')")
            missing = [
                name
                for name in target.imports
                if not (store.paths.imports / name).exists() and not log.archived(name).exists()
            ]
            if missing:
                raise NotFound(f"edition {number} cannot be restored: its import {missing[0]} is no longer kept")
            before, kept = catalogue_state(store), kept_imports(store)
            mark_restoring(store.paths.data, target.imports)
            try:
                put_in_place(store.paths.data, store.paths.imports, target.imports)
                built = rebuild_locked(store)
            except Exception:
                # Failed, not killed (a full disk): the kept imports go back as they were, and
                # the build, which swaps in only when whole, left the knowledge base as it was.
                put_in_place(store.paths.data, store.paths.imports, kept)
                raise
            finally:
                done_restoring(store.paths.data)
            changes = snapshot_changes(before, catalogue_state(store))
            edition = log.record(
                "restore", f"edition {number}", changes_summary(changes), target.imports, changes, restored=number
            )
        finally:
            log.close()
    return RestoreReport(edition, number, built.changes | RESOURCES, built.notices)
