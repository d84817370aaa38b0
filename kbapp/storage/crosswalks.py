"""The crosswalk tables a user loaded, kept as the files they came in (each under the
name it was loaded as) in the data folder, apart from the shipped data: nothing of
them is built into the knowledge base, so a rebuild or a new catalogue never touches
them. Written to a temporary file and renamed, so a kill leaves a table whole or absent."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from kbapp.domain.errors import NotFound, WriteError
from kbapp.storage.database import fsync_folder, reason

SUFFIX = ".csv"


def stored_tables(folder: Path) -> list[Path]:
    """The kept tables, by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == SUFFIX and not p.name.startswith("."))


def keep_table(folder: Path, name: str, content: bytes) -> tuple[Path, bool]:
    """Keep ``content`` as the table ``name``; True when it replaced one of that name."""
    target = folder / f"{name}{SUFFIX}"
    temp = folder / f".{name}.{secrets.token_hex(4)}.loading"
    replaced = target.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
        fsync_folder(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise WriteError(f"could not keep the crosswalk table in {folder} ({reason(exc)}); nothing changed") from None
    return target, replaced


def remove_table(folder: Path, name: str) -> Path:
    target = folder / f"{name}{SUFFIX}"
    if not target.is_file():
        known = ", ".join(p.stem for p in stored_tables(folder)) or "none is loaded"
        raise NotFound(f"no crosswalk table named '{name}' ({known}); see kbapp crosswalk list")
    try:
        target.unlink()
        fsync_folder(folder)
    except OSError as exc:
        raise WriteError(f"could not remove {target} ({reason(exc)})") from None
    return target


def remove_leftovers(folder: Path) -> None:
    """Temporary files of loads that a kill cut off."""
    if folder.is_dir():
        for leftover in folder.glob(".*.loading"):
            with contextlib.suppress(OSError):
                leftover.unlink()
