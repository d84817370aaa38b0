"""The preview an import shows before anything is written: what it adds, what it
changes field by field (old value beside new), what it leaves as it is, and its
warnings by line. The user imports or cancels."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kbapp.domain.catalogue_diff import UNCHANGED, ImportPreview, changed_lines
from kbapp.ui.models.import_preview import ImportPreviewModel
from kbapp.ui.render import esc

WIDE_COLUMNS = (2, 4, 5)  # resource, old value, new value
MATCHED_BY = 6


class ImportPreviewDialog(QDialog):
    def __init__(self, parent: QWidget, preview: ImportPreview, replace_catalogue: bool = False) -> None:
        super().__init__(parent)
        self.preview = preview
        name = preview.file.replace("\\", "/").rsplit("/", 1)[-1]
        doing = "New catalogue edition" if replace_catalogue else "Import"
        self.setWindowTitle(f"{doing} {name}: preview")
        self.setObjectName("import-preview")
        self.resize(1000, 620)
        layout = QVBoxLayout(self)

        if preview.writes_anything:
            told = f"<b>{esc(preview.file)}</b>: {preview.summary()}. Nothing is written until you press Import."
            if replace_catalogue:
                told += (
                    " As a new edition of the whole catalogue, it removes the catalogue's resources it lacks;"
                    " your own imported entries stay."
                )
        else:
            told = f"<b>{esc(preview.file)}</b>: nothing to import. Every entry is as the knowledge base holds it."
        self.summary = QLabel(told, self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        if preview.warnings:
            self.warnings = QLabel("<b>Warnings</b><br>" + "<br>".join(esc(w) for w in preview.warnings), self)
            self.warnings.setTextFormat(Qt.TextFormat.RichText)
            self.warnings.setWordWrap(True)
            self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(self.warnings)

        self.model = ImportPreviewModel(preview, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("What the import changes")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "Issue 8" → "Issue 9" stays in sight
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in WIDE_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MATCHED_BY, QHeaderView.ResizeMode.Interactive)
        char = self.fontMetrics().averageCharWidth()
        header.resizeSection(MATCHED_BY, char * 18)  # "title, new issue"; the tooltip says all
        header.setMinimumSectionSize(char * 6)  # below that, the table scrolls sideways
        self.view.selectionModel().selectionChanged.connect(self._show_selected)

        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("The selected change in full")
        self.detail.setPlaceholderText("Select a row to read its old and new values in full.")
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setSizes([420, 160])
        layout.addWidget(split, 1)

        unchanged = len(preview.of(UNCHANGED))
        self.show_unchanged = QCheckBox(f"Show the &unchanged entries ({unchanged})", self)
        self.show_unchanged.setEnabled(unchanged > 0)
        self.show_unchanged.toggled.connect(self.model.set_show_unchanged)
        layout.addWidget(self.show_unchanged)
        same = preview.same_title_as_local
        # Where the file brings an entry with a local entry's title: both are kept, unless asked.
        self.replace_local = QCheckBox(
            f"&Replace my local entries with these of the same title ({len(same)}); left unticked, both are kept",
            self,
        )
        self.replace_local.setVisible(bool(same))
        layout.addWidget(self.replace_local)

        buttons = QDialogButtonBox(self)
        self.import_button = QPushButton("&Import", self)
        self.import_button.setEnabled(preview.writes_anything)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        # Enter does not write: the user presses Import (Alt+I) on purpose.
        self.import_button.setAutoDefault(False)
        cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.model.rowCount():
            self.view.selectRow(0)
        self.view.setFocus()

    def _show_selected(self, _selected: QItemSelection = QItemSelection(), _old=None) -> None:  # noqa: B008
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.detail.clear()
            return
        row = rows[0].row()
        cell = self.model.cell
        head = f"{cell(row, 0)}: {cell(row, 2)}" + (f", line {cell(row, 1)}" if cell(row, 1) else "")
        if cell(row, 6):
            head += f"\nMatched by {cell(row, 6)}"
        old, new = cell(row, 4), cell(row, 5)
        if not (old or new):
            self.detail.setPlainText(head)
            return
        lines = "\n".join(f"{sign} {line}" for sign, line in changed_lines(old, new))
        self.detail.setPlainText(
            f"{head}\n\n{cell(row, 3)}, the lines that differ (- old, + new):\n{lines}"
            f"\n\nOld value:\n{old or '(none)'}\n\nNew value:\n{new or '(none)'}"
        )
