"""An installed bundle checked against the manifest it carries.

``packaging/bundle.sh`` writes ``MANIFEST.sha256`` at the bundle's top: one line a
file, ``sha256sum``'s format, so an administrator can check it with coreutils too.
``kbapp check`` reads it back and names every file missing, changed or extra.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "MANIFEST.sha256"


@dataclass
class InstallationCheck:
    folder: Path
    files: int = 0  # listed in the manifest
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # the manifest's lines that make no sense

    @property
    def sound(self) -> bool:
        return not (self.missing or self.changed or self.extra or self.unreadable)


def installation_folder() -> Path | None:
    """The folder of the running bundle (None when kbapp runs from a Python environment)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _files(folder: Path) -> list[str]:
    """Every file under ``folder`` (a link counts as the file it points to), but the manifest."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if (p.is_file() or p.is_symlink()) and p.relative_to(folder).as_posix() != MANIFEST
    )


def write_manifest(folder: Path) -> int:
    """Write ``MANIFEST.sha256`` for every file under ``folder``; returns how many."""
    names = _files(folder)
    lines = [f"{file_sha256(folder / name)}  {name}\n" for name in names]
    (folder / MANIFEST).write_text("".join(lines), encoding="utf-8", newline="\n")
    return len(names)


def check_installation(folder: Path) -> InstallationCheck:
    """Compare ``folder`` with its manifest. Raises ``FileNotFoundError`` without one."""
    report = InstallationCheck(folder)
    listed: dict[str, str] = {}
    text = (folder / MANIFEST).read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name or name.startswith("/") or ".." in name.split("/"):
            report.unreadable.append(f"line {number}: {line[:80]!r}")
            continue
        listed[name] = digest
    report.files = len(listed)
    for name, digest in listed.items():
        path = folder / name
        try:
            if file_sha256(path) != digest:
                report.changed.append(name)
        except FileNotFoundError:
            report.missing.append(name)
        except OSError:  # a link to nothing, a file that cannot be read: not as shipped
            report.changed.append(name)
    report.extra = [name for name in _files(folder) if name not in listed]
    return report
