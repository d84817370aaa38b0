"""The screenshot script, run as the README says, so the review pictures cannot rot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
VIEWS = (
    "search",
    "suggestions",
    "catalogue",
    "glossary",
    "mappings",
    "mappings-reverse",
    "standards",
    "bookmarks",
    "quick-lookup",
    "import-preview",
    "change-log",
)


def test_the_readme_pictures_are_rendered(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KBAPP_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "screenshots.py"), str(tmp_path / "shots"), "--readme-only"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for view in VIEWS:
        picture = QImage(str(tmp_path / "shots" / f"{view}-1280x800.png"))
        assert not picture.isNull(), view
        assert picture.width() >= 600 and picture.height() >= 300, view
