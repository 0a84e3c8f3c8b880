"""Consultations: log one in seconds by keyboard, see the recent ones, change or delete one.

Defaults do most of the work: today, this branch, the signed-in staff member, anonymous,
15 minutes, in person, solved. The usual keyboard path (Ctrl+K) is: person (or nothing for an
anonymous visitor) → Tab age band → Tab gender → Tab topic chips (digits 1–0 toggle them) →
Tab minutes → Enter saves. After saving the form resets and the cursor is back on "person".

"Change consultation…" (or Enter in the list) opens the chosen one in the same form; Save
writes only the fields changed, Esc leaves the change. A lecturer changes only consultations
they gave (decision 0515, as for deleting). A refused field shows its message under it.

Typing is never lost without a word (``gui/unsaved``, decision 0516): opening another
consultation, leaving a change (Esc), closing the window and switching the language ask
first; the lock saves a valid consultation — with the person of an open "Add a new person"
dialog, added in the same transaction — and tells after the next sign-in otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from libtrainer.domain.errors import N_, LibtrainerError, ValidationError
from libtrainer.i18n import _
from libtrainer.i18n.format import format_date

from libtrainer.gui import activity_queries, delete_rules, people_queries
from libtrainer.gui.consultation_form import ConsultationForm
from libtrainer.gui.deleting import DeleteFlow
from libtrainer.gui.models import LazyTableModel
from libtrainer.gui.new_person_dialog import NewPersonDialog
from libtrainer.gui.operations import Job
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.unsaved import NotSavedAtLock, UnsavedGuard, changes_question, may_be_known
from libtrainer.gui.widgets import table_view

RECENT_DAYS = 30
COMPLETIONS = 12


def fetch_rows(job: Job, ids: list[str]) -> dict[str, Any]:
    with job.reader() as unit:
        return activity_queries.consultation_rows(unit.session, ids)


#: the person of a consultation saved at the lock with a new person, until they are added
NEW = "new"


def _log_or_change(uow: Any, editing: Any, fields: dict[str, Any], before: dict[str, Any]) -> Any:
    """Log ``fields`` as a new consultation, or write to ``editing`` the fields that differ
    from ``before`` (as the form opened it)."""
    from libtrainer.services import consultations  # noqa: PLC0415

    if editing is None:
        topics, minutes = fields.pop("topics"), fields.pop("minutes")
        return consultations.log_consultation(uow, topics, minutes, **fields)
    changes = {k: v for k, v in fields.items() if before.get(k, ...) != v}
    return consultations.edit_consultation(uow, editing.id, **changes)


def _add_person(uow: Any, given: str, family: str, namesakes_shown: bool) -> Any:
    """Add the visitor as a new person at the lock; a likely namesake not shown to the
    person at the PC yet stops it (:func:`unsaved.may_be_known`)."""
    from libtrainer.services import participants  # noqa: PLC0415

    if not namesakes_shown:
        found = participants.find_similar(uow, given, family, None)
        if found:
            raise may_be_known(found)
    return participants.create_participant(uow, given, family)


class ConsultationsScreen(Screen):
    key = "consultations"
    saved = Signal(str)  # the id of the consultation logged or changed (tests)

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.index: people_queries.NameIndex | None = None
        self.person_id: str | None = None
        self.editing: Any = None  # the ConsultationDetails being changed, None: a new one
        self._before: dict[str, Any] = {}  # the form's values as opened, to save only changes
        self._names: dict[str, str] = {}
        self._namesake_shown: tuple[str, str] | None = None  # a 2nd add of it adds anyway
        self.name_dialog: NewPersonDialog | None = None
        self.form = ConsultationForm()
        self.unsaved = UnsavedGuard(self, values=self._form_values)
        self.form.submit.connect(self.save)
        self.person, self.new_person = self.form.person, self.form.new_person
        self.completions, self.completer = self.form.completions, self.form.completer
        self.age_band, self.gender, self.topics = (
            self.form.age_band,
            self.form.gender,
            self.form.topics,
        )
        self.minutes, self.channel, self.outcome = (
            self.form.minutes,
            self.form.channel,
            self.form.outcome,
        )
        self.escout, self.notes, self.date = self.form.escout, self.form.notes, self.form.date
        self.helper, self.save_button = self.form.helper, self.form.save_button
        self.completer.activated[str].connect(self._person_chosen)  # type: ignore[index]
        self.person.textEdited.connect(self._person_typed)
        self.new_person.clicked.connect(self.add_new_person)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(objectName="cancelChange")
        self.cancel_button.clicked.connect(self.new_consultation)
        self.cancel_button.hide()
        self.model = LazyTableModel(self._headers(), fetch_rows, self)
        # Three rows asked for: the list takes the room the form leaves, so on a 1024×600
        # laptop the whole form and Save are in sight without scrolling (decision 0520).
        self.table = table_view("consultationTable", self.model, (1, 2, 4, 5), lazy=True, rows=3)
        self.table.activated.connect(lambda _index: self.change_selected())
        self.change_button = QPushButton(
            _("Chang&e consultation…"), objectName="changeConsultation"
        )
        self.change_button.setAccessibleName(_("Change consultation"))
        self.change_button.setToolTip(
            _("Open the consultation chosen in the list in the form (or press Enter in the list)")
        )
        self.change_button.clicked.connect(self.change_selected)
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
        QShortcut(QKeySequence("Escape"), self.form, activated=self._escape)

    def _headers(self) -> list[str]:
        return [_("Date"), _("Person"), _("Topics"), _("Minutes"), _("Outcome"), _("Helped by")]

    def _build(self) -> None:
        self.form.add_button(self.cancel_button)
        self.table.setAccessibleName(_("Recent consultations"))
        self.body.addWidget(self.form)
        self.body.addWidget(self.table, 1)
        below = QHBoxLayout()
        below.addStretch(1)
        below.addWidget(self.change_button)
        below.addWidget(self.delete_button)
        self.body.addLayout(below)
        self._enable_delete()
        order = [*self.form.focus_chain(), self.cancel_button, self.table]
        order += [self.change_button, self.delete_button]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        self._show_mode()

    def focus_first(self) -> None:
        self.person.setFocus()

    def clear_personal_data(self) -> None:
        """Also forget the consultation being changed (it names the person)."""
        super().clear_personal_data()
        if self.name_dialog is not None:
            self.name_dialog.reject()
        self.editing, self._before, self._names = None, {}, {}
        self._show_mode()

    def selected_id(self) -> str | None:
        """The consultation chosen in the list of recent ones."""
        return self.model.id_at(self.table.currentIndex().row())

    def _enable_delete(self) -> None:
        chosen = self.selected_id() is not None
        self.delete_button.setEnabled(chosen)
        self.change_button.setEnabled(chosen)

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
                f"volunteer:{v.id}",
                _("E-scout: {name}").format(name=f"{v.given_name} {v.family_name}"),
            )
            for v in volunteers
        ]
        self.helper.set_choices(choices)
        self._keep_helper()
        self.helper.set_code(keep or f"staff:{self.state.staff_id}")
        self.model.set_ids(ids)
        if self.editing is not None and self.editing.id not in ids and not self.has_changes():
            self._leave_change()  # deleted meanwhile (here or by a sync); typing is kept

    def _keep_helper(self) -> None:
        """The helper of the consultation being changed stays a choice (archived since, or
        of another branch), so saving never changes the helper unasked."""
        c = self.editing
        if c is None:
            return
        code = f"staff:{c.staff_id}" if c.staff_id else f"volunteer:{c.volunteer_id}"
        if self.helper.findData(code) < 0:
            name = c.helper if c.staff_id else _("E-scout: {name}").format(name=c.helper)
            self.helper.addItem(name, code)

    # -- changing one ----------------------------------------------------------------------------

    def change_selected(self) -> None:
        """Open the consultation chosen in the list in the form, to change it."""
        from libtrainer.services import consultations  # noqa: PLC0415

        chosen = self.selected_id()
        if chosen is None or self.busy:
            return
        if self.editing is not None and chosen == self.editing.id and self.has_changes():
            return  # the one in the form, opened again: keep what was typed

        def open_it() -> None:
            self.read(lambda unit: consultations.get_consultation(unit, chosen)).success(
                self._opened
            ).failure(self._failed).run_in_background()

        self.unsaved.leave(open_it)

    def _opened(self, c: Any) -> None:
        refusal = self._refusal(c)
        if refusal:
            self.banner.show_message(refusal, "error")
            return
        self.editing = c
        self._keep_helper()
        self.form.set_values(c)
        self.person_id = c.participant_id
        self._namesake_shown = None
        self._anonymous(c.participant_id is None)
        self._before = self.form.values(self.person_id, self._default_helper())
        self.unsaved.loaded()
        self._show_mode()
        self.banner.show_message(
            _("Change what is wrong and save; only what you change is written."), "info"
        )
        self.person.setFocus()

    # -- unsaved changes (gui/unsaved.py) ------------------------------------------------------

    @property
    def current_id(self) -> str | None:
        """The consultation in the form (None: a new one)."""
        return self.editing.id if self.editing is not None else None

    def _form_values(self) -> dict[str, Any]:
        """What the form holds, the person's name as typed too (chosen or not)."""
        values = self.form.values(self.person_id, self._default_helper())
        values["person"] = self.person.text().strip()
        return values

    def has_changes(self) -> bool:
        """The form differs from the consultation opened (or from an empty new one)."""
        return self.unsaved.changed()

    def save_question(self) -> str:
        """ "Save the consultation?" about what the form holds (:class:`UnsavedGuard`)."""
        c = self.editing
        if c is None:
            return _("Save the new consultation?")
        return changes_question(_("the consultation of {date}").format(date=format_date(c.date)))

    def _select(self, row_id: str | None) -> None:
        """Choose ``row_id`` in the list of recent consultations (None: leave it)."""
        row = self.model.row_of(row_id) if row_id else -1
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def ask_before_close(self, close: Callable[[], None]) -> bool:
        """The window is closing (or the language changes): True when the form has changes
        and the question is asked (``close`` runs after Save or Don't save)."""
        return self.has_changes() and self.unsaved.leave(close)

    def save_before_lock(self, window: Any) -> None:
        """The window locks: log the consultation typed (or save the changes to the one
        opened) in the background on ``window``; a refused one is told after the next sign-in
        (:meth:`UnsavedGuard.at_lock`). With the "Add a new person" dialog open, the person
        is added with it, in one transaction — unless a name is missing or this person may
        already be known (a namesake not shown yet): then neither is saved, and told why."""
        if self.busy or not self.has_changes():
            return
        editing, before = self.editing, dict(self._before)
        adding = self._adding_at_lock()
        values: dict[str, Any] | BaseException
        try:
            values = (
                self.form.values(NEW, self._default_helper())
                if adding is not None
                else self.values()
            )
        except LibtrainerError as error:
            values = error
        if adding is not None and not all(adding[:2]):
            values = NotSavedAtLock(_("the new person needs a given name and a family name."))

        def record(job: Job) -> Any:
            if isinstance(values, BaseException):
                raise values
            fields = dict(values)
            with job.uow() as uow:
                if adding is None:
                    return _log_or_change(uow, editing, fields, before)
                with uow.one_transaction():  # never the person without the consultation
                    changed = _add_person(uow, *adding)
                    fields["participant_id"] = changed.first("participant")
                    changed.merge(_log_or_change(uow, editing, fields, before))
                uow.commit()
                return changed

        name = " ".join(adding[:2]) if adding is not None and all(adding[:2]) else ""
        self.unsaved.at_lock(window, record, name, kind="consultation")

    def _adding_at_lock(self) -> tuple[str, str, bool] | None:
        """The names in the "Add a new person" dialog when it is open, and whether the
        namesakes of these very names were shown (adding them again adds anyway)."""
        dialog = self.name_dialog
        if dialog is None or not dialog.isVisible():
            return None
        given, family = dialog.names()
        return given, family, self._namesake_shown == (given, family)

    def _refusal(self, c: Any) -> str | None:
        """Why the person signed in may not change ``c`` (decision 0515: a lecturer changes
        only the consultations they gave), or None."""
        if self.state.role in delete_rules.STAFF_ROLES:
            return None
        if c.staff_id is not None and c.staff_id == self.state.staff_id:
            return None
        return _(
            "With a lecturer’s sign-in you can change only consultations you gave. Ask a "
            "librarian or the coordinator to change this one."
        )

    def new_consultation(self) -> None:
        """Leave the change and empty the form for a new consultation; changes in the form
        are asked about first."""
        if self.editing is None:
            return
        self.unsaved.leave(self._leave_change)

    def _leave_change(self) -> None:
        """Empty the form for a new consultation, without asking."""
        changing = self.editing is not None
        self.editing = None
        self._before = {}
        self.reset_form()
        self._show_mode()
        if changing:
            self.banner.show_message("")
        self.person.setFocus()

    def _escape(self) -> None:
        if self.completer.popup().isVisible():
            self.completer.popup().hide()
        elif self.editing is not None:
            self.new_consultation()

    def _show_mode(self) -> None:
        c = self.editing
        if c is None:
            self.form.setTitle(_("Log a consultation"))
            self.save_button.setText(_("&Save (Enter)"))
            self.save_button.setAccessibleName(_("Save the consultation"))
            self.cancel_button.hide()
            return
        self.form.setTitle(_("Change the consultation of {date}").format(date=format_date(c.date)))
        self.save_button.setText(_("&Save the changes (Enter)"))
        self.save_button.setAccessibleName(_("Save the changes to the consultation"))
        self.cancel_button.setText(_("Log a &new one instead (Esc)"))
        self.cancel_button.setAccessibleName(_("Stop changing; log a new consultation"))
        self.cancel_button.show()

    # -- the person field ----------------------------------------------------------------------

    def _person_typed(self, text: str) -> None:
        self.person_id = None
        self._namesake_shown = None
        self._anonymous(not text.strip())
        index = self.index
        if index is None or len(text.strip()) < 2:
            self.completions.setStringList([])
            return

        def find(unit: Any) -> dict[str, str]:
            ids = index.search(text)[:COMPLETIONS]
            rows = people_queries.participant_rows(unit.session, ids)
            return people_queries.person_choices(rows, ids)

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
        self.form.set_anonymous(anonymous, self.person_id is not None)

    def add_new_person(self) -> None:
        """The visitor is not a participant yet: add the name typed as a new person and choose
        them, so the consultation can be saved at once. The given and family names are shown
        apart first, to check ("Ona Marija Petraitienė", "Līga Ozoliņa Ķēniņa"). A likely
        namesake is shown first; adding the same names again adds the person anyway (as on
        the Participants screen)."""
        typed = self.person.text().strip()
        if self.busy or self.person_id is not None or not typed or self.name_dialog is not None:
            return
        dialog = NewPersonDialog(typed, self)
        if self._namesake_shown is not None:
            dialog.given.setText(self._namesake_shown[0])
            dialog.family.setText(self._namesake_shown[1])
        dialog.accepted.connect(lambda: self._names_checked(*dialog.names()))
        dialog.finished.connect(self._dialog_closed)
        self.name_dialog = dialog
        dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        if self.name_dialog is not None:
            self.name_dialog.deleteLater()
        self.name_dialog = None
        self.person.setFocus()

    def _names_checked(self, given: str, family: str) -> None:
        from libtrainer.services import participants  # noqa: PLC0415

        if self.busy:
            return
        if self._namesake_shown == (given, family):
            self._create_person(given, family)
            return
        self.busy = True

        def similar(unit: Any) -> list[Any]:
            return participants.find_similar(unit, given, family, None)

        self.read(similar).success(
            self.settled(lambda found: self._namesakes(found, given, family))
        ).failure(self.settled(self._failed)).run_in_background()

    def _namesakes(self, found: list[Any], given: str, family: str) -> None:
        if not found:
            self._create_person(given, family)
            return
        self._namesake_shown = (given, family)
        people = people_queries.namesakes(found)
        self.banner.show_message(
            _(
                "This person may already be known: {people}. Choose them from the list, or "
                "press “Add as a new person” again to add a new person anyway."
            ).format(people=people),
            "warning",
        )
        self.person.setFocus()

    def _create_person(self, given: str, family: str) -> None:
        from libtrainer.services import participants  # noqa: PLC0415

        label = f"{given} {family}"
        self.busy = True
        self.write(lambda uow: participants.create_participant(uow, given, family)).success(
            self.settled(lambda changed: self._person_added(changed, label))
        ).failure(self.settled(self._failed)).run_in_background()

    def _person_added(self, changed: Any, label: str) -> None:
        self._namesake_shown = None
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

    def _default_helper(self) -> str:
        return f"staff:{self.state.staff_id}"

    def reset_form(self) -> None:
        self.person_id = None
        self._namesake_shown = None
        self.form.reset(self._default_helper() if self.state.staff_id else None)
        self._anonymous(True)
        self.unsaved.loaded()

    def values(self) -> dict[str, Any]:
        """The form's fields for the services; a name typed but nobody chosen is refused."""
        if self.person.text().strip() and self.person_id is None:
            raise ValidationError(
                "participant_id",
                N_(
                    "Choose the person from the list, press “Add as a new person”, or empty "
                    "the field for an anonymous consultation."
                ),
            )
        return self.form.values(self.person_id, self._default_helper())

    def save(self) -> None:
        """Log the consultation in the form, or save what was changed in the one opened."""
        self._save(None)

    def _save(self, then: Callable[[], None] | None) -> None:
        """:meth:`save`, then ``then`` once saved (not when a field is refused)."""
        from libtrainer.services import consultations  # noqa: PLC0415

        def and_then(done: Callable[[Any], None]) -> Callable[[Any], None]:
            def run(changed: Any) -> None:
                done(changed)
                if then is not None:
                    then()

            return run

        if self.busy or self.completer.popup().isVisible():
            return
        self.form.clear_errors()
        try:
            values = self.values()
        except LibtrainerError as error:
            self._failed(error)
            return
        editing = self.editing
        if editing is None:
            topics, minutes = values.pop("topics"), values.pop("minutes")
            self.busy = True
            self.write(
                lambda uow: consultations.log_consultation(uow, topics, minutes, **values)
            ).success(self.settled(and_then(self._saved))).failure(
                self.settled(self._failed)
            ).run_in_background()
            return
        changes = {k: v for k, v in values.items() if self._before.get(k, ...) != v}
        if not changes:
            and_then(lambda _none: self._changed(editing.id, None))(None)
            return
        self.busy = True
        self.write(lambda uow: consultations.edit_consultation(uow, editing.id, **changes)).success(
            self.settled(and_then(lambda changed: self._changed(editing.id, changed)))
        ).failure(self.settled(self._failed)).run_in_background()

    def _saved(self, changed: Any) -> None:
        self.banner.show_message(_("Consultation saved."), "info")
        self.reset_form()
        self.person.setFocus()
        self.state.notify(changed)
        self.saved.emit(changed.first("consultation"))

    def _changed(self, consultation_id: str, changed: Any) -> None:
        """The change is saved (or nothing was changed): back to logging a new one."""
        self._leave_change()
        if changed is None or changed.empty:
            self.banner.show_message(_("Nothing changed."), "info")
        else:
            self.banner.show_message(_("Consultation changed."), "info")
            self.state.notify(changed)
        self.saved.emit(consultation_id)

    def _failed(self, error: BaseException) -> None:
        """A refused field: its message under it (and the keyboard there); else the banner."""
        self.form.show_failure(error, self.banner)
        if isinstance(error, LibtrainerError) and not isinstance(error, ValidationError):
            self.person.setFocus()
