"""Whatever a user types or pastes, every entry point answers and never raises
(issue 12, item 10): generated text with lone surrogates, control characters,
operators, quotes, wildcards, ranges and notations, through the real index and
database. An expected refusal is a NotFound or UsageError carrying a message."""

from __future__ import annotations

import os
import random

import pytest

from kbapp.domain.errors import KbError
from kbapp.domain.itil import resolve_itil
from kbapp.domain.mapping_rules import annex_a_in
from kbapp.search.lookup import define
from kbapp.search.query_text import sanitise
from kbapp.search.results import parse_years

PIECES = [
    "risk", "ISMS", "isms", "A.12.6.1", "10.1.2", "SD 4.6.4.3", "ISO 27001", "BS 7799", "AND", "OR", "NOT",
    "ANDNOT", "ANDMAYBE", "(", ")", '"', "*", "?", "~", "^2", ":", "[", "]", "{", "}", "TO", "year:", "type:",
    "content:[0 TO 9]", "title:", "\\", "/", "-", "+", "\x00", "\x1b]52;c;x\x07", "\ud800", "\udcff", "\ufffd",
    "é", "ß", "漢字", "😀", "\u200d", "\t", "\n", " ", "..", "2016..", ">2018", "organisation", "www.iosm.com",
]  # fmt: skip
N = int(os.environ.get("KBAPP_FUZZ", "10000"))  # KBAPP_FUZZ=100000 for the longer run


def generated(seed: int, n: int = N):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(PIECES) + rng.choice(["", " ", ""]) for _ in range(rng.randint(0, 6)))


def test_pure_rules_take_any_text():
    for text in generated(1):
        sanitise(text)
        annex_a_in(text)
        parse_years(text)
        try:
            resolve_itil(text, ["SD-4.6.4.3", "ST-4.3", "SD-4.3"], {"SD": "Service Design", "ST": "Service Transition"})
        except KbError as exc:
            assert str(exc)


def test_lookups_and_records_take_any_text(repo):
    for text in generated(2):
        define(repo.glossary, text)
        for call in (repo.records.get, repo.mappings.map_clause, repo.mappings.map_itil, repo.itil.resolve):
            try:
                call(text)
            except KbError as exc:
                assert str(exc)


def test_the_query_parser_takes_any_text(engine):
    for text in generated(3):
        engine.parse(text)
        engine.parse(text, prefix_last=True)


@pytest.mark.parametrize(("seed", "n"), [(4, 1_000)])
def test_search_takes_any_text(engine, seed, n):
    """Full searches are slower; 1,000 here, 10^4 in the slow run below."""
    for text in generated(seed, n):
        result = engine.search(text, limit=5)
        assert result.total >= 0
        engine.search(text, limit=5, prefix_last=True)


@pytest.mark.slow
def test_search_takes_any_text_at_length(engine):
    for text in generated(5):
        assert engine.search(text, limit=5).total >= 0


def test_completions_take_any_text(built_kb):
    for text in generated(11):
        for completion in built_kb.complete(text):
            assert completion.title and completion.id


ARGV_BYTES = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80abc", b"caf\xe9", b"\x1b[2J"]


def cli_arguments(seed: int, n: int):
    """Command lines as the shell hands them over: undecodable bytes arrive in
    sys.argv as surrogate escapes."""
    rng = random.Random(seed)
    for text in generated(seed, n):
        if rng.random() < 0.3:
            raw = text.encode("utf-8", "surrogatepass") + rng.choice(ARGV_BYTES)
            text = raw.decode("utf-8", "surrogateescape")
        yield rng.choice(
            [["define", text], ["show", text], ["map", text], ["search", text], ["search", "--format", "json", text]]
        )


@pytest.mark.parametrize(("seed", "n"), [(12, 300)])
def test_the_command_line_takes_any_arguments(own_kb, monkeypatch, capsys, seed, n):
    """In process, as `kbapp …` runs: 300 here, 10^4 in the slow run."""
    from kbapp.cli import main

    own_kb.close()
    monkeypatch.setenv("KBAPP_HOME", str(own_kb.paths.data.parent))
    for argv in cli_arguments(seed, n):
        assert main(argv) in (0, 1, 2), argv
        out, err = capsys.readouterr()
        assert "Traceback" not in err


@pytest.mark.slow
def test_the_command_line_takes_any_arguments_at_length(own_kb, monkeypatch, capsys):
    test_the_command_line_takes_any_arguments(own_kb, monkeypatch, capsys, 13, N)
