"""A real X display for the keyboard journeys: Xvfb with a window manager (openbox),
the window in a process of its own, and xdotool pressing real keys on it."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TOOLS = ("Xvfb", "openbox", "xdotool")


class RealWindow:
    """The window on its own X display, seen through what it reports (see window_under_test)."""

    def __init__(self, home: Path, size: str = "1280x800", extra_env: dict[str, str] | None = None) -> None:
        missing = [tool for tool in TOOLS if shutil.which(tool) is None]
        if missing:
            pytest.fail(f"the keyboard journeys need {', '.join(missing)} (packaging/setup.sh --dev installs them)")
        self.events: queue.Queue[dict] = queue.Queue()
        self.seen: list[dict] = []
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(write)
        with os.fdopen(read) as fh:
            self.display = f":{fh.readline().strip()}"
        self.env = {
            **os.environ, "DISPLAY": self.display, "KBAPP_HOME": str(home), "QT_QPA_PLATFORM": "xcb",
            "QT_ACCESSIBILITY": "0", "PYTHONPATH": str(ROOT), **(extra_env or {}),
        }  # fmt: skip
        self.wm = subprocess.Popen(["openbox"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        self.app = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.xvfb.window_under_test"],
            env=self.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.app.stdout is not None
        for line in self.app.stdout:
            if line.startswith("{"):
                self.events.put(json.loads(line))

    def wait_for(self, event: str, timeout: float = 30.0, **fields: object) -> dict:
        """The next report of ``event`` whose fields match (a callable field is a test)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                found = self.events.get(timeout=0.1)
            except queue.Empty:
                if self.app.poll() is not None:
                    said = self.app.stderr.read() if self.app.stderr else ""
                    raise AssertionError(f"the window exited: {said}") from None
                continue
            self.seen.append(found)
            if found["event"] == event and all(
                value(found.get(key)) if callable(value) else found.get(key) == value for key, value in fields.items()
            ):
                return found
        recent = self.seen[-8:]
        raise AssertionError(f"no {event} {fields} within {timeout} s; last seen: {recent}")

    def focus(self) -> dict:
        """Where the focus is now: the last focus report."""
        self.settle()
        return next((e for e in reversed(self.seen) if e["event"] in ("focus", "ready")), {})

    def suggestions_shown(self) -> bool:
        self.settle()
        return next((e["visible"] for e in reversed(self.seen) if e["event"] == "suggestions"), False)

    def close_suggestions(self) -> None:
        """Escape, if the suggestions are open (else Escape would clear the query)."""
        if self.suggestions_shown():
            self.keys("Escape")

    def settle(self, quiet: float = 0.4) -> None:
        """Take in the reports until none came for ``quiet`` seconds."""
        while True:
            try:
                self.seen.append(self.events.get(timeout=quiet))
            except queue.Empty:
                return

    def keys(self, *names: str) -> None:
        """Real key presses (xdotool names: ctrl+l, Down, Return, alt+Left)."""
        subprocess.run(["xdotool", "key", "--delay", "80", *names], env=self.env, check=True)
        time.sleep(0.15)

    def type(self, text: str) -> None:
        subprocess.run(["xdotool", "type", "--delay", "40", text], env=self.env, check=True)
        time.sleep(0.15)

    def close(self) -> None:
        for process in (self.app, self.wm, self.xvfb):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
