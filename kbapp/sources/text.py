"""Text helpers shared by the parsers: whitespace, slugs, lists, paragraph joins."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from kbapp.domain.errors import SourceError
from kbapp.domain.records import Block

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
BULLET = re.compile(r"^\s*[•·▪◦]\s*(.*)$")
NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(.*)$")
DASH_ITEM = re.compile(r"^\s*-\s+(?:·\s*)?(.*)$")
SENTENCE_END = re.compile(r"[.:;!?)\]\"”’']$")


UTF16 = "the file is UTF-16 text, not UTF-8: save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)"


def _utf16(start: bytes) -> bool:
    """A UTF-16 byte-order mark, or ASCII text with every other byte NUL."""
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    pairs = start[:64]
    return len(pairs) >= 4 and (pairs[1::2].count(0) == len(pairs[1::2]) or pairs[0::2].count(0) == len(pairs[0::2]))


def decode_source(data: bytes, path: str) -> str:
    """Decode a source file strictly as UTF-8; a BOM is dropped, anything else is an error."""
    if not data.strip():
        raise SourceError(path, None, None, "the file is empty")
    if _utf16(data):
        raise SourceError(path, 1, None, UTF16)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError(path, line, None, "the file holds NUL bytes: it is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            path, line, None, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def iter_source_lines(stream: Iterable[bytes], path: str) -> Iterator[str]:
    """The lines of a source read as a binary stream, decoded one at a time, so that a
    large import is never held whole. The same checks as ``decode_source``."""
    any_text = False
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if number == 1 and _utf16(raw):
            raise SourceError(path, 1, None, UTF16)
        if b"\x00" in raw:
            raise SourceError(path, number, None, "the file holds NUL bytes: it is binary, not text")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(
                path, number, None, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
            ) from None
        line = line.removesuffix("\n").removesuffix("\r")
        any_text = any_text or bool(line.strip())
        yield from line.split("\r")  # old Mac line ends
    if not any_text:
        raise SourceError(path, None, None, "the file is empty")


def clean(line: str) -> str:
    """One line with its spacing normalised: no-break spaces to spaces, runs folded."""
    return _SPACES.sub(" ", line).strip()


def join_wrapped(previous: str, line: str) -> str:
    """Join a line to the text before it: a wrapped sentence goes on after a space,
    a new sentence on a line of its own keeps its line break."""
    if not previous:
        return line
    if line[:1].islower() and not SENTENCE_END.search(previous):
        return f"{previous} {line}"
    return f"{previous}\n{line}"


def lines_to_blocks(lines: list[str], list_pattern: re.Pattern[str] = BULLET) -> list[Block]:
    """Paragraphs and lists from cleaned lines; blank lines separate paragraphs.

    Items of one list may stand apart with blank lines between them (the web
    dump does that); they still make one list.
    """
    blocks: list[Block] = []
    paragraph = ""

    def flush() -> None:
        nonlocal paragraph
        if paragraph:
            blocks.append({"type": "paragraph", "text": paragraph})
            paragraph = ""

    for raw in lines:
        line = clean(raw)
        if not line:
            flush()
            continue
        bullet = list_pattern.match(line)
        numbered = NUMBERED.match(line)
        if bullet or numbered:
            flush()
            style = "bullet" if bullet else "numbered"
            item = clean(bullet.group(1)) if bullet else clean(numbered.group(2))  # type: ignore[union-attr]
            last = blocks[-1] if blocks else None
            if last and last["type"] == "list" and last["style"] == style:
                last["items"].append(item)
            else:
                block: Block = {"type": "list", "style": style, "items": [item]}
                if numbered:
                    block["start"] = int(numbered.group(1))
                blocks.append(block)
            continue
        paragraph = join_wrapped(paragraph, line)
    flush()
    return [b for b in blocks if b["type"] != "list" or b["items"]]
