"""Every action of the window, registered in one place (as Picard's ``ui/mainwindow/actions.py``):
its menu, its text, its shortcuts and what it does. Menus, shortcuts and (later) the
list of keyboard shortcuts are all made from this one table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStatusBar, QTabWidget

from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.ui.collect import Collector
from kbapp.ui.dialogs.about import show_about
from kbapp.ui.dialogs.bookmark_note import edit_bookmark_note
from kbapp.ui.dialogs.crosswalk_tables import CrosswalkFlow
from kbapp.ui.dialogs.help import Help
from kbapp.ui.dialogs.imports import ImportFlow
from kbapp.ui.dialogs.quick_lookup import QuickLookup
from kbapp.ui.keyboard import Keyboard
from kbapp.ui.pages.base import Page
from kbapp.ui.panels.detail import DetailPane
from kbapp.ui.session_recorder import SessionRecorder

Keys = Sequence[str | QKeySequence.StandardKey]
MENUS = ("&File", "&Edit", "&Go", "&View", "&Help")


@dataclass(frozen=True)
class ActionSpec:
    name: str  # the action's attribute on ``Actions``
    menu: str
    text: str
    run: Callable[[], object]
    keys: Keys = ()
    separator_before: bool = False


class Actions:
    """The window's actions by name: ``actions.export``, ``actions.rebuild``…"""

    def __init__(self, window: QMainWindow, specs: Sequence[ActionSpec]) -> None:
        self.by_name: dict[str, QAction] = {}
        self.menus: list[tuple[str, list[QAction]]] = [(name, []) for name in MENUS]
        menus = {name: window.menuBar().addMenu(name) for name in MENUS}
        for spec in specs:
            action = QAction(spec.text, window)
            action.setShortcuts(_sequences(spec.keys))
            action.triggered.connect(lambda _checked=False, run=spec.run: run())
            menu = menus[spec.menu]
            if spec.separator_before:
                menu.addSeparator()
            menu.addAction(action)
            window.addAction(action)
            dict(self.menus)[spec.menu].append(action)
            if spec.name in self.by_name:
                raise ValueError(f"action {spec.name!r} registered twice")
            self.by_name[spec.name] = action

    def __getattr__(self, name: str) -> QAction:
        try:
            return self.__dict__["by_name"][name]
        except KeyError:
            raise AttributeError(name) from None

    def shortcuts(self) -> list[QKeySequence]:
        return [key for action in self.by_name.values() for key in action.shortcuts()]

    def set_enabled(self, names: Sequence[str], on: bool) -> None:
        for name in names:
            self.by_name[name].setEnabled(on)


def _sequences(keys: Keys) -> list[QKeySequence]:
    found: dict[str, QKeySequence] = {}
    for item in keys:
        sequences = (
            QKeySequence.keyBindings(item) if isinstance(item, QKeySequence.StandardKey) else [QKeySequence(item)]
        )
        for sequence in sequences:
            found.setdefault(sequence.toString(), sequence)  # the same key twice would be ambiguous
    return list(found.values())


class ActionTarget(Protocol):
    """What the main window's actions act on (the window itself)."""

    kb: KnowledgeBase
    tabs: QTabWidget
    pages: list[Page]
    collect: Collector
    imports: ImportFlow
    crosswalks: CrosswalkFlow
    quick: QuickLookup
    detail: DetailPane
    recorder: SessionRecorder

    def close(self) -> bool: ...
    def start(self, force: bool = False) -> None: ...
    def toggle_bookmark(self) -> None: ...
    def bookmarks_changed(self) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def focus_search(self) -> None: ...
    @property
    def keys(self) -> Keyboard: ...
    @property
    def help(self) -> Help: ...
    def change_font(self, step: int) -> None: ...


def window_actions(w: ActionTarget) -> list[ActionSpec]:
    """The main window's actions, menu by menu."""
    tab_actions = [
        ActionSpec(f"tab_{n}", "&Go", page.title, partial(w.keys.show_page, n), [f"Ctrl+{n + 1}"], n == 0)
        for n, page in enumerate(w.pages)
    ]
    return [
        ActionSpec("export", "&File", "&Export selection to CSV…", w.collect.export_selection, ["Ctrl+E"]),
        ActionSpec(
            "export_list",
            "&File",
            "Export the current &list as shown…",
            w.collect.export_current_list,
            ["Ctrl+Shift+E"],
        ),
        ActionSpec("coverage_report", "&File", "Export the co&verage report…", w.collect.export_coverage),
        ActionSpec("import_", "&File", "&Import catalogue entries…", w.imports.import_file, ["Ctrl+I"], True),
        ActionSpec(
            "replace_catalogue", "&File", "Replace the catalogue with a &new edition…", w.imports.replace_catalogue
        ),
        ActionSpec("imports", "&File", "Imported &catalogues…", w.imports.show_dialog),
        ActionSpec("crosswalks", "&File", "Cross&walk tables…", w.crosswalks.show_dialog),
        # Through a lambda: the flows behind these are made (and imported) when first used.
        ActionSpec(
            "open_pack", "&File", "&Open data pack…", lambda: w.imports.packs.open_pack(), separator_before=True
        ),
        ActionSpec("save_pack", "&File", "&Save data pack…", lambda: w.imports.packs.save_pack()),
        ActionSpec("rebuild", "&File", "&Rebuild the knowledge base", lambda: w.start(force=True), ["F5"], True),
        ActionSpec("quit", "&File", "&Quit", w.close, [QKeySequence.StandardKey.Quit], True),
        ActionSpec("copy", "&Edit", "&Copy records", w.collect.copy_records, [QKeySequence.StandardKey.Copy]),
        ActionSpec("add", "&Edit", "&Add to selection", w.collect.add_to_selection, ["Ctrl+D"]),
        ActionSpec(
            "select_all", "&Edit", "Select &all in the view", w.collect.select_all, [QKeySequence.StandardKey.SelectAll]
        ),
        ActionSpec(
            "undo_catalogue",
            "&Edit",
            "&Undo last catalogue change…",
            lambda: w.imports.editions.undo_last(),
            ["Ctrl+Alt+Z"],
            separator_before=True,
        ),
        ActionSpec(
            "new_entry",
            "&Edit",
            "New &local entry…",
            lambda: w.imports.local.new_entry(),
            ["Ctrl+N"],
            separator_before=True,
        ),
        ActionSpec("edit_entry", "&Edit", "&Edit this entry…", lambda: w.imports.local.edit_current(), ["F2"]),
        ActionSpec("delete_entry", "&Edit", "&Delete local entry…", lambda: w.imports.local.delete_current()),
        ActionSpec("revert_entry", "&Edit", "&Revert local override…", lambda: w.imports.local.revert_current()),
        ActionSpec("bookmark", "&Edit", "&Bookmark", w.toggle_bookmark, ["Ctrl+B"], separator_before=True),
        ActionSpec("bookmark_note", "&Edit", "Bookmark &note…", partial(edit_bookmark_note, w), ["Ctrl+Shift+B"]),
        ActionSpec("find", "&Go", "Search &everything", w.focus_search, ["Ctrl+K"]),
        ActionSpec("find_here", "&Go", "&Find in this view", w.keys.find_here, ["Ctrl+F"]),
        ActionSpec(
            "lookup",
            "&Go",
            "Quick &lookup",
            lambda: w.quick.popup(w.detail.browser.textCursor().selectedText()),
            ["Ctrl+L"],
        ),  # fmt: skip
        ActionSpec("back", "&Go", "&Back", w.detail.back, ["Alt+Left", QKeySequence.StandardKey.Back]),
        ActionSpec("forward", "&Go", "&Forward", w.detail.forward, ["Alt+Right", QKeySequence.StandardKey.Forward]),
        *tab_actions,
        ActionSpec("change_log", "&View", "&Change log…", lambda: w.imports.editions.show_log(), ["Ctrl+Shift+L"]),
        ActionSpec("session_log", "&View", "Session &log…", w.recorder.show_log),
        ActionSpec(
            "larger", "&View", "&Larger text", lambda: w.change_font(+1), ["Ctrl++", "Ctrl+="], separator_before=True
        ),
        ActionSpec("smaller", "&View", "&Smaller text", lambda: w.change_font(-1), ["Ctrl+-"]),
        ActionSpec("normal_size", "&View", "&Normal size", lambda: w.change_font(0), ["Ctrl+0"]),
        ActionSpec("syntax", "&Help", "Search &syntax", w.help.show_syntax, ["F1"]),
        ActionSpec("keyboard_help", "&Help", "&Keyboard shortcuts", w.help.show_shortcuts),
        ActionSpec("about", "&Help", "&About kbapp", lambda: show_about(w.detail, w.kb), separator_before=True),
    ]
