"""The real window, shown offscreen on a real database and index, for the UI tests."""

from __future__ import annotations

import contextlib
import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.storage.userdata import UserData
from kbapp.ui.app import settings_for
from kbapp.ui.main_window import MainWindow
from kbapp.ui.models.records import ID_ROLE
from tests.conftest import copy_built_data


@pytest.fixture
def no_modal_dialogs(monkeypatch):
    """Record message boxes instead of blocking on them."""
    shown: list[str] = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, **k: shown.append(text))
    return shown


@contextlib.contextmanager
def opened_window(qtbot, kb, tmp_path, user_file=None):
    """A real window on ``kb``, shown and started; closed, with its user data, after the test."""
    userdata = UserData(user_file or tmp_path / "user.sqlite")
    win = MainWindow(kb, settings_for(tmp_path / "config"), userdata)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.ready, timeout=20000)
    yield win
    win.close()
    userdata.close()


@pytest.fixture
def window(qtbot, built_kb, tmp_path):
    with opened_window(qtbot, KnowledgeBase(built_kb.paths), tmp_path) as win:
        yield win


def type_query(qtbot, win, text):
    win.focus_search()
    win.search_page.box.clear()
    qtbot.keyClicks(win.search_page.box, text)
    qtbot.waitUntil(
        lambda: win.search_page.last_result is not None and win.search_page.last_result.query == text, timeout=10000
    )
    qtbot.wait(20)  # the top hit's preview follows the list's paint
    return win.search_page.last_result


def hit_ids(win):
    return [win.search_page.model.index(r, 0).data(ID_ROLE) for r in range(win.search_page.model.rowCount())]


@pytest.fixture
def own_window(qtbot, built_kb, tmp_path):
    """A window on a knowledge base of its own (a copy of the session's), free to change."""
    from kbapp.paths import Paths

    kb = KnowledgeBase(Paths(copy_built_data(built_kb, tmp_path / "data"), tmp_path / "config", tmp_path / "logs"))
    # The user data where the app keeps it, so that the services (a data pack) and the window share it.
    with opened_window(qtbot, kb, tmp_path, kb.paths.user_database) as win:
        yield win


def paused_builds(monkeypatch, kb):
    """Builds wait for the returned event, so a test can act while one is under way."""
    release = threading.Event()
    real = kb.build

    def paused(*args, **kwargs):
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(kb, "build", paused)
    return release


def import_through_window(qtbot, win, monkeypatch, path) -> None:
    """Import the two test entries as a user would (File › Import…), and wait for them."""
    from tests.services.test_import import LOCAL

    path.write_text(LOCAL, encoding="utf-8")
    monkeypatch.setattr(win.imports, "ask_path", lambda: path)
    win.registry.import_.trigger()
    accept_import_preview(qtbot, win)
    qtbot.waitUntil(lambda: win.catalogue.model.rowCount() == 32, timeout=20000)


def accept_import_preview(qtbot, win):
    """Wait for the import's preview and press its Import button, as a user would."""
    qtbot.waitUntil(
        lambda: win.imports.preview_dialog is not None and win.imports.preview_dialog.isVisible(), timeout=20000
    )
    dialog = win.imports.preview_dialog
    win.imports.preview_dialog = None
    dialog.import_button.click()
    return dialog
