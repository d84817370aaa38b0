"""The knowledge base as the CLI and the UI see it: build, open, search.

Data flows one way: sources → storage (the truth) → search (derived).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kbapp import __version__
from kbapp.domain.errors import KbError, SourceError
from kbapp.domain.records import CATALOGUE_FILE
from kbapp.paths import Paths, paths, source_files
from kbapp.sources.text import decode_source
from kbapp.storage.database import clear_stale_builds as clear_stale_database_builds
from kbapp.storage.database import open_database, read_meta, refuse_newer
from kbapp.storage.integrity import problem_with, set_aside
from kbapp.storage.lock import DEFAULT_TIMEOUT_S, WriterLock
from kbapp.storage.migrations import SCHEMA_VERSION

if TYPE_CHECKING:
    from kbapp.importing import ImportedFile, ImportProgress, ImportReport
    from kbapp.search.completions import Completion, Completions
    from kbapp.search.engine import SearchEngine
    from kbapp.storage.repository import Repository

# The parsers, the writer and Whoosh are imported where they are used: the window
# shows before they load, and a start with a current index never loads the parsers.

# Bump when a parser changes what it produces, so existing databases are rebuilt.
PARSER_VERSION = "2"


@dataclass
class BuildReport:
    built_database: bool
    built_index: bool
    index_reason: str
    counts: dict[str, int]
    database: Path
    index: Path
    notices: list[str] = field(default_factory=list)  # what the user must be told


@dataclass
class StartState:
    """What the window learns at start, before building anything."""

    notices: list[str]  # what the user must be told (a damaged file kept aside)
    current: bool  # the database and the index are those of the installed sources
    servable: bool  # a complete earlier build is there to answer while a new one is made


def build_id(hashes: dict[str, str]) -> str:
    """What a database and its index are built from: both sources, the imports, the
    schema, the parsers (``hashes`` as ``KnowledgeBase.source_hashes`` gives them)."""
    parts = [hashes["catalogue"], hashes["white_paper"], str(SCHEMA_VERSION), PARSER_VERSION]
    if hashes.get("imports"):  # without imports, ids stay those of earlier versions
        parts.append(hashes["imports"])
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _source_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(str(path), None, None, "the source file is missing; reinstall kbapp") from None
    except OSError as exc:
        raise SourceError(str(path), None, None, f"cannot read it ({exc.strerror})") from None


def _read(path: Path) -> tuple[str, str]:
    data = _source_bytes(path)
    return decode_source(data, path.name), hashlib.sha256(data).hexdigest()


class KnowledgeBase:
    def __init__(
        self,
        where: Paths | None = None,
        sources: dict[str, Path] | None = None,
        lock_timeout: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self.paths = where or paths()
        self.lock_timeout = lock_timeout
        self.sources = sources or source_files()
        self._local = threading.local()
        self._completions: tuple[str, Completions] | None = None
        self._completions_lock = threading.Lock()

    # ----- building ------------------------------------------------------------

    def source_hashes(self) -> dict[str, str]:
        """The shipped sources' hashes, and the imports' key (see storage.imports)."""
        from kbapp.storage.imports import imports_key

        hashes = {name: hashlib.sha256(_source_bytes(p)).hexdigest() for name, p in self.sources.items()}
        hashes["imports"] = imports_key(self.paths.imports)
        return hashes

    def expected_build_id(self) -> str:
        return build_id(self.source_hashes())

    def database_is_current(self) -> bool:
        return read_meta(self.paths.database).get("build_id") == self.expected_build_id()

    def prepare(self) -> StartState:
        """Check the database (a damaged one is kept aside), and tell whether a build is
        needed and whether the previous build, database and index together, can serve
        searches while it runs."""
        notices = self._set_aside_if_damaged()
        meta = read_meta(self.paths.database)
        if not meta:
            return StartState(notices, current=False, servable=False)
        try:
            servable = self.index_state() == "ok"
        except KbError:
            return StartState(notices, current=False, servable=False)
        current = servable and meta["build_id"] == self.expected_build_id()
        if current:
            self._tidy()
        return StartState(notices, current, servable)

    def build(self, force: bool = False, progress=None, check: bool = False) -> BuildReport:
        """Bring the database and the index up to date with the shipped sources.

        When only catalogue entries changed, only those are rewritten and re-indexed.
        ``check`` runs SQLite's quick_check on the database first (the window does at
        every start); a damaged database is kept aside, never deleted, and rebuilt.
        Writing takes the writer lock: another kbapp writing makes this one wait a
        bounded time, then raise ``Busy``.
        """
        notices = self._set_aside_if_damaged() if check else []
        hashes = self.source_hashes()  # read and hashed once per build
        expected = build_id(hashes)
        current = not force and read_meta(self.paths.database).get("build_id") == expected
        if current and self.index_state() == "ok":
            self._tidy()
            counts = self.repository().counts()
            return BuildReport(False, False, "ok", counts, self.paths.database, self.paths.index, notices)
        self.close()
        with self.writer_lock():
            if not check and self.paths.database.exists() and not read_meta(self.paths.database):
                notices += self._set_aside_if_damaged(locked=True)
            refuse_newer(self.paths.database)
            report = self._build_locked(force, progress, hashes)
        report.notices = notices + report.notices
        return report

    def index_state(self, thorough: bool = True) -> str:
        """The index's state against the database as it is: ``ok``, ``missing``,
        ``stale`` or ``corrupt`` (see search.index.index_state)."""
        from kbapp.search.index import index_state

        repo = self.repository()
        records = sum(repo.counts().values())
        return index_state(self.paths.index, repo.meta().get("build_id", ""), records, thorough)

    def writer_lock(self) -> WriterLock:
        return WriterLock(self.paths.data, self.lock_timeout)

    def _tidy(self) -> None:
        """Remove what killed builds left behind, if no other kbapp is writing now."""
        from kbapp.search.index import clear_stale_builds
        from kbapp.storage.imports import clear_stale

        try:
            with WriterLock(self.paths.data, timeout=0):
                clear_stale_database_builds(self.paths.database)
                clear_stale_builds(self.paths.index.parent)
                clear_stale(self.paths.imports)
        except KbError:  # busy, or a read-only data folder: leave it for another time
            pass

    def _set_aside_if_damaged(self, locked: bool = False) -> list[str]:
        """Keep a damaged database aside (it is rebuilt from the sources)."""
        database = self.paths.database
        if not database.exists():
            return []
        problem = problem_with(database)
        if problem is None:
            return []
        self.close()
        if locked:
            aside = set_aside(database)
        else:
            with self.writer_lock():
                aside = set_aside(database)
        return [
            f"The knowledge base file was damaged ({problem}). It was kept as {aside} and the knowledge "
            "base was rebuilt from the shipped sources."
        ]

    def _build_locked(self, force: bool, progress, hashes: dict[str, str]) -> BuildReport:
        from kbapp.search.index import build_index, clear_stale_builds
        from kbapp.storage.imports import clear_stale

        built_db = False
        notices: list[str] = []
        clear_stale_database_builds(self.paths.database)
        clear_stale(self.paths.imports)
        meta = read_meta(self.paths.database)
        current = not force and meta.get("build_id") == build_id(hashes)
        if not force and not current:
            updated = self._update_catalogue(meta, hashes)
            if updated is not None:
                return updated
        if not current:
            notices = self._build_database(hashes["imports"])
            built_db = True
        self.close()
        repo = self.repository()
        meta = repo.meta()
        counts = repo.counts()
        state = "rebuilt" if (force or built_db) else self.index_state()
        built_index = False
        if state != "ok":
            clear_stale_builds(self.paths.index.parent)
            build_index(repo, self.paths.index, meta["build_id"], progress)
            built_index = True
            self.close()
        return BuildReport(built_db, built_index, state, counts, self.paths.database, self.paths.index, notices)

    def _build_database(self, imports: str) -> list[str]:
        """Build the database from the shipped sources, then the kept imports; returns
        notices of imports left out. ``imports`` is the imports' key, as hashed."""
        from kbapp.sources.catalogue import parse_catalogue
        from kbapp.sources.whitepaper import parse_white_paper
        from kbapp.storage.database import build_database
        from kbapp.storage.imports import replay
        from kbapp.storage.writer import write_corpus

        catalogue_text, catalogue_hash = _read(self.sources["catalogue"])
        paper_text, paper_hash = _read(self.sources["white_paper"])
        catalogue = parse_catalogue(catalogue_text, str(self.sources["catalogue"]))
        paper = parse_white_paper(paper_text, str(self.sources["white_paper"]))
        meta = {
            "build_id": build_id({"catalogue": catalogue_hash, "white_paper": paper_hash, "imports": imports}),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "schema_version": str(SCHEMA_VERSION),
            "parser_version": PARSER_VERSION,
            "app_version": __version__,
            "source_catalogue": self.sources["catalogue"].name,
            "source_catalogue_sha256": catalogue_hash,
            "source_white_paper": self.sources["white_paper"].name,
            "source_white_paper_sha256": paper_hash,
            "imports": imports,
        }
        notices: list[str] = []

        def fill(db) -> None:
            write_corpus(db, catalogue, paper, meta)
            notices.extend(replay(db, self.paths.imports, paper.standards))

        build_database(self.paths.database, fill)
        return notices

    def _update_catalogue(self, meta: dict[str, str], hashes: dict[str, str]) -> BuildReport | None:
        """Apply an edited catalogue in place, or None when a full build is needed.

        ``meta`` is the current database's, ``hashes`` the sources' as they are now."""
        from kbapp.search.index import reindex_resources
        from kbapp.sources.catalogue import parse_catalogue
        from kbapp.storage.writer import fingerprint, standards_from_rows, update_resources

        if not meta or meta.get("parser_version") != PARSER_VERSION:
            return None
        if meta.get("source_white_paper_sha256") != hashes["white_paper"]:
            return None
        if meta.get("imports", "") != hashes["imports"]:
            return None  # the rebuild takes the imports as they are now
        if self.index_state(thorough=False) != "ok":
            return None
        repo = self.repository()
        text, catalogue_hash = _read(self.sources["catalogue"])
        # Only entries whose lines changed are parsed; the others keep their rows.
        catalogue = parse_catalogue(
            text,
            str(self.sources["catalogue"]),
            known=repo.entry_hashes(CATALOGUE_FILE),
            reserved=repo.resource_ids_not_from(CATALOGUE_FILE),  # imported entries'
        )
        if catalogue.clash:
            return None
        # Only the parsed entries can differ from their rows: an unchanged entry was skipped.
        old = repo.resource_fingerprints([r.id for r in catalogue.resources])
        changed = [r.id for r in catalogue.resources if r.id not in old or old[r.id] != fingerprint(r)]
        kept = set(catalogue.order)
        removed = [rid for rid in repo.resource_ids(CATALOGUE_FILE) if rid not in kept]
        if len(changed) + len(removed) > max(50, len(catalogue.order) // 5):
            return None  # most of it changed: a full build is as quick and simpler
        new_id = build_id({**hashes, "catalogue": catalogue_hash})
        new_meta = {
            "build_id": new_id,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "source_catalogue_sha256": catalogue_hash,
            "updated_resources": str(len(changed) + len(removed)),
        }
        standards = standards_from_rows(repo.list_standards())
        with repo.db.atomic():
            update_resources(repo.db, catalogue, changed, removed, standards, new_meta)
        if reindex_resources(repo, self.paths.index, new_id, changed, removed):
            how = f"updated {len(changed) + len(removed)} resources"
        else:
            how = "rebuilt (the index could not be updated in place)"
        self.close()
        return BuildReport(
            True,
            True,
            how,
            self.repository().counts(),
            self.paths.database,
            self.paths.index,
        )

    def ensure_ready(self, progress=None, check: bool = False) -> BuildReport:
        """Build at first start, rebuild what is missing, stale or corrupt; else do nothing."""
        return self.build(force=False, progress=progress, check=check)

    # ----- reading (one connection and one searcher per thread) ----------------

    def repository(self) -> Repository:
        from kbapp.storage.repository import Repository

        repo = getattr(self._local, "repo", None)
        if repo is None:
            repo = Repository(open_database(self.paths.database))
            self._local.repo = repo
        return repo

    def engine(self) -> SearchEngine:
        from kbapp.search.engine import SearchEngine

        engine = getattr(self._local, "engine", None)
        if engine is None:
            repo = self.repository()
            engine = SearchEngine(self.paths.index, repo.snippet_texts)
            self._local.engine = engine
        return engine

    def completions(self) -> Completions:
        """The shared completion structure for the current build (built once, read-only)."""
        from kbapp.search.completions import Completions
        from kbapp.search.documents import completion_records

        build_id = self.repository().meta().get("build_id", "")
        with self._completions_lock:
            if self._completions is None or self._completions[0] != build_id:
                self._completions = (build_id, Completions(completion_records(self.repository())))
            return self._completions[1]

    def complete(self, prefix: str, limit: int = 8) -> list[Completion]:
        return self.completions().complete(prefix, limit)

    # ----- imports (see kbapp.importing) ----------------------------------------------

    def import_catalogue(self, source: Path, progress: ImportProgress | None = None) -> ImportReport:
        """Add the entries of a catalogue file, whole or not at all (kept in ``imports/``)."""
        from kbapp.importing import import_catalogue

        return import_catalogue(self, source, progress)

    def remove_import(self, name: str) -> int:
        from kbapp.importing import remove_import

        return remove_import(self, name)

    def imports(self) -> list[ImportedFile]:
        from kbapp.importing import list_imports

        return list_imports(self)

    def close(self) -> None:
        engine = getattr(self._local, "engine", None)
        if engine is not None:
            engine.close()
            self._local.engine = None
        repo = getattr(self._local, "repo", None)
        if repo is not None:
            repo.db.close()
            self._local.repo = None
