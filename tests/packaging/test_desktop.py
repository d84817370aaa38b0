"""The menu entry and the AppStream metainfo, as the desktop's own validators see them."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kbapp import __version__

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"
ID = "org.kbapp.kbapp"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing (packaging/setup.sh --dev installs it)")
    return found


def validate_desktop_entry(path: Path) -> None:
    done = subprocess.run([_tool("desktop-file-validate"), str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def validate_metainfo(path: Path) -> None:
    done = subprocess.run([_tool("appstreamcli"), "validate", "--no-net", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "W:" not in done.stdout and "E:" not in done.stdout, done.stdout


def test_the_desktop_entry_validates_once_its_program_is_filled_in(tmp_path):
    entry = tmp_path / f"{ID}.desktop"
    entry.write_text((LINUX / f"{ID}.desktop.in").read_text().replace("@BIN@", "/opt/kbapp/kbapp"))
    validate_desktop_entry(entry)


def test_the_metainfo_validates_and_names_this_release():
    validate_metainfo(LINUX / f"{ID}.metainfo.xml")
    root = ET.parse(LINUX / f"{ID}.metainfo.xml").getroot()
    assert root.findtext("id") == ID
    assert root.find("launchable").text == f"{ID}.desktop"
    assert root.find("releases/release").get("version") == __version__
