"""Starting the window: application, settings, per-user data, error reporting."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from kbapp import __version__
from kbapp.config import paths, resources_dir
from kbapp.core.errors import KbError
from kbapp.knowledge_base import KnowledgeBase
from kbapp.storage.userdata import UserData
from kbapp.ui.dialogs.errors import install_excepthook, setup_logging, show_expected
from kbapp.ui.main_window import MainWindow


def settings_for(folder) -> QSettings:
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "kbapp.ini"), QSettings.Format.IniFormat)


def create_window(kb: KnowledgeBase | None = None) -> MainWindow:
    """The main window on the per-user folders (or ``$KBAPP_HOME``), not yet started."""
    kb = kb or KnowledgeBase()
    userdata = None
    try:
        userdata = UserData(kb.paths.user_database)
    except (KbError, OSError) as exc:
        show_expected(None, f"Bookmarks and history are not available: {exc}")
    window = MainWindow(kb, settings_for(kb.paths.config), userdata)
    return window


def run(argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("kbapp")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("kbapp")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "kbapp.svg")))
    where = paths()
    setup_logging(where.logs)
    window = create_window()
    install_excepthook(lambda: window)
    window.show()
    # Paint the window first; the index opens (or builds) right after.
    QTimer.singleShot(0, window.start)
    return app.exec()
