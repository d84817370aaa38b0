"""The interface every page (tab) of the window offers, as Vorta's ``BaseTab`` does.

The window talks to pages only through this: what record is current or selected,
what the page lists, how it shows the knowledge base and which writes concern it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QWidget

from kbapp.domain.ids import RecordKind
from kbapp.present.shown_list import ShownList
from kbapp.services.changes import Changes
from kbapp.storage.repository import Repository
from kbapp.ui.models.records import ID_ROLE

RepoGetter = Callable[[], Repository]


class Page(QWidget):
    current_changed = Signal(str)  # the typed id of the row the user moved to
    open_record = Signal(str)  # the typed id the user opened (Enter, double click)

    title = ""  # the tab's name
    kinds: frozenset[RecordKind] = frozenset()  # the record kinds whose changes the page shows
    # A page that shows the catalogue's later editions of the paper's standards follows a
    # catalogue write only when it changed them (most imports are a force's own documents).
    shows_later_editions = False
    _editions_shown: dict[str, list[str]] | None = None
    _fit_on_show = False

    def load(self, repo: Repository) -> None:
        """Show the knowledge base as it now is."""

    @staticmethod
    def moved_to(view: QAbstractItemView, current: QModelIndex) -> bool:
        """Whether the user moved to ``current``: a click or an arrow key selects the row
        it makes current. Focus coming back to a list with no current row (after a
        dialog closes) makes row 0 current without selecting it; that moves nothing."""
        model = view.selectionModel()
        return current.isValid() and model is not None and model.isSelected(current.siblingAtColumn(0))

    def current_id(self) -> str | None:
        """The record of the row the user is on in this page, if they moved to one."""
        view = self.main_view()
        if view is None:
            return None
        current = view.currentIndex()
        return current.siblingAtColumn(0).data(ID_ROLE) if self.moved_to(view, current) else None

    def refresh(self, changes: Changes, repo: Repository) -> None:
        """Show what a write changed, if it concerns this page."""
        if changes.touches(*self.kinds) or self._editions_changed(changes, repo):
            self.load(repo)

    def remember_editions(self, repo: Repository) -> None:
        """Called by ``load`` of a page that shows later editions."""
        if self.shows_later_editions:
            self._editions_shown = repo.listings.later_editions()

    def _editions_changed(self, changes: Changes, repo: Repository) -> bool:
        if not self.shows_later_editions or not changes.touches(RecordKind.RESOURCE):
            return False
        return repo.listings.later_editions() != self._editions_shown

    def selected_ids(self) -> list[str]:
        return []

    def all_ids(self) -> list[str]:
        """What the page lists, in the order shown (for "export the list as shown")."""
        return []

    def shown_list(self) -> ShownList | None:
        """The list as shown, row by row, for "export the list as shown"; None where the
        page's records are exported whole instead."""
        return None

    def main_view(self) -> QAbstractItemView | None:
        """The list, table or tree that Select all selects in."""
        return None

    def fit(self) -> None:
        """Lay the page out again after the text size changed."""

    def refit(self) -> None:
        """``fit`` once the new text size has reached the page's widgets, if it is shown;
        else when it is next shown: a hidden view sizes its columns from no rows at all
        (Qt measures only the rows in sight)."""
        if self.isVisible():
            QTimer.singleShot(0, self.fit)
        else:
            self._fit_on_show = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._fit_on_show:
            self._fit_on_show = False
            QTimer.singleShot(0, self.fit)  # once the view has its size and rows in sight
