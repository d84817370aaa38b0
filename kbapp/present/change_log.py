"""The change log as rows, for ``kbapp changes`` and *View › Change log* alike."""

from __future__ import annotations

from typing import Any

from kbapp.domain.catalogue_diff import FIELD_LABELS, RecordedChange
from kbapp.storage.editions import Edition

CHANGE_COLUMNS = ["edition", "made_at", "action", "file", "change", "resource_id", "title", "field", "old", "new"]


def change_rows(log: list[tuple[Edition, RecordedChange]]) -> list[dict[str, Any]]:
    return [
        {
            "edition": e.number,
            "made_at": e.made_at,
            "action": e.action,
            "file": e.file,
            "change": c.status,
            "resource_id": f"resource:{c.resource_id}",
            "title": c.title,
            "field": FIELD_LABELS.get(c.field, c.field),
            "old": c.old,
            "new": c.new,
        }
        for e, c in log
    ]


def edition_text(edition: Edition) -> str:
    """``edition 3, import of catalogue-2027.txt (1 added, 2 changed, 0 removed)``."""
    what = {"start": "the catalogue before any recorded change", "restore": f"return to {edition.file}"}.get(
        edition.action, f"{edition.action} of {edition.file.replace(chr(92), '/').rsplit('/', 1)[-1]}"
    )
    if edition.action.startswith("local "):  # the user's own entry, from the form, the command line or a pack
        what = f"{edition.action} from {edition.file}"
    return f"edition {edition.number}, {what}" + (f" ({edition.summary})" if edition.action != "start" else "")
