"""Control sequences in imported text never reach a terminal raw (issue 12, item 16):
an imported title holding OSC 52 (write the clipboard), OSC 0 (the window title) or
a screen clear is shown escaped on a terminal, and kept exactly in a pipe."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

from kbapp.cli.terminal import visible
from tests.faults import ROOT, entry_titled, kbapp_env, run_kbapp

HOSTILE = "Pwned \x1b]52;c;SGVsbG8=\x07 Title \x1b]0;owned\x07 \x1b[2J done"
ENTRY = entry_titled(HOSTILE, "A description of the pwned resource.")


def on_a_terminal(args, env) -> bytes:
    """What kbapp writes to a terminal (a pseudo-terminal), standard output and error."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kbapp", *args], env=env, cwd=ROOT, stdout=follower, stderr=follower, timeout=120
        )
        os.close(follower)
        follower = -1
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        assert done.returncode == 0, out
        return out
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)


def test_control_characters_are_shown_not_sent(tmp_path):
    env = kbapp_env(tmp_path / "home")
    source = tmp_path / "hostile.txt"
    source.write_text(ENTRY, encoding="utf-8")
    imported = run_kbapp(["import", str(source)], env)
    assert imported.returncode == 0, imported.stderr
    found = json.loads(run_kbapp(["search", "pwned", "--format", "json"], env).stdout)
    resource = found["hits"][0]["id"]
    for args in (["search", "pwned"], ["show", resource], ["list", "resources"]):
        shown = on_a_terminal(args, env)
        assert b"\x1b" not in shown and b"\x07" not in shown, args
        assert b"\\x1b" in shown, args
    piped = run_kbapp(["search", "pwned", "--format", "json"], env)
    assert json.loads(piped.stdout)["hits"][0]["title"].startswith("Pwned \x1b]52;c;SGVsbG8=\x07")  # as stored


def test_visible_keeps_lines_and_progress():
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible("x\ry") == "x\\x0dy"
    assert visible("x\ry", keep_return=True) == "x\ry"
    assert visible("\x9b2J") == "\\x9b2J"
