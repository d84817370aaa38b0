"""Help › Search syntax (F1) and Help › Keyboard shortcuts, the latter made from the
window's one action registry, so it lists every shortcut there is and no other."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from kbapp.ui.render import esc

SYNTAX_HTML = """
<h2>Search syntax</h2>
<table cellspacing="0" cellpadding="3">
<tr><th align="left">You type</th><th align="left">It finds</th></tr>
<tr><td><code>access control</code></td><td>records with both words; <i>controls</i> and <i>controlling</i>
 match too, and British and American spellings are one word</td></tr>
<tr><td><code>"change management"</code></td><td>the phrase</td></tr>
<tr><td><code>firearms OR undercover</code></td><td>either word</td></tr>
<tr><td><code>police NOT firearms</code></td><td>one without the other</td></tr>
<tr><td><code>informa*</code></td><td>words that begin so (three letters at least)</td></tr>
<tr><td><code>type:term</code>, <code>type:White paper</code></td><td>one kind of record, by name or
 as the Type filter labels it: resource, term, abbreviation, mapping, standard, section, itil</td></tr>
<tr><td><code>ISO 27001</code>, <code>27001</code>, <code>BS 7799</code></td><td>that standard first, then what
 it became, then the catalogue's editions</td></tr>
<tr><td><code>A.12.6.1</code></td><td>the ISO/IEC 27002:2005 clause that 27001:2005 Annex A numbers so</td></tr>
<tr><td><code>category:guidance</code>, <code>body:CoP</code></td><td>a catalogue category; an authoring
 body by name or abbreviation</td></tr>
<tr><td><code>year:2015..2020</code>, <code>year:2016..</code>, <code>year:&lt;=2010</code></td><td>publication
 year, a range open at either end</td></tr>
</table>
<p><code>ISMS</code> finds <i>Information Security Management System</i> and the reverse. An exact title,
term or clause number comes first. When a query finds nothing, kbapp corrects it from the words it holds
and says so. Bad syntax falls back to plain words: nothing you type makes a search fail.</p>
<p>Results come best match first; <i>Sort</i> (Alt+S) puts them newest or oldest first, or by title. A
query of filters alone (<code>type:term</code>, <code>year:2015..2020</code>) comes newest first, and by
title where nothing has a date. A <code>year:</code> typed in the query shows in the Year boxes.</p>
<p>In the search box: Down moves into the results, Enter opens the one selected, Escape clears the box.</p>
"""


def shortcuts_html(menus: list[tuple[str, list[QAction]]]) -> str:
    rows = []
    for menu, actions in menus:
        keyed = [a for a in actions if a.shortcuts()]
        if not keyed:
            continue
        rows.append(f'<tr><td colspan="2"><b>{esc(menu.replace("&", ""))}</b></td></tr>')
        for action in keyed:
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
            rows.append(f"<tr><td>{esc(action.text().replace('&', ''))}</td><td>{esc(keys)}</td></tr>")
    extra = [
        ("Search box", "Down: into the results · Enter: open · Escape: clear"),
        ("Any list", "Enter: open · Tab: on to the next part of the window"),
        ("Selected for export", "Delete: remove from the selection"),
        ("Outside a text box", "/: search"),
    ]
    rows.append('<tr><td colspan="2"><b>In the views</b></td></tr>')
    rows += [f"<tr><td>{esc(where)}</td><td>{esc(keys)}</td></tr>" for where, keys in extra]
    return f'<h2>Keyboard shortcuts</h2><table cellspacing="0" cellpadding="3">{"".join(rows)}</table>'


class HelpDialog(QDialog):
    """A page of help beside the window; Escape or Enter closes it."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QTextBrowser(self)
        self.text.setAccessibleName(title)
        self.text.setOpenLinks(False)
        self.text.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def popup(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)


class Help:
    """The window's help pages, each made once and shown again."""

    def __init__(self, parent: QWidget, menus: Callable[[], list[tuple[str, list[QAction]]]]) -> None:
        self.parent = parent
        self.menus = menus  # the action registry's menus, once registered
        self.dialogs: dict[str, HelpDialog] = {}

    def show_syntax(self) -> None:
        self._show("Search syntax", SYNTAX_HTML)

    def show_shortcuts(self) -> None:
        self._show("Keyboard shortcuts", shortcuts_html(self.menus()))

    def _show(self, title: str, html: str) -> None:
        if title not in self.dialogs:
            self.dialogs[title] = HelpDialog(title, html, self.parent)
        self.dialogs[title].text.setHtml(html)
        self.dialogs[title].popup()
