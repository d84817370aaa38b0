"""Background work through one helper: one write at a time whoever asks, pages that
refresh only what a write changed, and the start/build/serve session on its own."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from kbapp.services.changes import RESOURCES
from kbapp.ui.ops import Ops
from kbapp.ui.session import Session
from tests.ui.conftest import import_through_window


def test_one_write_at_a_time_whoever_asks(qtbot, own_window, monkeypatch, tmp_path):
    """A removal started in the imports dialog holds off every other write, as a build does."""
    win = own_window
    import_through_window(qtbot, win, monkeypatch, tmp_path / "local.txt")
    release = threading.Event()
    remove = win.kb.remove_import
    monkeypatch.setattr(win.kb, "remove_import", lambda name: release.wait(30) and remove(name))
    win.registry.imports.trigger()
    dialog = win.imports.dialog
    dialog.table.selectRow(0)
    monkeypatch.setattr(dialog, "confirm_removal", lambda name, entries: True)
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: win.ops.writing, timeout=10000)
    assert not win.registry.rebuild.isEnabled() and not win.registry.import_.isEnabled()
    assert not dialog.isEnabled()
    win.start(force=True)  # F5 is disabled; asked for all the same, the rebuild is refused
    assert "still writing" in win.statusBar().currentMessage() and win.build_task is None
    assert win.ops.write(lambda kb, _progress: kb.build(force=True), print, print) is None
    release.set()
    qtbot.waitUntil(lambda: win.catalogue.model.rowCount() == 30, timeout=30000)
    assert not win.ops.writing and win.registry.rebuild.isEnabled() and dialog.isEnabled()


def test_an_import_refreshes_only_the_pages_it_touched(qtbot, own_window, monkeypatch, tmp_path):
    win = own_window
    resets = {name: 0 for name in ("catalogue", "glossary", "standards", "bookmarks")}
    for name in resets:
        getattr(win, name).model.modelReset.connect(lambda name=name: resets.__setitem__(name, resets[name] + 1))
    tree = win.mappings.tree_model
    import_through_window(qtbot, win, monkeypatch, tmp_path / "local.txt")
    assert resets["catalogue"] == 1
    assert resets["glossary"] == 0 and resets["standards"] == 0
    assert win.mappings.tree_model is tree  # the clause trees were not rebuilt
    assert resets["bookmarks"] == 1  # a bookmark may name a record the import touched


def test_the_session_checks_builds_and_serves_without_a_window(qtbot, fresh_kb):
    parent = QWidget()
    qtbot.addWidget(parent)
    ops = Ops(fresh_kb, parent)
    session = Session(fresh_kb, ops, parent)
    statuses: list[str] = []
    served: list[bool] = []
    changes: list[object] = []
    session.status.connect(statuses.append)
    session.serve.connect(lambda: served.append(session.ready))
    ops.changed.connect(changes.append)
    session.start()
    qtbot.waitUntil(lambda: statuses[-1:] == ["index: rebuilt"], timeout=60000)
    assert statuses[:2] == ["index: checking…", "index: building…"]
    assert served == [True] and session.task is None and not ops.writing
    assert len(changes) == 1 and changes[0].touches(*RESOURCES.kinds)
    session.start(force=True)  # ready: a rebuild behind the serving knowledge base
    qtbot.waitUntil(lambda: statuses[-1] == "index: rebuilt" and session.task is None, timeout=60000)
    assert "index: rebuilding…" in statuses and served == [True] and len(changes) == 2


def test_records_that_leave_the_knowledge_base_keep_their_title_and_never_fail_an_export(
    qtbot, own_window, monkeypatch, tmp_path, no_modal_dialogs
):
    """Issue 11, item 20: after an import was removed, its entries stayed in the
    selection, bookmarks showed a raw id, and the next export failed whole."""
    import csv

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    win = own_window
    import_through_window(qtbot, win, monkeypatch, tmp_path / "local.txt")
    local = "resource:local-access-control-standard"
    win.detail.show_record(local)
    win.toggle_bookmark()
    win.selection.add([local, "term:risk"])
    win.registry.imports.trigger()
    dialog = win.imports.dialog
    dialog.table.selectRow(0)
    monkeypatch.setattr(dialog, "confirm_removal", lambda name, entries: True)
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: win.catalogue.model.rowCount() == 30, timeout=20000)

    shown = win.selection.model.index(0, 0).data()
    assert shown == "Local Access Control Standard (no longer in the knowledge base)"
    bookmarked = win.bookmarks.model.index(0, 0).data()
    assert bookmarked == "Local Access Control Standard (no longer in the knowledge base)"

    target = tmp_path / "paper.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    win.collect.export_selection()
    assert no_modal_dialogs == []  # no "export failed"
    with open(target, encoding="utf-8-sig", newline="") as fh:
        assert [r["id"] for r in csv.DictReader(fh)] == ["term:risk"]
    message = win.statusBar().currentMessage()
    assert "Exported 1 record" in message and "Left out, no longer in the knowledge base: Local Access" in message


def test_a_write_that_ends_after_the_window_closed_is_not_shown_in_it(qtbot, built_kb, tmp_path):
    """A write finishing after the window closed (and its user data with it) does not
    refresh the closed window's pages, whose bookmarks are no longer readable."""
    from kbapp.services.changes import EVERYTHING
    from kbapp.services.knowledge_base import KnowledgeBase
    from tests.ui.conftest import opened_window

    with opened_window(qtbot, KnowledgeBase(built_kb.paths), tmp_path) as win:
        pass  # closed, and its user data closed
    with qtbot.captureExceptions() as raised:
        win.ops.changed.emit(EVERYTHING)
        qtbot.wait(50)
    assert raised == []
