"""Data packs: one zip file carrying a workstation's own data to another, with a
manifest of the SHA-256 of every file in it.

A pack is read whole and checked before anything is taken from it: a file whose
bytes do not match the manifest, a file the manifest does not name, or a pack cut
short is refused, naming what failed.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kbapp.domain.errors import SourceError, WriteError

FORMAT = "kbapp-data-pack"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BOOKMARKS = "bookmarks.json"
IMPORTS = "imports/"
LOCAL = "local.json"  # the user's own entries and overrides (storage.local)


@dataclass
class PackContents:
    kbapp_version: str
    made_at: str
    imports: dict[str, bytes] = field(default_factory=dict)  # kept name -> bytes, in order
    bookmarks: list[dict[str, Any]] = field(default_factory=list)
    local: bytes | None = None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_pack(
    path: Path, kbapp_version: str, imports: list[Path], bookmarks: list[dict[str, Any]], local: bytes | None = None
) -> Path:
    """Write the pack beside ``path`` and rename it into place when whole."""
    members: dict[str, bytes] = {f"{IMPORTS}{p.name}": p.read_bytes() for p in imports}
    members[BOOKMARKS] = json.dumps(bookmarks, ensure_ascii=False, indent=1).encode("utf-8")
    if local is not None:
        members[LOCAL] = local
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kbapp_version": kbapp_version,
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": {name: _digest(data) for name, data in members.items()},
    }
    temp = path.with_name(f".{path.name}.packing")
    try:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as pack:
            pack.writestr(MANIFEST, json.dumps(manifest, indent=1))
            for name, data in members.items():
                pack.writestr(name, data)
        with open(temp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WriteError(f"could not write the data pack {path} ({exc.strerror or exc}); nothing was written") from None
    return path


def read_pack(path: Path) -> PackContents:
    """The pack's contents, every hash checked; a pack that fails any check raises
    ``SourceError`` naming the file in it that failed."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as pack:
            members = {info.filename: pack.read(info) for info in pack.infolist()}
    except FileNotFoundError:
        raise SourceError(name, None, None, "no such file") from None
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        raise SourceError(
            name, None, None, f"not a whole, sound data pack ({exc}): it was cut short or changed"
        ) from None
    except (OSError, ValueError) as exc:  # a member's CRC fails: bytes changed in the pack
        raise SourceError(name, None, None, f"the pack is damaged ({exc}); nothing was taken from it") from None
    try:
        manifest = json.loads(members.pop(MANIFEST))
    except KeyError:
        raise SourceError(name, None, MANIFEST, "the pack has no manifest; it is not a kbapp data pack") from None
    except ValueError as exc:
        raise SourceError(name, None, MANIFEST, f"the manifest is not readable ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SourceError(name, None, MANIFEST, "the manifest is not a kbapp data pack's")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise SourceError(
            name, None, MANIFEST, f"made by a kbapp with pack format {manifest.get('format_version')}; this one reads 1"
        )
    listed: dict[str, str] = manifest.get("files") or {}
    for member in sorted(set(listed) | set(members)):
        if member not in members:
            raise SourceError(name, None, member, "the manifest names it, but the pack lacks it")
        if member not in listed:
            raise SourceError(name, None, member, "it is in the pack, but the manifest does not name it")
        if _digest(members[member]) != listed[member]:
            raise SourceError(name, None, member, "its SHA-256 differs from the manifest's: the pack was changed")
    contents = PackContents(str(manifest.get("kbapp_version", "")), str(manifest.get("made_at", "")))
    for member in listed:
        if member.startswith(IMPORTS):
            contents.imports[member.removeprefix(IMPORTS)] = members[member]
    contents.local = members.get(LOCAL)
    try:
        contents.bookmarks = list(json.loads(members.get(BOOKMARKS, b"[]")))
    except ValueError as exc:
        raise SourceError(name, None, BOOKMARKS, f"not readable ({exc})") from None
    return contents
