"""The session log: an append-only record of what was searched, opened, looked up and
exported, each with the time and the build id, in ``session-log.jsonl`` in the
per-user data. One JSON object a line, appended and flushed at once; a line a kill
cut short is passed over when read. On unless ``session-log.off`` is there beside it
(the user switched it off)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from kbapp.domain.errors import WriteError

FILE = "session-log.jsonl"
OFF = "session-log.off"
ACTIONS = ("search", "open", "lookup", "export")


@dataclass
class LoggedEvent:
    at: str  # UTC, ISO
    action: str  # one of ACTIONS
    what: str  # the query, the record id, the term, the file
    detail: str = ""  # a record's title, a search's count, an export's SHA-256
    build_id: str = ""
    working_set: str = ""

    @property
    def day(self) -> str:
        return self.at[:10]


class SessionLog:
    def __init__(self, data: Path) -> None:
        self.path = data / FILE
        self.off_marker = data / OFF

    @property
    def enabled(self) -> bool:
        return not self.off_marker.exists()

    def set_enabled(self, on: bool) -> None:
        try:
            if on:
                self.off_marker.unlink(missing_ok=True)
            else:
                self.off_marker.parent.mkdir(parents=True, exist_ok=True)
                self.off_marker.write_text("The session log is off; remove this file to switch it on.\n")
        except OSError as exc:
            raise WriteError(
                f"could not switch the session log {'on' if on else 'off'} ({exc.strerror or exc})"
            ) from None

    def record(self, action: str, what: str, detail: str = "", build_id: str = "", working_set: str = "") -> None:
        """Append one event, if the log is on. A log that cannot be written never stops
        the work it records: it raises ``WriteError`` for the caller to tell or pass over."""
        if not self.enabled:
            return
        event = LoggedEvent(
            datetime.now(UTC).isoformat(timespec="seconds"), action, what, detail, build_id, working_set
        )
        line = json.dumps(asdict(event), ensure_ascii=False) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, line.encode("utf-8"))
            finally:
                os.close(fd)
        except OSError as exc:
            raise WriteError(f"could not add to the session log {self.path} ({exc.strerror or exc})") from None

    def events(self, day: str | None = None, working_set: str | None = None) -> list[LoggedEvent]:
        """The events, oldest first; ``day`` (YYYY-MM-DD) and ``working_set`` filter them."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise WriteError(f"could not read the session log {self.path} ({exc.strerror or exc})") from None
        found = []
        for line in text.splitlines():
            try:
                data = json.loads(line)
                event = LoggedEvent(**{k: str(data.get(k, "")) for k in LoggedEvent.__dataclass_fields__})
            except (ValueError, TypeError):
                continue  # a line cut short by a kill
            if (day is None or event.day == day) and (working_set is None or event.working_set == working_set):
                found.append(event)
        return found
