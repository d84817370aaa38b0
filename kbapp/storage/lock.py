"""One writer at a time for the knowledge base, across processes.

A build, an update or a rebuild of the index takes this lock; another kbapp (the
command line, a second window) waits for it a bounded time and is then told that
someone else is writing. The lock is the operating system's (``flock``, or
``msvcrt.locking`` on Windows) on a file in the data folder: it is released when
its process ends, even by SIGKILL, so no stale lock can outlive a crash.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType

from kbapp.domain.errors import DatabaseError, KbError

LOCK_FILE = ".writer.lock"
DEFAULT_TIMEOUT_S = 15.0


class Busy(KbError):
    """Another process is writing the knowledge base."""


class WriterLock:
    def __init__(self, folder: Path, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.path = folder / LOCK_FILE
        self.timeout = timeout
        self._fd: int | None = None

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
        while True:
            if _try_lock(fd):
                self._fd = fd
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode())
                return
            if time.monotonic() >= deadline:
                os.close(fd)
                raise Busy(
                    "another kbapp is updating the knowledge base; try again when it has finished"
                    f" (it holds {self.path})"
                )
            time.sleep(0.05)

    def release(self) -> None:
        if self._fd is not None:
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
