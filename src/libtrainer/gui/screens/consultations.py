"""Consultations: log one in seconds by keyboard, see the recent ones.

Defaults do most of the work: today, this branch, the signed-in staff member, anonymous,
15 minutes, in person, solved. The usual keyboard path (Ctrl+K) is: person (or nothing for an
anonymous visitor) → Tab age band → Tab gender → Tab topic chips (digits 1–0 toggle them) →
Tab minutes → Enter saves. After saving the form resets and the cursor is back on "person".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from libtrainer.domain.errors import N_, LibtrainerError, ValidationError
from libtrainer.i18n import _

from libtrainer.gui import activity_queries, people_queries
from libtrainer.gui import labels as L
from libtrainer.gui.deleting import DeleteFlow
from libtrainer.gui.models import LazyTableModel
from libtrainer.gui.operations import Job, error_text
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.widgets import ChipBox, CodeCombo, DateEdit, add_row, named, table_view

RECENT_DAYS = 30
COMPLETIONS = 12


def fetch_rows(job: Job, ids: list[str]) -> dict[str, Any]:
    with job.reader() as unit:
        return activity_queries.consultation_rows(unit.session, ids)


class ConsultationForm(QWidget):
    """The form; Enter anywhere in it (outside an open list) asks to save."""

    submit = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit.emit()
            return
        super().keyPressEvent(event)


class ConsultationsScreen(Screen):
    key = "consultations"
    saved = Signal(str)  # the new consultation's id (tests)

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.index: people_queries.NameIndex | None = None
        self.person_id: str | None = None
        self._names: dict[str, str] = {}
        self._namesake_shown = ""  # the name whose namesakes were shown: a 2nd click adds it
        self.form = ConsultationForm(objectName="consultationForm")
        self.form.submit.connect(self.save)
        self.person = QLineEdit(objectName="person")
        self.person.setClearButtonEnabled(True)
        self.completions = QStringListModel(self)
        self.completer = QCompleter(self.completions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.activated[str].connect(self._person_chosen)  # type: ignore[index]
        self.person.setCompleter(self.completer)
        self.person.textEdited.connect(self._person_typed)
        self.new_person = QPushButton(_("Add as a new person"), objectName="newPersonHere")
        self.new_person.setToolTip(
            _("Not in the list yet: add “Given name Family name” as a new participant")
        )
        self.new_person.clicked.connect(self.add_new_person)
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
        self.save_button.clicked.connect(self.save)
        self.model = LazyTableModel(self._headers(), fetch_rows, self)
        self.table = table_view("consultationTable", self.model, (1, 2, 4, 5), lazy=True)
        self.delete_button = QPushButton(
            _("De&lete consultation…"), objectName="deleteConsultation"
        )
        self.delete_button.setAccessibleName(_("Delete consultation"))
        self.delete_button.setToolTip(
            _("For a consultation typed twice or by mistake (or press Delete in the list)")
        )
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._enable_delete())
        self.model.modelReset.connect(self._enable_delete)
        self.deleting = DeleteFlow(self)
        self.deleting.watch(self.table, "consultation", self.selected_id)
        self._build()
        self.reset_form()
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, activated=self.save)

    def _headers(self) -> list[str]:
        return [_("Date"), _("Person"), _("Topics"), _("Minutes"), _("Outcome"), _("Helped by")]

    def _build(self) -> None:
        self.group = QGroupBox(_("Log a consultation"))
        self.group.setObjectName("consultationGroup")
        form = QFormLayout(self.form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        who = QWidget()
        line = QHBoxLayout(who)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.person, 1)
        line.addWidget(self.new_person)
        label = add_row(
            form,
            _("&Person (empty: anonymous)"),
            who,
            _("Type part of a name and choose from the list; leave empty for an anonymous visitor"),
        )
        # The label's letter and the screen reader's name belong to the text field itself.
        label.setBuddy(self.person)
        named(
            self.person,
            _("Person (empty: anonymous)"),
            _("Type part of a name and choose from the list; leave empty for an anonymous visitor"),
        )
        anon = QWidget()
        line = QHBoxLayout(anon)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.age_band, 1)
        line.addWidget(self.gender, 1)
        add_row(form, _("&Age band and gender"), anon)
        self.age_band.setAccessibleName(_("Age band"))
        self.gender.setAccessibleName(_("Gender"))
        add_row(form, _("Top&ics (keys 1–0)"), self.topics)
        add_row(form, _("&Minutes"), self.minutes)
        outcome = QWidget()
        line = QHBoxLayout(outcome)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.channel, 1)
        line.addWidget(self.outcome, 1)
        add_row(form, _("&Channel and outcome"), outcome)
        self.channel.setAccessibleName(_("Channel"))
        self.outcome.setAccessibleName(_("Outcome"))
        self.escout.setText(_("&Refer to an e-scout"))
        self.escout.setAccessibleName(_("Refer to an e-scout"))
        form.addRow("", self.escout)
        add_row(form, _("No&tes"), self.notes)
        when = QWidget()
        line = QHBoxLayout(when)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.date)
        line.addWidget(self.helper, 1)
        add_row(form, _("&Date and who helped"), when)
        self.date.setAccessibleName(_("Date"))
        self.helper.setAccessibleName(_("Who helped"))
        self.save_button.setText(_("&Save (Enter)"))
        self.save_button.setAccessibleName(_("Save the consultation"))
        form.addRow("", self.save_button)
        box = QVBoxLayout(self.group)
        box.addWidget(self.form)
        self.table.setAccessibleName(_("Recent consultations"))
        self.body.addWidget(self.group)
        self.body.addWidget(self.table, 1)
        below = QHBoxLayout()
        below.addStretch(1)
        below.addWidget(self.delete_button)
        self.body.addLayout(below)
        self._enable_delete()
        order = [
            self.person,
            self.new_person,
            self.age_band,
            self.gender,
            self.topics.first(),
            self.minutes,
            self.channel,
            self.outcome,
            self.escout,
            self.notes,
            self.date,
            self.helper,
            self.save_button,
        ]
        for first, second in zip(order, order[1:]):
            if first is not None and second is not None:
                QWidget.setTabOrder(first, second)

    def focus_first(self) -> None:
        self.person.setFocus()

    def selected_id(self) -> str | None:
        """The consultation chosen in the list of recent ones."""
        return self.model.id_at(self.table.currentIndex().row())

    def _enable_delete(self) -> None:
        self.delete_button.setEnabled(self.selected_id() is not None)

    def delete_selected(self) -> None:
        """Ask whether to delete the consultation chosen in the list."""
        self.deleting.ask("consultation", self.selected_id())

    # -- loading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        from libtrainer.services import org  # noqa: PLC0415

        branch, since = self.branch_id, dt.date.today() - dt.timedelta(days=RECENT_DAYS)

        def load(unit: Any) -> tuple[Any, ...]:
            return (
                people_queries.participant_index(unit.session),
                org.list_staff(unit),
                org.list_volunteers(unit, branch_id=branch),
                activity_queries.consultation_ids(unit.session, branch, since),
            )

        self.read(load).success(self._loaded).run_in_background()

    def _loaded(self, result: tuple[Any, ...]) -> None:
        index, staff, volunteers, ids = result
        self.index = index
        self.op(lambda job: index.build()).read_only().run_in_background()
        keep = self.helper.code()
        choices = [(f"staff:{p.id}", f"{p.given_name} {p.family_name}") for p in staff]
        user = self.state.user
        if user is not None and all(p.id != user.staff_id for p in staff):
            # archived on another computer but signed in here: still the helper by default,
            # never silently the first name of the list
            choices.insert(0, (f"staff:{user.staff_id}", user.display_name))
        choices += [
            (
                ("volunteer", v.id),
                _("E-scout: {name}").format(name=f"{v.given_name} {v.family_name}"),
            )
            for v in volunteers
        ]
        self.helper.set_choices(choices)
        self.helper.set_code(keep or f"staff:{self.state.staff_id}")
        self.model.set_ids(ids)

    # -- the person field ----------------------------------------------------------------------

    def _person_typed(self, text: str) -> None:
        self.person_id = None
        self._namesake_shown = ""
        self._anonymous(not text.strip())
        index = self.index
        if index is None or len(text.strip()) < 2:
            self.completions.setStringList([])
            return

        def find(unit: Any) -> dict[str, str]:
            ids = index.search(text)[:COMPLETIONS]
            rows = people_queries.participant_rows(unit.session, ids)
            return {f"{rows[i][1]} {rows[i][0]} ({rows[i][2] or '?'})": i for i in ids if i in rows}

        def found(names: dict[str, str]) -> None:
            if self.person.text() != text:
                return
            self._names = names
            self.completions.setStringList(list(names))
            if names:
                self.completer.complete()

        self.read(find).success(found).run_in_background()

    def _person_chosen(self, text: str) -> None:
        self.completer.popup().hide()
        self.person_id = self._names.get(text)
        self._anonymous(self.person_id is None and not self.person.text().strip())

    def choose_person(self, participant_id: str, label: str) -> None:
        """Set the person directly (from another screen)."""
        self.person.setText(label)
        self.person_id = participant_id
        self._anonymous(False)

    def _anonymous(self, anonymous: bool) -> None:
        self.age_band.setEnabled(anonymous)
        self.gender.setEnabled(anonymous)
        self.new_person.setEnabled(self.person_id is None and bool(self.person.text().strip()))

    def add_new_person(self) -> None:
        """The visitor is not a participant yet: add the name typed ("Ona Petraitienė") as a
        new person and choose them, so the consultation can be saved at once. The last word
        is the family name ("Ona Marija Petraitienė"). A likely namesake is shown first; a
        second click adds the person anyway (as on the Participants screen)."""
        from libtrainer.services import participants  # noqa: PLC0415

        words = self.person.text().split()
        if self.busy or self.person_id is not None or not words:
            return
        if len(words) < 2:
            self.banner.show_message(
                _("Type the given name and the family name, e.g. “Ona Petraitienė”."), "error"
            )
            self.person.setFocus()
            return
        given, family = " ".join(words[:-1]), words[-1]
        label = f"{given} {family}"
        if self._namesake_shown != label:
            self.busy = True

            def similar(unit: Any) -> list[Any]:
                return participants.find_similar(unit, given, family, None)

            self.read(similar).success(
                self.settled(lambda found: self._namesakes(found, label))
            ).failure(self.settled(self._failed)).run_in_background()
            return
        self._create_person(given, family, label)

    def _namesakes(self, found: list[Any], label: str) -> None:
        if not found:
            given, family = label.rsplit(" ", 1)
            self._create_person(given, family, label)
            return
        self._namesake_shown = label
        people = people_queries.namesakes(found)
        self.banner.show_message(
            _(
                "This person may already be known: {people}. Choose them from the list, or "
                "press “Add as a new person” again to add a new person anyway."
            ).format(people=people),
            "warning",
        )
        self.person.setFocus()

    def _create_person(self, given: str, family: str, label: str) -> None:
        from libtrainer.services import participants  # noqa: PLC0415

        self.busy = True
        self.write(lambda uow: participants.create_participant(uow, given, family)).success(
            self.settled(lambda changed: self._person_added(changed, label))
        ).failure(self.settled(self._failed)).run_in_background()

    def _person_added(self, changed: Any, label: str) -> None:
        self.choose_person(changed.first("participant"), label)
        self.banner.show_message(
            _("{name} was added as a new person. Fill in the consultation and save it.").format(
                name=label
            ),
            "info",
        )
        self.state.notify(changed)
        self.minutes.setFocus()

    # -- saving --------------------------------------------------------------------------------

    def reset_form(self) -> None:
        self.person.clear()
        self.person_id = None
        self._anonymous(True)
        self.age_band.set_code("unknown")
        self.gender.set_code("unspecified")
        self.topics.set_codes([])
        self.minutes.setValue(15)
        self.channel.set_code("in_person")
        self.outcome.set_code("solved")
        self.escout.setChecked(False)
        self.notes.clear()
        self.date.set_value(dt.date.today())
        if self.state.staff_id:
            self.helper.set_code(f"staff:{self.state.staff_id}")

    def values(self) -> dict[str, Any]:
        if self.person.text().strip() and self.person_id is None:
            raise LibtrainerError(
                N_(
                    "Choose the person from the list, press “Add as a new person”, or empty "
                    "the field for an anonymous consultation."
                )
            )
        kind, _sep, helper_id = (self.helper.code() or f"staff:{self.state.staff_id}").partition(
            ":"
        )
        values: dict[str, Any] = {
            "date": self.date.value(),
            "channel": self.channel.code(),
            "outcome": self.outcome.code(),
            "referred_to_escout": self.escout.isChecked(),
            "notes": self.notes.text(),
            f"{kind}_id": helper_id,
        }
        if self.person_id:
            values["participant_id"] = self.person_id
        else:
            values["age_band"] = self.age_band.code()
            values["gender"] = self.gender.code()
        return values

    def save(self) -> None:
        from libtrainer.services import consultations  # noqa: PLC0415

        if self.busy or self.completer.popup().isVisible():
            return
        try:
            values = self.values()
        except LibtrainerError as error:
            self._failed(error)
            return
        topics, minutes = self.topics.codes(), self.minutes.value()
        self.busy = True
        self.write(
            lambda uow: consultations.log_consultation(uow, topics, minutes, **values)
        ).success(self.settled(self._saved)).failure(self.settled(self._failed)).run_in_background()

    def _saved(self, changed: Any) -> None:
        self.banner.show_message(_("Consultation saved."), "info")
        self.reset_form()
        self.person.setFocus()
        self.state.notify(changed)
        self.saved.emit(changed.first("consultation"))

    def _failed(self, error: BaseException) -> None:
        self.banner.show_message(error_text(error), "error")
        if isinstance(error, ValidationError) and error.field == "topics":
            first = self.topics.first()
            if first is not None:
                first.setFocus()
        elif isinstance(error, LibtrainerError) and not isinstance(error, ValidationError):
            self.person.setFocus()
