"""Every colour the window draws text in reads at WCAG 2.1 AA (4.5:1) against what it
is drawn on, in the system's light palette and in a dark one (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from kbapp.ui.colours import AA, contrast, error_text, opaque, sample_dark_palette, text_colours
from tests.ui.conftest import opened_window

Role, Group = QPalette.ColorRole, QPalette.ColorGroup
PAIRS = [
    (Role.Text, Role.Base), (Role.Text, Role.AlternateBase), (Role.WindowText, Role.Window),
    (Role.ButtonText, Role.Button), (Role.HighlightedText, Role.Highlight), (Role.PlaceholderText, Role.Base),
    (Role.ToolTipText, Role.ToolTipBase), (Role.Link, Role.Base), (Role.Link, Role.AlternateBase),
    (Role.LinkVisited, Role.Base),
]  # fmt: skip
UI = Path(__file__).resolve().parents[2] / "kbapp" / "ui"


@pytest.fixture(params=["light", "dark"])
def palette_window(request, qtbot, built_kb, tmp_path):
    from kbapp.services.knowledge_base import KnowledgeBase

    before = QGuiApplication.palette()
    if request.param == "dark":
        QGuiApplication.setPalette(sample_dark_palette())
    try:
        with opened_window(qtbot, KnowledgeBase(built_kb.paths), tmp_path) as win:
            yield win
    finally:
        QGuiApplication.setPalette(before)


def _failures(palette: QPalette) -> list[str]:
    failing = []
    for group in (Group.Active, Group.Inactive):
        for fg, bg in PAIRS:
            background = palette.color(group, bg)
            ratio = contrast(opaque(palette.color(group, fg), background), background)
            if ratio < AA:
                failing.append(f"{group.name} {fg.name} on {bg.name}: {ratio:.2f}")
    colours = text_colours(palette)
    form_message = error_text(palette).name()  # the entry form's validation messages
    for name, colour in (("secondary", colours.secondary), ("gap", colours.gap), ("form message", form_message)):
        for bg in (Role.Base, Role.AlternateBase, Role.Window):
            ratio = contrast(QColor(colour), palette.color(bg))
            if ratio < AA:
                failing.append(f"{name} {colour} on {bg.name}: {ratio:.2f}")
    return failing


def test_every_text_colour_of_the_window_reads_at_aa(palette_window):
    assert _failures(QGuiApplication.palette()) == []


def test_the_records_html_draws_only_colours_that_read_at_aa(palette_window, qtbot):
    win = palette_window
    win.detail.show_record("mapping:27001:4.2.1")  # a clause with inherited references: secondary text
    html = win.detail.browser.toHtml()
    base = QGuiApplication.palette().color(Role.Base)
    # The note's own background is set beside its colour; every other colour is on the base.
    for colour in set(re.findall(r"color:\s*(#[0-9a-fA-F]{6})", html)) - {"#5c4400"}:
        assert contrast(QColor(colour), base) >= AA, colour
    assert contrast(QColor("#5c4400"), QColor("#fff4ce")) >= AA


def test_the_selected_hit_and_its_metadata_read_at_aa(palette_window, qtbot):
    from tests.ui.conftest import type_query

    type_query(qtbot, palette_window, "ISMS")
    palette = QGuiApplication.palette()
    assert contrast(palette.color(Role.HighlightedText), palette.color(Role.Highlight)) >= AA
    secondary = QColor(text_colours(palette).secondary)
    assert contrast(secondary, palette.color(Role.Base)) >= AA


def test_no_text_is_drawn_in_the_palette_s_frame_colours():
    """palette(mid) and palette(dark) are for frames: #b8b8b8 on white is 2:1."""
    for path in UI.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "palette(mid)" not in text and "palette(dark)" not in text, path.name


def test_a_change_of_system_theme_keeps_the_palette_at_aa_and_redraws_the_record(qtbot, window):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    window.open_record("mapping:27001:4.2.1")
    QApplication.sendEvent(window, QEvent(QEvent.Type.ThemeChange))
    assert _failures(QGuiApplication.palette()) == []
    assert window.detail.current == "mapping:27001:4.2.1"
    assert "Inherited from clause" in window.detail.browser.toPlainText()
