"""The folder of kept imports: which files it holds, in what order, and what they are
for the build id. Read at every command (``imports_key``), so it imports little."""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path

from kbapp.storage.local import local_key

FOLDER = "imports"
NAME = re.compile(r"^(\d{4})-[a-z0-9-]+(\.catalogue)?\.(txt|csv)$")
# A new edition of the whole catalogue (kbapp import --replace-catalogue) is kept as
# 0003-name.catalogue.txt: replayed, it also removes the catalogue's resources it lacks.
EDITION_MARK = ".catalogue."
TEMPORARY = (".importing", ".removing")


def stored_imports(folder: Path) -> list[Path]:
    """The kept import files, in the order they were imported."""
    with contextlib.suppress(FileNotFoundError):
        return sorted(p for p in folder.iterdir() if NAME.match(p.name))
    return []


def imports_key(folder: Path) -> str:
    """What the imports are, for the build id: names, sizes and times, read without
    hashing (the files are kbapp's own copies, written once)."""
    parts = []
    for path in stored_imports(folder):
        st = path.stat()
        parts.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    local = local_key(folder)  # the user's own entries and overrides
    return ";".join(parts + ([local] if local else []))


def source_label(path: Path) -> str:
    """The ``source`` of an imported resource: where its text is kept."""
    return f"{FOLDER}/{path.name}"


def same_content(folder: Path, source: Path) -> str | None:
    """The name of a kept import with the very bytes of ``source``, if there is one."""
    size = source.stat().st_size
    digest = None
    for kept in stored_imports(folder):
        if kept.stat().st_size != size:
            continue
        digest = digest or hashlib.sha256(source.read_bytes()).digest()
        if hashlib.sha256(kept.read_bytes()).digest() == digest:
            return kept.name
    return None


def is_catalogue_edition(name: str) -> bool:
    """Whether a kept import (or its source label) is a new edition of the whole catalogue."""
    return EDITION_MARK in name


def clear_stale(folder: Path) -> None:
    """Remove what killed imports and removals left (under the writer lock)."""
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if child.name.startswith(".") and child.name.endswith(TEMPORARY):
                child.unlink()
