"""Where kbapp keeps things. Per-user folders, never the install folder.

``KBAPP_HOME`` puts everything under one folder (tests set it), and
``KBAPP_RESOURCES`` points at another copy of the shipped resources.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "kbapp"
CATALOGUE_FILE = "resource-catalogue.txt"
WHITE_PAPER_FILE = "itil-v3-and-information-security.txt"


@dataclass(frozen=True)
class Paths:
    data: Path
    config: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "kb.sqlite"

    @property
    def index(self) -> Path:
        return self.data / "index"

    @property
    def user_database(self) -> Path:
        return self.data / "user.sqlite"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def imports(self) -> Path:
        return self.data / "imports"


def paths() -> Paths:
    home = os.environ.get("KBAPP_HOME")
    if home:
        root = Path(home)
        return Paths(data=root / "data", config=root / "config", logs=root / "logs")
    return Paths(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def resources_dir() -> Path:
    override = os.environ.get("KBAPP_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"


def source_files() -> dict[str, Path]:
    sources = resources_dir() / "sources"
    return {"catalogue": sources / CATALOGUE_FILE, "white_paper": sources / WHITE_PAPER_FILE}
