"""File names and titles holding markup or links are shown as written, in every message
and tooltip, and nothing is handed to the system browser (issue 12, items 6 and 7)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QMessageBox

from kbapp.ui.plain import literal
from tests.faults import entry_titled
from tests.ui.conftest import accept_import_preview, type_query

HOSTILE_TITLE = 'Hostile <img src=x> <b>bold</b> <a href="http://evil.example/">click</a>'
ENTRY = entry_titled(HOSTILE_TITLE, "A resource whose title is markup.")


def shown(text: str) -> str:
    """What Qt shows for a text it may take as rich: the plain text of the document."""
    document = QTextDocument()
    if QtGuiNamespace.mightBeRichText(text):
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText()


def test_literal_shows_markup_as_written():
    for text in (HOSTILE_TITLE, "policies-<b>2024.txt", "a & b\nsecond line", "<script>x</script>"):
        assert shown(literal(text)) == text


def test_tooltips_and_messages_show_hostile_text_as_written(qtbot, own_window, tmp_path, monkeypatch):
    opened: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    messages: list[str] = []
    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(
            QMessageBox,
            name,
            lambda parent, title, text, *a, **k: messages.append(text) or QMessageBox.StandardButton.No,
        )
    win = own_window
    source = tmp_path / "policies-<b>2024.txt"
    source.write_text(ENTRY, encoding="utf-8")
    monkeypatch.setattr(win.imports, "ask_path", lambda: source)
    win.registry.import_.trigger()
    preview = accept_import_preview(qtbot, win)
    assert "policies-&lt;b&gt;2024.txt" in preview.summary.text()  # the file's name as written, not markup
    qtbot.waitUntil(lambda: win.catalogue.model.rowCount() == 31, timeout=20000)
    # the result's tooltip (its snippet) and the catalogue's
    type_query(qtbot, win, "hostile")
    tip = win.search_page.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert shown(tip) == win.search_page.model.hits[0].snippet
    catalogue = win.catalogue.view.model()
    tips = [
        catalogue.index(r, c).data(Qt.ItemDataRole.ToolTipRole)
        for r in range(catalogue.rowCount())
        for c in range(catalogue.columnCount())
    ]
    hostile_tips = [t for t in tips if t and "Hostile" in shown(t)]
    assert hostile_tips and all(HOSTILE_TITLE in shown(t) for t in hostile_tips if "img" in t)
    # a bad file named with markup: the message shows the name as written
    bad = tmp_path / "bad-<b>name<i>.txt"
    bad.write_text("Resource\nNo date here\n", encoding="utf-8")
    monkeypatch.setattr(win.imports, "ask_path", lambda: bad)
    win.registry.import_.trigger()
    qtbot.waitUntil(lambda: any("bad-" in shown(m) for m in messages) or bool(win.notices.boxes), timeout=10000)
    texts = messages + [box.text() for box in win.notices.boxes]
    named = [t for t in texts if "bad-" in shown(t) or "bad-" in t]
    assert named
    for text in named:
        box_text = text if not QtGuiNamespace.mightBeRichText(text) else shown(text)
        assert "bad-<b>name<i>.txt" in box_text
    assert all(box.textFormat() == Qt.TextFormat.PlainText for box in win.notices.boxes)
    assert opened == []
    assert Path(bad).exists()
