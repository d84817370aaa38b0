"""Where kbapp keeps things. Per-user folders, never the install folder.

The shipped sources and icons are package data, read through ``importlib.resources``
so that an installed wheel (or a frozen bundle) finds them as a clone does.
``KBAPP_HOME`` puts everything under one folder (tests set it), and
``KBAPP_RESOURCES`` points at another copy of the shipped resources.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

from kbapp.domain.errors import DataFolderError
from kbapp.domain.records import CATALOGUE_FILE, WHITE_PAPER_FILE

APP_NAME = "kbapp"


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

    @property
    def crosswalks(self) -> Path:
        return self.data / "crosswalks"  # tables an organisation loads; never shipped


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


def ensure_folders(where: Paths) -> None:
    """Create the data, config and log folders, or raise ``DataFolderError`` saying in
    one line which folder cannot be used and why (a file in the way, a symlink loop, a
    name too long, a home of /dev/null)."""
    for name, folder in (("data", where.data), ("settings", where.config), ("log", where.logs)):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not folder.is_dir():
                raise NotADirectoryError(20, "not a folder", str(folder))
        except OSError as exc:
            why = exc.strerror or str(exc)
            hint = (
                "set KBAPP_HOME to a folder you can write"
                if os.environ.get("KBAPP_HOME")
                else ("set KBAPP_HOME (or HOME) to a folder you can write")
            )
            raise DataFolderError(f"cannot use {folder} as its {name} folder ({why.lower()}); {hint}") from None


def resources_dir() -> Path:
    """The shipped resources: ``sources/`` and ``icons/``."""
    override = os.environ.get("KBAPP_RESOURCES")
    if override:
        return Path(override)
    # kbapp is installed as files (a wheel, a clone, a PyInstaller folder), never zipped,
    # so the package's resources are a real folder that SQLite-free readers can open.
    return Path(str(resources.files("kbapp") / "resources"))


def prebuilt_folder() -> Path | None:
    """The database and index a bundle carries prebuilt (``bundle.sh`` puts them there), if any."""
    folder = resources_dir() / "prebuilt"
    return folder if folder.is_dir() else None


def source_files() -> dict[str, Path]:
    sources = resources_dir() / "sources"
    return {"catalogue": sources / CATALOGUE_FILE, "white_paper": sources / WHITE_PAPER_FILE}


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"
