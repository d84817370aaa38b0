"""LibreOffice Calc, headless, as the export tests open a file with it: as a
spreadsheet user would, then saved as XLSX so the test can read what it made of it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def soffice() -> str:
    """LibreOffice's program; CI fails without it, a developer's run skips."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing: packaging/setup.sh --dev installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (packaging/setup.sh --dev installs it)")
    return found


def convert_to_xlsx(files: list[Path], out: Path, profile: Path, infilter: str | None = None) -> None:
    """Open each file in LibreOffice (a profile of the test's own) and save it as XLSX in ``out``."""
    done = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
