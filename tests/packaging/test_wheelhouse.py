"""The offline wheelhouse: filled by packaging/wheelhouse.sh from the hashed lock,
installed with pip's secure install (``--no-index --require-hashes``) into a fresh
environment with the network cut off, then used: build and search."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.packaging.offline import need_tools

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "packaging" / "locks"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>\S+) \\$")


def _pins(lock: Path) -> dict[str, tuple[str, int]]:
    """Each pinned package's version and how many hashes it has."""
    pins: dict[str, tuple[str, int]] = {}
    name = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        if found := PIN.match(line):
            name = found["name"].lower().replace("_", "-")
            pins[name] = (found["version"], 0)
        elif line.strip().startswith("--hash=sha256:") and name:
            version, hashes = pins[name]
            pins[name] = (version, hashes + 1)
    return pins


@pytest.mark.parametrize("platform", ["linux-x86_64", "windows-amd64"])
@pytest.mark.parametrize("python", ["3.11", "3.12", "3.13"])
def test_each_lock_pins_every_dependency_with_hashes(platform, python):
    lock = LOCKS / f"{platform}-py{python}.txt"
    pins = _pins(lock)
    assert pins and all(hashes > 0 for _, hashes in pins.values()), lock
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for text in declared:
        wanted = Requirement(text)
        name = wanted.name.lower().replace("_", "-")
        assert name in pins, f"{lock.name} lacks {name}: run packaging/lock.sh"
        assert wanted.specifier.contains(pins[name][0]), f"{lock.name} pins {name} {pins[name][0]}, not {wanted}"


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory) -> Path:
    """This platform's wheelhouse for the running Python, filled by the script."""
    need_tools()
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    house = tmp_path_factory.mktemp("wheelhouse")
    done = subprocess.run(
        ["bash", "packaging/wheelhouse.sh", "--python", python, "--out", str(house)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=house).returncode == 0
    return house


@pytest.mark.slow
def test_the_wheelhouse_installs_and_runs_with_the_network_cut_off(wheelhouse, tmp_path):
    house = wheelhouse

    venv = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "user"), "KBAPP_HOME": str(tmp_path / "kb")}
    offline = ["unshare", "-n"]
    install = [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", "--no-index"]
    done = subprocess.run(
        [*offline, *install, "--find-links", str(house), "--require-hashes", "-r", str(house / "requirements.txt")],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr

    kbapp = str(venv / "bin" / "kbapp")
    done = subprocess.run([*offline, kbapp, "build"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0 and "database rebuilt" in done.stdout, done.stdout + done.stderr
    done = subprocess.run(
        [*offline, kbapp, "search", "risk management", "--limit", "3"],
        env=env, cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Risk Management" in done.stdout


@pytest.mark.slow
def test_a_wheel_that_does_not_match_its_hash_is_refused(wheelhouse, tmp_path):
    import shutil

    house = tmp_path / "wheelhouse"
    shutil.copytree(wheelhouse, house)
    wheel = next(house.glob("tabulate-*.whl"))
    wheel.write_bytes(wheel.read_bytes() + b"\0")
    venv = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    done = subprocess.run(
        ["unshare", "-n", sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "--no-index", "--find-links", str(house), "--require-hashes", "-r", str(house / "requirements.txt")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode != 0
    assert "DO NOT MATCH THE HASHES" in done.stdout + done.stderr
