"""Issue 15: File › Open data pack… and Save data pack… in the real window."""

from __future__ import annotations

from kbapp.storage.userdata import UserData
from tests.services.test_import import LOCAL


def test_a_pack_saved_in_one_window_opens_in_another(qtbot, own_window, tmp_path, monkeypatch, built_kb):
    win = own_window
    # Another workstation's pack: an import and a bookmark with its note.
    from kbapp.paths import Paths
    from kbapp.services.knowledge_base import KnowledgeBase

    other = KnowledgeBase(Paths(tmp_path / "other" / "data", tmp_path / "other" / "c", tmp_path / "other" / "l"))
    other.build()
    local = tmp_path / "local.txt"
    local.write_text(LOCAL, encoding="utf-8")
    other.import_catalogue(local)
    userdata = UserData(other.paths.user_database)
    userdata.set_bookmark_note("term:risk", "Risk", "from the other workstation")
    userdata.close()
    pack = other.pack(tmp_path / "other.kbpack").path
    other.close()

    asked = []
    monkeypatch.setattr(win.imports.packs, "ask_open_path", lambda: pack)
    monkeypatch.setattr(win.imports.packs, "confirm", lambda path, preview: asked.append(preview) or True)
    win.registry.open_pack.trigger()
    qtbot.waitUntil(lambda: win.catalogue.model.rowCount() == 32, timeout=30000)
    qtbot.waitUntil(lambda: win.bookmarks.model.rowCount() == 1, timeout=5000)
    assert asked[0].summary() == "1 of 1 imports to take in, 1 of 1 bookmarks new"
    assert "Took in imports/0001-local.txt, 0 local entries and 1 bookmark" in win.statusBar().currentMessage()
    win.open_record("term:risk")
    assert "Your note: from the other workstation" in win.detail.browser.toPlainText()

    saved = tmp_path / "mine.kbpack"
    monkeypatch.setattr(win.imports.packs, "ask_save_path", lambda: saved)
    win.registry.save_pack.trigger()
    qtbot.waitUntil(saved.exists, timeout=10000)
    qtbot.waitUntil(
        lambda: "Saved 1 import, 0 local entries and 1 bookmark" in win.statusBar().currentMessage(), timeout=5000
    )


def test_a_damaged_pack_is_refused_in_the_window_with_nothing_changed(
    qtbot, own_window, tmp_path, monkeypatch, no_modal_dialogs
):
    win = own_window
    bad = tmp_path / "bad.kbpack"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    monkeypatch.setattr(win.imports.packs, "ask_open_path", lambda: bad)
    win.registry.open_pack.trigger()
    qtbot.waitUntil(lambda: bool(no_modal_dialogs), timeout=10000)
    assert "bad.kbpack was not taken in; nothing was changed" in no_modal_dialogs[0]
    assert "cut short or changed" in no_modal_dialogs[0]
    assert win.kb.imports() == []
