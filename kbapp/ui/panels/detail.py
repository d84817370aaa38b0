"""The detail pane: one record in full, links to follow, back and forward."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QTextBrowser, QToolTip, QVBoxLayout, QWidget

from kbapp.domain.errors import KbError
from kbapp.domain.ids import key_of, kind_of
from kbapp.search.lookup import define
from kbapp.storage.repository import Repository
from kbapp.storage.userdata import UserData
from kbapp.ui.colours import text_colours
from kbapp.ui.render import TextColours, render, tooltip_for

EMPTY = """<html><body style="color: {secondary}"><h2>Nothing selected</h2>
<p>Pick a result, a term or a clause to read it here. Links in the text lead to
glossary terms, standards and mapped ITIL sections; hover a term to see its definition.</p>
<p>Alt+Left and Alt+Right go back and forward.</p></body></html>"""


def _colours() -> TextColours:
    return text_colours(QGuiApplication.palette())


class DetailPane(QWidget):
    """Shows records by typed id. Emits ``navigate`` for links that leave the pane
    (an ITIL section, a mapping table, a search) and ``shown`` for each record shown."""

    navigate = Signal(str)
    shown = Signal(str)
    outside_link = Signal(str)

    def __init__(self, repo_getter, userdata: UserData | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo_getter = repo_getter
        self.userdata = userdata
        self.history: list[str] = []
        self.position = -1
        self.current: str | None = None
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName("Record details")
        self.browser.anchorClicked.connect(self._on_link)
        self.browser.highlighted.connect(self._on_hover)
        self.browser.setHtml(EMPTY.format(secondary=_colours().secondary))
        self.browser.viewport().installEventFilter(self)
        self.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)

    @property
    def repo(self) -> Repository:
        return self.repo_getter()

    # ----- showing -----

    def show_record(self, typed_id: str, remember: bool = True) -> bool:
        try:
            record = self.repo.records.get(typed_id)
        except KbError as exc:
            self.browser.setHtml(f"<p>{exc}</p>")
            return False
        typed_id = record["id"]
        text = " ".join(
            str(record.get(k) or "") for k in ("title", "description", "informal_definition", "itil_definition", "text")
        )
        mentions = self.repo.glossary.mentioned_in(text)
        note = self.userdata.bookmark_note(typed_id) if self.userdata else None
        self.browser.setHtml(
            render(record, mentions, note is not None, self.repo.listings.standard_keys(), _colours(), note or "")
        )
        self.current = typed_id
        if remember:
            del self.history[self.position + 1 :]
            if not self.history or self.history[-1] != typed_id:
                self.history.append(typed_id)
            self.position = len(self.history) - 1
        self.shown.emit(typed_id)
        return True

    def toggle_bookmark(self) -> str | None:
        """Bookmark the record shown, or take its bookmark away; returns what to tell the user.
        A bookmark that cannot be saved raises the storage's ``KbError``."""
        current = self.current
        if not current or not self.userdata:
            return None
        on = not self.userdata.is_bookmarked(current)
        title = self.current_title()
        self.userdata.set_bookmark(current, title, on)
        self.refresh()
        return ("Bookmarked " if on else "Removed bookmark: ") + title

    def current_title(self) -> str:
        current = self.current or ""
        return self.repo.views.summaries([current]).get(current, {}).get("title", current)

    def bookmark_note(self) -> str | None:
        """The note on the shown record's bookmark ("" for none, None when not bookmarked)."""
        return self.userdata.bookmark_note(self.current) if self.current and self.userdata else None

    def set_bookmark_note(self, note: str) -> str | None:
        """Keep a note on the shown record, bookmarking it if need be; returns what to tell
        the user. A note that cannot be saved raises the storage's ``KbError``."""
        current = self.current
        if not current or not self.userdata:
            return None
        title = self.current_title()
        self.userdata.set_bookmark_note(current, title, note)
        self.refresh()
        return f"Note kept on the bookmark of {title}" if note.strip() else f"Note removed from {title}"

    def refresh(self) -> None:
        if self.current:
            self.show_record(self.current, remember=False)

    def clear(self) -> None:
        self.current = None
        self.browser.setHtml(EMPTY.format(secondary=_colours().secondary))

    def follow_view(self, typed_id: str | None) -> None:
        """Another view is shown. A record the user opened stays: they are reading it, and
        Ctrl+B acts on it. A record previewed in the view left gives way to the row the
        user is on in this one, or to nothing."""
        if self.current and self.history and not self._previewing():
            return
        if typed_id:
            if typed_id != self.current:
                self.show_record(typed_id, remember=False)
        else:
            self.clear()

    def drop_preview(self, keep: bool = False) -> None:
        """A list emptied under a record it previewed (a search that now finds nothing,
        unless ``keep``): the record goes too. One the user opened stays, as they are reading it."""
        if not keep and self.current and (self._previewing() or not self.history):
            self.clear()

    def _previewing(self) -> bool:
        """A record is shown that was previewed, not opened (it is not in the history)."""
        return 0 <= self.position < len(self.history) and self.current != self.history[self.position]

    def can_go_back(self) -> bool:
        return self.position > 0 or self._previewing()

    def can_go_forward(self) -> bool:
        return self.position + 1 < len(self.history)

    def back(self) -> None:
        """To the record opened before; from a preview, to the record last opened."""
        if self._previewing():
            self.show_record(self.history[self.position], remember=False)
        elif self.can_go_back():
            self.position -= 1
            self.show_record(self.history[self.position], remember=False)

    def forward(self) -> None:
        if self.can_go_forward():
            self.position += 1
            self.show_record(self.history[self.position], remember=False)

    # ----- links -----

    def follow(self, href: str) -> None:
        """Follow a link as a click would."""
        if href.startswith("kb:"):
            target = href[3:]
            kind = kind_of(target)
            # kb:itil:SD 4.6.4.3 (a section as the tables write it) opens the reverse view;
            # kb:itil:SD-4.6.4.3 is the section's own record.
            if kind in ("mappings", "search") or (kind == "itil" and " " in key_of(target)):
                self.navigate.emit(target)
            else:
                self.show_record(target)
        else:
            # kbapp makes no network connections: an outside address is copied, not opened.
            QGuiApplication.clipboard().setText(href)
            self.outside_link.emit(href)

    def _on_link(self, url: QUrl) -> None:
        self.follow(url.toString())

    def _on_hover(self, url: QUrl) -> None:
        href = url.toString()
        if not href.startswith(("kb:term:", "kb:abbreviation:")):
            QToolTip.hideText()
            return
        target = href.removeprefix("kb:")
        kind, key = kind_of(target), key_of(target)
        try:
            record = self.repo.records.get(target)
        except KbError:
            return
        query = record.get("term") if kind == "term" else record.get("abbreviation")
        definitions, _ = define(self.repo.glossary, query or key)
        if definitions:
            QToolTip.showText(QCursor.pos(), tooltip_for(definitions[0]), self.browser)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The mouse's back and forward buttons move through the history.
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            if event.button() == Qt.MouseButton.BackButton:
                self.back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.forward()
                return True
        return super().eventFilter(watched, event)
