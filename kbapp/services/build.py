"""Building the knowledge base: at first start, after the sources or kbapp changed,
after damage, or on request; and the check the window makes at start.

Data flows one way: sources → storage (the truth) → search (derived). A full
build writes a new database and a new index beside the old ones and swaps them in
whole; an edited catalogue is applied in place, in one transaction.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kbapp.domain.build_identity import PARSER_VERSION, BuildInputs, build_meta, changed_meta
from kbapp.domain.errors import KbError
from kbapp.domain.progress import Progress
from kbapp.domain.records import CATALOGUE_FILE
from kbapp.services.changes import EVERYTHING, NOTHING, RESOURCES, Changes
from kbapp.services.store import Store, read_source
from kbapp.storage.database import clear_stale_builds as clear_stale_database_builds
from kbapp.storage.database import read_meta, refuse_newer
from kbapp.storage.editions import restoring
from kbapp.storage.integrity import problem_with, set_aside
from kbapp.storage.migrations import SCHEMA_VERSION
from kbapp.storage.seal import check_due, mark_checked, seal_problem
from kbapp.storage.seal import is_damage as is_damage  # for the command line, which reads no storage


@dataclass
class BuildReport:
    built_database: bool
    built_index: bool
    index_reason: str
    counts: dict[str, int]
    database: Path
    index: Path
    notices: list[str] = field(default_factory=list)  # what the user must be told
    changes: Changes = NOTHING
    installed_from: Path | None = None  # the prebuilt copy put in place, instead of a build


@dataclass
class StartState:
    """What the window learns at start, before building anything."""

    notices: list[str]  # what the user must be told (a damaged file kept aside)
    current: bool  # the database and the index are those of the installed sources
    servable: bool  # a complete earlier build is there to answer while a new one is made


def prepare(store: Store) -> StartState:
    """Check the database (a damaged one is kept aside), and tell whether a build is
    needed and whether the previous build, database and index together, can serve
    searches while it runs."""
    notices = _set_aside_if_damaged(store)
    meta = read_meta(store.paths.database)
    if not meta:
        return StartState(notices, current=False, servable=False)
    try:
        servable = store.index_state() == "ok"
    except KbError:
        return StartState(notices, current=False, servable=False)
    current = servable and meta["build_id"] == store.expected_build_id()
    if current:
        _tidy(store)
    return StartState(notices, current, servable)


def check_is_due(store: Store) -> bool:
    """Whether a reading command should check the database whole first (see storage.seal)."""
    return check_due(store.paths.database, time.time())


def mark_database_damaged(store: Store, problem: str) -> list[str]:
    """A read failed to decode: keep the database aside, so that the next build makes
    a sound one. Returns what to tell the user."""
    store.close()
    with store.writer_lock():
        if not store.paths.database.exists():
            return []
        aside = set_aside(store.paths.database)
    return [f"The knowledge base file could not be read ({problem}). It was kept as {aside} and is rebuilt."]


def mark_index_damaged(store: Store) -> None:
    from kbapp.search.index import MARKER

    with contextlib.suppress(FileNotFoundError):
        (store.paths.index / MARKER).unlink()


SERVE_AFTER_S = 1.0  # how long a reading command waits for a writer before answering from the earlier build


def build_or_serve(store: Store, check: bool = False, tell: Callable[[str], None] | None = None) -> list[str]:
    """For a reading command: bring the knowledge base up to date; or, when that cannot
    be done now (another kbapp is writing, the data folder is read-only) and a whole
    earlier build is there, answer from that one and say so. Returns what to tell
    after; ``tell`` hears at once that a build starts."""
    refuse_newer(store.paths.database)  # before any word of building: a newer kbapp's file is never built over
    from kbapp.search.index import index_build_id

    stale = not store.database_is_current() or index_build_id(store.paths.index) != store.current_build_id()
    servable = stale and _earlier_build_whole(store)
    if stale and tell:
        if _prebuilt_fits(store):
            tell("installing the prebuilt knowledge base…")
        else:
            tell(
                "bringing the knowledge base up to date…"
                if servable
                else "building the knowledge base from the shipped sources…"
            )
    try:
        return build(store, check=check, lock_timeout=SERVE_AFTER_S if servable else None).notices
    except KbError as exc:
        if not servable:  # (a newer kbapp's file was refused above, before any word of building)
            raise
        return [f"{exc}. This answer comes from the knowledge base as it was built before, which is out of date."]


def _prebuilt_fits(store: Store) -> bool:
    from kbapp.storage.prebuilt import prebuilt_build_id

    return store.prebuilt is not None and prebuilt_build_id(store.prebuilt) == store.expected_build_id()


def _earlier_build_whole(store: Store) -> bool:
    """A readable database of this schema with a complete index of it, or of the build
    just before it (an update in another process indexes after it commits)."""
    return bool(read_meta(store.paths.database)) and _index_state(store) in ("ok", "stale")


def _index_state(store: Store) -> str:
    try:
        return store.index_state(thorough=False)
    except KbError:  # no readable database
        return "missing"


def build(
    store: Store,
    force: bool = False,
    progress: Progress | None = None,
    check: bool = False,
    lock_timeout: float | None = None,
) -> BuildReport:
    """Bring the database and the index up to date with the shipped sources.

    When only catalogue entries changed, only those are rewritten and re-indexed.
    ``check`` runs SQLite's quick_check on the database first (the window does at
    every start); a damaged database is kept aside, never deleted, and rebuilt.
    Writing takes the writer lock: another kbapp writing makes this one wait a
    bounded time, then raise ``Busy``.
    """
    notices = _set_aside_if_damaged(store) if check else []
    if restoring(store.paths.data) is not None:
        with store.writer_lock(lock_timeout):
            _finish_restore(store)
    inputs = store.inputs()  # read and hashed once per build
    expected = inputs.build_id(SCHEMA_VERSION)
    current = not force and read_meta(store.paths.database).get("build_id") == expected
    # A check asked for (kbapp build, the daily one) reads the whole index too.
    if current and store.index_state(thorough=True if check else None) == "ok":
        _tidy(store)
        counts = store.repository().state.counts()
        return BuildReport(False, False, "ok", counts, store.paths.database, store.paths.index, notices)
    store.close()
    with store.writer_lock(lock_timeout):
        if not check and store.paths.database.exists() and not read_meta(store.paths.database):
            notices += _set_aside_if_damaged(store, locked=True)
        refuse_newer(store.paths.database)
        report = _build_locked(store, force, progress, inputs)
    report.notices = notices + report.notices
    return report


def _tidy(store: Store) -> None:
    """Remove what killed builds left behind, if no other kbapp is writing now."""
    from kbapp.search.index import clear_stale_builds
    from kbapp.storage.kept_imports import clear_stale

    try:
        with store.writer_lock(timeout=0):
            clear_stale_database_builds(store.paths.database)
            clear_stale_builds(store.paths.index.parent)
            clear_stale(store.paths.imports)
    except KbError:  # busy, or a read-only data folder: leave it for another time
        pass


def _set_aside_if_damaged(store: Store, locked: bool = False) -> list[str]:
    """Keep a damaged database aside (it is rebuilt from the sources)."""
    database = store.paths.database
    if not database.exists():
        return []
    problem = problem_with(database) or seal_problem(database)
    if problem is None:
        mark_checked(database, time.time())
        return []
    store.close()
    if locked:
        aside = set_aside(database)
    else:
        with store.writer_lock():
            aside = set_aside(database)
    return [
        f"The knowledge base file was damaged ({problem}). It was kept as {aside} and the knowledge "
        "base was rebuilt from the shipped sources."
    ]


def _finish_restore(store: Store) -> None:
    """A kill stopped a restore of an earlier catalogue edition (services/editions):
    finish moving the kept imports, then build from them."""
    from kbapp.storage.editions import done_restoring, put_in_place

    wanted = restoring(store.paths.data)
    if wanted is not None:
        put_in_place(store.paths.data, store.paths.imports, wanted)
        rebuild_locked(store)
        done_restoring(store.paths.data)


def rebuild_locked(store: Store) -> BuildReport:
    """Build the database and the index again, whole, for a caller that holds the writer lock."""
    store.close()
    return _build_locked(store, True, None, store.inputs())


def _build_locked(store: Store, force: bool, progress: Progress | None, inputs: BuildInputs) -> BuildReport:
    from kbapp.search.index import build_index, clear_stale_builds
    from kbapp.storage.kept_imports import clear_stale

    built_db = False
    notices: list[str] = []
    clear_stale_database_builds(store.paths.database)
    clear_stale(store.paths.imports)
    meta = read_meta(store.paths.database)
    current = not force and meta.get("build_id") == inputs.build_id(SCHEMA_VERSION)
    if not force and not current:
        installed = _install_prebuilt(store, inputs, progress)
        if installed is not None:
            return installed
        updated = _update_catalogue(store, meta, inputs)
        if updated is not None:
            return updated
    if not current:
        notices = build_database_from_sources(store, inputs.imports, progress)
        built_db = True
    store.close()
    repo = store.repository()
    meta = repo.state.meta()
    counts = repo.state.counts()
    state = "rebuilt" if (force or built_db) else store.index_state(thorough=True)
    built_index = False
    if state != "ok":
        clear_stale_builds(store.paths.index.parent)
        build_index(repo, store.paths.index, meta["build_id"], progress)
        built_index = True
        store.close()
    changes = EVERYTHING if built_db else Changes(index=built_index)
    return BuildReport(built_db, built_index, state, counts, store.paths.database, store.paths.index, notices, changes)


def _install_prebuilt(store: Store, inputs: BuildInputs, progress: Progress | None) -> BuildReport | None:
    """Put the bundle's prebuilt database and index in place, when they are of the
    sources and imports as they are now and pass their checks; else None (build)."""
    from kbapp.search.index import build_index, install_index_copy
    from kbapp.storage.prebuilt import DATABASE_FILE, INDEX_FOLDER, install_database_copy, prebuilt_build_id

    build_id = inputs.build_id(SCHEMA_VERSION)
    if store.prebuilt is None or prebuilt_build_id(store.prebuilt) != build_id:
        return None
    store.close()
    if install_database_copy(store.prebuilt / DATABASE_FILE, store.paths.database, build_id) is not None:
        return None
    repo = store.repository()
    counts = repo.state.counts()
    if not install_index_copy(store.prebuilt / INDEX_FOLDER, store.paths.index, build_id, sum(counts.values())):
        build_index(repo, store.paths.index, build_id, progress)  # the database is sound: only the index is made
    store.close()
    return BuildReport(
        True, True, "prebuilt", counts, store.paths.database, store.paths.index,
        changes=EVERYTHING, installed_from=store.prebuilt,
    )  # fmt: skip


def build_database_from_sources(store: Store, imports: str, progress: Progress | None = None) -> list[str]:
    """Build the database from the shipped sources, then the kept imports; returns
    notices of imports left out. ``imports`` is the imports' key, as hashed."""
    from kbapp.sources.catalogue import parse_catalogue
    from kbapp.sources.mentions import mentioned_in_catalogue
    from kbapp.sources.whitepaper import parse_white_paper
    from kbapp.storage.database import build_database
    from kbapp.storage.imports import replay
    from kbapp.storage.write.corpus import write_corpus

    if progress:
        progress("parsing", 0, 2)
    catalogue_text, catalogue_hash = read_source(store.sources["catalogue"])
    paper_text, paper_hash = read_source(store.sources["white_paper"])
    catalogue = parse_catalogue(catalogue_text, str(store.sources["catalogue"]))
    paper = parse_white_paper(paper_text, str(store.sources["white_paper"]))
    paper.standards += mentioned_in_catalogue(catalogue.resources, paper.standards)
    if progress:
        progress("parsing", 2, 2)
    inputs = BuildInputs(catalogue_hash, paper_hash, imports)
    meta = build_meta(inputs, SCHEMA_VERSION, store.sources["catalogue"].name, store.sources["white_paper"].name)
    notices: list[str] = []

    def fill(db) -> None:
        write_corpus(db, catalogue, paper, meta)
        notices.extend(replay(db, store.paths.imports, paper.standards))

    build_database(store.paths.database, fill)
    return notices


def _update_catalogue(store: Store, meta: dict[str, str], inputs: BuildInputs) -> BuildReport | None:
    """Apply an edited catalogue in place, or None when a full build is needed.

    ``meta`` is the current database's, ``inputs`` the sources' as they are now."""
    from kbapp.search.index import reindex_resources
    from kbapp.sources.catalogue import parse_catalogue
    from kbapp.storage.write.imported import claimed_by_imports
    from kbapp.storage.write.resources import apply_catalogue_update, fingerprint, standards_from_rows

    if not meta or meta.get("parser_version") != PARSER_VERSION:
        return None
    if meta.get("source_white_paper_sha256") != inputs.white_paper_sha256:
        return None
    if meta.get("imports", "") != inputs.imports:
        return None  # the rebuild takes the imports as they are now
    if ".catalogue." in inputs.imports:
        return None  # a new edition of the catalogue was accepted: it is replayed over the shipped one
    if store.index_state(thorough=False) != "ok":
        return None
    repo = store.repository()
    text, catalogue_hash = read_source(store.sources["catalogue"])
    # Only entries whose lines changed are parsed; the others keep their rows.
    catalogue = parse_catalogue(
        text,
        str(store.sources["catalogue"]),
        known=repo.state.entry_hashes(CATALOGUE_FILE),
        reserved=repo.state.resource_ids_not_from(CATALOGUE_FILE),  # imported entries'
    )
    if catalogue.clash:
        return None
    # Only the parsed entries can differ from their rows: an unchanged entry was skipped.
    old = repo.state.resource_fingerprints([r.id for r in catalogue.resources])
    changed = [r.id for r in catalogue.resources if r.id not in old or old[r.id] != fingerprint(r)]
    kept = set(catalogue.order)
    removed = [rid for rid in repo.state.resource_ids(CATALOGUE_FILE) if rid not in kept]
    if len(changed) + len(removed) > max(50, len(catalogue.order) // 5):
        return None  # most of it changed: a full build is as quick and simpler
    if claimed_by_imports(repo.db, changed + removed):
        return None  # an import's entry is one of these: replaying it tells which text stands
    if set(changed + removed) & set(repo.state.local_marks()):
        return None  # the user's override of one of these: the rebuild puts it back in front
    new_inputs = BuildInputs(catalogue_hash, inputs.white_paper_sha256, inputs.imports)
    new_meta = changed_meta(new_inputs, SCHEMA_VERSION, updated_resources=str(len(changed) + len(removed)))
    standards = standards_from_rows(repo.listings.standards())
    apply_catalogue_update(repo.db, catalogue, changed, removed, standards, new_meta)
    new_id = new_meta["build_id"]
    if reindex_resources(repo, store.paths.index, new_id, changed, removed):
        how = f"updated {len(changed) + len(removed)} resources"
    else:
        how = "rebuilt (the index could not be updated in place)"
    store.close()
    counts = store.repository().state.counts()
    return BuildReport(True, True, how, counts, store.paths.database, store.paths.index, changes=RESOURCES)
