"""Steps of packaging/bundle.sh that are easier in Python than in the shell.

bundle_tools.py warnings WARN_FILE     fail on a module PyInstaller left out that exists
bundle_tools.py prebuilt HOME OUT      check a built knowledge base and copy it for the bundle
bundle_tools.py manifest FOLDER        write the bundle's MANIFEST.sha256
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import shutil
import sys
from pathlib import Path

LINE = re.compile(r"^missing module named (?P<name>\S+) - imported by (?P<importers>.*)$")


def real_misses(warn_text: str) -> list[str]:
    """The missing-module warnings that matter: a module kbapp imports at its top
    level, or one that exists here (so it would fail to import in the bundle only). PyInstaller also
    lists names that are no modules at all (``from multiprocessing import Process``
    reads as a module ``multiprocessing.Process``) and modules of other platforms
    (``winreg``, ``_overlapped``); those are not missing from a Linux bundle."""
    misses = []
    for line in warn_text.splitlines():
        found = LINE.match(line.strip())
        if not found:
            continue
        name, importers = found["name"].strip("'\""), found["importers"]
        if re.search(r"(^|, )kbapp\S* \(top-level\)", importers):
            misses.append(line.strip())  # kbapp cannot even load without it
            continue
        parent, _, attribute = name.rpartition(".")
        if parent and _has_attribute(parent, attribute):
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin not in ("built-in", "frozen"):
            misses.append(line.strip())
    return misses


def _has_attribute(module: str, attribute: str) -> bool:
    try:
        return hasattr(importlib.import_module(module), attribute)
    except Exception:  # a module of another platform fails to import in any way it likes
        return False


def check_prebuilt(home: Path, out: Path) -> None:
    """Check the knowledge base built in ``home`` whole, and copy it to ``out``."""
    from kbapp.paths import Paths
    from kbapp.services.knowledge_base import KnowledgeBase
    from kbapp.storage.integrity import problem_with
    from kbapp.storage.seal import seal_problem

    kb = KnowledgeBase(Paths(home / "data", home / "config", home / "logs"))  # it only reads here
    problem = problem_with(kb.paths.database) or seal_problem(kb.paths.database)
    if problem:
        raise SystemExit(f"bundle: the prebuilt database failed its check: {problem}")
    if not kb.database_is_current():
        raise SystemExit("bundle: the prebuilt database is not of the shipped sources")
    state = kb.index_state(thorough=True)
    if state != "ok":
        raise SystemExit(f"bundle: the prebuilt index failed its check: {state}")
    counts = kb.repository().state.counts()
    kb.close()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copyfile(kb.paths.database, out / "kb.sqlite")
    (out / "index").mkdir()
    for f in kb.paths.index.iterdir():
        if f.is_file() and not f.name.endswith("WRITELOCK"):
            shutil.copyfile(f, out / "index" / f.name)
    print(f"bundle: prebuilt knowledge base checked: {sum(counts.values())} records")


def main(argv: list[str]) -> int:
    if argv[:1] == ["warnings"] and len(argv) == 2:
        misses = real_misses(Path(argv[1]).read_text(encoding="utf-8"))
        for miss in misses:
            print(f"bundle: {miss}", file=sys.stderr)
        if misses:
            print(f"bundle: PyInstaller left out {len(misses)} module(s) that exist; see {argv[1]}", file=sys.stderr)
            return 1
        return 0
    if argv[:1] == ["prebuilt"] and len(argv) == 3:
        check_prebuilt(Path(argv[1]), Path(argv[2]))
        return 0
    if argv[:1] == ["manifest"] and len(argv) == 2:
        from kbapp.services.installation import write_manifest

        print(f"bundle: manifest of {write_manifest(Path(argv[1]))} files written")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
