"""The window's keyboard behaviour beyond its actions: where focus goes, and keys the
widgets would otherwise swallow.

- Ctrl+K (and ``/`` outside a text box) goes to the search box; Ctrl+F finds in the
  view shown: the search box on Search, the filter box on a table page.
- Down in the search box moves into the results; Escape closes the suggestions
  first, then clears the query.
- A line edit takes Ctrl+E, Ctrl+D, Ctrl+B and Ctrl+K as editing keys ("end of
  line", "delete"…) on Linux; the window's shortcuts win over those, so Ctrl+E
  exports from the search box, where the focus usually is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QTabWidget

from kbapp.ui.pages.base import Page
from kbapp.ui.pages.search import SearchPage

# What a line edit must keep: text editing's own standard keys.
EDITING = (
    QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut, QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll, QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.Delete, QKeySequence.StandardKey.Back, QKeySequence.StandardKey.Forward,
)  # fmt: skip


class Keyboard(QObject):
    def __init__(self, window: QMainWindow, search_page: SearchPage, tabs: QTabWidget) -> None:
        super().__init__(window)
        self.window = window
        self.search_page = search_page
        self.tabs = tabs
        self.shortcuts: Callable[[], list[QKeySequence]] = list  # the window's action shortcuts, once registered
        slash = QShortcut(QKeySequence("/"), window)
        slash.activated.connect(self._slash)
        app = QApplication.instance()
        if app is not None:
            # One filter on the application sees the search box's keys and every line edit's
            # shortcut overrides; a second on the box would run each of its keys through twice.
            app.installEventFilter(self)

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search_page)
        self.search_page.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_page.box.selectAll()

    def show_page(self, number: int) -> None:
        """Ctrl+1…6: the page, with the focus in it, where the arrow keys work at once."""
        self.tabs.setCurrentIndex(number)
        page = self.tabs.currentWidget()
        if page is self.search_page:
            self.focus_search()
            return
        view = page.main_view() if isinstance(page, Page) else None
        if view is not None:
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            model, selection = view.model(), view.selectionModel()
            if model is None or selection is None or not model.rowCount():
                return
            if not view.currentIndex().isValid():
                view.setCurrentIndex(model.index(0, 0))
            if not selection.hasSelection():  # the row the arrows start from is the one Ctrl+D takes
                flags = QItemSelectionModel.SelectionFlag
                selection.select(view.currentIndex(), flags.ClearAndSelect | flags.Rows)

    def find_here(self) -> None:
        """The find box of the view shown: a table's filter, else the search box."""
        box = getattr(self.tabs.currentWidget(), "filter", None)
        if isinstance(box, QLineEdit):
            box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            box.selectAll()
        else:
            self.focus_search()

    def _slash(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.insert("/")
        else:
            self.focus_search()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            assert isinstance(event, QKeyEvent)
            if self._window_shortcut(event) and watched.window() is self.window:
                event.ignore()  # not the line edit's: the window's shortcut fires
                return True
        if watched is self.search_page.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._search_box_key(event)
        return False

    def _window_shortcut(self, event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        if any(event.matches(key) for key in EDITING):
            return False
        return any(pressed.matches(s) == QKeySequence.SequenceMatch.ExactMatch for s in self.shortcuts())

    def _search_box_key(self, event: QKeyEvent) -> bool:
        page = self.search_page
        popup = page.completer.popup()
        if popup is not None and popup.isVisible():
            return False  # the suggestions take their keys
        if event.key() == Qt.Key.Key_Down and page.model.rowCount():
            page.view.setFocus(Qt.FocusReason.TabFocusReason)
            current = page.view.currentIndex()
            page.view.setCurrentIndex(current if current.isValid() else page.model.index(0, 0))
            return True
        if event.key() == Qt.Key.Key_Escape and page.box.text():
            page.box.clear()
            return True
        return False
