"""Issue 15: entries of the user's own, in the real window's entry form: the
validation messages, a saved entry marked local in the views and the Origin facet,
an override of a shipped resource and its revert."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import hit_ids, type_query

SHIPPED = "resource:criminal-intelligence-manual-for-analysts"


def _form(qtbot, win):
    qtbot.waitUntil(lambda: win.imports.local.form is not None and win.imports.local.form.isVisible(), timeout=10000)
    return win.imports.local.form


def _messages(form) -> dict[str, str]:
    return {name: label.text() for name, label in form.messages.items() if not label.isHidden()}


def test_the_form_says_what_is_wrong_under_each_field_and_saves_only_a_whole_entry(qtbot, own_window):
    win = own_window
    win.registry.new_entry.trigger()
    form = _form(qtbot, win)
    assert form.windowTitle() == "New local entry"

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()  # nothing saved
    assert _messages(form) == {
        "title": "A title is required.",
        "published": "A publication date is required (DD/MM/YYYY).",
        "body": "Choose the authoring body, or type its name.",
        "category": "Choose a category, or type a new one.",
    }
    assert form.focusWidget() is form.title  # the first wrong field

    qtbot.keyClicks(form.title, "Force X retention schedule")
    qtbot.keyClicks(form.published, "31/02/2025")
    form.body.setCurrentText("")
    qtbot.keyClicks(form.body.lineEdit(), "College of Policing")
    assert form.abbreviation.text() == "CoP"  # a known body brings its abbreviation
    form.category.setCurrentText("Records management")  # a new category
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert _messages(form) == {"published": "'31/02/2025' is not a real date (DD/MM/YYYY)."}
    assert form.focusWidget() is form.published

    form.published.setText("28/02/2025")
    form.description.setPlainText("How long we keep records.\n\n- custody: 6 years\n- intelligence: reviewed yearly")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.catalogue.model.rowCount() == 31, timeout=20000)
    qtbot.waitUntil(lambda: win.detail.current == "resource:local_force-x-retention-schedule", timeout=10000)

    shown = win.detail.browser.toPlainText()
    assert "Your local entry." in shown
    assert "published 2025-02-28" in shown  # typed day first, kept as ISO
    assert "custody: 6 years" in shown
    assert "Added your local entry “Force X retention schedule”" in win.statusBar().currentMessage()

    result = type_query(qtbot, win, "retention schedule")
    assert "resource:local_force-x-retention-schedule" in hit_ids(win)
    assert ("Your local entry", 1) in result.facets["origin"]
    origins = [win.search_page.facets["origin"].item(i).text() for i in range(win.search_page.facets["origin"].count())]
    assert any(text.startswith("Your local entry") for text in origins)


def test_editing_a_shipped_resource_keeps_an_override_that_can_be_reverted(qtbot, own_window, monkeypatch):
    win = own_window
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    win.open_record(SHIPPED)
    win.registry.edit_entry.trigger()
    form = _form(qtbot, win)
    assert form.windowTitle() == "Edit entry (your local override)"
    assert form.title.text() == "Criminal Intelligence Manual for Analysts"
    assert form.published.text() == "01/01/2011"
    form.category.setCurrentText("Training")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Your local override." in win.detail.browser.toPlainText(), timeout=20000)
    assert "Training" in win.detail.browser.toPlainText()
    assert "category" in win.statusBar().currentMessage()
    assert win.kb.repository().state.local_marks() == {SHIPPED.split(":", 1)[1]: "override"}

    win.registry.revert_entry.trigger()
    qtbot.waitUntil(lambda: "Your local override." not in win.detail.browser.toPlainText(), timeout=30000)
    assert "Guidance" in win.detail.browser.toPlainText()
    assert win.kb.repository().state.local_marks() == {}


def test_delete_is_only_for_local_entries_and_asks_first(qtbot, own_window, monkeypatch):
    win = own_window
    win.open_record(SHIPPED)
    win.registry.delete_entry.trigger()
    assert "Open one of your local entries to delete it" in win.statusBar().currentMessage()


def test_the_import_preview_offers_to_replace_a_local_entry_of_the_same_title(
    qtbot, own_window, tmp_path, monkeypatch, no_modal_dialogs
):
    from kbapp.sources.entry_form import EntryValues
    from tests.ui.conftest import accept_import_preview

    win = own_window
    values = EntryValues("Force X retention schedule", "28/02/2025", "Force X", "", "Policy", "Ours.")
    win.kb.add_entry(values)
    win.kb.close()
    update = tmp_path / "update.txt"
    update.write_text(
        "Resource\nForce X retention schedule\nThe national text.\nPublished 01/03/2025\n"
        "Authoring body: College of Policing (CoP)\nGuidance\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(win.imports, "ask_path", lambda: update)
    win.registry.import_.trigger()
    qtbot.waitUntil(lambda: win.imports.preview_dialog is not None and win.imports.preview_dialog.isVisible())
    dialog = win.imports.preview_dialog
    assert not dialog.replace_local.isHidden() and not dialog.replace_local.isChecked()  # both kept unless asked
    assert "your local entry resource:local_force-x-retention-schedule" in dialog.warnings.text()
    dialog.replace_local.setChecked(True)
    accept_import_preview(qtbot, win)
    qtbot.waitUntil(lambda: "replaced 1 local entry of yours" in win.statusBar().currentMessage(), timeout=20000)
    assert no_modal_dialogs == []  # told in the status bar, not in a warning
    assert win.kb.repository().state.local_marks() == {}
    assert win.kb.repository().state.resource_row("force-x-retention-schedule")["category"] == "Guidance"
