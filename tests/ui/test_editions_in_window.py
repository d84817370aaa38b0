"""Issue 15: Edit › Undo last catalogue change and View › Change log, in the real window."""

from __future__ import annotations

import csv
import io

from tests.services.test_import_preview import MANUAL, modified_catalogue
from tests.ui.conftest import accept_import_preview


def _cells(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_undo_and_the_change_log_return_the_catalogue_and_say_what_changed(qtbot, own_window, tmp_path, monkeypatch):
    win = own_window
    path = modified_catalogue(tmp_path)
    monkeypatch.setattr(win.imports, "ask_path", lambda: path)
    win.registry.import_.trigger()
    accept_import_preview(qtbot, win)
    qtbot.waitUntil(lambda: win.catalogue.model.rowCount() == 31, timeout=20000)

    win.registry.change_log.trigger()
    dialog = win.imports.editions.dialog
    assert dialog.isVisible()
    assert _cells(dialog.editions, 0) == ["2 (in effect)", "1"]
    assert _cells(dialog.editions, 2) == ["import", "start"]
    changes = list(zip(_cells(dialog.changes, 0), _cells(dialog.changes, 2), _cells(dialog.changes, 4), strict=True))
    assert ("changed", "Category", "Standards") in changes and ("added", "", "") in changes
    assert not dialog.restore_button.isEnabled()  # edition 2 is the one in effect

    asked = []
    monkeypatch.setattr(win.imports.editions, "confirm", lambda text: asked.append(text) or True)
    win.registry.undo_catalogue.trigger()
    qtbot.waitUntil(lambda: win.catalogue.model.rowCount() == 30, timeout=30000)
    assert "Undo edition 2, import of catalogue-2027.txt (1 added, 2 changed, 0 removed)?" in asked[0]
    assert "Restored edition 1 (now edition 3)" in win.statusBar().currentMessage()
    win.open_record(f"resource:{MANUAL}")
    assert "Guidance" in win.detail.browser.toPlainText()
    qtbot.waitUntil(lambda: _cells(dialog.editions, 0)[0] == "3", timeout=5000)  # the log follows
    assert _cells(dialog.editions, 0)[1:] == ["2", "1 (in effect)"]

    # Back to the imported edition from the log.
    dialog.editions.selectRow(1)
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: win.catalogue.model.rowCount() == 31, timeout=30000)

    out = tmp_path / "changes.csv"
    dialog.write_log(out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["edition"] for r in rows} == {"2", "3", "4"}
    assert any(r["field"] == "Category" and r["old"] == "Guidance" for r in rows)


def test_undo_with_nothing_recorded_says_so(qtbot, own_window):
    own_window.registry.undo_catalogue.trigger()
    assert "Nothing to undo" in own_window.statusBar().currentMessage()
