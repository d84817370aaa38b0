"""Entries of the user's own from the window: Edit › New local entry, Edit this
entry (an override, for a resource of the catalogue or of an import), Delete local
entry and Revert local override. Each save runs off the UI thread; the views follow
through the change notification, and the detail pane shows the record saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QMessageBox

from kbapp.domain.errors import KbError
from kbapp.domain.ids import RecordKind, key_of, kind_of, record_id
from kbapp.services.local_entries import LocalChange
from kbapp.sources.entry_form import EntryValues
from kbapp.ui.dialogs.entry_form import EntryForm
from kbapp.ui.dialogs.errors import failure_shown, show_expected
from kbapp.ui.ops import Ops
from kbapp.ui.panels.detail import DetailPane
from kbapp.ui.plain import literal

NEW_NOTE = (
    "An entry of your own is kept in your data folder, marked as local in every view and export, "
    "and no catalogue update changes or removes it."
)
OVERRIDE_NOTE = (
    "This resource comes from {origin}. What you save is kept as your local override, shown in "
    "front of it until you revert it (Edit › Revert local override)."
)


class LocalEntriesFlow:
    def __init__(
        self, window: QMainWindow, ops: Ops, detail: DetailPane, on_changed: Callable[[], None] = lambda: None
    ) -> None:
        self.window = window
        self.ops = ops
        self.detail = detail
        self.on_changed = on_changed
        self.form: EntryForm | None = None

    # ----- the actions -----

    def new_entry(self) -> None:
        self._open(None, EntryValues(), "New local entry", NEW_NOTE)

    def edit_current(self) -> None:
        rid = self._shown_resource()
        if rid is None:
            return
        try:
            values = self.ops.kb.values_for(rid)
            row = self.ops.kb.repository().state.resource_row(rid) or {}
        except KbError as exc:
            show_expected(self.window, str(exc))
            return
        if row.get("local") == "entry":
            self._open(rid, values, "Edit local entry", NEW_NOTE)
        else:
            from kbapp.domain.labels import origin_label

            origin = origin_label(row.get("source"), row.get("replaces"), row.get("local"))
            self._open(rid, values, "Edit entry (your local override)", OVERRIDE_NOTE.format(origin=origin))

    def delete_current(self) -> None:
        rid = self._shown_resource(local="entry", why="Open one of your local entries to delete it")
        if rid is None:
            return
        title = self.detail.current_title()
        answer = QMessageBox.question(
            self.window, "Delete local entry", literal(f"Delete your local entry “{title}”? It is in no other source.")
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(lambda kb: kb.delete_entry(rid), f"“{title}” was not deleted.", show=False)

    def revert_current(self) -> None:
        rid = self._shown_resource(local="override", why="Open a resource with your local override to revert it")
        if rid is None:
            return
        title = self.detail.current_title()
        answer = QMessageBox.question(
            self.window,
            "Revert local override",
            literal(f"Drop your override of “{title}” and show the text its source gives?"),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(lambda kb: kb.revert_override(rid), f"“{title}” was not reverted.")

    # ----- the form and the write -----

    def _open(self, rid: str | None, values: EntryValues, heading: str, note: str) -> None:
        try:
            index = self.ops.kb.repository().index
            bodies = {b["name"]: b["abbreviation"] or "" for b in index.bodies()}
            categories = list(index.categories())
        except KbError as exc:
            show_expected(self.window, str(exc))
            return
        form = EntryForm(self.window, values, bodies, categories, heading, note)
        form.accepted.connect(lambda: self._save(rid, form.values()))
        form.finished.connect(form.deleteLater)
        self.form = form
        form.open()

    def _save(self, rid: str | None, values: EntryValues) -> None:
        if rid is None:
            self._write(lambda kb: kb.add_entry(values), f"“{values.title.strip()}” was not added.")
        else:
            self._write(lambda kb: kb.edit_entry(rid, values), f"“{values.title.strip()}” was not saved.")

    def _write(self, work: Callable, what: str, show: bool = True) -> None:
        def done(change: LocalChange) -> None:
            self.window.statusBar().showMessage(change.message(), 15000)
            for notice in change.notices:
                show_expected(self.window, notice)
            if show:
                self.detail.show_record(record_id(RecordKind.RESOURCE, change.resource_id))
            elif self.detail.current == record_id(RecordKind.RESOURCE, change.resource_id):
                self.detail.clear()
            self.on_changed()

        self.ops.write(lambda kb, _progress: work(kb), done, failure_shown(self.window, what), label="Saving…")

    def _shown_resource(self, local: str | None = None, why: str = "Open a resource to edit it") -> str | None:
        """The resource the detail pane shows (of that ``local`` mark, if given), or None
        after telling the user what to open."""
        current = self.detail.current
        if current and kind_of(current) == RecordKind.RESOURCE.value:
            rid = key_of(current)
            if local is None:
                return rid
            row = self.ops.kb.repository().state.resource_row(rid) or {}
            if row.get("local") == local:
                return rid
        self.window.statusBar().showMessage(why, 5000)
        return None
