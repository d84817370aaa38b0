"""Valid JSON of the wrong shape in the index's marker or vocabulary is damage like any
other (issue 12, item 9): the next command rebuilds the index and answers, never a
traceback."""

from __future__ import annotations

import json

import pytest

from kbapp.search.index import MARKER
from kbapp.search.vocabulary import VOCABULARY_FILE
from tests.faults import kbapp_env, run_kbapp

MARKERS = ["[]", '"x"', "null", "5", '{"build_id": 5}', '{"build_id": "a", "schema": "8", "doc_count": "x"}']
VOCABULARIES = ["[]", '{"risk": 5}', '{"risk": []}', '{"risk": ["risk"]}', '{"risk": [1, "x"]}',
                '{"risk": ["risk", true]}', '{"risk": ["risk", 1, "zz"]}']  # fmt: skip


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    env = kbapp_env(tmp_path_factory.mktemp("shapes"))
    assert run_kbapp(["build"], env).returncode == 0
    return env


@pytest.mark.parametrize(
    ("name", "text"), [(MARKER, t) for t in MARKERS] + [(VOCABULARY_FILE, t) for t in VOCABULARIES]
)
def test_a_wrongly_shaped_file_is_rebuilt(home, name, text):
    from pathlib import Path

    index = Path(home["KBAPP_HOME"]) / "data" / "index"
    (index / name).write_text(text, encoding="utf-8")
    searched = run_kbapp(["search", "risk", "--format", "json"], home)
    assert "Traceback" not in searched.stderr, searched.stderr
    assert searched.returncode == 0 and json.loads(searched.stdout)["hits"][0]["id"] == "term:risk"
    assert (index / name).read_text(encoding="utf-8") != text  # rebuilt
    assert run_kbapp(["build"], home).returncode == 0
