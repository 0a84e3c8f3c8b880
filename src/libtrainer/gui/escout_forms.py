"""The two forms of the E-scouts screen — the e-scout and the visit — each field with its
error line under it.

The e-scout form adds a new e-scout or shows one to change; the visit form agrees a new
visit or shows the one chosen to record its result. People helped are counted only for a
visit that was done, so the field is open only while the status is "Done" (the core refuses
the rest too). ``values()`` give the fields the services take; the forms never touch the store.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QLineEdit, QSpinBox

from libtrainer.i18n import _

from libtrainer.gui import labels as L
from libtrainer.gui.field_form import FieldForm
from libtrainer.gui.widgets import CodeCombo, DateEdit, TimeEdit, YearEdit


class EScoutForm(FieldForm):
    """Names, birth year (14–29 years old) and phone of an e-scout."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("escoutForm")
        self.given = QLineEdit(objectName="escoutGiven")
        self.family = QLineEdit(objectName="escoutFamily")
        self.year = YearEdit()
        self.year.setObjectName("escoutYear")
        # an example that fits the label's 14–29 years (the people's forms show 1957)
        self.year.setPlaceholderText(str(dt.date.today().year - 20))
        self.phone = QLineEdit(objectName="escoutPhone")
        self.phone.setPlaceholderText(_("+370 612 34567 or +371 2123 4567; two: a comma between"))
        for field, text, widget in (
            ("given_name", _("Given na&me"), self.given),
            ("family_name", _("Famil&y name"), self.family),
            ("birth_year", _("&Birth year (14–29 years old)"), self.year),
            ("phone", _("Phon&e"), self.phone),
        ):
            self._row(field, text, widget)
        self._submit_on_enter()

    def values(self) -> dict[str, Any]:
        """given_name, family_name, birth_year (None when not a year) and phone."""
        return {
            "given_name": self.given.text(),
            "family_name": self.family.text(),
            "birth_year": self.year.value(),
            "phone": self.phone.text() or None,
        }

    def set_values(self, person: Any = None) -> None:
        """Show an e-scout (with ``given_name``, ``family_name``, ``birth_year``, ``phone``),
        or empty the form (None)."""
        self.clear_errors()
        self.given.setText(person.given_name if person else "")
        self.family.setText(person.family_name if person else "")
        self.year.set_value(person.birth_year if person else None)
        self.phone.setText((person.phone or "") if person else "")


class VisitForm(FieldForm):
    """Date, time, place, status, people helped and notes of a visit."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitForm")
        self.date = DateEdit()
        self.date.setObjectName("visitDate")
        self.time = TimeEdit()
        self.time.setObjectName("visitTime")
        self.place = QLineEdit(objectName="visitPlace")
        self.status = CodeCombo(L.VISITS)
        self.status.setObjectName("visitStatus")
        self.helped = QSpinBox(objectName="peopleHelped")
        self.helped.setRange(0, 200)
        self.helped.setToolTip(_("Counted only for a visit that took place (status “Done”)"))
        self.notes = QLineEdit(objectName="visitNotes")
        for field, text, widget in (
            ("date", _("&Date"), self.date),
            ("start_time", _("T&ime"), self.time),
            ("place", _("&Place"), self.place),
            ("status", _("&Status"), self.status),
            ("people_helped", _("Peop&le helped"), self.helped),
            ("notes", _("No&tes"), self.notes),
        ):
            self._row(field, text, widget)
        self.status.currentIndexChanged.connect(lambda _i: self._status_changed())
        self._status_changed()

    def _status_changed(self) -> None:
        done = self.status.code() == "done"
        self.helped.setEnabled(done)
        if not done:
            self.helped.setValue(0)

    def values(self) -> dict[str, Any]:
        """The fields of ``escouts.record_visit`` / ``edit_visit`` (the date too)."""
        return {
            "date": self.date.value(),
            "start_time": self.time.value(),
            "place": self.place.text() or None,
            "status": self.status.code(),
            "people_helped": self.helped.value(),
            "notes": self.notes.text(),
        }

    def set_values(self, visit: Any) -> None:
        """Show a ``VisitInfo``."""
        self.clear_errors()
        self.date.set_value(visit.date)
        if visit.start_time:
            self.time.set_value(visit.start_time)
        self.place.setText(visit.place or "")
        self.status.set_code(visit.status)
        self.helped.setValue(visit.people_helped)
        self._status_changed()  # 0 for a visit not done, whatever was stored
        self.notes.setText(visit.notes)

    def next_visit(self) -> None:
        """After a visit is agreed: place, people helped and notes emptied (the date stays),
        so a second click does not record the same visit again."""
        self.clear_errors()
        self.place.clear()
        self.notes.clear()
        self.helped.setValue(0)

    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        if editable:
            self._status_changed()
