"""Quick lookup (Ctrl+L): type ISMS, SLA or a misspelt term, see the definition at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTextBrowser, QVBoxLayout, QWidget

from kbapp.domain.labels import definition_parts
from kbapp.search.lookup import define
from kbapp.ui.colours import text_colours
from kbapp.ui.render import esc


def definitions_html(definitions: list[dict], corrected: str | None, query: str, secondary: str = "#6b6b6b") -> str:
    if not query.strip():
        return f"<p style='color: {secondary}'>Type a term or an abbreviation: ISMS, SLA, risk…</p>"
    if not definitions:
        return f"<p>No term or abbreviation like “{esc(query)}”. Press Enter to search everything for it.</p>"
    parts = []
    if corrected:
        parts.append(f"<p style='color: {secondary}'>Showing “{esc(corrected)}”.</p>")
    for d in definitions:
        if d["type"] == "abbreviation":
            parts.append(f"<h3>{esc(d['abbreviation'])}</h3><p>{esc(d['expansion'])}</p>")
            continue
        abbr = f" ({esc(d['abbreviation'])})" if d.get("abbreviation") else ""
        parts.append(f"<h3>{esc(d['term'])}{abbr}</h3>")
        parts += [f"<p><b>{esc(label)}.</b> {esc(text)}</p>" for label, text in definition_parts(d)]
    return "".join(parts)


class QuickLookup(QDialog):
    """A small always-ready box. Enter opens the first definition (or a search) in the main window."""

    open_record = Signal(str)
    search_for = Signal(str)

    def __init__(self, repo_getter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo_getter = repo_getter
        self.setWindowTitle("Quick lookup")
        self.setAccessibleName("Quick lookup")
        self.box = QLineEdit(self)
        self.box.setPlaceholderText("Term or abbreviation")
        self.box.setAccessibleName("Term or abbreviation")
        self.box.setClearButtonEnabled(True)
        self.answer = QTextBrowser(self)
        self.answer.setAccessibleName("Definition")
        self.answer.setOpenLinks(False)
        hint = QLabel("Enter opens it in the main window · Esc closes", self)
        hint.setStyleSheet(f"color: {text_colours(self.palette()).secondary}")
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.answer, 1)
        layout.addWidget(hint)
        self.resize(520, 360)
        self.definitions: list[dict] = []
        self.box.textChanged.connect(self.look_up)
        self.box.returnPressed.connect(self._open)
        self.look_up("")

    def look_up(self, text: str) -> None:
        self.definitions, corrected = define(self.repo_getter().glossary, text) if text.strip() else ([], None)
        self.answer.setHtml(definitions_html(self.definitions, corrected, text, text_colours(self.palette()).secondary))

    def _open(self) -> None:
        if self.definitions:
            self.open_record.emit(self.definitions[0]["id"])
        elif self.box.text().strip():
            self.search_for.emit(self.box.text().strip())
        self.hide()

    def popup(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
