"""Issue 15: the preview dialog an import shows before it writes, driven as a user
would, and its table model checked with qtmodeltester."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kbapp.domain.catalogue_rules import NEW_EDITION
from kbapp.ui.models.import_preview import COLUMNS, ImportPreviewModel
from kbapp.ui.models.records import ID_ROLE
from tests.services.test_import_preview import FORENSIC, MANUAL, modified_catalogue


def _rows(model) -> list[list[str]]:
    return [[model.cell(r, c) for c in range(len(COLUMNS))] for r in range(model.rowCount())]


def _open_preview(qtbot, win, monkeypatch, path):
    monkeypatch.setattr(win.imports, "ask_path", lambda: path)
    win.registry.import_.trigger()
    qtbot.waitUntil(
        lambda: win.imports.preview_dialog is not None and win.imports.preview_dialog.isVisible(), timeout=20000
    )
    return win.imports.preview_dialog


def test_the_preview_shows_each_change_and_cancel_writes_nothing(qtbot, own_window, tmp_path, monkeypatch):
    win = own_window
    dialog = _open_preview(qtbot, win, monkeypatch, modified_catalogue(tmp_path))
    assert "1 added, 2 changed, 28 unchanged" in dialog.summary.text()
    assert "line 1:" in dialog.warnings.text()
    rows = _rows(dialog.model)
    assert ["Added", rows[0][1], "Local Access Control Standard", "the whole entry", "", "", ""] == rows[0]
    changed = {(r[2], r[3]): r for r in rows if r[0] == "Changed"}
    manual = "Criminal Intelligence Manual for Analysts"
    assert changed[(manual, "Category")][4:6] == ["Guidance", "Standards"]
    assert changed[(manual, "Published")][4:6] == ["2011-01-01", "2012-03-15"]
    forensic = next(r for r in rows if r[3] == "Title")
    assert forensic[5].endswith("(Issue 9)") and forensic[6].startswith(NEW_EDITION)

    # The description row, selected, is read in full below the table, its changed line marked.
    row = next(i for i, r in enumerate(rows) if r[3] == "Description")
    dialog.view.selectRow(row)
    detail = dialog.detail.toPlainText()
    assert "- Analysis goes beyond the facts asking questions such as:" in detail
    assert "+ Analysis goes beyond the facts, asking questions such as:" in detail

    dialog.show_unchanged.setChecked(True)
    assert sum(1 for r in _rows(dialog.model) if r[0] == "Unchanged") == 28
    assert not dialog.import_button.isDefault()  # Enter does not write

    dialog.reject()
    assert "cancelled: nothing was imported" in win.statusBar().currentMessage()
    assert win.kb.imports() == [] and win.catalogue.model.rowCount() == 30


def test_accepting_the_preview_imports_and_every_view_follows(qtbot, own_window, tmp_path, monkeypatch):
    win = own_window
    dialog = _open_preview(qtbot, win, monkeypatch, modified_catalogue(tmp_path))
    win.imports.preview_dialog = None
    dialog.import_button.click()
    qtbot.waitUntil(lambda: win.catalogue.model.rowCount() == 31, timeout=20000)
    assert "1 added, 2 changed" in win.statusBar().currentMessage()
    win.open_record(f"resource:{FORENSIC}")
    text = win.detail.browser.toPlainText()
    assert "(Issue 9)" in text and "it changed the entry of resource-catalogue.txt" in text
    page = win.catalogue
    origin = next(c for c, (name, _) in enumerate(page.spec.columns) if name == "Origin")
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data(ID_ROLE) == f"resource:{MANUAL}")
    assert page.proxy.index(row, origin).data() == "imported: 0001-catalogue-2027.txt, changing the published entry"


def test_a_file_that_changes_nothing_cannot_be_imported_from_its_preview(qtbot, own_window, tmp_path, monkeypatch):
    from tests.conftest import CATALOGUE

    same = tmp_path / "same.txt"
    same.write_text(CATALOGUE.read_text(encoding="utf-8"), encoding="utf-8")
    dialog = _open_preview(qtbot, own_window, monkeypatch, same)
    assert "nothing to import" in dialog.summary.text() and not dialog.import_button.isEnabled()
    dialog.reject()


def test_the_preview_model_passes_qtmodeltester(qtmodeltester, editable, tmp_path):
    kb, _ = editable
    model = ImportPreviewModel(kb.preview_import(modified_catalogue(tmp_path)))
    qtmodeltester.check(model)
    model.set_show_unchanged(True)
    qtmodeltester.check(model)
    assert model.index(0, 0).data(Qt.ItemDataRole.DisplayRole) == "Added"


def test_a_new_catalogue_edition_is_previewed_with_its_removals(qtbot, own_window, tmp_path, monkeypatch):
    from tests.services.test_catalogue_edition import COVERT, new_edition

    win = own_window
    monkeypatch.setattr(win.imports, "ask_path", lambda: new_edition(tmp_path))
    win.registry.replace_catalogue.trigger()
    qtbot.waitUntil(
        lambda: win.imports.preview_dialog is not None and win.imports.preview_dialog.isVisible(), timeout=20000
    )
    dialog = win.imports.preview_dialog
    assert dialog.windowTitle().startswith("New catalogue edition")
    assert "1 removed" in dialog.summary.text() and "your own imported entries stay" in dialog.summary.text()
    removed = [r for r in _rows(dialog.model) if r[0] == "Removed"]
    assert removed == [["Removed", "", "Covert Policing APP", "the whole entry", "", "", ""]]
    win.imports.preview_dialog = None
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "1 removed" in win.statusBar().currentMessage(), timeout=20000)
    assert win.catalogue.model.rowCount() == 30  # one withdrawn, one added
    assert f"resource:{COVERT}" not in [win.catalogue.model.index(r, 0).data(ID_ROLE) for r in range(30)]
