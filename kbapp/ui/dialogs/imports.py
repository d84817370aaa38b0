"""Importing catalogue files from the window, and the list of imports kept.

An import runs off the UI thread with a progress dialog that can cancel it;
cancelled or failed, it leaves the knowledge base as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbapp.domain.errors import KbError
from kbapp.services.knowledge_base import ImportReport, KnowledgeBase
from kbapp.ui.dialogs.errors import show_expected, show_unexpected
from kbapp.ui.tasks import Cancelled, Task, run_task

READING_SHARE = 70  # of the progress bar; indexing takes the rest

FORMAT_HELP = (
    "A catalogue file is plain UTF-8 text in the shipped catalogue's format: each entry is a line "
    "'Resource', the title, the description, 'Published DD/MM/YYYY', 'Authoring body: NAME (ABBR)' "
    "and the category."
)


def ask_import_path(parent: QWidget, folder: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "Import catalogue entries", folder, "Text files (*.txt);;All files (*)"
    )
    return Path(path) if path else None


def start_import(
    parent: QWidget,
    kb: KnowledgeBase,
    path: Path,
    on_imported: Callable[[ImportReport], None],
) -> Task:
    """Import ``path`` off the UI thread; ``on_imported`` runs when it is in."""

    def work(report) -> ImportReport:
        def progress(stage: str, done: int, total: int) -> None:
            share = done * 100 // max(1, total)
            if stage == "reading":
                report(share * READING_SHARE // 100, f"Reading {path.name}… {share}%")
            else:
                report(READING_SHARE + share * (100 - READING_SHARE) // 100, f"Indexing… {share}%")

        try:
            return kb.import_catalogue(path, progress)
        finally:
            kb.close()  # this thread's connections end with the task

    def failed(exc: BaseException, details: str) -> None:
        if isinstance(exc, Cancelled):
            parent.statusBar().showMessage(f"Import of {path.name} cancelled: nothing was imported.", 10000)  # type: ignore[attr-defined]
        elif isinstance(exc, KbError):
            show_expected(parent, f"{path.name} was not imported.\n\n{exc}\n\n{FORMAT_HELP}", "Import failed")
        else:
            show_unexpected(parent, details)

    return run_task(work, on_imported, failed, parent=parent, label=f"Importing {path.name}…", cancellable=True)


class ImportsDialog(QDialog):
    """The imported files, with what each added; import another or remove one."""

    def __init__(
        self,
        parent: QWidget,
        kb: KnowledgeBase,
        import_file: Callable[[], None],
        on_removed: Callable[[str, int], None],
    ) -> None:
        super().__init__(parent)
        self.kb = kb
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
        buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(import_file)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        try:
            files = self.kb.imports()
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
        return self.table.item(rows[0].row(), 0).text() if rows else None

    def confirm_removal(self, name: str, entries: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Remove import",
            f"Remove {name} and its {entries} entries from the knowledge base?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        entries = self.table.item(self.table.currentRow(), 1).text()
        if not self.confirm_removal(name, entries):
            return

        def work(_report) -> int:
            try:
                return self.kb.remove_import(name).entries
            finally:
                self.kb.close()

        def done(removed: int) -> None:
            self.refresh()
            self.on_removed(name, removed)

        def failed(exc: BaseException, details: str) -> None:
            if isinstance(exc, KbError):
                show_expected(self, f"{name} was not removed.\n\n{exc}", "Remove failed")
            else:
                show_unexpected(self, details)

        self.task = run_task(work, done, failed, parent=self, label=f"Removing {name}…")
