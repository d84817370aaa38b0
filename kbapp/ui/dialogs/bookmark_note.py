"""Edit › Bookmark note (Ctrl+Shift+B): a note of the user's own on the record shown,
kept with its bookmark, shown above the record and in the Bookmarks table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QInputDialog, QStatusBar, QWidget

from kbapp.domain.errors import KbError
from kbapp.ui.dialogs.errors import show_expected
from kbapp.ui.panels.detail import DetailPane

Ask = Callable[[QWidget, str, str], "str | None"]


class NoteTarget(Protocol):
    detail: DetailPane

    def statusBar(self) -> QStatusBar: ...
    def bookmarks_changed(self) -> None: ...


def ask_for_note(parent: QWidget, title: str, note: str) -> str | None:
    """The note as the user left it, or None when they cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Bookmark note")
    dialog.setLabelText(f"Your note on “{title}”, kept with its bookmark (empty to remove it):")
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setTextValue(note)
    dialog.setObjectName("bookmark-note")
    return dialog.textValue() if dialog.exec() else None


def edit_bookmark_note(window: NoteTarget, ask: Ask = ask_for_note) -> None:
    detail = window.detail
    if not detail.current:
        window.statusBar().showMessage("Open a record to keep a note on it", 5000)
        return
    note = ask(detail, detail.current_title(), detail.bookmark_note() or "")
    if note is None:
        return
    try:
        message = detail.set_bookmark_note(note)
    except KbError as exc:
        show_expected(detail, str(exc))
        return
    window.bookmarks_changed()
    if message:
        window.statusBar().showMessage(message, 5000)
