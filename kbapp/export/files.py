"""How every export is written: to a temporary file beside its target, renamed over it
once whole, so a failed or killed export leaves any earlier file as it was. A new file
gets the permissions the umask gives; a file written over keeps its own (a shared,
group-writable working paper stays so)."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

from kbapp.domain.errors import ExportError


def _cannot_write(path: Path, reason: str) -> str:
    return f"cannot write {path}: {reason}; choose another folder or free some space"


@contextlib.contextmanager
def written_whole(path: Path, says: Callable[[Path, str], str] = _cannot_write) -> Iterator[Path]:
    """A temporary path beside ``path`` for the block to write; renamed over ``path``
    when the block ends, removed if it fails. An OSError becomes an ExportError whose
    message ``says`` (the path, the reason) gives."""
    temp: Path | None = None
    try:
        keep = path.stat().st_mode & 0o7777 if path.exists() else None
        temp = _temporary_beside(path)
        yield temp
        with open(temp, "rb") as fh:
            os.fsync(fh.fileno())
        if keep is not None:
            os.chmod(temp, keep)
        os.replace(temp, path)
        temp = None
    except OSError as exc:
        raise ExportError(says(path, exc.strerror or str(exc))) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()


def _temporary_beside(path: Path) -> Path:
    """A new, empty file beside ``path``, created as ``open`` would (mode 0666 less the
    umask); mkstemp's would be 0600, and the rename would make every export private."""
    folder = path.parent or Path(".")
    for _ in range(100):
        temp = folder / f".{path.name}.{secrets.token_hex(4)}.part"
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")
