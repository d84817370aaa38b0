"""kbapp installs as a real package: a wheel built from the checkout carries the
shipped sources and icons, and works from a virtual environment outside the tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

WINDOW_SEARCH = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication
    from kbapp.ui.app import create_window

    app = QApplication(sys.argv)
    window = create_window()
    window.show()
    window.start()
    results = []
    window.search.results.connect(results.append)
    deadline = __import__("time").monotonic() + 60
    while not window.ready and __import__("time").monotonic() < deadline:
        app.processEvents()
    window.search_text("ISMS")
    while not results and __import__("time").monotonic() < deadline:
        app.processEvents()
    print(results[-1].hits[0].id if results and results[-1].hits else "no results")
    window.close()
    """
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """kbapp's wheel installed into a new virtual environment outside the source tree;
    its third-party packages are the test environment's, by a path file."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(root), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=root,
    )
    wheel = next(root.glob("kbapp-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "third-party.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {
        **os.environ,
        "KBAPP_HOME": str(root / "home"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": "",
    }
    env.pop("KBAPP_RESOURCES", None)
    return python, env


def test_wheel_carries_the_sources_and_icons(installed):
    wheel = next(installed[0].parents[2].glob("kbapp-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "kbapp/resources/sources/resource-catalogue.txt" in names
    assert "kbapp/resources/sources/itil-v3-and-information-security.txt" in names
    assert "kbapp/resources/icons/kbapp.svg" in names


def _run(installed, program: str, *args: str) -> subprocess.CompletedProcess:
    """``program`` from the new environment's bin folder (``python``, ``kbapp``)."""
    python, env = installed
    return subprocess.run(
        [python.parent / program, *args], env=env, cwd=python.parents[2], capture_output=True, text=True, timeout=300
    )


def test_installed_kbapp_is_the_wheel_not_the_checkout(installed):
    done = _run(installed, "python", "-c", "import kbapp, sys; print(kbapp.__file__)")
    assert done.returncode == 0, done.stderr
    assert str(ROOT) not in done.stdout and str(installed[0].parents[1]) in done.stdout


def test_installed_wheel_builds_and_searches(installed):
    built = _run(installed, "kbapp", "build")
    assert built.returncode == 0, built.stderr
    assert "30 resources" in built.stdout
    found = _run(installed, "kbapp", "search", "ISMS", "--format", "json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["hits"][0]["id"] == "abbreviation:ISMS"


def test_installed_wheel_opens_the_window_and_searches(installed):
    _run(installed, "kbapp", "build")
    done = _run(installed, "python", "-c", WINDOW_SEARCH)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "abbreviation:ISMS"
