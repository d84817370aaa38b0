"""Importing catalogue files from the window, and the list of imports kept.

A file is first previewed (what it adds and changes, field by field); the import
runs only when the user accepts, off the UI thread with a progress dialog that can
cancel it. Cancelled or failed, it leaves the knowledge base as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbapp.domain.errors import KbError
from kbapp.domain.labels import count_text
from kbapp.ui.dialogs.errors import failure_shown, show_expected
from kbapp.ui.ops import IMPORT_SHARES, Ops
from kbapp.ui.panels.detail import DetailPane
from kbapp.ui.plain import literal
from kbapp.ui.tasks import Cancelled, Task

if TYPE_CHECKING:  # the dialogs behind the menu's import items are imported when first used
    from kbapp.domain.catalogue_diff import ImportPreview
    from kbapp.services.imports import ImportReport, RemovalReport
    from kbapp.ui.dialogs.editions import EditionsFlow
    from kbapp.ui.dialogs.import_preview import ImportPreviewDialog
    from kbapp.ui.dialogs.local_entries import LocalEntriesFlow
    from kbapp.ui.dialogs.packs import PackFlow

FORMAT_HELP = (
    "A catalogue file is plain UTF-8 text in the shipped catalogue's format: each entry is a line "
    "'Resource', the title, the description, 'Published DD/MM/YYYY', 'Authoring body: NAME (ABBR)' "
    "and the category. Or a CSV file with the columns kbapp's export of resources writes: title, "
    "published, authoring_body and category at least."
)


def ask_import_path(parent: QWidget, folder: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        "Import catalogue entries",
        folder,
        "Catalogue files (*.txt *.csv);;Catalogue text (*.txt);;CSV, as kbapp exports it (*.csv);;All files (*)",
    )
    return Path(path) if path else None


def import_refused(parent: QWidget, path: Path) -> Callable[[BaseException, str], None]:
    return failure_shown(parent, f"{path.name} was not imported.", "Import failed", FORMAT_HELP)


def start_import(
    parent: QMainWindow,
    ops: Ops,
    path: Path,
    on_imported: Callable[[ImportReport], None],
    replace_catalogue: bool = False,
    replace_local: bool = False,
) -> Task | None:
    """Import ``path`` off the UI thread; ``on_imported`` runs when it is in."""

    refused = import_refused(parent, path)

    def failed(exc: BaseException, details: str) -> None:
        if isinstance(exc, Cancelled):
            parent.statusBar().showMessage(f"Import of {path.name} cancelled: nothing was imported.", 10000)
        else:
            refused(exc, details)

    return ops.write(
        lambda kb, progress: kb.import_catalogue(path, progress, replace_catalogue, replace_local),
        on_imported,
        failed,
        label=f"Importing {path.name}…",
        cancellable=True,
        shares=IMPORT_SHARES,
        name=path.name,
    )


class ImportsDialog(QDialog):
    """The imported files, with what each added; import another or remove one."""

    def __init__(
        self,
        parent: QWidget,
        ops: Ops,
        import_file: Callable[[], None],
        on_removed: Callable[[RemovalReport], None],
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.on_removed = on_removed
        self.setWindowTitle("Imported catalogues")
        self.resize(620, 340)
        layout = QVBoxLayout(self)
        note = QLabel(
            "Entries imported from these files are searched and listed with the shipped catalogue. "
            "kbapp keeps a copy of each file, so they survive every rebuild."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["File", "Entries", "Imported (UTC)"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.empty = QLabel("Nothing imported yet.")
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = QPushButton("&Import file…", self)
        self.remove_button = QPushButton("&Remove", self)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in (self.import_button, self.remove_button):
            button.setAutoDefault(False)  # Enter closes the list; it never opens a file dialog
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(import_file)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        try:
            files = self.ops.kb.imports()
        except KbError as exc:
            show_expected(self, str(exc))
            files = []
        self.table.setRowCount(len(files))
        for row, f in enumerate(files):
            cells = [f.name, str(f.entries), f.imported_at.replace("T", " ").removesuffix("+00:00")]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not files)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectedItems()))

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self._cell(rows[0].row(), 0) if rows else None

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def confirm_removal(self, name: str, entries: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Remove import",
            literal(f"Remove {name} and its {entries} entries from the knowledge base?"),
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        entries = self._cell(self.table.currentRow(), 1)
        if not self.confirm_removal(name, entries):
            return

        def done(report: RemovalReport) -> None:
            self.refresh()
            self.on_removed(report)

        failed = failure_shown(self, f"{name} was not removed.", "Remove failed")
        self.ops.write(lambda kb, _progress: kb.remove_import(name), done, failed, label=f"Removing {name}…")


class ImportFlow:
    """Importing from the window: choose a file, import it behind a progress dialog
    that can cancel it, and list or remove what was imported."""

    def __init__(
        self,
        window: QMainWindow,
        ops: Ops,
        settings: QSettings,
        detail: DetailPane,
        on_bookmarks: Callable[[], None] = lambda: None,
    ) -> None:
        self.window = window
        self.ops = ops
        self.settings = settings
        self.dialog: ImportsDialog | None = None
        self.preview_dialog: ImportPreviewDialog | None = None
        self.detail = detail
        self.on_bookmarks = on_bookmarks
        ops.writing_changed.connect(self._writing)

    # Made when first used: the window shows before their modules are imported.
    @cached_property
    def editions(self) -> EditionsFlow:
        from kbapp.ui.dialogs.editions import EditionsFlow

        return EditionsFlow(self.window, self.ops, self.settings, self._catalogue_changed)

    @cached_property
    def packs(self) -> PackFlow:
        from kbapp.ui.dialogs.packs import PackFlow

        return PackFlow(self.window, self.ops, self.settings, self._unpacked)

    @cached_property
    def local(self) -> LocalEntriesFlow:
        from kbapp.ui.dialogs.local_entries import LocalEntriesFlow

        return LocalEntriesFlow(self.window, self.ops, self.detail, self._catalogue_changed)

    def ask_path(self) -> Path | None:
        folder = str(self.settings.value("import/last_folder", str(Path.home())))
        path = ask_import_path(self.window, folder)
        if path:
            self.settings.setValue("import/last_folder", str(path.parent))
        return path

    def import_file(self) -> None:
        path = self.ask_path()
        if path is not None:
            self.preview(path)

    def replace_catalogue(self) -> None:
        """File › Replace the catalogue with a new edition: the same preview, removals included."""
        path = self.ask_path()
        if path is not None:
            self.preview(path, replace_catalogue=True)

    def preview(self, path: Path, replace_catalogue: bool = False) -> Task | None:
        """Read ``path`` and show what importing it would do; the import runs only when
        the user accepts."""

        return self.ops.write(
            lambda kb, _progress: kb.preview_import(path, replace_catalogue),
            lambda preview: self._previewed(path, preview, replace_catalogue),
            import_refused(self.window, path),
            label=f"Reading {path.name}…",
        )

    def _previewed(self, path: Path, preview: ImportPreview, replace_catalogue: bool) -> None:
        from kbapp.ui.dialogs.import_preview import ImportPreviewDialog

        dialog = ImportPreviewDialog(self.window, preview, replace_catalogue)
        dialog.accepted.connect(
            lambda: start_import(
                self.window, self.ops, path, self._imported, replace_catalogue, dialog.replace_local.isChecked()
            )
        )
        dialog.rejected.connect(
            lambda: self.window.statusBar().showMessage(
                f"Import of {path.name} cancelled: nothing was imported.", 10000
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        self.preview_dialog = dialog
        dialog.open()

    def _imported(self, report: ImportReport) -> None:
        what = f"{report.added} added, {report.changed} changed" + (
            f", {report.removed} removed" if report.removed else ""
        )
        if report.replaced_local:
            what += f"; it replaced {count_text(len(report.replaced_local), 'local entry')} of yours"
        self.window.statusBar().showMessage(f"Imported imports/{report.name}: {what}", 15000)
        for notice in report.notices:
            show_expected(self.window, notice, "Imported; the index was not updated")
        self._catalogue_changed()

    def _unpacked(self, _report: object) -> None:
        self._catalogue_changed()
        self.on_bookmarks()

    def _catalogue_changed(self) -> None:
        """An import, a removal or a restore: the lists of imports and editions follow."""
        if self.dialog is not None:
            self.dialog.refresh()
        if self.editions.dialog is not None:
            self.editions.dialog.refresh()

    def show_dialog(self) -> None:
        if self.dialog is None:
            self.dialog = ImportsDialog(self.window, self.ops, self.import_file, self._removed)
        self.dialog.setEnabled(not self.ops.writing)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()

    def _removed(self, report: RemovalReport) -> None:
        entries = count_text(report.entries, "entry")
        self.window.statusBar().showMessage(f"Removed imports/{report.name} and its {entries}", 15000)
        for notice in report.notices:
            show_expected(self.window, notice, "Removed; the index was not updated")
        self._catalogue_changed()

    def _writing(self, writing: bool) -> None:
        if self.dialog is not None:
            self.dialog.setEnabled(not writing)
