"""The user's own entries and overrides: ``local.json`` in the imports folder, in the
per-user data, beside the kept imports.

A *local entry* is a resource the user added; an *override* is the user's text for
a resource of the catalogue or of an import, kept in front of it until reverted.
Both are kept as the values typed (``EntryValues``), and every build of the
knowledge base applies them after the shipped catalogue and the imports, so they
survive every rebuild and catalogue update. The file's size and time are part of
the build id (``imports_key``): a change the database did not take in (a kill
between the two) makes the next start rebuild.

The file is written whole, to a temporary file renamed over it, only when the
database transaction that takes the change in is about to commit; a failed write
puts the earlier file back.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kbapp.domain.errors import SourceError, WriteError

if TYPE_CHECKING:
    from kbapp.sources.entry_form import EntryValues

LOCAL_FILE = "local.json"
LOCAL_LABEL = f"imports/{LOCAL_FILE}"  # what messages call it
ENTRY = "entry"
OVERRIDE = "override"
FORMAT = 1


@dataclass
class LocalRecord:
    id: str
    kind: str  # ENTRY or OVERRIDE
    values: EntryValues
    made_at: str
    changed_at: str

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "values": self.values.as_dict(),
            "made_at": self.made_at,
            "changed_at": self.changed_at,
        }


@dataclass
class LocalData:
    records: list[LocalRecord] = field(default_factory=list)

    @property
    def entries(self) -> list[LocalRecord]:
        return [r for r in self.records if r.kind == ENTRY]

    @property
    def overrides(self) -> list[LocalRecord]:
        return [r for r in self.records if r.kind == OVERRIDE]

    def get(self, rid: str) -> LocalRecord | None:
        return next((r for r in self.records if r.id == rid), None)

    def put(self, record: LocalRecord) -> LocalData:
        """A copy with ``record`` in place of the one of its id (or added)."""
        kept = [r for r in self.records if r.id != record.id]
        at = next((i for i, r in enumerate(self.records) if r.id == record.id), len(kept))
        return LocalData(kept[:at] + [record] + kept[at:])

    def without(self, rid: str) -> LocalData:
        return LocalData([r for r in self.records if r.id != rid])

    def text(self) -> str:
        return json.dumps({"format": FORMAT, "records": [r.as_dict() for r in self.records]}, indent=1) + "\n"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def local_file(imports_folder: Path) -> Path:
    return imports_folder / LOCAL_FILE


def local_key(imports_folder: Path) -> str:
    """The local file's part of the build id: its size and time, read without hashing."""
    try:
        st = local_file(imports_folder).stat()
    except OSError:
        return ""
    return f"{LOCAL_FILE}:{st.st_size}:{st.st_mtime_ns}"


def read_local(imports_folder: Path) -> LocalData:
    """The local entries and overrides; a file that does not read raises ``SourceError``
    naming it (it is never written over: the user's own text is not thrown away)."""
    path = local_file(imports_folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LocalData()
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), None, None, f"cannot read your local entries ({exc})") from None
    return parse_local(text, str(path))


def parse_local(text: str, name: str) -> LocalData:
    """Local records from the text of a local file (``name``: what messages call it)."""
    from kbapp.sources.entry_form import EntryValues

    path = name
    try:
        data = json.loads(text)
        records = [
            LocalRecord(str(r["id"]), str(r["kind"]), EntryValues.from_dict(r["values"]), r["made_at"], r["changed_at"])
            for r in data["records"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise SourceError(
            str(path), None, None, f"your local entries file is damaged ({exc}); it was left as it is"
        ) from None
    bad = next((r for r in records if r.kind not in (ENTRY, OVERRIDE)), None)
    if bad is not None:
        raise SourceError(path, None, "kind", f"the local record {bad.id} is of no known kind ({bad.kind!r})")
    return LocalData(records)


def save_local(imports_folder: Path, data: LocalData) -> None:
    """Write the local file whole, in one rename (for a change a rebuild then takes in)."""
    path = local_file(imports_folder)
    imports_folder.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{LOCAL_FILE}.saving")
    try:
        write_whole(temp, data.text().encode("utf-8"))
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WriteError(f"could not save your local entries in {imports_folder} ({exc.strerror or exc})") from None


def write_whole(path: Path, data: bytes) -> None:
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def put_back(path: Path, earlier: bytes | None) -> None:
    if earlier is None:
        path.unlink(missing_ok=True)
        return
    temp = path.with_name(f".{LOCAL_FILE}.restoring")
    write_whole(temp, earlier)
    os.replace(temp, path)
