"""Data flows one way, and nothing below ui/ knows about Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kbapp"
NO_QT = [
    "kbapp.domain",
    "kbapp.sources",
    "kbapp.storage",
    "kbapp.search",
    "kbapp.export",
    "kbapp.services.knowledge_base",
    "kbapp.cli",
]


@pytest.mark.parametrize("module", NO_QT)
def test_lower_layers_import_no_qt(module):
    code = (
        "import importlib, pkgutil, sys\n"
        f"m = importlib.import_module('{module}')\n"
        "for info in pkgutil.walk_packages(getattr(m, '__path__', []), m.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


LAYERS = {"domain": 0, "sources": 1, "storage": 2, "search": 3}


@pytest.mark.parametrize("layer", list(LAYERS))
def test_data_flows_one_way(layer):
    for path in (PACKAGE / layer).rglob("*.py"):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "kbapp" and len(parts) > 1 and parts[1] in LAYERS:
                assert LAYERS[parts[1]] <= LAYERS[layer], f"{path.name} imports {name}"
            assert parts[:2] != ["kbapp", "ui"], f"{path.name} imports the UI"


def test_sql_lives_in_storage():
    for path in PACKAGE.rglob("*.py"):
        if "storage" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "SELECT " not in text and "INSERT " not in text, path
