"""The programme form: titles in three languages, code, level, hours, DigComp areas,
audience — each field with an error line under it.

``values()`` gives exactly the fields ``services.programmes`` takes (the hours as typed: the
core reads "16" or "1,5" and says what is wrong), so adding and changing use the same form.
The form never reads or writes the store itself.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import QLineEdit

from libtrainer.i18n import _
from libtrainer.i18n.format import format_hours

from libtrainer.gui import labels as L
from libtrainer.gui.field_form import FieldForm
from libtrainer.gui.widgets import ChipBox, CodeCombo


class ProgrammeForm(FieldForm):
    """Emits ``submit`` when Enter is pressed in one of its text fields."""

    #: "title": none of the three titles was given — shown under the first one
    error_rows: ClassVar[dict[str, str]] = {"title": "title_lt"}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("programmeForm")
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
        for field, text, widget in (
            ("title_lt", _("Title (Li&thuanian)"), self.title_lt),
            ("title_lv", _("Title (L&atvian)"), self.title_lv),
            ("title_en", _("Title (&English)"), self.title_en),
            ("code", _("Co&de"), self.code),
            ("level", _("&Level"), self.level),
            ("academic_hours", _("Academic ho&urs (whole course)"), self.hours),
            ("topics", _("DigComp a&reas (Alt+1–5)"), self.topics),
            ("audience", _("Aud&ience"), self.audience),
        ):
            self._row(field, text, widget)
        self._submit_on_enter()
        self.topics.alt_keys(self)  # the digits alone only on the chips: in a field they are typed
        self.topics.setToolTip(
            _(
                "Alt+1 … Alt+5 choose an area wherever you are in the form; on the areas, the "
                "keys 1 … 5 alone do too."
            )
        )

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
