"""The knowledge base a bundle carries prebuilt, put in the per-user data folder.

A bundle is installed read-only, so its prebuilt database is copied, never opened
in place. The copy is checked (SQLite's quick_check and the seal) before it is
swapped in, as a build's file would be; a copy that fails is left out and the
knowledge base is built from the sources instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kbapp.storage.database import fsync_file, fsync_folder, read_meta, reason, temporary_beside
from kbapp.storage.integrity import problem_with
from kbapp.storage.seal import seal_problem

DATABASE_FILE = "kb.sqlite"
INDEX_FOLDER = "index"


def prebuilt_build_id(folder: Path) -> str | None:
    """The build the prebuilt database holds, or None if there is none readable."""
    return read_meta(folder / DATABASE_FILE).get("build_id") or None


def install_database_copy(source: Path, path: Path, build_id: str) -> str | None:
    """Copy the prebuilt database ``source`` to ``path`` if it is sound and of
    ``build_id``; returns why it was not, or None once it is in place."""
    if not source.is_file():
        return "no prebuilt database"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary_beside(path) as temp:
            shutil.copyfile(source, temp)  # the contents only: the bundle's read-only mode stays behind
            if read_meta(temp).get("build_id") != build_id:
                return "the prebuilt database is of other sources"
            problem = problem_with(temp) or seal_problem(temp)
            if problem:
                return f"the prebuilt database is damaged ({problem})"
            fsync_file(temp)
            os.replace(temp, path)
            fsync_folder(path.parent)
    except OSError as exc:
        return f"the prebuilt database could not be copied ({reason(exc)})"
    return None
