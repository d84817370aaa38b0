"""User and file text shown as written: a file name holding ``<b>`` or a title holding
``<img src=x>`` or a link must not become markup in a message or a tooltip, where Qt
guesses rich text and can hand a link to the system browser."""

from __future__ import annotations

import html
from typing import Any


def literal(text: Any) -> str:
    """Text that a widget guessing rich text shows exactly as written."""
    if text is None or text == "":
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(str(text), quote=False) + "</p>"
