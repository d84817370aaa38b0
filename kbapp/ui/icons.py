"""The record-kind and application icons, loaded once from the package's resources."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from kbapp.paths import icon_path


@cache
def icon(name: str) -> QIcon:
    path = icon_path(name)
    return QIcon(str(path)) if path.exists() else QIcon()
