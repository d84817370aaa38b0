"""Text as users give it, made safe to store, search and print: a command-line argument
that is not UTF-8, or a lone surrogate that a paste can bring, is never a traceback."""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(value: object) -> str:
    """``value`` as text with every lone surrogate replaced by U+FFFD."""
    return _SURROGATE.sub(REPLACEMENT, str(value))


def decoded_argument(argument: str) -> tuple[str, bool]:
    """A command-line argument as UTF-8 text. Python hands undecodable bytes over as
    surrogates; they become U+FFFD. Returns the text and whether any byte was replaced."""
    try:
        raw = argument.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # lone surrogates that are no escaped bytes
        return valid_text(argument), True
    text = raw.decode("utf-8", "replace")
    return valid_text(text), text != argument
