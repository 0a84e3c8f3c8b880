"""A form whose every field has its own error line under it (the programme and staff forms).

A field the core refuses (``ValidationError.field``) shows the message under that field, which
gets the keyboard focus and carries the message as its accessible description. The form never
reads or writes the store itself.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from libtrainer.gui.basics import named
from libtrainer.gui.widgets import ChipBox

ERROR_STYLE = "QLabel{background:#fde8e8;color:#7a0000;padding:2px 4px;border-radius:3px;}"


def add_error_row(
    layout: QFormLayout, field: str, text: str, widget: QWidget, buddy: QWidget | None
) -> tuple[QLabel, QLabel]:
    """Add a row labelled ``text`` for ``widget`` with an error line under it (hidden, object
    name ``error_<field>``); the label's keyboard letter goes to ``buddy``. Returns (label,
    error line). FieldForm and FormDialog build their rows with it."""
    label = QLabel(text)
    if buddy is not None:
        label.setBuddy(buddy)
    named(widget, text.replace("&", ""))
    error = QLabel(objectName=f"error_{field}")
    error.setProperty("textFormat", "PlainText")  # it can quote what was typed
    error.setWordWrap(True)
    error.setStyleSheet(ERROR_STYLE)
    error.hide()
    cell = QWidget()
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(error)
    layout.addRow(label, cell)
    return label, error


class FieldForm(QGroupBox):
    """Emits ``submit`` when Enter is pressed in one of its text fields (after
    :meth:`_submit_on_enter`). ``error_rows`` sends a field's message to another row."""

    submit = Signal()
    error_rows: ClassVar[dict[str, str]] = {}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    def _row(self, field: str, text: str, widget: QWidget) -> QLabel:
        """A labelled field with its own error line under it, hidden until needed."""
        label, error = add_error_row(self.layout_, field, text, widget, self._target(widget))
        self._errors[field] = error
        self._fields[field] = widget
        return label

    def _submit_on_enter(self) -> None:
        for widget in self._fields.values():
            if isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self.submit)

    @staticmethod
    def _target(widget: QWidget) -> QWidget | None:
        """What takes the keyboard for a field (a chip box: its first chip)."""
        return widget.first() if isinstance(widget, ChipBox) else widget

    def focus_chain(self) -> list[QWidget]:
        """The fields that take the keyboard, top to bottom."""
        found = [self._target(w) for w in self._fields.values()]
        return [w for w in found if w is not None]

    def set_editable(self, editable: bool) -> None:
        for widget in self._fields.values():
            widget.setEnabled(editable)

    # -- errors --------------------------------------------------------------------------------

    def show_error(self, field: str, text: str) -> bool:
        """Show ``text`` under ``field`` and put the keyboard there; False when the form has
        no such field."""
        field = self.error_rows.get(field, field)
        label = self._errors.get(field)
        target = self._target(self._fields[field]) if label is not None else None
        if label is None or target is None:
            return False
        label.setText(text)
        label.show()
        target.setAccessibleDescription(text)
        target.setFocus()
        if isinstance(target, QLineEdit):
            target.selectAll()
        return True

    def show_failure(self, error: BaseException, banner: Any) -> None:
        """A refused field (``ValidationError``): its message under it; anything else, or a
        field this form does not have: ``banner`` (a message bar)."""
        from libtrainer.domain.errors import ValidationError  # noqa: PLC0415

        from libtrainer.gui.operations import error_text  # noqa: PLC0415

        field = error.field if isinstance(error, ValidationError) else ""
        if not (field and self.show_error(field, error_text(error))):
            banner.show_message(error_text(error), "error")

    def clear_errors(self) -> None:
        for field, label in self._errors.items():
            label.clear()
            label.hide()
            target = self._target(self._fields[field])
            if target is not None:
                target.setAccessibleDescription("")
