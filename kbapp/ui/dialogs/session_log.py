"""View › Session log: what was searched, opened, looked up and exported, by day and
working set, with the switch that turns the log on or off, and an export to CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbapp.domain.errors import KbError
from kbapp.export.csv import write_csv
from kbapp.services import session_log
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.ui.dialogs.errors import show_expected

ALL = "all"
HEADERS = ["Time (UTC)", "Action", "What", "Detail", "Working set"]
COLUMNS = ["at", "action", "what", "detail", "working_set", "build_id"]


class SessionLogDialog(QDialog):
    def __init__(self, parent: QWidget, kb: KnowledgeBase) -> None:
        super().__init__(parent)
        self.kb = kb
        self.setObjectName("session-log")
        self.setWindowTitle("Session log")
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        self.enabled = QCheckBox("&Record what I search, open, look up and export (kept on this workstation)", self)
        self.enabled.toggled.connect(self._switched)
        layout.addWidget(self.enabled)
        filters = QHBoxLayout()
        self.day = QComboBox(self)
        self.day.setAccessibleName("Day")
        self.working_set = QComboBox(self)
        self.working_set.setAccessibleName("Working set")
        for label, box in (("&Day:", self.day), ("&Working set:", self.working_set)):
            caption = QLabel(label, self)
            caption.setBuddy(box)
            filters.addWidget(caption)
            filters.addWidget(box, 1)
            box.activated.connect(lambda _i: self._fill())
        layout.addLayout(filters)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Session log")
        layout.addWidget(self.table, 1)
        self.summary = QLabel(self)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = QPushButton("&Export to CSV…", self)
        self.export_button.setAutoDefault(False)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def refresh(self) -> None:
        self.enabled.blockSignals(True)
        self.enabled.setChecked(session_log.enabled(self.kb))
        self.enabled.blockSignals(False)
        everything = self._events(None, None)
        for box, values in (
            (self.day, sorted({e.day for e in everything}, reverse=True)),
            (self.working_set, sorted({e.working_set for e in everything if e.working_set})),
        ):
            chosen = box.currentText()
            box.clear()
            box.addItem(ALL)
            box.addItems(values)
            box.setCurrentIndex(max(0, box.findText(chosen)))
        self._fill()

    def chosen(self) -> tuple[str | None, str | None]:
        day, working_set = self.day.currentText(), self.working_set.currentText()
        return (None if day in ("", ALL) else day), (None if working_set in ("", ALL) else working_set)

    def _events(self, day: str | None, working_set: str | None) -> list[session_log.LoggedEvent]:
        try:
            return session_log.events(self.kb, day, working_set)
        except KbError as exc:
            show_expected(self, str(exc))
            return []

    def _fill(self) -> None:
        shown = self._events(*self.chosen())
        self.table.setRowCount(len(shown))
        for row, event in enumerate(reversed(shown)):  # newest first
            cells = [event.at.replace("T", " ").removesuffix("+00:00"), event.action, event.what]
            for column, text in enumerate([*cells, event.detail, event.working_set]):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{text}\nbuild {event.build_id}" if column == 0 else text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        state = "on" if self.enabled.isChecked() else "off: nothing is being recorded"
        self.summary.setText(f"{len(shown)} events shown. The session log is {state}.")
        self.export_button.setEnabled(bool(shown))

    def _switched(self, on: bool) -> None:
        try:
            session_log.switch(self.kb, on)
        except KbError as exc:
            show_expected(self, str(exc))
        self.refresh()

    def export(self, path: Path | None = None) -> Path | None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export the session log", "kbapp-session-log.csv", "CSV (*.csv)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        rows = [e.__dict__ for e in self._events(*self.chosen())]
        try:
            return write_csv(path, rows, COLUMNS)
        except KbError as exc:
            show_expected(self, str(exc))
            return None
