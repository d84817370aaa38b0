"""Keystroke to results painted, in the real window: Xvfb with openbox, the window in a
process of its own, xdotool typing each query at a steady pace, and the window itself
reporting, for each key, how long after the search box changed the results showing
that query were painted (tests/ui/xvfb/window_under_test.PaintClock). A key overtaken
by the next before its results came is counted as such, not timed."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.synthetic import ROOT, shipped_sources, write_sources

TYPING_DELAY_MS = 120  # between keys: a quick typist's pace
TOOLS = ("Xvfb", "openbox", "xdotool")


def _resources(folder: Path, n: int) -> Path:
    """A resources folder (KBAPP_RESOURCES) holding the shipped icons and the sources of size ``n``."""
    shutil.copytree(ROOT / "kbapp" / "resources" / "icons", folder / "icons")
    (write_sources if n else lambda f, _n: shipped_sources(f))(folder / "sources", n)
    return folder


def keystroke_to_paint(n: int, queries: list[str]) -> dict:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return {"skipped": f"needs {', '.join(missing)} (packaging/setup.sh --dev installs them)"}
    from tests.ui.xvfb.display import RealWindow

    with tempfile.TemporaryDirectory(prefix=f"kbapp-bench-keys-{n}-") as work:
        resources = _resources(Path(work) / "resources", n)
        env = {"KBAPP_RESOURCES": str(resources)}
        home = Path(work) / "home"
        subprocess.run(
            [sys.executable, "-m", "kbapp", "build"], env={**_environ(), "KBAPP_HOME": str(home), **env}, check=True,
            capture_output=True,
        )  # fmt: skip
        window = RealWindow(home, extra_env=env)
        try:
            window.wait_for("ready", timeout=120)
            typed = 0
            for query in queries:
                window.keys("ctrl+k", "ctrl+a", "BackSpace")
                subprocess.run(["xdotool", "type", "--delay", str(TYPING_DELAY_MS), query], env=window.env, check=True)
                typed += len(query)
                window.settle(quiet=1.0)
            painted = [e["ms"] for e in window.seen if e["event"] == "painted" and len(e["query"]) > 0]
        finally:
            window.close()
    if not painted:
        return {"keys": typed, "painted": 0}
    painted.sort()
    return {
        "keys": typed,
        "painted": len(painted),
        "p50_ms": round(statistics.median(painted), 1),
        "p95_ms": round(painted[min(len(painted) - 1, int(len(painted) * 0.95))], 1),
        "max_ms": round(painted[-1], 1),
        "typing_delay_ms": TYPING_DELAY_MS,
    }


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)
