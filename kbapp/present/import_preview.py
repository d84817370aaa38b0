"""An import's preview as text, for the command line's ``import --dry-run``."""

from __future__ import annotations

from kbapp.domain.catalogue_diff import ADDED, CHANGED, REMOVED, STATUSES, UNCHANGED, ImportPreview, changed_lines

SHORT = 70  # a value this long or shorter, on one line, is shown as "old → new"


def preview_lines(preview: ImportPreview, show_unchanged: bool = False) -> list[str]:
    lines = [f"{preview.file}: {preview.summary()}; nothing was written (--dry-run)"]
    lines += [f"warning: {w}" for w in preview.warnings]
    for status in STATUSES:
        entries = preview.of(status)
        if not entries or (status == UNCHANGED and not show_unchanged):
            continue
        lines.append("")
        lines.append(f"{status.upper()} ({len(entries)})")
        for entry in entries:
            where = f"line {entry.line}: " if entry.line else ""
            lines.append(f"  {where}{entry.title}  [{entry.resource_id}]")
            if status in (CHANGED, UNCHANGED) and entry.rule:
                was = f" “{entry.old_title}”" if entry.old_title else ""
                lines.append(f"    matched{was} by {entry.rule}")
            for change in entry.changes:
                lines += _change_lines(change.label, change.old, change.new)
    if not any(preview.of(s) for s in (ADDED, CHANGED, REMOVED)):
        lines.append("Nothing to import: every entry is as the knowledge base holds it.")
    return lines


def _change_lines(label: str, old: str, new: str) -> list[str]:
    if "\n" not in old + new and len(old) <= SHORT and len(new) <= SHORT:
        return [f"    {label}: {old or '(none)'} → {new or '(none)'}"]
    return [f"    {label}:"] + [f"      {sign} {line}" for sign, line in changed_lines(old, new)]
