"""Provenance inside the exported CSV itself, for a user who asks for one file: after
the records, an empty row, then a second, sheet-like section of ``field,value`` rows
with what the sidecar would say, ending with the SHA-256 of every byte above that last
row, so that one changed byte anywhere in the file is found (``kbapp verify-export``)::

    type,id,label,…
    term,term:risk,Risk,…

    kbapp-export-provenance,1
    kbapp_version,0.1.0
    …
    sha256_of_the_rows_above,3f1c…
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from kbapp.domain.cells import neutralise
from kbapp.export.csv import to_csv_text, write_text
from kbapp.export.provenance import FORMAT, FORMAT_VERSION, INLINE_CHECK


def provenance_section(facts: dict[str, Any]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([])
    writer.writerow([FORMAT, FORMAT_VERSION])
    for key, value in facts.items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        writer.writerow([key, neutralise(shown)])
    return buffer.getvalue()


def write_with_provenance(
    path: Path, rows: list[dict[str, Any]], columns: list[str], facts: dict[str, Any], bom: bool = True
) -> Path:
    above = to_csv_text(rows, columns) + provenance_section(facts)
    check = hashlib.sha256(above.encode("utf-8")).hexdigest()
    return write_text(path, f"{above}{INLINE_CHECK},{check}\r\n", bom)
