"""kbapp never touches the network. The whole suite runs with sockets blocked
(pytest-socket, in pyproject's addopts); here the real application runs in a process
of its own, offscreen, does a search, a lookup and an export, and reports every
socket it opened, from Python's audit hooks and from the kernel's list of its open
files, and every Qt module it loaded."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from tests.faults import ROOT, kbapp_env

SESSION = r"""
import json, os, sys, time
from pathlib import Path

events = []
def audit(event, args):
    if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        events.append(event)
sys.addaudithook(audit)

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

app = QApplication([])
from kbapp.ui.app import create_window

target = Path(sys.argv[1])
QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(target), "CSV files (*.csv)"))

def wait_until(condition, what, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)

window = create_window()
window.show()
window.start()
wait_until(lambda: window.ready, "the window to be ready")

window.focus_search()
QTest.keyClicks(window.search_page.box, "ISMS")
wait_until(lambda: getattr(window.search_page.last_result, "query", None) == "ISMS", "the search")
top = window.search_page.last_result.hits[0].id

QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
QTest.keyClicks(window.quick.box, "SLA")
lookup = window.quick.answer.toPlainText()
QTest.keyClick(window.quick.box, Qt.Key.Key_Escape)

window.selection.add([top])
window.collect.export_selection()
wait_until(target.exists, "the export")
window.close()
app.processEvents()

def kernel_sockets():
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            link = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:"):
            found.append(link)
    return found

print(json.dumps({
    "top": top,
    "lookup": lookup,
    "audit": events,
    "kernel_sockets": kernel_sockets(),
    "qt_modules": sorted(m for m in sys.modules if m.startswith("PySide6.")),
}))
"""


def run_window_session(home: Path, target: Path) -> dict:
    """Run SESSION, the real window in a process of its own, with its home in ``home``;
    its report."""
    # No D-Bus session either: nothing to reach, even on this machine.
    env = kbapp_env(home, DBUS_SESSION_BUS_ADDRESS="disabled:", QT_ACCESSIBILITY="0")
    done = subprocess.run(
        [sys.executable, "-c", SESSION, str(target)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_application_opens_no_socket_and_loads_no_network_module(tmp_path):
    target = tmp_path / "findings.csv"
    report = run_window_session(tmp_path, target)

    # It did the work...
    assert report["top"] == "abbreviation:ISMS"
    assert "Service Level Agreement" in report["lookup"]
    with open(target, encoding="utf-8-sig", newline="") as fh:
        assert [row["id"] for row in csv.DictReader(fh)] == ["abbreviation:ISMS"]
    # ...with no socket, no network or web module.
    assert report["audit"] == []
    assert report["kernel_sockets"] == []
    assert not [m for m in report["qt_modules"] if "Network" in m or "WebEngine" in m or "WebSockets" in m]
    # (Python's urllib is imported, unused, by whoosh.compat; the audit hook and the
    # kernel's list of open files above show that nothing made a socket.)
