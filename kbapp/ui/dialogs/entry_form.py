"""The entry form: a resource of the user's own, or their override of one, with each
field checked as it is saved (sources.entry_form.problems) and the message shown
under the field it concerns."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kbapp.sources.entry_form import EntryValues, problems
from kbapp.ui.colours import error_text, secondary

FIELDS = ("title", "published", "body", "abbreviation", "category", "description")


class EntryForm(QDialog):
    """``bodies``: known authoring bodies, name → abbreviation (or ""); ``categories``:
    the known ones. Both lists are editable: a new body or category is typed."""

    def __init__(
        self,
        parent: QWidget | None,
        values: EntryValues,
        bodies: dict[str, str],
        categories: list[str],
        heading: str,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("entry-form")
        self.setWindowTitle(heading)
        self.bodies = bodies
        self.resize(640, 620)
        layout = QVBoxLayout(self)
        if note:
            intro = QLabel(note, self)
            intro.setWordWrap(True)
            intro.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = QLineEdit(values.title, self)
        self.published = QLineEdit(values.published, self)
        self.published.setPlaceholderText("DD/MM/YYYY, day first")
        self.body = QComboBox(self)
        self.body.setEditable(True)
        self.body.addItems(sorted(bodies, key=str.casefold))
        self.body.setCurrentText(values.body)
        self.body.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.abbreviation = QLineEdit(values.abbreviation, self)
        self.abbreviation.setPlaceholderText("for a new body: its abbreviation, if it has one")
        self.category = QComboBox(self)
        self.category.setEditable(True)
        self.category.addItems(sorted(categories, key=str.casefold))
        self.category.setCurrentText(values.category)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.description = QPlainTextEdit(values.description, self)
        self.description.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.description.setPlaceholderText(
            "Paragraphs apart with a blank line; a line starting with '- ' is an item of a bullet list."
        )
        self.body.currentTextChanged.connect(self._body_chosen)
        self.messages: dict[str, QLabel] = {}
        widgets = {
            "title": ("&Title", self.title),
            "published": ("&Published", self.published),
            "body": ("Authoring &body", self.body),
            "abbreviation": ("Abbre&viation", self.abbreviation),
            "category": ("&Category", self.category),
            "description": ("&Description", self.description),
        }
        colour = error_text(self.palette()).name()
        for name, (label, widget) in widgets.items():
            widget.setAccessibleName(label.replace("&", ""))
            holder = QWidget(self)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            message = QLabel(holder)
            message.setObjectName(f"{name}-message")
            message.setWordWrap(True)
            message.setTextFormat(Qt.TextFormat.PlainText)
            message.setStyleSheet(f"color: {colour};")
            message.hide()
            column.addWidget(message)
            self.messages[name] = message
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            form.addRow(caption, holder)
        hint = QLabel(
            "Description: a blank line between paragraphs; a line starting with '- ' is an item of a bullet list. "
            "The date is typed day first, as 31/12/2024.",
            self,
        )
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setStyleSheet(f"color: {secondary(self.palette()).name()};")
        form.addRow("", hint)
        layout.addLayout(form, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.title.setFocus()

    def values(self) -> EntryValues:
        return EntryValues(
            title=self.title.text(),
            published=self.published.text(),
            body=self.body.currentText(),
            abbreviation=self.abbreviation.text(),
            category=self.category.currentText(),
            description=self.description.toPlainText(),
        )

    def _body_chosen(self, name: str) -> None:
        """A known body brings its own abbreviation; a body typed anew keeps what was typed."""
        known = self.bodies.get(name.strip())
        if known is not None:
            self.abbreviation.setText(known)

    def show_problems(self, found: dict[str, str]) -> None:
        for name, label in self.messages.items():
            label.setText(found.get(name, ""))
            label.setVisible(name in found)
        if found:
            first = next(name for name in FIELDS if name in found)
            getattr(self, first).setFocus()

    def accept(self) -> None:
        """Save only a whole entry: otherwise each wrong field says why, and the first
        one takes the focus."""
        found = problems(self.values())
        self.show_problems(found)
        if not found:
            super().accept()
