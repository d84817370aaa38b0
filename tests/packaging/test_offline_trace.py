"""The offline tests' trace sees what it must: a socket, and a write outside the
allowed folders, in whatever form the program makes it."""

from __future__ import annotations

import sys
import textwrap

from tests.packaging.offline import need_tools, run_offline, sockets_opened, writes_outside

MISCHIEF = textwrap.dedent(
    """
    import os, shutil, socket, sys
    allowed, outside = sys.argv[1], sys.argv[2]
    open(os.path.join(allowed, "fine.txt"), "w").write("kept")
    if sys.argv[3] == "socket":
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    elif sys.argv[3] == "write":
        open(os.path.join(outside, "leak.txt"), "w").write("leaked")
    elif sys.argv[3] == "rename":
        os.rename(os.path.join(allowed, "fine.txt"), os.path.join(outside, "moved.txt"))
    elif sys.argv[3] == "rmtree":
        os.mkdir(os.path.join(outside, "tree"))
        open(os.path.join(outside, "tree", "f"), "w").close()
        shutil.rmtree(os.path.join(outside, "tree"))
    """
)


def _trace(tmp_path, what):
    need_tools()
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    allowed.mkdir()
    outside.mkdir()
    trace = tmp_path / f"{what}.strace"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(allowed)}  # without HOME, glibc asks nscd over a socket
    done = run_offline([sys.executable, "-c", MISCHIEF, str(allowed), str(outside), what], env, trace, allowed)
    assert done.returncode == 0, done.stderr
    return trace, allowed


def test_a_quiet_program_passes(tmp_path):
    trace, allowed = _trace(tmp_path, "nothing")
    assert sockets_opened(trace) == []
    assert writes_outside(trace, allowed, [allowed, tmp_path / "nothing.strace"]) == []


def test_a_socket_is_seen(tmp_path):
    trace, _ = _trace(tmp_path, "socket")
    assert any("AF_INET" in line for line in sockets_opened(trace))


def test_writes_renames_and_removals_outside_are_seen(tmp_path):
    for what, name in (("write", "leak.txt"), ("rename", "moved.txt"), ("rmtree", '"f"')):
        (tmp_path / what).mkdir()
        trace, allowed = _trace(tmp_path / what, what)
        outside = writes_outside(trace, allowed, [allowed])
        assert any(name in line for line in outside), (what, outside)
