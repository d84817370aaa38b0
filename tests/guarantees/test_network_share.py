"""kbapp's home on a network share: a real network filesystem (SFTP, mounted with
sshfs from an sshd on this machine's loopback), where renames, locks and syncs go
over the wire. Building, searching, importing, the window, a killed build and a
second writer all work there.

(The sockets here are the test's own sshd and sshfs processes, not kbapp's.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbapp.paths import Paths
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.storage.integrity import problem_with
from kbapp.storage.lock import Busy
from tests.faults import ROOT, kbapp_env, run_kbapp
from tests.guarantees.test_network import run_window_session
from tests.services.test_import import LOCAL

pytestmark = pytest.mark.slow  # an SFTP mount per test

PORT = 2222 + os.getpid() % 1000

SSHD_CONFIG = """Port {port}
ListenAddress 127.0.0.1
HostKey {keys}/host_key
AuthorizedKeysFile {keys}/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
StrictModes no
PidFile {keys}/sshd.pid
Subsystem sftp internal-sftp
"""


def _missing() -> str | None:
    tools = [t for t in ("sshfs", "ssh-keygen", "fusermount") if shutil.which(t) is None]
    if not Path("/usr/sbin/sshd").exists():
        tools.append("sshd")
    if tools:
        return f"{', '.join(tools)} not installed (packaging/setup.sh --dev installs them)"
    if not Path("/dev/fuse").exists():
        return "no /dev/fuse on this machine: FUSE filesystems cannot be mounted"
    return None


@pytest.fixture(scope="module")
def share(tmp_path_factory):
    """A folder on an sshfs mount; the files really live in ``server``."""
    if (why := _missing()) is not None:
        pytest.skip(why)
    base = tmp_path_factory.mktemp("netshare")
    keys, server, mount = base / "keys", base / "server", base / "mount"
    for folder in (keys, server, mount):
        folder.mkdir()
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True)
    shutil.copy(keys / "client_key.pub", keys / "authorized_keys")
    (keys / "sshd_config").write_text(SSHD_CONFIG.format(port=PORT, keys=keys))
    Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege-separation folder
    subprocess.run(["/usr/sbin/sshd", "-f", str(keys / "sshd_config")], check=True)
    try:
        options = f"IdentityFile={keys}/client_key,StrictHostKeyChecking=no,UserKnownHostsFile=/dev/null"
        mounted = subprocess.run(
            ["sshfs", "-p", str(PORT), "-o", options, f"root@127.0.0.1:{server}", str(mount)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if mounted.returncode != 0:
            pytest.skip(f"sshfs could not mount the share: {mounted.stderr.strip()}")
        assert "fuse.sshfs" in Path("/proc/mounts").read_text()
        yield mount, server
    finally:
        subprocess.run(["fusermount", "-u", str(mount)], capture_output=True)
        pid = keys / "sshd.pid"
        if pid.exists():
            os.kill(int(pid.read_text()), 15)


@pytest.fixture
def home(share, request):
    mount, server = share
    name = request.node.name[:40]
    return mount / name, server / name


def test_build_search_import_and_export_on_a_network_share(home, tmp_path):
    on_share, on_server = home
    env = kbapp_env(on_share)
    built = run_kbapp(["build"], env)
    assert built.returncode == 0, built.stderr
    found = run_kbapp(["search", "ISMS", "--format", "json"], env)
    assert json.loads(found.stdout)["hits"][0]["id"] == "abbreviation:ISMS"
    local = tmp_path / "local.txt"
    local.write_text(LOCAL, encoding="utf-8")
    imported = run_kbapp(["import", str(local)], env)
    assert imported.returncode == 0, imported.stderr
    assert "resource:local-access-control-standard" in run_kbapp(["search", "quarterly"], env).stdout
    exported = run_kbapp(["export", "resource:local-access-control-standard", "--output", str(on_share / "a.csv")], env)
    assert exported.returncode == 0, exported.stderr
    # What the share's server holds is a sound database, and the kept import.
    assert problem_with(on_server / "data" / "kb.sqlite") is None
    assert (on_server / "data" / "imports" / "0001-local.txt").read_text(encoding="utf-8") == LOCAL
    assert "Local Access Control Standard" in (on_server / "a.csv").read_text(encoding="utf-8-sig")
    assert run_kbapp(["build"], env).stdout.startswith("database up to date; index up to date")


def test_the_window_works_with_its_home_on_a_network_share(home, tmp_path):
    on_share, _ = home
    target = on_share / "findings.csv"
    report = run_window_session(on_share, target)
    assert report["top"] == "abbreviation:ISMS" and "Service Level Agreement" in report["lookup"]
    assert target.exists()
    assert problem_with(on_share / "data" / "user.sqlite") is None


def test_a_build_killed_on_a_network_share_leaves_a_whole_one(home):
    on_share, on_server = home
    env = kbapp_env(on_share)
    started = time.monotonic()
    assert run_kbapp(["build", "--force"], env).returncode == 0
    duration = time.monotonic() - started
    for k in range(4):
        process = subprocess.Popen(
            [sys.executable, "-m", "kbapp", "build", "--force"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.2 + duration * k / 4)
        process.kill()
        process.wait()
        kb = KnowledgeBase(Paths(on_share / "data", on_share / "config", on_share / "logs"))
        report = kb.ensure_ready(check=True)
        assert report.notices == [] and report.counts["resource"] == 30
        assert kb.engine().search("ISMS").hits[0].id == "abbreviation:ISMS"
        kb.close()
        leftovers = [p.name for p in (on_server / "data").iterdir() if ".building" in p.name or ".old-" in p.name]
        assert leftovers == []


def test_a_second_writer_on_a_network_share_waits_then_is_told(home):
    on_share, _ = home
    env = kbapp_env(on_share)
    assert run_kbapp(["build"], env).returncode == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from kbapp.storage.lock import WriterLock\n"
            "with WriterLock(Path(sys.argv[1]), 5):\n    print('held', flush=True); time.sleep(60)",
            str(on_share / "data"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        kb = KnowledgeBase(Paths(on_share / "data", on_share / "config", on_share / "logs"), lock_timeout=1)
        with pytest.raises(Busy, match="another kbapp"):
            kb.build(force=True)
        assert kb.engine().search("ISMS").hits[0].id == "abbreviation:ISMS"  # readers go on
        kb.close()
    finally:
        holder.kill()
        holder.wait()
