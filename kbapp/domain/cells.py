"""Spreadsheet cells that would run as formulas: how an export neutralises them (a
leading apostrophe) and how an import reads such a cell back as the original text."""

from __future__ import annotations

from typing import Any

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
# What some spreadsheets also read as those: the full-width forms, the minus sign, and
# the same behind invisible marks (a byte-order mark, zero-width joiner or space, word joiner).
LOOK_ALIKES = ("＝", "＋", "－", "＠", "\u2212")
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


def neutralise(value: Any) -> str:
    """A cell as text; one that a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(DANGEROUS_FIRST) or text.lstrip(INVISIBLE).startswith(DANGEROUS_FIRST + LOOK_ALIKES):
        return "'" + text
    return text


def original_text(cell: str) -> str:
    """A cell as it was before ``neutralise``: the apostrophe that it added goes, any
    other apostrophe stays."""
    if cell.startswith("'") and neutralise(cell[1:]) == cell:
        return cell[1:]
    return cell
