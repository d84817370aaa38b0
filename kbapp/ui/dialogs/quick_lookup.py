"""Quick lookup (Ctrl+L), as GoldenDict's popup: type the start of a term or an
abbreviation, pick it from the headwords, read its definitions with their source."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kbapp.domain.labels import definition_parts, source_lines_text
from kbapp.search.lookup import define, headwords_for
from kbapp.ui.colours import text_colours
from kbapp.ui.render import esc

HEADWORD_CHARS = 26  # the headword list's width, in characters
BOX_CHARS, BOX_LINES = 106, 26  # the box's size, in characters and lines of its text


def definitions_html(
    definitions: list[dict], corrected: str | None, query: str, secondary: str = "#6b6b6b", picked: str | None = None
) -> str:
    if not query.strip():
        return f"<p style='color: {secondary}'>Type a term or an abbreviation, or its start: ISMS, SLA, risk man…</p>"
    if not definitions:
        return f"<p>No term or abbreviation like “{esc(query)}”. Press Enter to search everything for it.</p>"
    parts = []
    if corrected:
        parts.append(f"<p style='color: {secondary}'>Showing “{esc(corrected)}”.</p>")
    for d in definitions:
        if d["type"] == "abbreviation":
            parts.append(f"<h3>{esc(d['abbreviation'])}</h3><p>{esc(d['expansion'])}</p>")
        else:
            abbr = f" ({esc(d['abbreviation'])})" if d.get("abbreviation") else ""
            parts.append(f"<h3>{esc(d['term'])}{abbr}</h3>")
            parts += [f"<p><b>{esc(label)}.</b> {esc(text)}</p>" for label, text in definition_parts(d)]
        related = [r["title"] for r in d.get("related") or [] if r.get("title")]
        if related:
            parts.append(f"<p><b>See also:</b> {esc(', '.join(related))}</p>")
        if d.get("source"):
            where = source_lines_text(d.get("source_lines"), dash="–")
            parts.append(f"<p style='color: {secondary}'>Source: {esc(d['source'])}{', ' + where if where else ''}</p>")
    return "".join(parts)


class QuickLookup(QDialog):
    """A small always-ready box. Up and Down pick a headword; Enter opens it in the
    main window (or searches everything for what was typed, when nothing matches)."""

    open_record = Signal(str)
    search_for = Signal(str)

    def __init__(self, repo_getter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo_getter = repo_getter
        self.setWindowTitle("Quick lookup")
        self.setAccessibleName("Quick lookup")
        self.box = QLineEdit(self)
        self.box.setPlaceholderText("Term or abbreviation, or its start")
        self.box.setAccessibleName("Term or abbreviation")
        self.box.setClearButtonEnabled(True)
        self.headwords = QListWidget(self)
        self.headwords.setAccessibleName("Headwords")
        self.answer = QTextBrowser(self)
        self.answer.setAccessibleName("Definition")
        self.answer.setOpenLinks(False)
        hint = QLabel("Up and Down pick a headword · Enter opens it in the main window · Esc closes", self)
        hint.setWordWrap(True)
        self.hint = hint
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        row = QHBoxLayout()
        row.addWidget(self.headwords)
        row.addWidget(self.answer, 1)
        layout.addLayout(row, 1)
        layout.addWidget(hint)
        self.definitions: list[dict] = []
        self.box.textChanged.connect(self.look_up)
        self.box.returnPressed.connect(self._open)
        self.box.installEventFilter(self)
        self.headwords.currentTextChanged.connect(self._show_headword)
        self.headwords.itemActivated.connect(lambda _item: self._open())
        self.look_up("")

    def look_up(self, text: str) -> None:
        """The headwords starting with ``text``, and the definitions of the one it names
        whole, else of the first headword, else of the nearest spelling."""
        self.headwords.blockSignals(True)
        self.headwords.clear()
        self.headwords.blockSignals(False)
        if not text.strip():  # (and before the knowledge base is there at all)
            self._show([], None, text)
            return
        glossary = self.repo_getter().glossary
        words = headwords_for(glossary, text)
        self.headwords.blockSignals(True)  # the definitions are looked up once, below, not again for row 0
        self.headwords.addItems(words)
        if words:
            self.headwords.setCurrentRow(0)
        self.headwords.blockSignals(False)
        definitions, corrected = define(glossary, text)
        if words and (not definitions or corrected):
            definitions, corrected = define(glossary, words[0])[0], None
        self._show(definitions, corrected, text)

    def _show_headword(self, word: str) -> None:
        if word:
            self._show(define(self.repo_getter().glossary, word)[0], None, word)

    def _show(self, definitions: list[dict], corrected: str | None, text: str) -> None:
        self.definitions = definitions
        secondary = text_colours(self.palette()).secondary
        self.answer.setHtml(definitions_html(definitions, corrected, text, secondary))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress and self.headwords.count():
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step:
                row = max(0, min(self.headwords.count() - 1, self.headwords.currentRow() + step))
                self.headwords.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def _open(self) -> None:
        if self.definitions:
            self.open_record.emit(self.definitions[0]["id"])
        elif self.box.text().strip():
            self.search_for.emit(self.box.text().strip())
        self.hide()

    def _fit_to_text(self) -> None:
        """A size in characters and lines, so that larger text gets a larger box (within
        the screen), and the hint in the palette's secondary colour, light or dark."""
        metrics = self.fontMetrics()
        self.headwords.setMaximumWidth(metrics.averageCharWidth() * HEADWORD_CHARS)
        width, height = metrics.averageCharWidth() * BOX_CHARS, metrics.lineSpacing() * BOX_LINES
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 40)
        self.resize(max(self.width(), width) if self.isVisible() else width, height)
        hint = QPalette(self.hint.palette())
        hint.setColor(QPalette.ColorRole.WindowText, QColor(text_colours(self.palette()).secondary))
        self.hint.setPalette(hint)

    def popup(self, text: str = "") -> None:
        """Show the box; with ``text`` (what is selected in the detail pane), looked up."""
        self._fit_to_text()
        self.show()
        self.raise_()
        self.activateWindow()
        if text.strip():
            self.box.setText(" ".join(text.split()))
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
