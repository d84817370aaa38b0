"""The layers of kbapp, checked so that they stay so.

Data flows one way: domain → sources → storage → search → services → cli | ui.
SQLite (and every transaction) lives in storage/, Whoosh in search/, Qt in ui/.
Modules stay small and import no cycle.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kbapp"
# A module may import its own package and any layer below its own.
LAYERS = {
    "domain": 0,
    "paths": 1,
    "sources": 1,
    "storage": 2,
    "search": 3,
    "export": 3,
    "present": 4,
    "services": 5,
    "cli": 6,
    "ui": 6,
}
# The imports upwards: the command line opens the window when given no command, and
# for ``kbapp check --window``, which starts it and uses it once.
ALLOWED_UP = {("cli/__init__.py", "kbapp.ui.app"), ("cli/commands/check.py", "kbapp.ui.selfcheck")}
OWNERS = {"sqlite3": "storage", "sqlite_utils": "storage", "whoosh": "search", "PySide6": "ui", "shiboken6": "ui"}
MAX_LINES = 400
MAX_WINDOW_LINES = 300


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def layer_of(path: Path) -> str | None:
    first = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    return first if first in LAYERS else None


def imports_of(path: Path) -> set[str]:
    """Every module the file imports, at the top, in a function or for type checking."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", modules(), ids=relative)
def test_data_flows_one_way(path):
    layer = layer_of(path)
    if layer is None:
        return
    for name in imports_of(path):
        parts = name.split(".")
        if parts[0] != "kbapp" or len(parts) < 2 or parts[1] not in LAYERS or parts[1] == layer:
            continue
        if (relative(path), name) in ALLOWED_UP:
            continue
        assert LAYERS[parts[1]] < LAYERS[layer], f"{relative(path)} ({layer}) imports {name} ({parts[1]})"


@pytest.mark.parametrize("path", modules(), ids=relative)
def test_sqlite_whoosh_and_qt_live_in_their_own_layer(path):
    layer = layer_of(path)
    for name in imports_of(path):
        owner = OWNERS.get(name.split(".")[0])
        assert owner is None or owner == layer, f"{relative(path)} imports {name}, which belongs in {owner}/"


@pytest.mark.parametrize("path", modules(), ids=relative)
def test_sql_and_transactions_live_in_storage(path):
    if layer_of(path) == "storage":
        return
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|BEGIN|COMMIT|ROLLBACK)\s+[A-Z*a-z_]", text), path
    assert ".atomic(" not in text and ".execute(" not in text and ".query(" not in text, path


NO_QT = ["kbapp.domain", "kbapp.sources", "kbapp.storage", "kbapp.search", "kbapp.export", "kbapp.present",
         "kbapp.services", "kbapp.cli", "kbapp.paths"]  # fmt: skip


@pytest.mark.parametrize("module", NO_QT)
def test_lower_layers_load_no_qt(module):
    code = (
        "import importlib, pkgutil, sys\n"
        f"m = importlib.import_module('{module}')\n"
        "for info in pkgutil.walk_packages(getattr(m, '__path__', []), m.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_modules_stay_small():
    sizes = {relative(p): len(p.read_text(encoding="utf-8").splitlines()) for p in modules()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
    assert sizes["ui/main_window.py"] < MAX_WINDOW_LINES


def test_no_import_cycle():
    graph: dict[str, set[str]] = {}
    for path in modules():
        name = "kbapp." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        graph[name.removesuffix(".__init__")] = {n for n in imports_of(path) if n.startswith("kbapp.")}
    # A module importing a package depends on that package's __init__ only.
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if target not in graph:
                continue
            if state.get(target) == 1:
                cycle.extend(trail[trail.index(target) :] + [node, target] if target in trail else [node, target])
                return True
            if state.get(target) is None and visit(target, trail + [node]):
                return True
        state[node] = 2
        return False

    for node in sorted(graph):
        if state.get(node) is None and visit(node, []):
            break
    assert cycle == [], " → ".join(cycle)
