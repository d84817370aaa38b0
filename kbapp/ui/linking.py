"""The links a text gets in the detail pane: glossary terms where the text uses them,
standard identifiers that name a record, and outside addresses, each one unit."""

from __future__ import annotations

import html
import re
from typing import Any

from kbapp.domain.designations import designations
from kbapp.domain.ids import key_of


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


# A web or e-mail address is one unit: never linked inside, copied whole. A full stop
# or bracket that ends the sentence is not part of it.
ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>\"]+?(?=[.,;:)]*(?:\s|$))|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


# Words that join the words of a name ("Command and Control") and words that start a
# sentence in capitals without being part of one ("The Control of ...").
_JOINERS = {"and", "of", "for", "&amp;", "the", "on", "in"}
_NOT_NAMES = {
    "A", "An", "All", "And", "Any", "As", "At", "By", "Each", "Every", "For", "In", "Its", "No", "Of", "On", "Or",
    "Our", "See", "Such", "That", "The", "Their", "These", "This", "Those", "To", "With",
}  # fmt: skip
_WORD_BEFORE = re.compile(r"(\S+)\s+$")
_WORD_AFTER = re.compile(r"^\s+(\S+)")


def _name_word(word: str) -> bool:
    return word[:1].isupper() and word not in _NOT_NAMES


def in_longer_name(text: str, start: int, end: int) -> bool:
    """Whether the capitalised words at ``text[start:end]`` are part of a longer proper
    name: a capitalised word follows them, or precedes them (across "and", "of"...).
    "Command and Control" is a system, not the glossary's "Control"."""
    if not text[start:end][:1].isupper():
        return False
    after = _WORD_AFTER.match(text[end:])
    if after and _name_word(after.group(1)) and text[end : end + 1].isspace():
        return True
    before = _WORD_BEFORE.search(text[:start])
    if not before:
        return False
    word = before.group(1)
    if word.lower() in _JOINERS:
        earlier = _WORD_BEFORE.search(text[: before.start()])
        return bool(earlier and _name_word(earlier.group(1)) and earlier.group(1)[-1:].isalnum())
    return _name_word(word) and word[-1:].isalnum()


class Linker:
    """Links the first mention of each glossary term and abbreviation in a text, every
    standard identifier that names a record, and each outside address, whole."""

    def __init__(
        self, mentions: list[dict[str, Any]], standards: dict[str, str] | None = None, own: str | None = None
    ) -> None:
        self.targets: dict[str, str] = {}
        self.standards = standards or {}  # designation key → typed id
        self.own = own  # the record shown: its own identifier is text, not a link
        patterns = []
        for m in sorted(mentions, key=lambda m: -len(self._label(m))):
            label = self._label(m)
            if not label or label.lower() in self.targets:
                continue
            self.targets[label.lower()] = m["id"]
            flags = "" if m["id"].startswith("abbreviation:") else "(?i:"
            patterns.append(rf"\b{flags}{re.escape(label)}{')' if flags else ''}\b")
        self.regex = re.compile("|".join(patterns)) if patterns else None
        self.seen: set[str] = set()

    @staticmethod
    def _label(m: dict[str, Any]) -> str:
        if m["id"].startswith("abbreviation:"):
            return key_of(m["id"])
        return m.get("title") or ""

    def link(self, text: str) -> str:
        out, at = [], 0
        for m in ADDRESS.finditer(text):
            out.append(self._standards(text[at : m.start()]))
            address = m.group(0)
            if "@" in address and "://" not in address:
                out.append(esc(address))
            else:
                href = address if "://" in address else f"http://{address}"
                out.append(f'<a href="{esc(href)}">{esc(address)}</a>')
            at = m.end()
        out.append(self._standards(text[at:]))
        return "".join(out)

    def _standards(self, text: str) -> str:
        out, at = [], 0
        for d in designations(text):
            target = self.standards.get(d.key)
            if target is None:
                continue
            out.append(self._terms(text[at : d.start]))
            out.append(esc(d.written) if target == self.own else f'<a href="kb:{esc(target)}">{esc(d.written)}</a>')
            at = d.end
        out.append(self._terms(text[at:]))
        return "".join(out)

    def _terms(self, text: str) -> str:
        escaped = esc(text)
        if self.regex is None:
            return escaped

        def repl(match: re.Match[str]) -> str:
            target = self.targets.get(match.group(0).lower())
            if target is None or target in self.seen:
                return match.group(0)
            if target.startswith("term:") and in_longer_name(escaped, match.start(), match.end()):
                return match.group(0)
            self.seen.add(target)
            # No title attribute: Qt would show it (the raw id) over the hover definition.
            return f'<a href="kb:{target}">{match.group(0)}</a>'

        return self.regex.sub(repl, escaped)
