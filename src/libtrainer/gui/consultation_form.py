"""The consultation form: person, age band and gender, topics, minutes, channel and outcome,
referral, notes, date and helper — each row with its error line under it.

Enter anywhere in it (outside an open list) asks to save. ``values()`` gives the fields of
``consultations.log_consultation`` / ``edit_consultation`` (both helpers, one of them None;
the person or, for an anonymous one, the age band and gender), so logging and changing use the
same form. It never reads or writes the store.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from libtrainer.i18n import _

from libtrainer.gui import labels as L
from libtrainer.gui.basics import named
from libtrainer.gui.field_form import FieldForm
from libtrainer.gui.widgets import ChipBox, CodeCombo, DateEdit


def _line(*widgets: QWidget) -> QWidget:
    """Widgets side by side in one row of the form; text fields and lists share the width."""
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        line.addWidget(widget, 1 if isinstance(widget, (QLineEdit, QComboBox)) else 0)
    return row


class ConsultationForm(FieldForm):
    """Emits ``submit`` on Enter; a refused field's message shows under its row."""

    #: fields the services name that share a row with another
    error_rows: ClassVar[dict[str, str]] = {
        "gender": "age_band",
        "channel": "minutes",
        "outcome": "minutes",
        "staff_id": "date",
        "volunteer_id": "date",
    }

    def __init__(self, parent: Any = None) -> None:
        self._focus: dict[QWidget, QWidget] = {}  # a row of several fields -> its first
        super().__init__(parent)
        self.setObjectName("consultationForm")
        self.person = QLineEdit(objectName="person")
        self.person.setClearButtonEnabled(True)
        self.completions = QStringListModel(self)
        self.completer = QCompleter(self.completions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.person.setCompleter(self.completer)
        self.new_person = QPushButton(_("Add as a new person"), objectName="newPersonHere")
        self.new_person.setToolTip(
            _(
                "Not in the list yet: add the name typed as a new participant (you check which "
                "words are the given name and which the family name)"
            )
        )
        self.new_person.setEnabled(False)
        self.age_band = CodeCombo(L.AGE_BANDS)
        self.age_band.setObjectName("ageBand")
        self.gender = CodeCombo(L.GENDERS)
        self.gender.setObjectName("gender")
        self.topics = ChipBox(L.TOPICS)
        self.topics.setObjectName("topics")
        self.minutes = QSpinBox(objectName="minutes")
        self.minutes.setRange(1, 480)
        self.minutes.setSingleStep(5)
        self.channel = CodeCombo(L.CHANNELS)
        self.channel.setObjectName("channel")
        self.outcome = CodeCombo(L.OUTCOMES)
        self.outcome.setObjectName("outcome")
        self.escout = QCheckBox(objectName="referEscout")
        self.notes = QLineEdit(objectName="notes")
        self.date = DateEdit()
        self.date.setObjectName("date")
        self.helper = CodeCombo([])
        self.helper.setObjectName("helper")
        self.save_button = QPushButton(objectName="saveConsultation")
        self._build()

    def _build(self) -> None:
        """Six rows, so the form and its Save fit a 1024×600 laptop at 100 % (decision 0520):
        minutes share a row with channel and outcome, the referral sits beside the notes and
        Save (with "Log a new one instead" while changing one) beside the date and helper."""
        channel_label = QLabel(_("&Channel and outcome"))
        channel_label.setBuddy(self.channel)
        self.buttons = _line(self.save_button)
        rows = (
            ("participant_id", _("&Person (empty: anonymous)"), (self.person, self.new_person)),
            ("age_band", _("&Age band and gender"), (self.age_band, self.gender)),
            ("topics", _("Top&ics (Alt+1–0)"), (self.topics,)),
            ("minutes", _("&Minutes"), (self.minutes, channel_label, self.channel, self.outcome)),
            ("notes", _("No&tes"), (self.notes, self.escout)),
            ("date", _("&Date and who helped"), (self.date, self.helper, self.buttons)),
        )
        for field, text, widgets in rows:
            cell = widgets[0] if len(widgets) == 1 else _line(*widgets)
            self._focus[cell] = widgets[0]
            self._row(field, text, cell)
            if field in ("minutes", "notes"):  # the row's label names its first field
                named(widgets[0], text.replace("&", ""))
        # The chips' lines at the form's real width count (the screen's scroll area asks its
        # height for that width), not the four lines of the narrowest form: its minimum
        # height would make the screen scroll on a 1024×600 laptop where two lines fit.
        chip = self.topics.first()
        if chip is not None:
            self.topics.setMinimumHeight(chip.sizeHint().height())
        # Alt+digit wherever the keyboard is in the form; the digits alone on the chips only
        # (in the person, minutes and date they are typed)
        self.topics.alt_keys(self)
        self.topics.setToolTip(
            _(
                "Alt+1 … Alt+0 choose a topic wherever you are in the form; on the topics, "
                "the keys 1 … 0 alone do too."
            )
        )
        self.escout.setText(_("&Refer to an e-scout"))
        self.escout.setAccessibleName(_("Refer to an e-scout"))
        help_text = _(
            "Type part of a name and choose from the list; leave empty for an anonymous visitor"
        )
        named(self.person, _("Person (empty: anonymous)"), help_text)
        self.person.setToolTip(help_text)
        self.age_band.setAccessibleName(_("Age band"))
        self.gender.setAccessibleName(_("Gender"))
        self.channel.setAccessibleName(_("Channel"))
        self.outcome.setAccessibleName(_("Outcome"))
        self.date.setAccessibleName(_("Date"))
        self.helper.setAccessibleName(_("Who helped"))

    def add_button(self, button: QPushButton) -> None:
        """A button beside Save (the screen's "Log a new one instead")."""
        layout = self.buttons.layout()
        assert layout is not None
        layout.addWidget(button)

    def _target(self, widget: QWidget) -> QWidget | None:  # type: ignore[override]
        """A row of several fields takes the keyboard in its first one."""
        return super()._target(self._focus.get(widget, widget))

    def focus_chain(self) -> list[QWidget]:
        first = self.topics.first()
        chain = [
            self.person,
            self.new_person,
            self.age_band,
            self.gender,
            first,
            self.minutes,
            self.channel,
            self.outcome,
            self.escout,
            self.notes,
            self.date,
            self.helper,
            self.save_button,
        ]
        return [w for w in chain if w is not None]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit.emit()
            return
        super().keyPressEvent(event)

    # -- values --------------------------------------------------------------------------------

    def set_anonymous(self, anonymous: bool, person_chosen: bool) -> None:
        """Age band and gender only for an anonymous visitor; "Add as a new person" only for
        a name typed that is nobody chosen."""
        self.age_band.setEnabled(anonymous)
        self.gender.setEnabled(anonymous)
        self.new_person.setEnabled(not person_chosen and bool(self.person.text().strip()))

    def reset(self, helper: str | None) -> None:
        """The defaults of a new consultation: anonymous, 15 minutes, in person, solved,
        today, helped by ``helper`` ("staff:<id>")."""
        self.clear_errors()
        self.person.clear()
        self.age_band.set_code("unknown")
        self.gender.set_code("unspecified")
        self.topics.set_codes([])
        self.minutes.setValue(15)
        self.channel.set_code("in_person")
        self.outcome.set_code("solved")
        self.escout.setChecked(False)
        self.notes.clear()
        self.date.set_value(dt.date.today())
        if helper:
            self.helper.set_code(helper)

    def set_values(self, c: Any) -> None:
        """Show a ``ConsultationDetails`` to change it."""
        self.clear_errors()
        self.person.setText(c.person)
        self.age_band.set_code(c.age_band)
        self.gender.set_code(c.gender)
        self.topics.set_codes(c.topics)
        self.minutes.setValue(c.minutes)
        self.channel.set_code(c.channel)
        self.outcome.set_code(c.outcome)
        self.escout.setChecked(c.referred_to_escout)
        self.notes.setText(c.notes)
        self.date.set_value(c.date)
        self.helper.set_code(f"staff:{c.staff_id}" if c.staff_id else f"volunteer:{c.volunteer_id}")

    def values(self, person_id: str | None, default_helper: str) -> dict[str, Any]:
        """The fields of the form for the services (topics and minutes too)."""
        kind, _sep, helper_id = (self.helper.code() or default_helper).partition(":")
        values: dict[str, Any] = {
            "date": self.date.value(),
            "topics": self.topics.codes(),
            "minutes": self.minutes.value(),
            "channel": self.channel.code(),
            "outcome": self.outcome.code(),
            "referred_to_escout": self.escout.isChecked(),
            "notes": self.notes.text(),
            "staff_id": helper_id if kind == "staff" else None,
            "volunteer_id": helper_id if kind == "volunteer" else None,
            "participant_id": person_id,
        }
        if person_id is None:
            values["age_band"] = self.age_band.code()
            values["gender"] = self.gender.code()
        return values
