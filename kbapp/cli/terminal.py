"""Text for a terminal: control characters from the data (an imported title holding
``ESC ] 52`` would write the clipboard, ``ESC ] 0`` the window title) are shown as
``\\x1b``, never sent raw. Pipes and files get the text exactly as stored."""

from __future__ import annotations

import re
from typing import Any, TextIO

# Standard output keeps newlines and tabs; standard error also keeps the carriage
# return that redraws the progress line.
_UNSAFE_OUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNSAFE_ERR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible(text: str, keep_return: bool = False) -> str:
    pattern = _UNSAFE_ERR if keep_return else _UNSAFE_OUT
    return pattern.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


class TerminalSafe:
    """A text stream that shows control characters instead of writing them."""

    def __init__(self, stream: TextIO, keep_return: bool = False) -> None:
        self._stream = stream
        self._keep_return = keep_return

    def write(self, text: str) -> int:
        self._stream.write(visible(text, self._keep_return))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def guard(stdout: TextIO, stderr: TextIO) -> tuple[TextIO, TextIO]:
    """The streams to write to: each one that is a terminal, guarded."""

    def safe(stream: TextIO, keep_return: bool) -> TextIO:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")  # a terminal or pipe that is not UTF-8 gets "?", not a traceback
        if isinstance(stream, TerminalSafe):
            return stream  # type: ignore[return-value]
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        return TerminalSafe(stream, keep_return) if tty else stream  # type: ignore[return-value]

    return safe(stdout, False), safe(stderr, True)
