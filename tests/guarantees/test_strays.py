"""No process outlives kbapp holding the writer lock: workers forked while the lock is
held die with their parent, and strays left by a killed kbapp are ended by the next
one that wants to write."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbapp.storage.lock import LOCK_FILE, Busy, WriterLock
from tests.faults import ROOT, kbapp_env, run_kbapp

pytestmark = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="Linux only")

# A kbapp of an older kind: it takes the lock, forks a worker that inherits the
# locked descriptor, and dies; the worker goes on holding the lock.
OLD_KBAPP_DIES_LEAVING_A_WORKER = r"""
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, str(os.getpid()).encode())
worker = os.fork()
if worker == 0:
    os.close(1), os.close(2)  # let whoever reads the old kbapp's output see it end
    time.sleep(300)
    os._exit(0)
print(worker, flush=True)
os._exit(0)
"""


def is_running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie may wait for a reaper that never comes)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def end(*pids: int) -> None:
    """Leave no process behind when a test fails."""
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


def _leave_a_stray(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", OLD_KBAPP_DIES_LEAVING_A_WORKER, str(folder / LOCK_FILE)],
        capture_output=True,
        text=True,
        check=True,
    )
    stray = int(done.stdout)
    assert is_running(stray)
    return stray


def test_a_stray_of_a_dead_kbapp_is_ended_by_the_next_writer(tmp_path):
    stray = _leave_a_stray(tmp_path)
    started = time.monotonic()
    try:
        with WriterLock(tmp_path, timeout=3) as lock:
            assert lock.ended_strays == [stray]
        assert time.monotonic() - started < 3
        assert not is_running(stray)
    finally:
        end(stray)


def test_a_live_writer_is_waited_for_never_ended(tmp_path):
    script = "import sys, time; from pathlib import Path; from kbapp.storage.lock import WriterLock\n"
    script += "lock = WriterLock(Path(sys.argv[1])); lock.acquire(); print('held', flush=True); time.sleep(300)"
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "held"
        with pytest.raises(Busy, match="another kbapp is updating"):
            WriterLock(tmp_path, timeout=0.3).acquire()
        assert is_running(writer.pid)
    finally:
        end(writer.pid)


def test_a_child_forked_while_the_lock_is_held_neither_holds_it_nor_outlives_its_parent(tmp_path):
    script = r"""
import os, sys, time
from pathlib import Path
from kbapp.storage.lock import WriterLock
lock = WriterLock(Path(sys.argv[1]))
lock.acquire()
if os.fork() == 0:
    print(os.getpid(), flush=True)  # the child speaks once fork() has returned in it
    time.sleep(300)
    os._exit(0)
time.sleep(300)
"""
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    child = int(parent.stdout.readline())
    try:
        lock_path = os.path.realpath(tmp_path / LOCK_FILE)
        held = [os.readlink(fd) for fd in Path(f"/proc/{child}/fd").iterdir()]
        assert lock_path not in held  # the child has no copy of the locked descriptor
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 3
        while is_running(child) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not is_running(child)
    finally:
        end(parent.pid, child)
    with WriterLock(tmp_path, timeout=1) as lock:
        assert lock.ended_strays == []


@pytest.mark.slow
def test_a_build_after_a_stray_holds_the_lock_succeeds_at_once(tmp_path):
    env = kbapp_env(tmp_path / "home")
    assert run_kbapp(["build"], env).returncode == 0
    data = next(p.parent for p in (tmp_path / "home").rglob("kb.sqlite"))
    stray = _leave_a_stray(data)
    started = time.monotonic()
    try:
        done = run_kbapp(["build", "--force"], env)
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - started < 14  # not the 15 s wait that ends in "another kbapp is updating"
        assert not is_running(stray)
    finally:
        end(stray)
