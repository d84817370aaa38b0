"""Running a program as on an offline workstation: in a network namespace with no
network (``unshare -n``), traced with strace, so that a test can show that it opened
no socket and wrote nothing outside the folders it may write."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

TRACED = (
    "socket,socketpair,connect,bind,open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,"
    "unlink,unlinkat,rmdir,link,linkat,symlink,symlinkat,truncate"
)
SOCKETS = {"socket", "socketpair", "connect", "bind"}
CALL = re.compile(r"^(?:\[pid\s+)?(?P<pid>\d+)\]?\s+(?P<call>\w+)\((?P<args>.*)\)\s+=\s+(?P<result>-?\d+)")
PATH_ARG = re.compile(r'(?:(?:AT_FDCWD|\d+)(?:<(?P<dir>[^>]*)>)?,\s*)?"(?P<path>[^"]*)"')
WRITING = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_TMPFILE")
DEV_NULL = Path("/dev/null")


def need_tools() -> None:
    missing = [tool for tool in ("unshare", "strace") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"the offline tests need {', '.join(missing)} (packaging/setup.sh --dev installs them)")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.fail(f"cannot make a network namespace here: {probe.stderr.strip()}")


def run_offline(
    argv: list[str], env: dict[str, str], trace: Path, cwd: Path, preexec=None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run ``argv`` with no network, every socket and file-writing call traced to ``trace``."""
    command = ["unshare", "-n", "strace", "-f", "-qq", "-y", "-e", f"trace={TRACED}", "-e", "status=successful"]
    return subprocess.run(
        [*command, "-o", str(trace), *argv],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=preexec,
    )


def sockets_opened(trace: Path) -> list[str]:
    return [raw for raw, call, _ in _calls(trace) if call in SOCKETS]


def writes_outside(trace: Path, cwd: Path, allowed: list[Path]) -> list[str]:
    """The trace's lines that created, changed or removed a file outside ``allowed``."""
    outside = []
    for raw, call, args in _calls(trace):
        if call in SOCKETS:
            continue
        if call in ("open", "openat") and not any(flag in args for flag in WRITING):
            continue
        paths = [_absolute(found, cwd) for found in PATH_ARG.finditer(args)]
        if call.startswith(("link", "symlink")):
            paths = paths[1:]  # the new name; the first is what it links to
        elif not call.startswith("rename"):
            paths = paths[:1]  # a rename changes both names; the others name one file
        if any(p != DEV_NULL and not any(p.is_relative_to(a) for a in allowed) for p in paths):
            outside.append(raw)
    return outside


def _absolute(found: re.Match, cwd: Path) -> Path:
    path = Path(found["path"])
    if not path.is_absolute():
        path = (Path(found["dir"]) if found["dir"] else cwd) / path
    return Path(os.path.normpath(path))


def _calls(trace: Path) -> list[tuple[str, str, str]]:
    found = []
    for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
        match = CALL.match(line)
        if match:
            found.append((line, match["call"], match["args"]))
    return found
