"""Whatever a catalogue file holds, the catalogue parser and the import reader answer
with entries or with a SourceError naming the file (and the line where there is one),
never another exception (issue 12, item 10). The inputs are the shipped catalogue's
own bytes, cut at random places and damaged: bits flipped, lines dropped or doubled,
bytes that are not UTF-8, NULs, byte-order marks, impossible dates, stray keywords."""

from __future__ import annotations

import io
import random
import re

import pytest

from kbapp.domain.errors import SourceError
from kbapp.sources.catalogue import iter_entries, parse_catalogue
from kbapp.sources.text import decode_source, iter_source_lines
from tests.conftest import CATALOGUE
from tests.guarantees.test_fuzz import N

REAL = CATALOGUE.read_bytes()
INSERTS = [
    b"\x00", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\xff\xfe", b"\r", b"\r\n", b"\n\n", b"Resource\n", b"Resource",
    b"Published 31/02/2020\n", b"Published 01/13/2020\n", b"Published \n", b"Authoring body: \n",
    b"Authoring body: College of Policing (CoP\n", b"  \xe2\x80\xa2 \n", b"\t", b"\x1b]52;c;eA==\x07",
    b"\xe2\x80\xae", b"x" * 5000, "漢字 é ß 😀".encode(), b"<b>bold</b> <a href='http://x'>y</a>", b"=1+1",
]  # fmt: skip
NAME = "fuzzed catalogue.txt"
ENTRY_STARTS = [m.start() + 1 for m in re.finditer(rb"\nResource\n", REAL)] + [len(REAL)]


def damaged(seed: int, n: int = N):
    rng = random.Random(seed)
    for _ in range(n):
        if rng.random() < 0.7:  # whole entries, so that many still parse
            first = rng.randrange(len(ENTRY_STARTS) - 1)
            last = min(len(ENTRY_STARTS) - 1, first + rng.randint(1, 4))
            data = bytearray(REAL[ENTRY_STARTS[first] : ENTRY_STARTS[last]])
        else:  # anywhere
            start = rng.randrange(len(REAL))
            data = bytearray(REAL[start : start + rng.randint(0, 4000)])
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 4])):
            where = rng.randint(0, len(data))
            action = rng.randrange(4)
            if action == 0 and data:
                data[min(where, len(data) - 1)] ^= 1 << rng.randrange(8)
            elif action == 1:
                data[where:where] = rng.choice(INSERTS)
            elif action == 2:
                lines = bytes(data).split(b"\n")
                i = rng.randrange(len(lines))
                lines[i : i + 1] = [] if rng.random() < 0.5 else [lines[i], lines[i]]
                data = bytearray(b"\n".join(lines))
            else:
                del data[where:]
        yield bytes(data)


def _refusal_names_the_file(exc: SourceError, data: bytes) -> None:
    assert exc.path == NAME and str(exc).startswith(NAME)
    if exc.line is not None:  # a line of the file as an editor counts them (a lone CR ends one too)
        assert 1 <= exc.line <= len(re.split(rb"\r\n|\r|\n", data)), (exc, data[-80:])


def test_the_catalogue_parser_takes_any_bytes():
    parsed = 0
    for data in damaged(6):
        try:
            parse_catalogue(decode_source(data, NAME), NAME)
            parsed += 1
        except SourceError as exc:
            _refusal_names_the_file(exc, data)
    assert parsed > N // 20  # many inputs are still catalogues: the parse itself was exercised


def test_the_import_reader_takes_any_bytes():
    read = 0
    for data in damaged(7):
        try:
            for entry in iter_entries(iter_source_lines(io.BytesIO(data), NAME), NAME):
                assert entry.fields["title"]
            read += 1
        except SourceError as exc:
            _refusal_names_the_file(exc, data)
    assert read > N // 20


@pytest.mark.slow
def test_imports_of_damaged_files_are_whole_or_absent(own_kb, tmp_path):
    """Through the real import, 300 of them: each is in whole or refused with nothing written."""
    own_kb.ensure_ready()
    shipped = own_kb.repository().state.counts()["resource"]
    path = tmp_path / NAME
    for data in damaged(8, 300):
        path.write_bytes(data)
        try:
            report = own_kb.import_catalogue(path)
        except SourceError as exc:
            assert "nothing was imported" in str(exc) or "imported already" in str(exc)
            assert own_kb.repository().state.counts()["resource"] == shipped
            continue
        # A damaged copy of the catalogue mostly changes its resources (issue 15), adding few.
        assert own_kb.repository().state.counts()["resource"] == shipped + report.added
        assert report.entries == report.added + report.changed
        own_kb.remove_import(report.name)
        assert own_kb.repository().state.counts()["resource"] == shipped
