"""Colours the window draws text with, made to meet WCAG 2.1 AA (4.5:1) against the
backgrounds they are drawn on, in whatever palette the system gives: light or dark.

The system palette is followed, then corrected where it falls short: Fusion's own
light palette puts white on a #308cc6 selection (3.7:1) and half-transparent black
placeholders on white (4.0:1). Secondary text (record kinds, metadata, the source
line) is a mix of the text and base colours, as light as AA allows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette

from kbapp.ui.render import TextColours

AA = 4.5
TARGET = 4.6  # a margin above AA, for rounding in the colour's 8-bit channels
DARK_BELOW = 0.18  # a background's luminance under which it is dark: white reads best on it
GAP_HUE = QColor("#b3261e")  # a clause with no reference: the red of the mapping view
Role, Group = QPalette.ColorRole, QPalette.ColorGroup


def luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def opaque(colour: QColor, background: QColor) -> QColor:
    """A colour with alpha as it shows over ``background``."""
    alpha = colour.alphaF()
    return QColor.fromRgbF(
        colour.redF() * alpha + background.redF() * (1 - alpha),
        colour.greenF() * alpha + background.greenF() * (1 - alpha),
        colour.blueF() * alpha + background.blueF() * (1 - alpha),
    )


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` at t = 0, ``b`` at t = 1."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def readable(colour: QColor, backgrounds: list[QColor], towards: QColor) -> QColor:
    """``colour``, moved towards ``towards`` (the palette's text colour) only as far as
    it takes to reach AA on every one of ``backgrounds``."""
    for step in range(0, 101):
        candidate = mix(colour, towards, step / 100)
        if all(contrast(candidate, bg) >= TARGET for bg in backgrounds):
            return candidate
    return QColor(towards)


def secondary(palette: QPalette) -> QColor:
    """Secondary text: the lightest mix of text into base that still reads at AA on
    the base, the alternate rows and the window."""
    text, base = palette.color(Role.Text), palette.color(Role.Base)
    return readable(base, _surfaces(palette), text)


def error_text(palette: QPalette) -> QColor:
    """A form's validation messages: the mapping view's red, as far towards the text
    colour as it takes to read at AA on the window and the fields."""
    return readable(GAP_HUE, [palette.color(Role.Window), palette.color(Role.Base)], palette.color(Role.WindowText))


def _surfaces(palette: QPalette) -> list[QColor]:
    return [palette.color(Role.Base), palette.color(Role.AlternateBase), palette.color(Role.Window)]


def accessible(palette: QPalette) -> QPalette:
    """The palette with every text colour it offers at AA on its own background."""
    fixed = QPalette(palette)
    for group in (Group.Active, Group.Inactive):
        base = palette.color(group, Role.Base)
        text = palette.color(group, Role.Text)
        highlight = palette.color(group, Role.Highlight)
        highlighted_text = palette.color(group, Role.HighlightedText)
        if contrast(highlighted_text, highlight) < TARGET:
            # Keep the selection's hue; darken (or lighten) it under its text.
            fixed.setColor(group, Role.Highlight, readable(highlight, [highlighted_text], _away(highlighted_text)))
        placeholder = opaque(palette.color(group, Role.PlaceholderText), base)
        fixed.setColor(group, Role.PlaceholderText, readable(placeholder, [base], text))
        for role in (Role.Link, Role.LinkVisited):
            fixed.setColor(group, role, readable(palette.color(group, role), _surfaces(palette), text))
        for fg, bg in ((Role.WindowText, Role.Window), (Role.ButtonText, Role.Button), (Role.Text, Role.Base)):
            colour = palette.color(group, fg)
            fixed.setColor(group, fg, readable(colour, [palette.color(group, bg)], _away(palette.color(group, bg))))
        tip_bg = palette.color(group, Role.ToolTipBase)
        tip = palette.color(group, Role.ToolTipText)
        fixed.setColor(group, Role.ToolTipText, readable(tip, [tip_bg], _away(tip_bg)))
    return fixed


def _away(background: QColor) -> QColor:
    """Black on a light background, white on a dark one: the most contrast there is."""
    return QColor("#ffffff") if luminance(background) <= DARK_BELOW else QColor("#000000")


_computed: dict[int, TextColours] = {}


def text_colours(palette: QPalette) -> TextColours:
    """What the detail pane, the results and the mapping view draw secondary text in;
    worked out once a palette (a hit is painted with it many times a second)."""
    found = _computed.get(palette.cacheKey())
    if found is None:
        base = palette.color(Role.Base)
        start = QColor("#ff8a80") if luminance(base) <= DARK_BELOW else GAP_HUE  # a light red on a dark base
        gap = readable(start, _surfaces(palette), _away(base))
        found = _computed[palette.cacheKey()] = TextColours(secondary=secondary(palette).name(), gap=gap.name())
    return found


def secondary_brush() -> QBrush:
    """For what is not the record itself in a list: inherited, or no longer there."""
    return QBrush(QColor(text_colours(QGuiApplication.palette()).secondary))


def gap_brush() -> QBrush:
    return QBrush(QColor(text_colours(QGuiApplication.palette()).gap))


class _PaletteFollower(QObject):
    """Re-applies the corrected palette when the system's changes (a switch to a dark
    theme), and has the window show its records in the new colours."""

    def __init__(self, window, on_change: Callable[[], object]) -> None:
        super().__init__(window)
        self.window = window
        self.on_change = on_change
        self.applying = False
        self.apply()
        # The window's own events only: a filter on the application ran in Python for
        # every event of every widget, thousands before the window first shows.
        window.installEventFilter(self)

    def apply(self) -> None:
        self.applying = True
        try:
            QGuiApplication.setPalette(accessible(QGuiApplication.palette()))
        finally:
            self.applying = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ThemeChange and watched is self.window and not self.applying:
            QGuiApplication.setPalette(QPalette())  # back to the system's, then corrected
            self.apply()
            self.on_change()
        return False


def follow_system_palette(window, on_change: Callable[[], object]) -> None:
    """Keep the application's palette at AA; ``on_change`` redraws what was drawn in the old one."""
    _PaletteFollower(window, on_change)


def sample_dark_palette() -> QPalette:
    """A dark system theme, as KDE's Breeze Dark and GNOME's Adwaita dark give it: what
    the screenshots and the contrast tests draw the window in for "dark"."""
    palette = QPalette()
    for role, colour in {
        Role.Window: "#2a2e32", Role.WindowText: "#fcfcfc", Role.Base: "#1b1e20", Role.AlternateBase: "#232629",
        Role.Text: "#fcfcfc", Role.Button: "#31363b", Role.ButtonText: "#fcfcfc", Role.Highlight: "#3daee9",
        Role.HighlightedText: "#fcfcfc", Role.Link: "#1d99f3", Role.LinkVisited: "#9b59b6",
        Role.ToolTipBase: "#31363b", Role.ToolTipText: "#fcfcfc", Role.PlaceholderText: "#80fcfcfc",
        Role.Mid: "#3b4045", Role.Dark: "#141618", Role.BrightText: "#ffffff", Role.Light: "#40464c",
        Role.Midlight: "#363b40", Role.Shadow: "#0b0c0d",
    }.items():  # fmt: skip
        palette.setColor(role, QColor(colour))
    return palette
