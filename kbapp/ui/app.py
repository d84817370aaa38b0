"""Starting the window: application, settings, per-user data, error reporting."""

from __future__ import annotations

import contextlib
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kbapp import __version__
from kbapp.domain.errors import KbError
from kbapp.paths import ensure_folders, paths
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.storage.userdata import open_user_data
from kbapp.ui.dialogs.errors import install_excepthook, setup_logging
from kbapp.ui.icons import icon
from kbapp.ui.main_window import MainWindow
from kbapp.ui.plain import literal


def settings_for(folder) -> QSettings:
    # A config folder that cannot be made (read-only home) only means settings are not kept.
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "kbapp.ini"), QSettings.Format.IniFormat)


def create_window(kb: KnowledgeBase | None = None) -> MainWindow:
    """The main window on the per-user folders (or ``$KBAPP_HOME``), not yet started."""
    kb = kb or KnowledgeBase()
    userdata, notices = None, []
    try:
        opened = open_user_data(kb.paths.user_database, kb.paths.backups)
        userdata, notices = opened.userdata, opened.notices
    except KbError as exc:
        notices = [f"Bookmarks and history are not available this time: {exc}"]
    window = MainWindow(kb, settings_for(kb.paths.config), userdata)
    for notice in notices:
        window.notices.tell(notice)  # shown when the window starts
    return window


SWITCH_INTERVAL_S = 0.0005


def run(argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("kbapp")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("kbapp")
    app.setWindowIcon(icon("kbapp"))
    where = paths()
    try:
        ensure_folders(where)
    except KbError as exc:
        QMessageBox.critical(None, "kbapp cannot start", literal(str(exc)))
        return 1
    setup_logging(where.logs)
    # Searches run on a worker thread in pure Python. At Python's default of 5 ms, the
    # window waited up to that long for the interpreter at every Python step of a paint
    # (each row's size and drawing) while the next key's search ran: hand it over sooner.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    window = create_window()
    install_excepthook(lambda: window, window.session.recover_from_damage)
    window.show()
    # Paint the window first; the index opens (or builds) right after.
    QTimer.singleShot(0, window.start)
    return app.exec()
