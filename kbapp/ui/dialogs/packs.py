"""File › Save data pack… and File › Open data pack…: a workstation's own data (its
imports, local entries and bookmarks) moved to another in one file. Opening checks every hash and
says what the pack would take in before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from kbapp.domain.labels import count_text
from kbapp.services.packs import PackReport, UnpackPreview, UnpackReport
from kbapp.ui.dialogs.errors import failure_shown, show_expected
from kbapp.ui.ops import Ops

FILTER = "kbapp data packs (*.kbpack);;All files (*)"


def preview_text(preview: UnpackPreview) -> str:
    lines = [f"Made {preview.made_at.replace('T', ' ')} by kbapp {preview.kbapp_version}; every file matches its hash."]
    for packed in preview.imports:
        what = "here already, left out" if packed.here_already else (packed.preview.summary() if packed.preview else "")
        lines.append(f"• {packed.name}: {what}")
    lines.append(f"• bookmarks: {preview.new_bookmarks} new; {preview.bookmarks_here} here already, kept as they are")
    lines.append(
        f"• local entries and overrides: {preview.new_local} new; {preview.local_here} here already, yours kept"
    )
    return "\n".join(lines)


class PackFlow:
    def __init__(
        self, window: QMainWindow, ops: Ops, settings: QSettings, on_unpacked: Callable[[UnpackReport], None]
    ) -> None:
        self.window = window
        self.ops = ops
        self.settings = settings
        self.on_unpacked = on_unpacked

    def _folder(self) -> str:
        return str(self.settings.value("pack/last_folder", str(Path.home())))

    def ask_save_path(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window, "Save data pack", f"{self._folder()}/kbapp.kbpack", FILTER)
        return Path(name) if name else None

    def ask_open_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open data pack", self._folder(), FILTER)
        return Path(name) if name else None

    def confirm(self, path: Path, preview: UnpackPreview) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Open data pack", f"Take in {path.name}?", parent=self.window)
        box.setInformativeText(preview.summary() + ". Nothing here is replaced.")
        box.setDetailedText(preview_text(preview))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def save_pack(self) -> None:
        path = self.ask_save_path()
        if path is None:
            return
        self.settings.setValue("pack/last_folder", str(path.parent))

        def done(report: PackReport) -> None:
            self.window.statusBar().showMessage(
                f"Saved {count_text(report.imports, 'import')}, {count_text(report.local, 'local entry')} "
                f"and {count_text(report.bookmarks, 'bookmark')} "
                f"in {report.path}",
                15000,
            )

        self.ops.write(
            lambda kb, _p: kb.pack(path),
            done,
            failure_shown(self.window, "The data pack was not written.", "Data pack"),
        )

    def open_pack(self) -> None:
        path = self.ask_open_path()
        if path is None:
            return
        self.settings.setValue("pack/last_folder", str(path.parent))
        refused = failure_shown(self.window, f"{path.name} was not taken in; nothing was changed.", "Data pack")

        part_way = failure_shown(
            self.window,
            f"{path.name} was not taken in whole. Each import it holds is in whole or not at all; "
            "opening it again takes in the rest.",
            "Data pack",
        )

        def previewed(preview: UnpackPreview) -> None:
            if self.confirm(path, preview):
                self.ops.write(lambda kb, _p: kb.unpack(path), unpacked, part_way, label=f"Taking in {path.name}…")
            else:
                self.window.statusBar().showMessage(f"{path.name} was not taken in: nothing was changed.", 10000)

        def unpacked(report: UnpackReport) -> None:
            names = ", ".join(f"imports/{r.name}" for r in report.imported) or "no import"
            self.window.statusBar().showMessage(
                f"Took in {names}, {count_text(report.local_added, 'local entry')} and "
                f"{count_text(report.bookmarks_added, 'bookmark')}",
                15000,
            )
            for notice in report.notices:
                show_expected(self.window, notice, "Data pack")
            self.on_unpacked(report)

        self.ops.write(lambda kb, _p: kb.preview_unpack(path), previewed, refused, label=f"Checking {path.name}…")
