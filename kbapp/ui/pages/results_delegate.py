"""The result list: type icon and label, title, highlighted snippet and key metadata."""

from __future__ import annotations

import html
from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from kbapp.domain.labels import LOCAL_ENTRY_ORIGIN, LOCAL_OVERRIDE_ORIGIN
from kbapp.search.results import Hit
from kbapp.ui.colours import text_colours
from kbapp.ui.models.records import RECORD_ROLE
from kbapp.ui.render import TYPE_LABELS

ICON_SIZE = 20
SIZES_KEPT = 4096


def hit_html(hit: Hit, selected_text_color: str | None = None, secondary: str = "#6b6b6b") -> str:
    meta = [TYPE_LABELS.get(hit.type, hit.type)]
    meta += [x for x in (hit.category, hit.body, hit.published) if x]
    if hit.origin in (LOCAL_ENTRY_ORIGIN, LOCAL_OVERRIDE_ORIGIN):
        meta.append(hit.origin.lower())  # the user's own text, told apart in the list too
    color = f"color:{selected_text_color};" if selected_text_color else ""
    muted = "" if selected_text_color else f"color: {secondary};"
    return (
        f'<div style="{color}"><b>{html.escape(hit.title)}</b>'
        f'<br><span style="font-size: small; {muted}">{html.escape(" · ".join(meta))}</span>'
        f"<br>{hit.snippet_html}</div>"
    )


class HitDelegate(QStyledItemDelegate):
    """Draws a hit as three lines of rich text beside its type icon."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # A row's height, by what it shows, the width and the font: the same hits come
        # back at every key typed, and laying out their text is most of showing them.
        self._sizes: OrderedDict[tuple, QSize] = OrderedDict()

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QTextDocument:
        hit: Hit = index.data(RECORD_ROLE)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        color = option.palette.color(QPalette.ColorRole.HighlightedText).name() if selected else None
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(4)
        doc.setHtml(hit_html(hit, color, text_colours(option.palette).secondary))
        doc.setTextWidth(max(100, option.rect.width() - ICON_SIZE - 16))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text_option = QStyleOptionViewItem(option)
        text_option.text = ""
        text_option.icon = type(option.icon)()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_option, painter, option.widget)
        if not option.icon.isNull():
            option.icon.paint(painter, option.rect.x() + 6, option.rect.y() + 8, ICON_SIZE, ICON_SIZE)
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.x() + ICON_SIZE + 12, option.rect.y())
        clip = QRectF(0, 0, option.rect.width() - ICON_SIZE - 12, option.rect.height())
        painter.setClipRect(clip)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        self.initStyleOption(option, index)
        key = (hit_html(index.data(RECORD_ROLE)), option.rect.width(), option.font.key())
        size = self._sizes.get(key)
        if size is None:
            doc = self._document(option, index)
            most = option.fontMetrics.lineSpacing() * 8 + 12  # title, metadata, the snippet: at any text size
            size = self._sizes[key] = QSize(int(doc.idealWidth()), int(_whole_lines(doc, most)) + 4)
            if len(self._sizes) > SIZES_KEPT:
                self._sizes.popitem(last=False)
        else:
            self._sizes.move_to_end(key)
        return QSize(size)


def _whole_lines(doc: QTextDocument, most: float) -> float:
    """The height of the lines of ``doc`` that fit in ``most``: a long hit ends at a
    line's foot, never through the middle of one."""
    if doc.size().height() <= most:
        return doc.size().height()
    fitting = 0.0
    block = doc.begin()
    while block.isValid():
        top = doc.documentLayout().blockBoundingRect(block).top()
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            bottom = top + line.y() + line.height()
            if bottom > most:
                return fitting or most
            fitting = bottom
        block = block.next()
    return fitting or most
