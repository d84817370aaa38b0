"""The real window, driven offscreen with pytest-qt, on a real database and index."""

from __future__ import annotations

import csv
import threading

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QUrl
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from kbapp.search.engine import Filters
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.ui.models.mappings import ClauseTreeModel, ReverseMappingModel
from kbapp.ui.models.records import ID_ROLE, RecordTableModel, ResultsModel, SelectionListModel
from kbapp.ui.search_worker import SearchService
from tests.conftest import copy_built_data
from tests.ui.conftest import hit_ids, import_through_window, opened_window, paused_builds, type_query

pytestmark = pytest.mark.usefixtures("no_modal_dialogs")


def test_window_loads_the_corpus(window):
    assert "30 resources" in window.status_counts.text()
    assert window.catalogue.model.rowCount() == 30
    assert window.glossary.model.rowCount() == 49
    assert window.standards.model.rowCount() == 35
    assert window.windowTitle().startswith("kbapp")


def test_type_a_query_and_see_results(qtbot, window):
    result = type_query(qtbot, window, "ISMS")
    assert hit_ids(window)[0] == "abbreviation:ISMS"
    assert f"{result.total} results" in window.search_page.status.text()
    assert window.detail.current == "abbreviation:ISMS"  # the top hit is previewed


def test_completions_appear_at_the_first_keystrokes(qtbot, window):
    window.focus_search()
    qtbot.keyClicks(window.search_page.box, "isms")
    model = window.search_page.completion_model
    ids = [model.item(r).data(ID_ROLE) for r in range(model.rowCount())]
    assert "abbreviation:ISMS" in ids[:2]
    assert window.search_page.completer.popup().isVisible()
    window.search_page.completer.activated[QModelIndex].emit(model.index(ids.index("abbreviation:ISMS"), 0))
    assert window.detail.current == "abbreviation:ISMS"


def test_enter_opens_the_top_hit(qtbot, window):
    type_query(qtbot, window, "vulnerability")
    qtbot.keyClick(window.search_page.box, Qt.Key.Key_Return)
    assert window.detail.current == "term:vulnerability"


def test_typo_is_corrected_and_said(qtbot, window):
    type_query(qtbot, window, "confidentialty")
    assert "Showing results for “confidentiality”" in window.search_page.status.text()
    assert hit_ids(window)[0] == "term:confidentiality"


def test_empty_state_helps(qtbot, window):
    type_query(qtbot, window, "qqqqzzzz")
    assert window.search_page.model.rowCount() == 0
    assert "phrase" in window.search_page.status.text()


def test_apply_and_clear_a_facet(qtbot, window):
    first = type_query(qtbot, window, "security")
    assert len({h.type for h in first.hits}) > 1
    window.search_page.facets["type"].set_checked("term", True)
    qtbot.waitUntil(lambda: window.search_page.last_result.total < first.total, timeout=10000)
    assert {window.search_page.model.hits[i].type for i in range(window.search_page.model.rowCount())} == {"term"}
    assert "within the filters" in window.search_page.status.text()
    # The scope persists while typing.
    qtbot.keyClicks(window.search_page.box, " risk")
    qtbot.waitUntil(lambda: window.search_page.last_result.query == "security risk", timeout=10000)
    assert {h.type for h in window.search_page.last_result.hits} == {"term"}
    window.search_page.clear_filters.click()
    qtbot.waitUntil(lambda: len({h.type for h in window.search_page.last_result.hits}) > 1, timeout=10000)


def test_follow_a_link_and_go_back(qtbot, window):
    window.detail.show_record("term:risk")
    assert (
        'href="kb:term:threat"' in window.detail.browser.toHtml() or "kb:term:threat" in window.detail.browser.toHtml()
    )
    window.detail.browser.anchorClicked.emit(QUrl("kb:term:threat"))
    assert window.detail.current == "term:threat"
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.detail.current == "term:risk"
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.detail.current == "term:threat"


def test_itil_link_opens_the_reverse_mapping(qtbot, window):
    window.detail.show_record("mapping:27001:4.2")
    window.detail.browser.anchorClicked.emit(QUrl("kb:itil:SD 4.6.4.3"))
    assert window.tabs.currentWidget() is window.mappings
    clauses = [window.mappings.reverse_model.item(r, 1).text() for r in range(window.mappings.reverse_model.rowCount())]
    assert "4.2" in clauses and "4.2.1" in clauses


def test_outside_addresses_are_copied_not_opened(qtbot, window):
    window.detail.show_record("section:wp-appendix-e")
    window.detail.browser.anchorClicked.emit(QUrl("http://www.iso.org/iso/store.htm"))
    assert QApplication.clipboard().text() == "http://www.iso.org/iso/store.htm"
    assert "no network connections" in window.statusBar().currentMessage()
    assert window.detail.current == "section:wp-appendix-e"


def test_quick_lookup(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.quick.isVisible()
    qtbot.keyClicks(window.quick.box, "SLA")
    assert "Service Level Agreement" in window.quick.answer.toPlainText()
    window.quick.box.clear()
    qtbot.keyClicks(window.quick.box, "vulnerabilty")
    text = window.quick.answer.toPlainText()
    assert "Vulnerability" in text and "A weakness that may be exploited by a Threat." in text
    qtbot.keyClick(window.quick.box, Qt.Key.Key_Return)
    assert window.detail.current == "term:vulnerability"
    assert not window.quick.isVisible()


def _select_rows(view, rows):
    model = view.model()
    selection = view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_pick_three_entries_from_two_views_and_export(qtbot, window, tmp_path, monkeypatch):
    window.tabs.setCurrentWidget(window.catalogue)
    _select_rows(window.catalogue.view, [0, 1])
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    window.tabs.setCurrentWidget(window.glossary)
    window.glossary.filter.setText("vulnerab")  # finds the term and those whose definitions use it
    assert window.glossary.proxy.rowCount() > 1
    assert window.glossary.select_id("term:vulnerability")
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.selection.model.rowCount() == 3
    assert window.selection.title() == "Selected for export (3)"

    target = tmp_path / "findings.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV files (*.csv)"))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert target.exists()
    assert str(target) in window.statusBar().currentMessage()
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == [
        "resource:criminal-intelligence-manual-for-analysts",
        "resource:forensic-science-regulator-information-legal-obligations-issue-8",
        "term:vulnerability",
    ]
    assert rows[2]["informal_definition"] == "A weakness that may be exploited by a Threat."
    assert window.settings.value("export/last_folder") == str(tmp_path)


def test_tick_boxes_in_a_long_list(qtbot, window):
    table = window.catalogue
    window.tabs.setCurrentWidget(table)
    model = table.model
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    for row in (2, 5):
        model.setData(model.index(row, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.index(2, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    table.view.clearSelection()
    window.collect.add_to_selection()
    assert window.selection.ids == [model.ids[2], model.ids[5]]
    assert model.checked_ids() == []


def test_export_the_current_list_as_shown(qtbot, window, tmp_path, monkeypatch):
    type_query(qtbot, window, "firearms")
    target = tmp_path / "results.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == hit_ids(window)


def test_failed_export_says_why(qtbot, window, tmp_path, monkeypatch, no_modal_dialogs):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "missing" / "x.csv"), ""))
    window.detail.show_record("term:risk")
    window.collect.export_selection()
    assert no_modal_dialogs and "cannot write" in no_modal_dialogs[-1]


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_a_name_typed_without_csv_does_not_replace_a_paper_unasked(qtbot, window, tmp_path, monkeypatch, answer):
    """Issue 11, item 18: the dialog checked "paper" for overwriting, then ".csv" was added."""
    paper = tmp_path / "paper.csv"
    paper.write_text("type,id\nterm,term:risk\nterm,term:threat\nterm,term:asset\nterm,term:policy\n")
    before = paper.read_bytes()
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "paper"), ""))
    window.detail.show_record("term:vulnerability")
    window.collect.export_selection()
    assert len(asked) == 1 and "paper.csv" in asked[0]
    if answer == QMessageBox.StandardButton.No:
        assert paper.read_bytes() == before  # the 4-record working paper is untouched
    else:
        assert "term:vulnerability" in paper.read_text(encoding="utf-8-sig")
    fresh = tmp_path / "fresh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(fresh), ""))
    window.collect.export_selection()
    assert len(asked) == 1 and (tmp_path / "fresh.csv").exists()  # nothing to replace: not asked


def test_a_year_from_with_to_left_at_any_is_open_ended(qtbot, window):
    """Issue 11, item 1: "any" became 2999, and records from 2012-2014 came back."""
    type_query(qtbot, window, "police")
    page = window.search_page
    page.year_from.setCurrentText("2016")
    assert page.filters().years == (2016, None)
    qtbot.waitUntil(lambda: "within the filters" in page.status.text(), timeout=10000)
    resources = [h for h in page.last_result.hits if h.type == "resource"]
    assert resources and all(h.year >= 2016 for h in resources)
    page.year_from.setCurrentText("any")
    page.year_to.setCurrentText("2014")
    assert page.filters().years == (None, 2014)


def test_copy_puts_readable_records_on_the_clipboard(qtbot, window):
    window.tabs.setCurrentWidget(window.glossary)
    window.glossary.select_id("term:threat")
    window.glossary.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QApplication.clipboard().text()
    assert "Term: Threat" in text and "Source: itil-v3-and-information-security.txt, line 513" in text


def test_bookmarks_survive_and_show(qtbot, window):
    window.detail.show_record("standard:iso-iec-27001")
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.userdata.is_bookmarked("standard:iso-iec-27001")
    assert window.bookmarks.model.ids == ["standard:iso-iec-27001"]
    assert "★" in window.detail.browser.toPlainText()


def test_mapping_tree_shows_inherited_and_gaps(window):
    model = window.mappings.tree_model
    item = model.clause_items["27001:4.2.1"]
    refs = item.parent().child(item.row(), 3).text()
    assert refs.startswith("(from 4.2) SD 4.6.4.3")
    gap = model.clause_items["27001:6"]
    assert gap.parent().child(gap.row(), 3).text() == "no ITIL reference (gap)"
    head = model.item(0, 2).text()
    assert head.endswith("gaps") and "own" in head


def test_font_size_and_settings_persist(qtbot, window, tmp_path):
    size = QApplication.font().pointSize()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSize() == size + 1
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSize() == size
    window.tabs.setCurrentWidget(window.standards)
    window.save_settings()
    assert int(window.settings.value("window/tab")) == TABS_STANDARDS


TABS_STANDARDS = 4


def test_keyboard_focus_shortcuts(qtbot, window):
    window.tabs.setCurrentWidget(window.catalogue)
    window.catalogue.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.search_page
    assert QApplication.focusWidget() is window.search_page.box


def test_widgets_have_accessible_names(window):
    for widget in (
        window.search_page.box,
        window.search_page.view,
        window.catalogue.view,
        window.glossary.view,
        window.detail.browser,
        window.selection.view,
        window.mappings.tree,
    ):
        assert widget.accessibleName()


# ----- models ----------------------------------------------------------------------


def test_models_pass_qtmodeltester(qtmodeltester, engine, repo):
    results = ResultsModel()
    results.set_hits(engine.search("security").hits)
    qtmodeltester.check(results)

    table = RecordTableModel([("Title", "title"), ("Published", "published")], repo.views.summaries)
    table.set_ids(repo.views.ids("resource"))
    qtmodeltester.check(table)
    assert table.index(0, 0).data() == "Criminal Intelligence Manual for Analysts"

    selection = SelectionListModel(repo.views.summaries)
    selection.add(["term:risk", "abbreviation:SLA"])
    qtmodeltester.check(selection)

    tree = ClauseTreeModel({s: repo.mappings.clause_tree(s) for s in ("ISO/IEC 27001", "ISO/IEC 27002")})
    qtmodeltester.check(tree)
    reverse = ReverseMappingModel()
    reverse.show(repo.mappings.map_itil("SD 4.6.4.3"))
    qtmodeltester.check(reverse)


def test_table_model_fetches_rows_lazily(repo):
    asked: list[list[str]] = []

    def fetch(ids):
        asked.append(ids)
        return repo.views.summaries(ids)

    table = RecordTableModel([("Title", "title")], fetch)
    table.set_ids(repo.views.ids("mapping"))
    assert asked == []
    assert table.index(5, 0).data()
    assert len(asked) == 1 and len(asked[0]) == 200  # one batch, not all 211


# ----- threads -----------------------------------------------------------------------


def test_searches_run_off_the_ui_thread_and_stale_results_are_dropped(qtbot, built_kb):
    kb = KnowledgeBase(built_kb.paths)
    service = SearchService(kb)
    received = []
    service.results.connect(received.append)
    try:
        # Three requests sent at once: only the newest may be shown.
        for text in ("risk", "threat", "vulnerability"):
            service.search(text, Filters())
        qtbot.waitUntil(lambda: bool(received), timeout=10000)
        qtbot.wait(300)
        assert [r.query for r in received] == ["vulnerability"]
        assert threading.get_ident() not in service.worker.searched_on
        assert service.worker.searched_on  # the worker did search, on its own thread
    finally:
        service.shutdown()
        kb.close()


def test_result_of_an_overtaken_search_is_dropped(qtbot, built_kb):
    kb = KnowledgeBase(built_kb.paths)
    service = SearchService(kb)
    received = []
    service.results.connect(received.append)
    try:
        generation = service.search("risk", Filters())
        service.generation += 1  # a newer request overtakes it before its result arrives
        qtbot.wait(500)
        assert received == []
        assert service.dropped >= 1 or service.worker.is_stale(generation)
    finally:
        service.shutdown()
        kb.close()


def test_a_restored_bookmarks_file_is_told_without_blocking(qtbot, built_kb, tmp_path):
    from kbapp.paths import Paths
    from kbapp.storage.userdata import open_user_data
    from kbapp.ui.app import create_window

    copy_built_data(built_kb, tmp_path / "data")  # bookmarks of this test's own: none of other tests' sessions
    paths = Paths(tmp_path / "data", tmp_path / "config", tmp_path / "logs")
    userdata = open_user_data(paths.user_database, paths.backups).userdata
    userdata.set_bookmark("term:risk", "Risk", True)
    userdata.back_up(paths.backups)
    userdata.close()
    data = paths.user_database.read_bytes()
    paths.user_database.write_bytes(data[: len(data) // 3])

    win = create_window(KnowledgeBase(paths))
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.ready, timeout=20000)
    boxes = [b for b in win.notices.boxes if b.isVisible()]
    assert len(boxes) == 1 and "restored" in boxes[0].text()
    assert "restored" in win.statusBar().currentMessage()
    assert win.bookmarks.model.rowCount() == 1  # the window works behind the message
    boxes[0].accept()
    win.close()
    win.userdata.close()


def test_import_a_catalogue_file_then_remove_it(qtbot, own_window, tmp_path, monkeypatch, no_modal_dialogs):
    from tests.services.test_import import LOCAL

    win = own_window
    import_through_window(qtbot, win, monkeypatch, tmp_path / "local policies.txt")
    assert "32 resources" in win.status_counts.text()
    assert "Imported imports/0001-local-policies.txt: 2 added, 0 changed" in win.statusBar().currentMessage()
    assert type_query(qtbot, win, "quarterly leavers").hits[0].id == "resource:local-access-control-standard"

    win.registry.imports.trigger()
    dialog = win.imports.dialog
    assert dialog.isVisible() and dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (0, 1)] == ["0001-local-policies.txt", "2"]
    assert not dialog.remove_button.isEnabled()
    dialog.table.selectRow(0)
    monkeypatch.setattr(dialog, "confirm_removal", lambda name, entries: True)
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: win.catalogue.model.rowCount() == 30, timeout=20000)
    assert dialog.table.rowCount() == 0 and dialog.empty.isVisible()
    assert no_modal_dialogs == []

    bad = tmp_path / "bad.txt"
    bad.write_text(LOCAL.replace("01/04/2024", "31/02/2024"), encoding="utf-8")
    monkeypatch.setattr(win.imports, "ask_path", lambda: bad)
    win.registry.import_.trigger()
    qtbot.waitUntil(lambda: len(no_modal_dialogs) == 1, timeout=20000)
    assert f"{bad}, line 7 (published)" in no_modal_dialogs[0] and "not a real date" in no_modal_dialogs[0]
    assert win.catalogue.model.rowCount() == 30 and dialog.table.rowCount() == 0


def test_searching_goes_on_while_the_window_rebuilds(qtbot, own_window, monkeypatch):
    from kbapp.search import index as index_module

    win = own_window
    # Pause the rebuild where the new database is in and the new index is complete
    # beside the live one, about to be swapped in.
    reached, release = threading.Event(), threading.Event()
    swap_in = index_module._swap_in

    def paused_swap_in(new, live):
        reached.set()
        assert release.wait(30)
        swap_in(new, live)

    monkeypatch.setattr(index_module, "_swap_in", paused_swap_in)
    win.registry.rebuild.trigger()
    qtbot.waitUntil(reached.is_set, timeout=30000)
    assert win.build_task is not None and win.ready
    assert win.tabs.isEnabled() and not win.registry.rebuild.isEnabled() and not win.registry.import_.isEnabled()
    assert win.status_index.text().startswith("index: rebuilding")
    assert type_query(qtbot, win, "ISMS").hits[0].id == "abbreviation:ISMS"  # the previous index answers
    win.open_record("resource:covert-policing-app")
    assert "Covert Policing APP" in win.detail.browser.toPlainText()
    assert QApplication.activeModalWidget() is None  # no dialog in the way
    release.set()
    qtbot.waitUntil(lambda: win.build_task is None, timeout=30000)
    assert win.status_index.text() == "index: rebuilt" and win.registry.rebuild.isEnabled()
    assert type_query(qtbot, win, "risk").total > 0  # the new index answers


def test_a_stale_build_serves_at_start_while_the_new_one_is_made(qtbot, editable, tmp_path, monkeypatch):
    kb, sources = editable
    kb.close()
    catalogue = sources["catalogue"]
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("Covert Policing APP\n\nUndercover", "Covert Policing APP\n\nZebracorn"))
    release = paused_builds(monkeypatch, kb)
    with opened_window(qtbot, kb, tmp_path) as win:
        assert win.build_task is not None  # the window answers before the build is done
        assert win.status_index.text().startswith("index: rebuilding")
        assert "30 resources" in win.status_counts.text()
        assert type_query(qtbot, win, "undercover").total > 0  # the earlier build's text
        release.set()
        qtbot.waitUntil(lambda: win.build_task is None, timeout=30000)
        assert type_query(qtbot, win, "zebracorn").hits[0].id == "resource:covert-policing-app"


def test_inferred_publications_are_marked_and_explained(qtbot, window):
    """Issue 11, item 17: in the detail pane and as the clause tree's tooltip."""
    window.detail.show_record("mapping:27002:11.2")
    text = window.detail.browser.toPlainText()
    assert "publication inferred*" in text and "took the publication of the reference above" in text
    item = window.mappings.tree_model.clause_items["27002:11.2"]
    refs = item.parent().child(item.row(), 3) if item.parent() else None
    assert refs is not None and "[publication inferred]" in refs.toolTip()
    assert "took the publication of the reference above" in refs.toolTip()


def test_typing_on_the_way_to_a_word_shows_no_correction(qtbot, window):
    """Issue 11, item 6: "risk man" showed results for "risk may"."""
    result = type_query(qtbot, window, "risk man")
    assert result.corrected is None and hit_ids(window)[0] == "term:risk-management"
    assert "Showing results for" not in window.search_page.status.text()


def test_the_hover_definition_is_not_replaced_by_the_links_raw_id(qtbot, window):
    """Issue 11, item 23: a term link carried title="term:threat", which Qt shows as the
    link's own tooltip when the mouse rests on it, over the definition."""
    from PySide6.QtCore import QEvent, QUrl
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    window.detail.show_record("term:risk")
    browser = window.detail.browser
    cursor = browser.document().find("Threat")
    assert not cursor.isNull() and cursor.charFormat().anchorHref() == "kb:term:threat"
    window.detail._on_hover(QUrl("kb:term:threat"))
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    assert "Threat" in QToolTip.text()
    # The mouse rests on the link: Qt asks the text for a tooltip of its own.
    at = browser.cursorRect(cursor).center()
    QApplication.sendEvent(browser.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, browser.viewport().mapToGlobal(at)))
    qtbot.wait(100)
    assert "term:threat" not in QToolTip.text() and "Threat" in QToolTip.text()
    QToolTip.hideText()


# ----- issue 11, items 21 and 22: the pane shows what was opened; history holds it -----


def test_following_an_itil_link_keeps_the_clause_that_was_open(qtbot, window):
    window.tabs.setCurrentWidget(window.mappings)
    stale = window.mappings.tree_model.clause_items["27002:0.3"].index()
    window.mappings.tree.setCurrentIndex(stale)  # the view's current row, from earlier
    window.mappings.show_itil("SD 4.6.4.3")
    window.mappings.reverse_view.setCurrentIndex(window.mappings.reverse_model.index(0, 0))  # a row read earlier
    window.tabs.setCurrentWidget(window.search_page)
    window.open_record("mapping:27002:10.1.2")
    window.detail.browser.anchorClicked.emit(QUrl("kb:itil:SO 4.5"))
    assert window.tabs.currentWidget() is window.mappings
    assert window.detail.current == "mapping:27002:10.1.2"


def test_ctrl_k_does_not_swap_the_record_being_read(qtbot, window):
    type_query(qtbot, window, "firearms")
    window.open_record("term:risk")
    window.tabs.setCurrentWidget(window.glossary)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.search_page
    assert window.detail.current == "term:risk"  # Ctrl+B now bookmarks what the user reads


def test_history_holds_what_was_opened_not_what_the_arrows_passed(qtbot, window):
    type_query(qtbot, window, "risk")
    window.open_record("term:threat")  # opened
    view = window.search_page.view
    view.setFocus()
    for _ in range(3):  # the arrows preview three hits
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert window.detail.current not in ("term:threat", None)
    window.open_record("term:asset")  # opened
    assert window.detail.history[-2:] == ["term:threat", "term:asset"]
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.detail.current == "term:threat"
    qtbot.keyClick(view, Qt.Key.Key_Down)  # a preview after going back
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.detail.current == "term:threat"  # back to what was open, not further
