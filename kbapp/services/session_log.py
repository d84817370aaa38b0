"""The session log as the CLI and the window use it (storage.session_log): each event
is stamped with the build it was made against. A log that cannot be written never
stops the work it records."""

from __future__ import annotations

import logging

from kbapp.domain.errors import KbError
from kbapp.services.store import Store
from kbapp.storage.session_log import FILE, LoggedEvent, SessionLog

log = logging.getLogger(__name__)

__all__ = ["FILE", "LoggedEvent", "enabled", "events", "record", "switch"]


def record(store: Store, action: str, what: str, detail: str = "", working_set: str | None = None) -> None:
    session = SessionLog(store.paths.data)
    if not session.enabled:
        return
    try:
        build_id = store.repository().state.meta().get("build_id", "")
    except KbError:
        build_id = ""
    try:
        session.record(action, what, detail, build_id, working_set or "")
    except KbError as exc:
        log.warning("%s", exc)


def events(store: Store, day: str | None = None, working_set: str | None = None) -> list[LoggedEvent]:
    return SessionLog(store.paths.data).events(day, working_set)


def enabled(store: Store) -> bool:
    return SessionLog(store.paths.data).enabled


def switch(store: Store, on: bool) -> None:
    SessionLog(store.paths.data).set_enabled(on)
