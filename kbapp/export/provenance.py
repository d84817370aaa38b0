"""The provenance of an exported file: a sidecar ``FILE.provenance.json`` that says
which knowledge base, sources, imports and editions produced it, when, and the
SHA-256 of the file itself, so that a working paper's evidence can be checked later
(``kbapp verify-export FILE``)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbapp.domain.cells import original_text
from kbapp.export.files import written_whole

SUFFIX = ".provenance.json"
FORMAT = "kbapp-export-provenance"
FORMAT_VERSION = 1
# The last row of a provenance written inside the CSV (``inline_provenance``).
INLINE_CHECK = "sha256_of_the_rows_above"


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def write_provenance(path: Path, facts: dict[str, Any]) -> Path:
    """Write the sidecar of the exported ``path`` whole (a temporary file renamed), with
    the file's own SHA-256 and size beside ``facts``."""
    record = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "file": path.name,
        "sha256": file_sha256(path),
        "bytes": path.stat().st_size,
        **facts,
    }
    target = sidecar(path)

    def says(_target: Path, reason: str) -> str:
        return f"{path} is written, but its provenance {target.name} could not be ({reason})"

    with written_whole(target, says) as temp, open(temp, "w", encoding="utf-8") as fh:
        json.dump(record, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return target


@dataclass
class Verification:
    path: Path
    provenance: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # each says what does not match
    notes: list[str] = field(default_factory=list)  # worth knowing, not a mismatch

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(path: Path) -> Verification:
    """Whether ``path`` is, byte for byte, the file its sidecar describes."""
    found = Verification(path)
    target = sidecar(path)
    if not path.is_file():
        found.problems.append(f"{path} is not there")
        return found
    inline = read_inline(path.read_bytes()) if not target.exists() else None
    if inline is not None:  # one file: the provenance is its second section
        found.provenance, found.problems = inline
        found.notes.append("its provenance is inside it, after the records")
        return found
    try:
        found.provenance = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        found.problems.append(f"it has no provenance beside it ({target.name})")
        return found
    except (OSError, ValueError) as exc:
        found.problems.append(f"its provenance {target.name} does not read ({exc})")
        return found
    if not isinstance(found.provenance, dict) or found.provenance.get("format") != FORMAT:
        found.problems.append(f"{target.name} is not a kbapp export's provenance")
        return found
    size = path.stat().st_size
    if found.provenance.get("bytes") != size:
        found.problems.append(f"it is {size} bytes; the provenance says {found.provenance.get('bytes')}")
    actual = file_sha256(path)
    if found.provenance.get("sha256") != actual:
        found.problems.append(f"its SHA-256 is {actual}; the provenance says {found.provenance.get('sha256')}")
    if found.provenance.get("file") != path.name:
        found.notes.append(f"it was exported as {found.provenance.get('file')} and renamed since")
    return found


def read_inline(data: bytes) -> tuple[dict[str, Any], list[str]] | None:
    """The provenance inside an exported file, and what does not match; None when the
    file has no such section."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    start = text.rfind(f"\r\n\r\n{FORMAT},")
    end = text.rfind(f"\r\n{INLINE_CHECK},")
    if start < 0 or end < start:
        return None
    above, check_row = text[: end + 2], text[end + 2 :]
    facts: dict[str, Any] = {}
    for row in csv.reader(io.StringIO(text[start + 4 : end + 2], newline="")):
        if len(row) == 2 and row[0] != FORMAT:
            value = original_text(row[1])
            try:
                facts[row[0]] = json.loads(value) if value[:1] in "[{0123456789nft" else value
            except ValueError:
                facts[row[0]] = value
    recorded = check_row.strip().partition(",")[2]
    actual = hashlib.sha256(above.encode("utf-8")).hexdigest()
    problems = [] if recorded == actual else [f"its rows hash to {actual}; its provenance section says {recorded}"]
    facts["sha256"] = recorded
    return facts, problems
