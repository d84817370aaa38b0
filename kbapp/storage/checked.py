"""When files were last checked whole, so that a check costing what the files weigh
runs only when it can find something: a stamp of their state (device, inode, size,
time of change) and the time of the check.

A check is due when that state changed, when the last check is more than a day old
(a disk flips bits without touching a file's time), or when a file changed so close
to its check that a later write could keep the same time (the "racy" case that Git
also guards against). In a read-only folder no stamp is kept and the check is made
each time."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from pathlib import Path

DATABASE_STAMP = ".kb-checked.json"  # beside the database
INDEX_STAMP = ".index-checked.json"  # beside the index folder
STAMPS = (DATABASE_STAMP, INDEX_STAMP)
CHECK_EVERY_S = 24 * 3600
RACY_S = 2.0  # a file changed this close to its check is checked again next time


def file_states(files: Iterable[Path]) -> list[list]:
    states = []
    for path in files:
        st = path.stat()
        states.append([path.name, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns])
    return states


def check_due(stamp: Path, states: list[list], now: float, every_s: float = CHECK_EVERY_S) -> bool:
    try:
        last = json.loads(stamp.read_text(encoding="utf-8"))
        return last["files"] != states or not 0 <= now - float(last["at"]) < every_s
    except (OSError, ValueError, KeyError, TypeError):
        return True


def mark_checked(stamp: Path, states: list[list], now: float) -> None:
    """Remember a passed check of files in ``states``, as they were before it began."""
    if any(state[-1] / 1e9 > now - RACY_S for state in states):
        return
    with contextlib.suppress(OSError):
        temp = stamp.with_name(f".{stamp.name}.tmp")
        temp.write_text(json.dumps({"files": states, "at": now}), encoding="utf-8")
        temp.replace(stamp)
