"""Shared fixtures. Every test runs with KBAPP_HOME in a temporary folder, so the
user's real data and config folders are never touched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_HOME = tempfile.mkdtemp(prefix="kbapp-tests-")
os.environ["KBAPP_HOME"] = _HOME
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "kbapp" / "resources" / "sources"
CATALOGUE = SOURCES / "resource-catalogue.txt"
WHITE_PAPER = SOURCES / "itil-v3-and-information-security.txt"


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, when it runs the suite (packaging/test.sh)
def pytest_xdist_make_scheduler(config, log):
    """Each test module runs whole on one worker, so that its module fixtures are made
    once; the packaging tests all run on one, because they build kbapp in the source
    tree's build folder. (xdist's own ``loadgroup`` cannot group them under pytest 9.2,
    whose node ids it can no longer rename.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ByModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::")[0]
            return "tests/packaging/" if module.startswith("tests/packaging/") else module

    return ByModule(config, log)


# What a user of the knowledge base keeps beside it: earlier tests' sessions on the shared
# build leave these behind, and a copy without them is a fresh user's (backups of a user
# file that is not there are a lost file, which kbapp restores with a notice).
USER_FILES = ("user.sqlite", "user.sqlite-wal", "user.sqlite-shm", "backups", "session-log.jsonl")


def copy_built_data(built_kb, target: Path) -> Path:
    """A copy of the shared build's data folder at ``target``, with no user's files in it."""
    import shutil

    shutil.copytree(built_kb.paths.data, target, ignore=lambda folder, names: [n for n in names if n in USER_FILES])
    return target


@pytest.fixture(scope="session")
def catalogue():
    from kbapp.sources.catalogue import parse_catalogue

    return parse_catalogue(CATALOGUE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def paper():
    from kbapp.sources.whitepaper import parse_white_paper

    return parse_white_paper(WHITE_PAPER.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_kb(tmp_path_factory):
    """A knowledge base built once from the shipped sources, in its own folder."""
    from kbapp.paths import Paths
    from kbapp.services.knowledge_base import KnowledgeBase

    root = tmp_path_factory.mktemp("kb")
    kb = KnowledgeBase(Paths(data=root / "data", config=root / "config", logs=root / "logs"))
    kb.build()
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def repo(built_kb):
    return built_kb.repository()


@pytest.fixture(scope="session")
def engine(built_kb):
    return built_kb.engine()


@pytest.fixture
def own_kb(built_kb, tmp_path):
    """A built knowledge base of its own (a copy of the session's), free to change or damage."""
    from kbapp.paths import Paths
    from kbapp.services.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(Paths(copy_built_data(built_kb, tmp_path / "data"), tmp_path / "config", tmp_path / "logs"))
    yield kb
    kb.close()


@pytest.fixture
def fresh_kb(tmp_path):
    """A knowledge base in an empty folder of its own, not yet built."""
    from kbapp.paths import Paths
    from kbapp.services.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(Paths(data=tmp_path / "data", config=tmp_path / "config", logs=tmp_path / "logs"))
    yield kb
    kb.close()


@pytest.fixture
def editable(tmp_path):
    """Editable copies of the shipped sources (in tmp_path/src), built into tmp_path/data."""
    import shutil

    from kbapp.paths import Paths
    from kbapp.services.knowledge_base import KnowledgeBase

    src = tmp_path / "src"
    src.mkdir()
    sources = {"catalogue": src / CATALOGUE.name, "white_paper": src / WHITE_PAPER.name}
    shutil.copy(CATALOGUE, sources["catalogue"])
    shutil.copy(WHITE_PAPER, sources["white_paper"])
    kb = KnowledgeBase(Paths(tmp_path / "data", tmp_path / "config", tmp_path / "logs"), sources=sources)
    kb.build()
    yield kb, sources
    kb.close()
