"""One writer at a time for the knowledge base, across processes.

A build, an update or a rebuild of the index takes this lock; another kbapp (the
command line, a second window) waits for it a bounded time and is then told that
someone else is writing. The lock is the operating system's (``flock``, or
``msvcrt.locking`` on Windows) on a file in the data folder: it is released when
its process ends, even by SIGKILL, so no stale lock can outlive a crash.

A forked child would share the locked descriptor and keep the lock alive after
its parent died (Whoosh's indexing workers are forked), so a child forked while
the lock is held closes its copy and dies with its parent; strays left by an
older kbapp are ended by the next one that wants the lock.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path
from types import TracebackType

from kbapp.domain.errors import DatabaseError, KbError

LOCK_FILE = ".writer.lock"
DEFAULT_TIMEOUT_S = 15.0
_held: set[int] = set()  # descriptors of locks this process holds now


class Busy(KbError):
    """Another process is writing the knowledge base."""


class WriterLock:
    def __init__(self, folder: Path, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.path = folder / LOCK_FILE
        self.timeout = timeout
        self._fd: int | None = None
        self.ended_strays: list[int] = []  # processes of a dead kbapp ended to free the lock

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DatabaseError(
                f"cannot write to the data folder {self.path.parent} ({exc.strerror or exc}); kbapp needs it "
                "to build the knowledge base (see 'Where data lives' in the README)"
            ) from None
        deadline = time.monotonic() + self.timeout
        strays_checked = False
        while True:
            if _try_lock(fd):
                self._fd = fd
                _held.add(fd)
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode())
                return
            if not strays_checked:
                strays_checked = True
                self.ended_strays = end_strays(self.path)
                continue
            if time.monotonic() >= deadline:
                os.close(fd)
                raise Busy(
                    "another kbapp is updating the knowledge base; try again when it has finished"
                    f" (it holds {self.path})"
                )
            time.sleep(0.05)

    def release(self) -> None:
        if self._fd is not None:
            _held.discard(self._fd)
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def being_written(folder: Path) -> bool:
    """Whether a writer (another process, or another thread of this one) holds the
    lock in ``folder`` now: a new descriptor's flock conflicts with any other. Never
    waits; works in a read-only folder too."""
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDONLY)
    except OSError:
        return False
    try:
        if not _try_lock(fd):
            return True
        _unlock(fd)
        return False
    finally:
        os.close(fd)


def end_strays(path: Path) -> list[int]:
    """End the processes that hold ``path`` open although the process that took its
    lock is gone: they can only be its orphaned workers, and they would hold the lock
    for good. Returns their pids (Linux only; [] elsewhere).

    The lock's taker comes from the kernel (``/proc/locks``), not from the pid kbapp
    writes into the file, which a new taker writes only just after locking."""
    proc = Path("/proc")
    taker = _lock_taker(proc / "locks", path)
    if taker is None or _alive(taker):
        return []
    target = os.path.realpath(path)
    strays = [pid for pid in _pids(proc) if pid != os.getpid() and _holds(proc / str(pid), target)]
    for pid in strays:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline and any(_holds(proc / str(pid), target) for pid in strays):
        time.sleep(0.02)
    return strays


def _lock_taker(locks: Path, path: Path) -> int | None:
    """The pid that took the flock on ``path``, if the kernel lists one we can see."""
    try:
        st = os.stat(path)
        table = locks.read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    where = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in table.splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == where and fields[4].isdigit():
            pid = int(fields[4])
            return pid or None  # 0: taken in another pid namespace, not ours to judge
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive, and not ours to judge
        return True
    return True


def _pids(proc: Path) -> list[int]:
    return [int(entry.name) for entry in proc.iterdir() if entry.name.isdigit()]


def _holds(process: Path, target: str) -> bool:
    try:
        return any(os.readlink(fd) == target for fd in (process / "fd").iterdir())
    except OSError:  # gone, or not ours to read
        return False


_forked_from = 0


def _before_fork() -> None:
    global _forked_from
    _forked_from = os.getpid()


def _in_forked_child() -> None:
    """A child forked while a lock is held: drop the shared descriptor (never unlock it:
    that would free the parent's lock too) and die with the parent."""
    if not _held:
        return
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != _forked_from:  # the parent died before the line above
        os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_child=_in_forked_child)
