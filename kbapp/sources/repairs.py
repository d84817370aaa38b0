"""Repairs of damage done to the white paper by its PDF extraction.

General rules come first; where no general rule exists (OCR misreadings in the
scanned newspaper headlines of Appendix D) a short erratum names the exact text.
Every change is returned as a Correction so that it can be audited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kbapp.domain.records import WHITE_PAPER_FILE, Correction

SOURCE = WHITE_PAPER_FILE

# A line that is only a web address with wrap spaces in it: each piece after a space
# goes on with the address (it holds a digit or one of / . _ & = ? % , and no letter
# run of prose), as "?pid=0 0000000030144033&recid=1876" does.
_WRAPPED_ADDRESS = re.compile(r"^(https?://\S+)((?: [\w%&=?/.,#~+;:-]*[\d/._&=?%,][\w%&=?/.,#~+;:-]*)+)$")


def _joined_address(m: re.Match[str]) -> str:
    return m.group(1) + m.group(2).replace(" ", "")


# (pattern, replacement, rule) applied to every line.
LINE_RULES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str], str]] = [
    (re.compile(r"\bISO/ IEC\b"), "ISO/IEC", "identifier split by a line break"),
    (re.compile(r"\*\*(.+?)\*\*"), r"\1", "bold markup left by the extraction"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1", "italic markup left by the extraction"),
    (re.compile(r"\s*\$\^\{\\mathsf\{TM\}\}\$"), "™", "TeX markup for the trade mark sign"),
    (re.compile(r"^\s*\$(\S.*?)\\\\\s*(.*?)\\\\\$$"), r"\1\2", "TeX delimiters around a web address"),
    (re.compile(r"(https?://\S*?/) (?=[A-Za-z])"), r"\1", "web address broken after a slash"),
    (re.compile(r"(https?://\S*?%20) (?=\S)"), r"\1", "web address broken after an escaped space"),
    (_WRAPPED_ADDRESS, _joined_address, "web address broken by a line wrap"),
    (re.compile(r"^BLACKPublished$"), "Published", "colour name from a figure legend run into its label"),
]

# OCR misreadings in Appendix D, whose headlines were scanned newspaper cuttings.
ERRATA: list[tuple[str, str]] = [
    ("senior intelligence offcer has been suspended affer", "senior intelligence officer has been suspended after"),
    ("handed in to the BBC a rle marked", "handed in to the BBC a file marked"),
    ('"Al-Qasda Vulnerabilities"', '"Al-Qaeda Vulnerabilities"'),
    ("Welsh governmen date 'missing'", "Welsh government data 'missing'"),
    ("lost or stolen in the last three years, say offcials.", "lost or stolen in the last three years, say officials."),
    ("people who received child bereft.", "people who received child benefit."),
    ("sent them via internal mad from HMRC", "sent them via internal mail from HMRC"),
    ("The Metropolitan Po/ice were informed", "The Metropolitan Police were informed"),
]
ERRATA_RULE = "OCR misreading in a scanned headline (erratum)"


def repair_lines(lines: list[str]) -> tuple[list[str], list[Correction]]:
    """Apply the line rules and errata; return the repaired lines and the corrections."""
    out: list[str] = []
    corrections: list[Correction] = []
    for number, line in enumerate(lines, start=1):
        for pattern, replacement, rule in LINE_RULES:
            for m in list(pattern.finditer(line)):
                fixed = m.expand(replacement) if isinstance(replacement, str) else replacement(m)
                corrections.append(Correction(SOURCE, number, m.group(0), fixed, rule))
            line = pattern.sub(replacement, line)
        for original, fixed in ERRATA:
            if original in line:
                corrections.append(Correction(SOURCE, number, original, fixed, ERRATA_RULE))
                line = line.replace(original, fixed)
        out.append(line)
    return out, corrections


SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"
FOOTNOTE_RULE = "footnote marker run into the word before it"
# A marker as the PDF left it: in superscript, or a plain digit glued to the end of
# a word or sentence ("tenth.1 Technical", "Continuity3 should").
_MARKER = re.compile(rf"(?<=[a-z][a-z][a-z])(?P<stop>\.?)(?:(?P<digit>[1-9])(?=\s+[A-Za-z])|(?P<sup>[{SUPERSCRIPTS}]))")


def mark_footnotes(lines: list[str]) -> tuple[list[str], list[Correction]]:
    """Footnote markers as superscripts, never part of a word. The paper numbers its
    footnotes in order, so a glued digit is a marker only when it is the next
    footnote's number; "V3" or "JTC1" never is (nor is a digit in an address)."""
    out: list[str] = []
    corrections: list[Correction] = []
    expected = 1
    for number, line in enumerate(lines, start=1):
        if line.lstrip()[:1] in SUPERSCRIPTS:  # the footnote itself
            out.append(line)
            continue
        pieces, at = [], 0
        for m in _MARKER.finditer(line):
            if m.group("sup"):
                expected = SUPERSCRIPTS.index(m.group("sup")) + 2
                continue
            word_start = line.rfind(" ", 0, m.start()) + 1
            if int(m.group("digit")) != expected or "://" in line[word_start : m.start()]:
                continue
            expected += 1
            fixed = f"{m.group('stop')}{SUPERSCRIPTS[int(m.group('digit')) - 1]}"
            corrections.append(Correction(SOURCE, number, m.group(0), fixed, FOOTNOTE_RULE))
            pieces += [line[at : m.start()], fixed]
            at = m.end()
        out.append("".join(pieces) + line[at:])
    return out, corrections


WORD_SPLIT = re.compile(r"\b([A-Za-z]{3,})-([a-z]{2,})\b")


def vocabulary(texts: Iterable[str]) -> set[str]:
    return {w.lower() for text in texts for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)}


def join_split_words(text: str, words: set[str], hyphenated: dict[str, int]) -> str:
    """Join a word that a narrow table column split with a hyphen (``Confident-iality``).

    Joined only when the joined word is used elsewhere in the document, the tail
    is no word of its own, and the hyphenated form occurs nowhere else: so
    ``back-up`` and ``Non-repudiation`` stay as written.
    """

    def fix(m: re.Match[str]) -> str:
        head, tail = m.groups()
        joined = (head + tail).lower()
        if joined in words and tail.lower() not in words and hyphenated.get(m.group(0).lower(), 0) <= 1:
            return head + tail
        return m.group(0)

    return WORD_SPLIT.sub(fix, text)
