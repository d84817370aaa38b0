"""The Mappings view's edition selector (issue 16), driven as a user would: with no
crosswalk table it says kbapp ships none; with tables loaded it lists the editions they
reach and shows each clause's counterparts beside its ITIL references, chained through
the editions between, the weakest relationship said, and a missing step said plainly."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kbapp.services import crosswalks
from tests.services.test_crosswalks import FIRST_STEP, SECOND_STEP


def _compare(qtbot, page, edition):
    at = page.selector.combo.findText(edition)
    assert at >= 0, [page.selector.combo.itemText(i) for i in range(page.selector.combo.count())]
    page.selector.combo.setCurrentIndex(at)
    qtbot.waitUntil(lambda: page.tree_model.columnCount() == 5)


def _counterpart(page, clause_id):
    item = page.tree_model.clause_items[clause_id]
    return item.index().siblingAtColumn(2)


def test_with_no_table_loaded_the_selector_says_so(window):
    combo = window.mappings.selector.combo
    assert not combo.isEnabled() and combo.count() == 1
    assert "No crosswalk table is loaded; kbapp ships none" in combo.currentText()
    assert window.mappings.tree_model.columnCount() == 4


def test_a_clause_s_counterparts_in_another_edition_are_shown_beside_its_references(qtbot, own_window, tmp_path):
    for name, text in (("first.csv", FIRST_STEP), ("second.csv", SECOND_STEP)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        crosswalks.load_table(own_window.kb, tmp_path / name)
    page = own_window.mappings
    page.load(own_window.repo())
    own_window.tabs.setCurrentWidget(page)
    page.go_to_clause("10.1.2")
    combo = page.selector.combo
    assert combo.isEnabled()
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Only the white paper's 2005 edition",
        "ISO/IEC 27002:2013",
        "ISO/IEC 27002:2022",
    ]
    _compare(qtbot, page, "ISO/IEC 27002:2022")
    assert page.tree_model.headerData(2, Qt.Orientation.Horizontal) == "In ISO/IEC 27002:2022"
    found = _counterpart(page, "27002:10.1.2")
    assert found.data() == "99.1 (subset)"
    assert "ISO/IEC 27002:2005 10.1.2 —equal→ ISO/IEC 27002:2013 90.1.1" in found.data(3)  # the tooltip: the path
    references = page.tree_model.clause_items["27002:10.1.2"].index().siblingAtColumn(4)
    assert references.data().endswith("4.2 Change Management")  # beside its ITIL references
    gap = _counterpart(page, "27002:11.1.1")
    assert _counterpart(page, "27002:5.1").data() == ""  # no table names it at all
    assert gap.data() == "no table covers the step" and "as far as ISO/IEC 27002:2013 90.2.1" in gap.data(3)
    assert page.current_id() == "mapping:27002:10.1.2"  # still on the clause the user was on
    _compare(qtbot, page, "ISO/IEC 27002:2013")
    assert _counterpart(page, "27002:10.1.2").data() == "90.1.1 (equal)"
    combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.tree_model.columnCount() == 4)


def test_tables_are_loaded_listed_and_removed_from_the_file_menu(qtbot, own_window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    flow = own_window.crosswalks
    monkeypatch.setattr(flow, "ask_path", lambda: tmp_path / "first.csv")
    (tmp_path / "first.csv").write_text(FIRST_STEP, encoding="utf-8")
    own_window.registry.crosswalks.trigger()  # File › Crosswalk tables…
    dialog = flow.dialog
    assert dialog.isVisible() and dialog.table.rowCount() == 0 and not dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (0, 1)] == ["first", "2"]
    assert dialog.table.item(0, 3).text() == "written for kbapp's tests, not ISO data"
    assert "Loaded the crosswalk table 'first': 2 rows" in own_window.statusBar().currentMessage()
    combo = own_window.mappings.selector.combo
    assert combo.isEnabled() and combo.findText("ISO/IEC 27002:2013") > 0  # the Mappings view followed
    (tmp_path / "first.csv").write_text(FIRST_STEP.replace("equal", "same"), encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
    assert "row 1 (line 4), relationship: 'same'" in shown[0] and dialog.table.rowCount() == 1  # the old one kept
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 0 and not combo.isEnabled()
    dialog.close()
