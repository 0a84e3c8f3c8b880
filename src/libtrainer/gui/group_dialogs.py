"""Dialogs of the Groups & sessions screen: a new group or a change to one, planning sessions
or changing one (the dialogs of the group's people are in :mod:`libtrainer.gui.group_people`).

Each dialog gets the choices it offers (programmes, staff, current values) from the screen,
writes through one operation on OK and stays open when the core refuses: a refused field shows
the message under that field, anything else in the message line above the buttons. A change
writes only the fields the person changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QDoubleSpinBox, QLineEdit, QSpinBox

from libtrainer.domain import rules
from libtrainer.i18n import _, get_language

from libtrainer.gui import labels as L
from libtrainer.gui.form_dialog import FormDialog
from libtrainer.gui.widgets import CodeCombo, DateEdit, TimeEdit, add_row


def staff_choices(staff: list[Any]) -> list[tuple[str, str]]:
    return [(p.id, f"{p.given_name} {p.family_name}") for p in staff]


def empty_catalogue_text(source: str, may_edit: bool) -> str:
    """What the New group dialog says when there is no programme to choose, for the person
    who sees it: where programmes come from on this computer (docs/decisions/0110)."""
    if source == "region":
        return _(
            "The programme catalogue is empty. Programmes come "
            "from the coordinator with the next sync."
        )
    if may_edit:
        return _(
            "The programme catalogue is empty. Add the programmes first on the Programmes "
            "screen (Go ▸ Programmes, Ctrl+Shift+P)."
        )
    if source == "coordinator":
        return _(
            "The programme catalogue is empty. A coordinator or an administrator adds "
            "programmes on the Programmes screen."
        )
    return _(
        "The programme catalogue is empty. An administrator of this computer adds "
        "programmes on the Programmes screen."
    )


class NewGroupDialog(FormDialog):
    """A group of a programme, or (``group`` given) a change to one, filled with its values.
    With no programme to choose it says where programmes come from, and offers to open the
    Programmes screen to whoever may add them there."""

    #: "Add programmes…" was pressed: the screen opens the Programmes screen.
    wants_programmes = Signal()

    def __init__(
        self,
        programmes: list[Any],
        staff: list[Any],
        me: str | None,
        parent: Any = None,
        *,
        catalogue: str = "region",
        may_edit: bool = False,
        group: Any = None,
    ) -> None:
        super().__init__(_("Change the group") if group else _("New group"), parent)
        self.setObjectName("changeGroupDialog" if group else "newGroupDialog")
        self.group = group
        self.programme = CodeCombo([(p.id, p.title) for p in programmes])
        self.programme.setObjectName("programme")
        self.name = QLineEdit(objectName="groupName")
        self.lecturer = CodeCombo(staff_choices(staff), blank="—")
        self.lecturer.setObjectName("lecturer")
        self.lecturer.set_code(me)
        self.referrer = CodeCombo(L.REFERRERS)
        self.referrer.setObjectName("referrer")
        self.referrer_name = QLineEdit(objectName="referrerName")
        self.language = CodeCombo(L.LANGUAGES)
        self.language.setObjectName("groupLanguage")
        self.language.set_code(get_language() if get_language() != "en" else "lt")
        self.start = DateEdit()
        self.start.setObjectName("startDate")
        self.has_end = QCheckBox(_("The end date is &known"), objectName="hasEndDate")
        self.end = DateEdit(dt.date.today() + dt.timedelta(days=28))
        self.end.setObjectName("endDate")
        self.end.setEnabled(False)
        self.has_end.toggled.connect(self.end.setEnabled)
        for field, text, widget in (
            ("programme_id", _("&Programme"), self.programme),
            ("name", _("Group &name"), self.name),
            ("lecturer_id", _("&Lecturer"), self.lecturer),
            ("referrer", _("&Referred by"), self.referrer),
            ("referrer_name", _("Referring &organisation"), self.referrer_name),
            ("language", _("Language of &instruction"), self.language),
            ("start_date", _("Start &date"), self.start),
        ):
            self.field_row(field, text, widget)
        self.form.addRow("", self.has_end)
        self.field_row("end_date", _("&End date"), self.end)
        if group is not None:
            self._fill(group)
        else:
            self.programme.currentIndexChanged.connect(self._suggest_name)
            self._suggest_name()
        self._initial = self.values()
        if not programmes:
            self.message.show_message(empty_catalogue_text(catalogue, may_edit), "warning")
        if not programmes and may_edit:
            add = self.buttons.addButton(
                _("Add pro&grammes…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            add.setObjectName("addProgrammes")
            add.setAccessibleName(_("Add programmes"))
            add.clicked.connect(self._to_programmes)

    def _fill(self, group: Any) -> None:
        self.programme.set_code(group.programme_id)
        self.name.setText(group.name)
        self.lecturer.set_code(group.lecturer_id)
        self.referrer.set_code(group.referrer)
        self.referrer_name.setText(group.referrer_name or "")
        self.language.set_code(group.language)
        if group.start_date:
            self.start.set_value(group.start_date)
        self.has_end.setChecked(group.end_date is not None)
        if group.end_date:
            self.end.set_value(group.end_date)

    def _to_programmes(self) -> None:
        self.reject()
        self.wants_programmes.emit()

    def _suggest_name(self) -> None:
        if not self.name.isModified():
            title = self.programme.currentText()
            self.name.setText(f"{title} {self.start.value():%Y-%m}" if title else "")

    def values(self) -> dict[str, Any]:
        """The form's values, keyed as :func:`services.groups.edit_group` takes them."""
        return {
            "programme_id": self.programme.code(),
            "name": self.name.text(),
            "lecturer_id": self.lecturer.code(),
            "referrer": self.referrer.code(),
            "referrer_name": self.referrer_name.text() or None,
            "language": self.language.code(),
            "start_date": self.start.value(),
            "end_date": self.end.value() if self.has_end.isChecked() else None,
        }

    def changes(self) -> dict[str, Any]:
        """What the person changed since the form was filled."""
        return {k: v for k, v in self.values().items() if v != self._initial[k]}

    def submit(self) -> None:
        self.run_write(self._work())

    def _work(self) -> Callable[[Any], Any]:
        """The write of Save: the changes to the group, or the new group."""
        from libtrainer.services import groups  # noqa: PLC0415

        if self.group is not None:
            group_id, changes = self.group.id, self.changes()

            def change(job: Any) -> Any:
                with job.uow() as uow:
                    return groups.edit_group(uow, group_id, **changes)

            return change
        fields = self.values()
        programme_id, name = fields.pop("programme_id"), fields.pop("name")

        def create(job: Any) -> Any:
            with job.uow() as uow:
                return groups.create_group(uow, programme_id, name, **fields)

        return create

    def lock_work(self) -> tuple[Callable[[Any], Any], str, str] | None:
        """The group's changes (or the new group) when anything was typed."""
        if not self.changes():
            return None
        if self.group is not None:
            name = str(self.group.name)
        else:
            name = self.name.text().strip() or _("the new group")
        return self._work(), name, "group"


class PlanSessionsDialog(FormDialog):
    """One session, or a series (every N days); or (``session`` given) a change to one
    session, filled with its values — its attendance marks stay with it."""

    def __init__(
        self,
        group_id: str,
        staff: list[Any],
        lecturer: str | None,
        parent: Any = None,
        *,
        session: Any = None,
    ) -> None:
        super().__init__(_("Change the session") if session else _("Plan sessions"), parent)
        self.setObjectName("changeSessionDialog" if session else "planSessionsDialog")
        self.group_id = group_id
        self.session = session
        self.date = DateEdit()
        self.date.setObjectName("sessionDate")
        self.time = TimeEdit()
        self.time.setObjectName("sessionTime")
        self.hours = QDoubleSpinBox(objectName="sessionHours")
        self.hours.setRange(0.33, 12)  # 15 minutes to 12 academic hours, as the minutes
        self.hours.setSingleStep(0.5)
        self.hours.setValue(2)
        self.minutes = QSpinBox(objectName="sessionMinutes")
        self.minutes.setRange(15, 540)
        self.minutes.setSingleStep(5)
        self.minutes.setValue(90)
        #: which of the two the person gave the length in: the one saved (decision 0404)
        self.length_in = "hours"
        self.hours.valueChanged.connect(self._hours_changed)
        self.minutes.valueChanged.connect(self._minutes_changed)
        self.place_kind = CodeCombo(L.PLACES)
        self.place_kind.setObjectName("placeKind")
        self.place = QLineEdit(objectName="place")
        self.lecturer = CodeCombo(staff_choices(staff), blank="—")
        self.lecturer.setObjectName("sessionLecturer")
        self.lecturer.set_code(lecturer)
        self.topic = QLineEdit(objectName="sessionTopic")
        self.count = QSpinBox(objectName="sessionCount")
        self.count.setRange(1, 40)
        self.every = QSpinBox(objectName="sessionEvery")
        self.every.setRange(1, 31)
        self.every.setValue(7)
        for field, text, widget in (
            ("date", _("&Date") if session else _("First &date"), self.date),
            ("start_time", _("Start &time"), self.time),
            ("academic_hours", _("Academic &hours (45 min)"), self.hours),
            ("minutes", _("Length in &minutes"), self.minutes),
            ("place_kind", _("&Where"), self.place_kind),
            ("place", _("&Place"), self.place),
            ("lecturer_id", _("&Lecturer"), self.lecturer),
            ("topic", _("T&opic"), self.topic),
        ):
            self.field_row(field, text, widget)
        if session is None:
            # A later session of the series too far ahead is told under these two rows
            # (the series' field "every"), not under the first date, which may be fine.
            add_row(self.form, _("&Number of sessions"), self.count)
            self.field_row("every", _("&Every how many days"), self.every)
        else:
            self._fill(session)
        self._initial = self.values()

    def _fill(self, session: Any) -> None:
        self.date.set_value(session.date)
        if session.start_time is not None:
            self.time.set_value(session.start_time)
        self.hours.setValue(session.academic_hours)
        # a length given in minutes has more than 2 decimals (50 / 45): shown in minutes
        if round(session.academic_hours, 2) != session.academic_hours:
            self.length_in = "minutes"
        self.place_kind.set_code(session.place_kind)
        self.place.setText(session.place or "")
        self.lecturer.set_code(session.lecturer_id)
        self.topic.setText(session.topic or "")

    def _hours_changed(self, value: float) -> None:
        """Academic hours typed: the minutes follow, and the hours are what is saved."""
        self.length_in = "hours"
        with QSignalBlocker(self.minutes):
            self.minutes.setValue(rules.minutes_of(value))

    def _minutes_changed(self, value: int) -> None:
        """Minutes typed: the hours follow (2 decimals shown), and the minutes are saved, so
        that the length is exact (50 minutes: 50 / 45 academic hours)."""
        self.length_in = "minutes"
        with QSignalBlocker(self.hours):
            self.hours.setValue(value / rules.ACADEMIC_MINUTES)

    def length(self) -> dict[str, Any]:
        """The length as the person gave it: ``{"academic_hours": 1.5}`` or
        ``{"minutes": 50}``, keyed as the sessions service takes it."""
        if self.length_in == "minutes":
            return {"minutes": self.minutes.value()}
        return {"academic_hours": self.hours.value()}

    def values(self) -> dict[str, Any]:
        """The form's values, keyed as :func:`services.sessions.edit_session` takes them (the
        length as :meth:`length`)."""
        return {
            "date": self.date.value(),
            "start_time": self.time.value(),
            **self.length(),
            "place_kind": self.place_kind.code(),
            "place": self.place.text() or None,
            "lecturer_id": self.lecturer.code(),
            "topic": self.topic.text() or None,
        }

    def changes(self) -> dict[str, Any]:
        """What the person changed since the form was filled (a time never set stays unset
        unless the person changes it; the length when its academic hours differ)."""
        now, lengths = self.values(), ("academic_hours", "minutes")
        changed = {k: v for k, v in now.items() if k not in lengths and v != self._initial.get(k)}
        if _hours_of(now) != _hours_of(self._initial):
            changed.update(self.length())
        return changed

    def dates(self) -> list[dt.date]:
        first, step = self.date.value(), self.every.value()
        return [first + dt.timedelta(days=i * step) for i in range(self.count.value())]

    def submit(self) -> None:
        from libtrainer.domain.errors import ValidationError  # noqa: PLC0415

        try:
            work = self._change() if self.session is not None else self._plan()
        except ValidationError as error:
            self._failed(error)
            return
        self.run_write(work)

    def lock_work(self) -> tuple[Callable[[Any], Any], str, str] | None:
        """The session's changes (or the sessions planned) when anything was typed; a date
        refused is told after the next sign-in."""
        from libtrainer.domain.errors import ValidationError  # noqa: PLC0415

        planned = (self.count.value(), self.every.value()) != (1, 7)
        if not self.changes() and (self.session is not None or not planned):
            return None
        kind = "sessions" if self.session is None else "session"
        try:
            work = self._change() if self.session is not None else self._plan()
        except ValidationError as error:
            refused = error

            def work(_job: Any) -> Any:
                raise refused

        return work, "", kind

    def _change(self) -> Callable[[Any], Any]:
        from libtrainer.services import sessions  # noqa: PLC0415

        session_id, changes = self.session.id, self.changes()

        def change(job: Any) -> Any:
            with job.uow() as uow:
                return sessions.edit_session(uow, session_id, **changes)

        return change

    def _plan(self) -> Callable[[Any], Any]:
        """The write of the sessions planned; a refused date raises ``ValidationError``
        before anything is written (a series must not stop half-way, saved in part)."""
        from libtrainer.domain.errors import ValidationError  # noqa: PLC0415
        from libtrainer.services import sessions  # noqa: PLC0415
        from libtrainer.services.results import Changed  # noqa: PLC0415

        group_id, dates = self.group_id, self.dates()
        rules.check_date("date", dates[0])
        for number, day in enumerate(dates[1:], start=2):
            try:
                rules.check_date("date", day)
            except ValidationError:
                raise series_too_far(number, len(dates), day) from None
        fields = self.values()  # the length stays in: academic_hours or minutes
        for key in ("date", "lecturer_id"):
            fields.pop(key)
        fields["group_id"] = group_id
        if self.lecturer.code():
            fields["lecturer_id"] = self.lecturer.code()

        def plan(job: Any) -> Any:
            changed = Changed()
            for day in dates:
                job.check()
                with job.uow() as uow:
                    changed.merge(sessions.plan_session(uow, day, **fields))
            return changed

        return plan


def _hours_of(values: dict[str, Any]) -> float:
    """The academic hours of a form's length (minutes as the service stores them)."""
    if "minutes" in values:
        return rules.hours_from_minutes("minutes", values["minutes"])
    return float(values["academic_hours"])


def series_too_far(number: int, count: int, day: dt.date) -> Exception:
    """The error of a series whose session ``number`` (of ``count``, on ``day``; never the
    first: its date is checked as the first date's) falls past the dates allowed: it names
    that session and goes under the series' rows (field "every")."""
    from libtrainer.domain.errors import N_, ValidationError  # noqa: PLC0415

    return ValidationError(
        "every",
        N_(
            "Session {number} of {count}, on {date}, is too far in the future: sessions can "
            "be planned up to a year ahead. Plan fewer sessions or fewer days apart."
        ),
        number=number,
        count=count,
        date=day.isoformat(),
    )
