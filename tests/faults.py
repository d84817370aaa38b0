"""Producing faults for real: a file-size limit that fills the "disk", a user who
cannot write a folder, a process killed mid-write, damaged files."""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2
ROOT = Path(__file__).resolve().parent.parent


def kbapp_env(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "KBAPP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "COLUMNS": "160", **extra}


def disk_full_after(limit: int):
    """A preexec function: files this process writes cannot grow past ``limit`` bytes,
    so writes fail with EFBIG as on a full disk (the signal is ignored, so the
    write fails instead of killing the process)."""

    def limit_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_files


def unprivileged():
    """A preexec function that takes away root's power to ignore file permissions
    (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, dropped from the bounding set before
    exec), so that a read-only folder is read-only to the test's process too. None
    when not root already. (Switching to ``nobody`` would do it too, but the
    interpreter may live in root's home, where nobody may not go.)"""
    if os.geteuid() != 0:
        return None

    def drop() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")

    return drop


def shared_folder(prefix: str) -> Path:
    """A folder that an unprivileged process can use too (pytest's are root's only)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o777)
    return folder


def run_kbapp(args: list[str], env: dict[str, str], preexec=None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kbapp", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=preexec,
        timeout=timeout,
    )


def make_read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)


def make_writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)


def truncate(path: Path, fraction: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes, to show that nothing changed (but the
    notes of when the database and the index were last checked, which a check may write)."""
    from kbapp.storage.checked import STAMPS

    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in STAMPS
    }


def entry_titled(title: str, description: str) -> str:
    """One catalogue entry, in the shipped format, with the given title."""
    return f"""Resource
{title}
{description}
Published 15/09/2023
Authoring body: Example Constabulary (EXC)
Guidance
"""
