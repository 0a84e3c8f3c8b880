"""The programme form: titles in three languages, code, level, hours, DigComp areas,
audience — each field with an error line under it.

``values()`` gives exactly the fields ``services.programmes`` takes (the hours as typed: the
core reads "16" or "1,5" and says what is wrong), so adding and changing use the same form.
The form never reads or writes the store itself.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from libtrainer.i18n import _
from libtrainer.i18n.format import format_hours

from libtrainer.gui import labels as L
from libtrainer.gui.basics import named
from libtrainer.gui.widgets import ChipBox, CodeCombo

#: Where a refused field's message is shown ("title": none of the three titles was given).
ERROR_ROWS = {"title": "title_lt"}
ERROR_STYLE = "QLabel{background:#fde8e8;color:#7a0000;padding:2px 4px;border-radius:3px;}"


class ProgrammeForm(QGroupBox):
    """Emits ``submit`` when Enter is pressed in one of its text fields."""

    submit = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("programmeForm")
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self.title_lt = QLineEdit(objectName="titleLt")
        self.title_lv = QLineEdit(objectName="titleLv")
        self.title_en = QLineEdit(objectName="titleEn")
        self.code = QLineEdit(objectName="programmeCode")
        self.code.setPlaceholderText(_("e.g. PL-2026 (may stay empty)"))
        self.level = CodeCombo(L.LEVELS)
        self.level.setObjectName("programmeLevel")
        self.hours = QLineEdit(objectName="programmeHours")
        self.hours.setPlaceholderText(_("e.g. 16"))
        self.hours.setToolTip(_("Academic hours of 45 minutes, of all the sessions together"))
        self.topics = ChipBox(L.DIGCOMP_AREAS)
        self.topics.setObjectName("programmeTopics")
        self.audience = CodeCombo(L.AUDIENCES)
        self.audience.setObjectName("programmeAudience")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, text, widget in (
            ("title_lt", _("Title (Li&thuanian)"), self.title_lt),
            ("title_lv", _("Title (L&atvian)"), self.title_lv),
            ("title_en", _("Title (&English)"), self.title_en),
            ("code", _("Co&de"), self.code),
            ("level", _("&Level"), self.level),
            ("academic_hours", _("Academic ho&urs (whole course)"), self.hours),
            ("topics", _("DigComp a&reas (keys 1–5)"), self.topics),
            ("audience", _("Aud&ience"), self.audience),
        ):
            self._row(form, field, text, widget)
        for edit in self._edits():
            edit.returnPressed.connect(self.submit)

    def _edits(self) -> tuple[QLineEdit, ...]:
        return (self.title_lt, self.title_lv, self.title_en, self.code, self.hours)

    def _row(self, form: QFormLayout, field: str, text: str, widget: QWidget) -> None:
        """A labelled field with its own error line under it, hidden until needed."""
        label = QLabel(text)
        buddy = self._target(widget)
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
        form.addRow(label, cell)
        self._errors[field] = error
        self._fields[field] = widget

    @staticmethod
    def _target(widget: QWidget) -> QWidget | None:
        """What takes the keyboard for a field (a chip box: its first chip)."""
        return widget.first() if isinstance(widget, ChipBox) else widget

    def focus_chain(self) -> list[QWidget]:
        """The fields that take the keyboard, top to bottom."""
        found = [self._target(w) for w in self._fields.values()]
        return [w for w in found if w is not None]

    # -- values --------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The fields for ``add_programme`` / ``edit_programme``."""
        return {
            "title_lt": self.title_lt.text(),
            "title_lv": self.title_lv.text(),
            "title_en": self.title_en.text(),
            "code": self.code.text() or None,
            "level": self.level.code(),
            "academic_hours": self.hours.text(),
            "topics": self.topics.codes(),
            "audience": self.audience.code(),
        }

    def set_values(self, p: Any = None) -> None:
        """Show a ``ProgrammeInfo``, or empty the form (None) for a new programme."""
        self.clear_errors()
        self.title_lt.setText(p.title_lt if p else "")
        self.title_lv.setText(p.title_lv if p else "")
        self.title_en.setText(p.title_en if p else "")
        self.code.setText((p.code or "") if p else "")
        self.level.set_code(p.level if p else "beginner")
        self.hours.setText(format_hours(p.academic_hours) if p else "")
        self.topics.set_codes(p.topics if p else ())
        self.audience.set_code(p.audience if p else "residents")

    def typed_title(self) -> str:
        return (self.title_lt.text() or self.title_lv.text() or self.title_en.text()).strip()

    def set_editable(self, editable: bool) -> None:
        for widget in self._fields.values():
            widget.setEnabled(editable)

    # -- errors --------------------------------------------------------------------------------

    def show_error(self, field: str, text: str) -> bool:
        """Show ``text`` under ``field`` and put the keyboard there; False when the form has
        no such field."""
        field = ERROR_ROWS.get(field, field)
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

    def clear_errors(self) -> None:
        for field, label in self._errors.items():
            label.clear()
            label.hide()
            target = self._target(self._fields[field])
            if target is not None:
                target.setAccessibleDescription("")
