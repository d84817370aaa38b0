"""The knowledge base's files and connections: where it lives, what it is built
from, one database connection and one searcher per thread, and the writer lock.

The use cases (``services.build``, ``services.imports``) work through a Store;
``services.knowledge_base.KnowledgeBase`` is the facade the CLI and the window hold.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from kbapp.domain.build_identity import BuildInputs
from kbapp.domain.errors import SourceError
from kbapp.paths import Paths, paths, prebuilt_folder, source_files
from kbapp.sources.text import decode_source
from kbapp.storage.database import open_database, read_meta
from kbapp.storage.lock import DEFAULT_TIMEOUT_S, WriterLock
from kbapp.storage.migrations import SCHEMA_VERSION

if TYPE_CHECKING:
    from kbapp.search.completions import Completion, Completions
    from kbapp.search.engine import SearchEngine
    from kbapp.storage.repository import Repository

WRITER_WAIT_S = 2.0  # a reader's wait for another kbapp to finish swapping in a build

# The parsers, the writers and Whoosh are imported where they are used: the window
# shows before they load, and a start with a current index never loads the parsers.


def file_identity(path: Path) -> tuple[int, int] | None:
    """What tells one file at ``path`` from its replacement (not from its own writes,
    which an open connection sees): device and inode."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def source_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(str(path), None, None, "the source file is missing; reinstall kbapp") from None
    except OSError as exc:
        raise SourceError(str(path), None, None, f"cannot read it ({exc.strerror})") from None


def read_source(path: Path) -> tuple[str, str]:
    """A shipped source's text and SHA-256."""
    data = source_bytes(path)
    return decode_source(data, path.name), hashlib.sha256(data).hexdigest()


class Store:
    def __init__(
        self,
        where: Paths | None = None,
        sources: dict[str, Path] | None = None,
        lock_timeout: float = DEFAULT_TIMEOUT_S,
        prebuilt: Path | None = None,
    ) -> None:
        self.paths = where or paths()
        # A bundle's prebuilt knowledge base, copied in when it is of the sources as they are.
        self.prebuilt = prebuilt if prebuilt is not None else prebuilt_folder()
        self.lock_timeout = lock_timeout
        self.sources = sources or source_files()
        self._local = threading.local()
        self._completions: tuple[str, Completions] | None = None
        self._completions_lock = threading.Lock()

    # ----- what a build is made from ---------------------------------------------

    def inputs(self) -> BuildInputs:
        """The shipped sources' hashes and the imports' key, as they are now."""
        from kbapp.storage.kept_imports import imports_key

        catalogue, paper = (
            hashlib.sha256(source_bytes(self.sources[k])).hexdigest() for k in ("catalogue", "white_paper")
        )
        return BuildInputs(catalogue, paper, imports_key(self.paths.imports))

    def expected_build_id(self) -> str:
        return self.inputs().build_id(SCHEMA_VERSION)

    def current_build_id(self) -> str | None:
        """The build in the database file now, whoever wrote it (None if there is none)."""
        return read_meta(self.paths.database).get("build_id")

    def database_is_current(self) -> bool:
        return self.current_build_id() == self.expected_build_id()

    def index_state(self, thorough: bool | None = None) -> str:
        """The index's state against the database as it is: ``ok``, ``missing``,
        ``stale`` or ``corrupt`` (see search.index.index_state). Every file is read
        (``thorough``) when asked, or, by default, when a check is due: the index
        changed since it last passed one, or that was a day ago (``storage.checked``)."""
        from kbapp.search.index import index_files, index_state
        from kbapp.storage.checked import INDEX_STAMP, check_due, file_states, mark_checked

        repo = self.repository()
        records = sum(repo.state.counts().values())
        stamp, now = self.paths.index.parent / INDEX_STAMP, time.time()
        states = []
        if thorough is not False:  # the files' states decide a check, or are stamped after one
            with suppress(OSError):
                states = file_states(index_files(self.paths.index))
        if thorough is None:
            thorough = check_due(stamp, states, now)
        state = index_state(self.paths.index, repo.state.meta().get("build_id", ""), records, thorough)
        if state == "ok" and thorough and states:
            mark_checked(stamp, states, now)
        return state

    def bookmarks(self) -> list[dict]:
        """The user's bookmarks, as the window saved them; none if it never has."""
        from contextlib import closing

        from kbapp.storage.userdata import UserData

        if not self.paths.user_database.exists():
            return []
        with closing(UserData(self.paths.user_database)) as userdata:
            return userdata.bookmarks()

    def writer_lock(self, timeout: float | None = None) -> WriterLock:
        return WriterLock(self.paths.data, self.lock_timeout if timeout is None else timeout)

    # ----- reading (one connection and one searcher per thread) ------------------

    def repository(self) -> Repository:
        """This thread's connection, reopened when another kbapp has swapped in a new
        database file (the old connection would go on reading the replaced one)."""
        from kbapp.storage.repository import Repository

        repo = getattr(self._local, "repo", None)
        if repo is not None and self._local.repo_file != file_identity(self.paths.database):
            self.close()
            repo = None
        if repo is None:
            self._local.repo_file = file_identity(self.paths.database)
            repo = Repository(open_database(self.paths.database))
            self._local.repo = repo
        return repo

    def engine(self) -> SearchEngine:
        """This thread's searcher, reopened whole (index, vocabulary, counts) when the
        index was rebuilt or updated by any process, so that two builds never mix."""
        from kbapp.search.engine import SearchEngine
        from kbapp.search.index import index_build_id, index_identity

        repo = self.repository()
        engine = getattr(self._local, "engine", None)
        if engine is not None and (
            self._local.engine_repo is not repo or self._local.engine_index != index_identity(self.paths.index)
        ):
            engine.close()
            engine = None
        if engine is None:
            if index_build_id(self.paths.index) not in (None, repo.state.meta().get("build_id")):
                repo = self._wait_for_the_writer()
            self._local.engine_index = index_identity(self.paths.index)
            engine = SearchEngine(self.paths.index, repo.index.snippet_texts)
            self._local.engine = engine
            self._local.engine_repo = repo
        return engine

    def _wait_for_the_writer(self) -> Repository:
        """The database and the index name different builds: another kbapp is between
        writing the one and the other. Wait a bounded time for it to finish."""
        from kbapp.search.index import index_build_id
        from kbapp.storage.lock import being_written

        deadline = time.monotonic() + WRITER_WAIT_S
        repo = self.repository()
        while time.monotonic() < deadline and being_written(self.paths.data):
            if index_build_id(self.paths.index) == repo.state.meta().get("build_id"):
                break
            time.sleep(0.05)
            repo = self.repository()
        return repo

    def completions(self) -> Completions:
        """The shared completion structure for the current build (built once, read-only)."""
        from kbapp.search.completions import Completions
        from kbapp.search.documents import completion_records

        build_id = self.repository().state.meta().get("build_id", "")
        with self._completions_lock:
            if self._completions is None or self._completions[0] != build_id:
                self._completions = (build_id, Completions(completion_records(self.repository())))
            return self._completions[1]

    def complete(self, prefix: str, limit: int = 8) -> list[Completion]:
        return self.completions().complete(prefix, limit)

    def close(self) -> None:
        """End this thread's connection and searcher (the next read opens them anew)."""
        engine = getattr(self._local, "engine", None)
        if engine is not None:
            engine.close()
            self._local.engine = None
        repo = getattr(self._local, "repo", None)
        if repo is not None:
            repo.close()
            self._local.repo = None
