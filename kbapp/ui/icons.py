"""The record-kind and application icons, loaded once from the package's resources."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QIcon, QPainter

from kbapp.paths import icon_path


@cache
def icon(name: str) -> QIcon:
    path = icon_path(name)
    return QIcon(str(path)) if path.exists() else QIcon()


def tinted(source: QIcon, colour: QColor, sizes: tuple[int, ...] = (16, 22, 24, 32, 48)) -> QIcon:
    """``source`` drawn in one colour: an icon that reads on the palette in use, light or
    dark (the style's own arrows are near-black, invisible on a dark theme)."""
    result = QIcon()
    for size in sizes:
        pixmap = source.pixmap(size, size)
        if pixmap.isNull():
            continue
        painter = QPainter(pixmap)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(pixmap.rect(), colour)
        painter.end()
        result.addPixmap(pixmap)
    return result
