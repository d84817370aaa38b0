"""What an import would do to the catalogue, entry by entry and field by field: the
preview a user accepts or cancels before anything is written.

Plain data, no I/O: the service fills it from the parsed file and the stored rows.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from typing import Any

from kbapp.domain.records import blocks_to_text

ADDED, CHANGED, UNCHANGED, REMOVED = "added", "changed", "unchanged", "removed"
STATUSES = (ADDED, CHANGED, UNCHANGED, REMOVED)

# The fields of a resource as a user reads and compares them, in the order shown.
COMPARED_FIELDS = (
    ("title", "Title"),
    ("published", "Published"),
    ("published_as_written", "Published, as written"),
    ("body_as_written", "Authoring body"),
    ("category", "Category"),
    ("description", "Description"),
)
FIELD_LABELS = dict(COMPARED_FIELDS)


@dataclass(frozen=True)
class FieldChange:
    field: str  # one of COMPARED_FIELDS
    old: str
    new: str

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass
class EntryPreview:
    status: str  # one of STATUSES
    title: str
    resource_id: str  # the resource it changes or removes, or the id it will be added as
    line: int | None = None  # the entry's first line in the file; None for a removal
    rule: str = ""  # how it was matched to the resource it changes (catalogue_rules)
    changes: list[FieldChange] = field(default_factory=list)
    old_title: str = ""  # the title it had, when the title changes
    same_title_as_local: str = ""  # the id of the user's local entry with this title, if any
    overridden: bool = False  # the user's override of this resource stays in front of the new text


@dataclass
class ImportPreview:
    file: str
    entries: list[EntryPreview] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # each names its line

    def of(self, status: str) -> list[EntryPreview]:
        return [e for e in self.entries if e.status == status]

    def counts(self) -> dict[str, int]:
        return {status: len(self.of(status)) for status in STATUSES}

    @property
    def writes_anything(self) -> bool:
        return any(e.status != UNCHANGED for e in self.entries)

    def summary(self) -> str:
        counts = self.counts()
        parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s] or s != REMOVED]
        return ", ".join(parts)

    @property
    def same_title_as_local(self) -> list[str]:
        """The user's local entries that an entry of the file has the title of."""
        return [e.same_title_as_local for e in self.entries if e.same_title_as_local]

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "counts": self.counts(), "warnings": self.warnings} | {
            "entries": [asdict(e) for e in self.entries]
        }


def comparable(values: dict[str, Any]) -> dict[str, str]:
    """A stored row or a parsed entry's fields as the compared text: description as
    plain text, each value a string."""
    out = {}
    for name, _ in COMPARED_FIELDS:
        if name == "description" and "blocks" in values and not isinstance(values["blocks"], str):
            out[name] = blocks_to_text(values["blocks"])
        else:
            out[name] = str(values.get(name) or "")
    return out


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Each compared field whose text differs, old value and new."""
    before, after = comparable(old), comparable(new)
    changed = [name for name, _ in COMPARED_FIELDS if before[name] != after[name]]
    if "published" in changed and "published_as_written" in changed:
        changed.remove("published_as_written")  # a new date is written anew: one change, not two
    return [FieldChange(name, before[name], after[name]) for name in changed]


def changed_lines(old: str, new: str) -> list[tuple[str, str]]:
    """The lines (paragraphs, list items) that differ, as ("-", old line) and ("+", new
    line), in order; lines both hold are left out."""
    before, after = old.splitlines(), new.splitlines()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag != "equal":
            out += [("-", line) for line in before[i1:i2]] + [("+", line) for line in after[j1:j2]]
    return out


@dataclass
class RecordedChange:
    """One line of the change log: an entry added or removed, or one field changed."""

    status: str  # ADDED, CHANGED or REMOVED
    resource_id: str
    title: str
    field: str = ""  # for a changed field (one of COMPARED_FIELDS); "" for the whole entry
    old: str = ""
    new: str = ""


def snapshot_changes(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> list[RecordedChange]:
    """What changed between two states of the catalogue (resource id -> stored fields)."""
    out: list[RecordedChange] = []
    for rid, row in after.items():
        if rid not in before:
            out.append(RecordedChange(ADDED, rid, str(row.get("title") or "")))
        else:
            out += [
                RecordedChange(CHANGED, rid, str(row.get("title") or ""), c.field, c.old, c.new)
                for c in field_changes(before[rid], row)
            ]
    gone = [rid for rid in before if rid not in after]
    out += [RecordedChange(REMOVED, rid, str(before[rid].get("title") or "")) for rid in gone]
    return out


def changes_summary(changes: list[RecordedChange]) -> str:
    """``1 added, 2 changed, 0 removed``: resources, not fields."""
    by_status: dict[str, set[str]] = {ADDED: set(), CHANGED: set(), REMOVED: set()}
    for change in changes:
        by_status[change.status].add(change.resource_id)
    return ", ".join(f"{len(ids)} {status}" for status, ids in by_status.items())


def first_difference(old: str, new: str) -> tuple[str, str]:
    """What a one-line cell shows of a change: the value itself, or for a text of many
    lines its first line that differs ("… Analysis goes beyond the facts, asking…")."""
    if "\n" not in old + new:
        return old, new
    pairs = changed_lines(old, new)

    def first(sign: str) -> str:
        line = next((text for s, text in pairs if s == sign), "")
        return f"… {line}" if line else "(no line of its own)"

    return first("-"), first("+")
