"""The offline bundle, as an administrator gets it: built by packaging/bundle.sh,
checked against SHA256SUMS, unpacked into a folder the user cannot write, and run
with the network cut off: start, search, look up, export, quit. No socket is
opened and nothing is written outside the user's own folders."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from kbapp import __version__
from tests.faults import shared_folder, unprivileged
from tests.packaging.offline import need_tools, run_offline, sockets_opened, writes_outside

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = f"kbapp-{__version__}-linux-x86_64.tar.gz"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """The bundle's archive; built here unless KBAPP_BUNDLE_ARCHIVE names one."""
    given = os.environ.get("KBAPP_BUNDLE_ARCHIVE")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        ["bash", "packaging/bundle.sh", "--no-setup", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out / ARCHIVE


@pytest.fixture(scope="module")
def installed(archive, tmp_path_factory):
    """The archive checked and unpacked into a read-only folder, as /opt/kbapp would be."""
    need_tools()
    sums = archive.parent / "SHA256SUMS"
    done = subprocess.run(["sha256sum", "--check", sums.name], cwd=archive.parent, capture_output=True, text=True)
    assert done.returncode == 0 and f"{ARCHIVE}: OK" in done.stdout, done.stdout + done.stderr
    opt = shared_folder("kbapp-opt-")  # pytest's folders are root's alone
    with tarfile.open(archive) as tar:
        tar.extractall(opt, filter="tar")
    bundle = opt / f"kbapp-{__version__}"
    _chmod_all(opt, lambda mode: mode & ~0o222)  # as the archive has it; programs keep their x bit
    yield bundle
    _chmod_all(opt, lambda mode: mode | 0o200)
    shutil.rmtree(opt)


def _chmod_all(folder: Path, change) -> None:
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(change(path.stat().st_mode))


@pytest.fixture
def user():
    """A user's home (their per-user folders, and TMPDIR, are in it), which an
    unprivileged process may use."""
    folder = shared_folder("kbapp-user-")
    home = folder / "home"
    (home / "tmp").mkdir(parents=True)
    for path in [home, home / "tmp"]:
        path.chmod(0o777)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
        "LANG": "C.UTF-8",
        "COLUMNS": "160",
    }  # no DISPLAY, no KBAPP_HOME, no QT_QPA_PLATFORM: as a fresh login on a workstation
    yield home, env
    shutil.rmtree(folder)


def _run(bundle: Path, user, *args: str, trace_name: str):
    home, env = user
    trace = home.parent / f"{trace_name}.strace"
    done = run_offline([str(bundle / "kbapp"), *args], env, trace, cwd=home, preexec=unprivileged())
    assert done.returncode == 0, f"kbapp {' '.join(args)}: {done.stdout}{done.stderr}"
    assert sockets_opened(trace) == [], f"kbapp {' '.join(args)} opened a socket"
    assert writes_outside(trace, home, [home]) == [], f"kbapp {' '.join(args)} wrote outside {home}"
    return done


def test_the_bundle_is_a_folder_without_qt_network_or_web_modules(installed):
    names = [p.name for p in installed.rglob("*")]
    assert not [n for n in names if "Network" in n or "WebEngine" in n or "qvnc" in n]
    assert (installed / "MANIFEST.sha256").is_file()
    assert (installed / "_internal" / "kbapp" / "resources" / "prebuilt" / "kb.sqlite").is_file()


def test_the_folder_cannot_be_written_by_the_user(installed, user):
    home, env = user
    done = subprocess.run(["touch", str(installed / "x")], env=env, preexec_fn=unprivileged(), capture_output=True)
    assert done.returncode != 0


def test_offline_start_search_look_up_export_and_quit(installed, user):
    home, _ = user
    done = _run(installed, user, "check", trace_name="check")
    assert "match MANIFEST.sha256" in done.stdout

    done = _run(installed, user, "build", trace_name="build")
    assert "installed from the bundle's verified prebuilt copy" in done.stdout  # the first start builds nothing
    data = home / ".local" / "share" / "kbapp"
    assert (data / "kb.sqlite").is_file()

    done = _run(installed, user, "search", "ISMS", "--format", "json", trace_name="search")
    hits = json.loads(done.stdout)["hits"]
    assert hits[0]["id"] == "abbreviation:ISMS"

    done = _run(installed, user, "define", "SLA", trace_name="define")
    assert "Service Level Agreement" in done.stdout

    out = home / "evidence.csv"
    _run(installed, user, "export", "mapping:27001:4.2", "--output", str(out), trace_name="export")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["mapping:27001:4.2"]

    # The window, offscreen for want of a display: start, search, look up, export, close.
    done = _run(installed, user, "check", "--window", trace_name="window")
    said = [line.removeprefix("window: ").split(" ")[0] for line in done.stdout.splitlines() if "window:" in line]
    assert said == ["started", "searched", "looked", "exported", "closed"], done.stdout

    # and the bundle is as it was shipped
    assert "match MANIFEST.sha256" in _run(installed, user, "check", trace_name="after").stdout


def test_check_reports_a_tampered_bundle(installed, tmp_path):
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(installed), str(copy)], check=True)
    _chmod_all(copy, lambda mode: mode | 0o200)
    catalogue = copy / "_internal" / "kbapp" / "resources" / "sources" / "resource-catalogue.txt"
    data = bytearray(catalogue.read_bytes())
    data[100] ^= 0x01
    catalogue.write_bytes(bytes(data))
    (copy / "_internal" / "kbapp" / "resources" / "icons" / "term.svg").unlink()
    done = subprocess.run([str(copy / "kbapp"), "check"], capture_output=True, text=True, env={"HOME": str(tmp_path)})
    assert done.returncode == 1
    assert "changed: _internal/kbapp/resources/sources/resource-catalogue.txt" in done.stdout
    assert "missing: _internal/kbapp/resources/icons/term.svg" in done.stdout


def test_install_for_one_user_with_a_menu_entry_then_remove_it(installed, user):
    from tests.packaging.test_desktop import ID, validate_desktop_entry, validate_metainfo

    home, env = user
    env = {**env, "PATH": f"{home}/.local/bin:/usr/bin:/bin"}
    done = subprocess.run([str(installed / "install.sh"), "--user"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    app = home / ".local" / "opt" / "kbapp"
    entry = home / ".local" / "share" / "applications" / f"{ID}.desktop"
    validate_desktop_entry(entry)
    validate_metainfo(home / ".local" / "share" / "metainfo" / f"{ID}.metainfo.xml")
    assert f"Exec={app}/kbapp" in entry.read_text()
    assert (home / ".local" / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{ID}.svg").is_file()
    done = subprocess.run(["kbapp", "check"], env=env, capture_output=True, text=True)  # the command on PATH
    assert done.returncode == 0 and f"{app}: all" in done.stdout, done.stdout + done.stderr
    subprocess.run(["kbapp", "build"], env=env, check=True, capture_output=True)
    data = home / ".local" / "share" / "kbapp" / "kb.sqlite"
    assert data.is_file()

    done = subprocess.run(
        [str(installed / "install.sh"), "--uninstall", "--user"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not app.exists() and not entry.exists() and not (home / ".local" / "bin" / "kbapp").exists()
    assert data.is_file()  # the user's own data stays, and they are told where it is
    assert "~/.local/share/kbapp" in done.stdout


def test_install_for_every_user_under_opt(installed, tmp_path):
    root = tmp_path / "root"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DESTDIR": str(root)}
    done = subprocess.run([str(installed / "install.sh")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "opt" / "kbapp" / "kbapp").is_file()
    assert not (root / "opt" / "kbapp" / "kbapp").stat().st_mode & 0o222  # read-only, as installed
    assert (root / "usr" / "local" / "bin" / "kbapp").resolve() == Path("/opt/kbapp/kbapp")
    entry = root / "usr" / "local" / "share" / "applications" / "org.kbapp.kbapp.desktop"
    assert "Exec=/opt/kbapp/kbapp" in entry.read_text()
    done = subprocess.run([str(installed / "install.sh"), "--uninstall"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (root / "opt" / "kbapp").exists() and not entry.exists()


def test_install_refuses_a_tampered_bundle(installed, tmp_path):
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(installed), str(copy)], check=True)
    _chmod_all(copy, lambda mode: mode | 0o200)
    (copy / "_internal" / "kbapp" / "resources" / "icons" / "term.svg").write_text("<svg/>")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home")}
    done = subprocess.run([str(copy / "install.sh"), "--user"], env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert "does not match its manifest" in done.stderr
    assert "changed: _internal/kbapp/resources/icons/term.svg" in done.stdout
    assert not (tmp_path / "home" / ".local" / "opt" / "kbapp").exists()
