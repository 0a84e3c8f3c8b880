"""E-scouts: the young volunteers (14–29) of this branch, their agreed visits and results.

"Change e-scout…" (or Enter in the list) opens the chosen e-scout in the form; a visit chosen
in its list is shown in the visit form, and "Save the result" writes what was changed there.
Only the fields changed are sent; a refused field shows its message under it.

Typing in either form is never lost without a word (``gui/unsaved``, decision 0516): opening
another e-scout, leaving a change (Esc), choosing another visit, closing the window and
switching the language ask first; the lock saves what is valid and tells after the next
sign-in what was not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from libtrainer.domain.errors import N_, ValidationError
from libtrainer.i18n import _
from libtrainer.i18n.format import format_date, format_short_date

from libtrainer.gui import activity_queries
from libtrainer.gui import labels as L
from libtrainer.gui.deleting import DeleteFlow
from libtrainer.gui.escout_forms import EScoutForm, VisitForm
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.operations import Job, error_text
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.unsaved import UnsavedGuard, changes_question, person_question
from libtrainer.gui.widgets import table_view


class _EScoutSide:
    """The e-scout form, as :class:`UnsavedGuard` sees it."""

    def __init__(self, screen: EScoutsScreen) -> None:
        self.screen = screen
        self.form = screen.person_box

    @property
    def current_id(self) -> str | None:
        changing = self.screen.changing
        return str(changing.id) if changing is not None else None

    def save_question(self) -> str:
        changing = self.screen.changing
        if changing is not None:
            return changes_question(f"{changing.given_name} {changing.family_name}")
        return person_question(self.screen.typed_name() or None, new=True)

    def _select(self, row_id: str | None) -> None:
        """The list of e-scouts is left as it is (choosing in it opens nobody)."""

    def _save(self, then: Callable[[], None] | None) -> None:
        self.screen.save_volunteer(then)


class _VisitSide:
    """The visit form, as :class:`UnsavedGuard` sees it."""

    def __init__(self, screen: EScoutsScreen) -> None:
        self.screen = screen
        self.form = screen.visit_box

    @property
    def current_id(self) -> str | None:
        return self.screen.visit_shown

    def save_question(self) -> str:
        visit = self.screen.visit_info.get(self.current_id or "")
        if visit is None:
            return _("Save the new visit?")
        return changes_question(_("the visit of {date}").format(date=format_date(visit.date)))

    def _select(self, row_id: str | None) -> None:
        self.screen.select_visit(row_id)

    def _save(self, then: Callable[[], None] | None) -> None:
        if self.current_id is None:
            self.screen.record_visit(then)
        else:
            self.screen.save_result(then)


class EScoutsScreen(Screen):
    key = "escouts"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.changing: Any = None  # the VolunteerDetails in the e-scout form, None: a new one
        self.visit_info: dict[str, Any] = {}
        self._visit_before: dict[str, Any] = {}  # the visit form as shown: save only changes
        #: the visit the visit form shows (None: a new one being agreed)
        self.visit_shown: str | None = None
        self._selecting = False  # the screen moves the visit list's choice itself
        self.people = ListTableModel(
            [_("Family name"), _("Given name"), _("Born"), _("Visits"), _("People helped")], self
        )
        self.visits = ListTableModel(
            [_("Date"), _("Time"), _("Place"), _("Status"), _("People helped")], self
        )
        # the lists ask for three rows only and take the room the forms leave (decision 0520)
        self.people_view = table_view("escoutTable", self.people, (0, 1), rows=3)
        self.people_view.setAccessibleName(_("E-scouts"))
        self.people_view.activated.connect(lambda _index: self.change_volunteer())
        self.visit_view = table_view("visitTable", self.visits, (2,), rows=3)
        self.visit_view.setAccessibleName(_("Visits of the e-scout"))
        self.people_view.selectionModel().currentRowChanged.connect(self._person_changed)
        self.visit_view.selectionModel().currentRowChanged.connect(self._visit_changed)
        self.referrals = QLabel(objectName="referrals")
        self.referrals.setWordWrap(True)  # a long lt/lv line must not widen the screen
        self._person_form()
        self._visit_form()
        self.person_guard = UnsavedGuard(_EScoutSide(self), widget=self)
        self.visit_guard = UnsavedGuard(
            _VisitSide(self),
            widget=self,
            editable=lambda: self.visit_shown is not None or self.volunteer_id() is not None,
        )
        self.person_guard.loaded()
        self.visit_guard.loaded()
        self._layout()
        self.deleting = DeleteFlow(self)
        self.deleting.watch(self.visit_view, "escout_visit", self.visit_id)
        QShortcut(QKeySequence("Escape"), self.person_box, activated=self.new_volunteer)

    def _person_form(self) -> None:
        self.person_box = EScoutForm()
        self.given, self.family = self.person_box.given, self.person_box.family
        self.year, self.phone = self.person_box.year, self.person_box.phone
        self.add_person = QPushButton(objectName="addEscout")
        self.add_person.clicked.connect(lambda: self.save_volunteer())
        self.person_box.submit.connect(lambda: self.save_volunteer())
        self.cancel_change = QPushButton(objectName="cancelEscoutChange")
        self.cancel_change.clicked.connect(self.new_volunteer)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_person)
        buttons.addWidget(self.cancel_change)
        buttons.addStretch(1)
        # the whole row, not under the fields: the long lt/lv birth-year label would push
        # "Save the e-scout" and "New e-scout instead" out of a 1024-pixel screen
        self.person_box.layout_.addRow(buttons)
        self.change_person = QPushButton(_("&Change e-scout…"), objectName="changeEscout")
        self.change_person.setToolTip(
            _("Open the e-scout chosen in the list in the form (or press Enter in the list)")
        )
        self.change_person.clicked.connect(self.change_volunteer)
        self._person_mode()

    def _visit_form(self) -> None:
        self.visit_box = VisitForm()
        self.visit_box.setTitle(_("Visit"))
        form = self.visit_box
        self.date, self.time, self.place = form.date, form.time, form.place
        self.status, self.helped, self.notes = form.status, form.helped, form.notes
        buttons = QHBoxLayout()
        self.new_visit = QPushButton(_("Agree a &new visit"), objectName="recordVisit")
        self.new_visit.clicked.connect(lambda: self.record_visit())
        self.update_visit = QPushButton(_("Save the &result"), objectName="updateVisit")
        self.update_visit.setToolTip(
            _(
                "Save what you changed in the visit chosen in the list: date, time, place, "
                "status, people helped, notes"
            )
        )
        self.update_visit.clicked.connect(lambda: self.save_result())
        self.delete_visit = QPushButton(_("Delete the visit…"), objectName="deleteVisit")
        self.delete_visit.setToolTip(
            _("For a visit entered twice or on the wrong day (or press Delete in the list)")
        )
        self.delete_visit.clicked.connect(
            lambda: self.deleting.ask("escout_visit", self.visit_id())
        )
        buttons.addWidget(self.new_visit)
        buttons.addWidget(self.update_visit)
        buttons.addStretch(1)
        form.layout_.addRow(buttons)  # the whole row, as in the e-scout form

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.referrals)
        column.addWidget(self.people_view, 1)
        below = QHBoxLayout()
        below.addStretch(1)
        below.addWidget(self.change_person)
        column.addLayout(below)
        column.addWidget(self.person_box)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.visit_view, 1)
        under = QHBoxLayout()  # as "Change e-scout…" under its list: the form stays narrow
        under.addStretch(1)
        under.addWidget(self.delete_visit)
        side.addLayout(under)
        side.addWidget(self.visit_box)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        self.body.addWidget(split)
        order = [
            self.people_view,
            self.change_person,
            *self.person_box.focus_chain(),
            self.add_person,
            self.cancel_change,
            self.visit_view,
            self.delete_visit,
            *self.visit_box.focus_chain(),
            self.new_visit,
            self.update_visit,
        ]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        self._enable()

    def clear_personal_data(self) -> None:
        """Also forget the e-scout being changed and the visits read."""
        super().clear_personal_data()
        self.changing, self.visit_info, self._visit_before = None, {}, {}
        self.visit_shown = None
        self._person_mode()

    def volunteer_id(self) -> str | None:
        return self.people.id_at(self.people_view.currentIndex().row())

    def visit_id(self) -> str | None:
        return self.visits.id_at(self.visit_view.currentIndex().row())

    def _enable(self) -> None:
        self.new_visit.setEnabled(self.volunteer_id() is not None)
        self.change_person.setEnabled(self.volunteer_id() is not None)
        self.update_visit.setEnabled(self.visit_id() is not None)
        self.delete_visit.setEnabled(self.visit_id() is not None)

    # -- loading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        branch, since = self.branch_id, dt.date.today() - dt.timedelta(days=30)

        def load(unit: Any) -> tuple[Any, int]:
            return (
                activity_queries.volunteer_rows(unit.session, branch),
                activity_queries.referrals_waiting(unit.session, branch, since),
            )

        self.read(load).success(self._loaded).run_in_background()

    def _loaded(self, result: tuple[Any, int]) -> None:
        rows, referrals = result
        keep = self.volunteer_id()
        self.people.set_rows(rows)
        self.referrals.setText(
            _("Consultations of the last 30 days that referred someone to an e-scout: {n}").format(
                n=referrals
            )
        )
        row = self.people.row_of(keep) if keep else (0 if rows else -1)
        if row >= 0:
            self.people_view.setCurrentIndex(self.people.index(row, 0))
        gone = self.changing is not None and self.people.row_of(self.changing.id) < 0
        if gone and not self.person_guard.changed():  # typing is kept (Save says what is wrong)
            self._empty_person()  # archived or gone with a sync
        self._enable()

    def _person_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        from libtrainer.services import escouts  # noqa: PLC0415

        volunteer = self.volunteer_id()
        self._enable()
        if volunteer is None:
            self.visits.clear()
            return
        self.read(lambda unit: escouts.visits(unit, volunteer_id=volunteer)).success(
            self._visits_loaded
        ).run_in_background()

    def _visits_loaded(self, visits: list[Any]) -> None:
        keep = self.visit_id()
        self.visit_info = {v.id: v for v in visits}
        self.visits.set_rows(
            [
                (
                    v.id,
                    (
                        format_short_date(v.date),
                        v.start_time.strftime("%H:%M") if v.start_time else "",
                        v.place or "",
                        L.label(L.VISITS, v.status),
                        v.people_helped,
                    ),
                )
                for v in visits
            ]
        )
        row = self.visits.row_of(keep) if keep else -1
        if row >= 0:
            self.visit_view.setCurrentIndex(self.visits.index(row, 0))
        self._enable()

    def _visit_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        chosen = self.visit_id()
        self._enable()
        if self._selecting or chosen is None or chosen not in self.visit_info:
            return
        if chosen == self.visit_shown and self.visit_guard.changed():
            return  # the visit in the form, chosen again (or listed again): keep the typing
        self.visit_guard.leave(lambda: self._show_visit(chosen))

    def _show_visit(self, visit_id: str) -> None:
        """Show a listed visit in the visit form (what it held is replaced)."""
        visit = self.visit_info.get(visit_id)
        if visit is None:
            return
        self.select_visit(visit_id)
        self.visit_box.set_values(visit)
        self._visit_before = self.visit_box.values()
        self.visit_shown = visit_id
        self.visit_guard.loaded()

    def select_visit(self, visit_id: str | None) -> None:
        """Show ``visit_id`` (None: none) as the visit list's choice without opening it."""
        self._selecting = True
        try:
            row = self.visits.row_of(visit_id) if visit_id else -1
            if row >= 0:
                self.visit_view.setCurrentIndex(self.visits.index(row, 0))
            else:
                self.visit_view.selectionModel().clear()
        finally:
            self._selecting = False
        self._enable()

    # -- unsaved changes (gui/unsaved.py) ------------------------------------------------------

    def typed_name(self) -> str:
        values = self.person_box.values()
        return f"{values['given_name']} {values['family_name']}".strip()

    def has_changes(self) -> bool:
        """Either form differs from what was loaded into it (or last saved)."""
        return self.person_guard.changed() or self.visit_guard.changed()

    def ask_before_close(self, close: Callable[[], None]) -> bool:
        """The window is closing (or the language changes): True when a form has changes and
        the question is asked (``close`` runs again after Save or Don't save)."""
        for guard in (self.person_guard, self.visit_guard):
            if guard.changed() and guard.leave(close):
                return True
        return False

    def save_before_lock(self, window: Any) -> None:
        """The window locks: save either form's changes in the background on ``window``; what
        is refused is told after the next sign-in (:meth:`UnsavedGuard.at_lock`)."""
        if self.busy:
            return
        if self.person_guard.changed():
            try:
                change = self._volunteer_change()
            except ValidationError as error:
                change = _refused(error)
            name = (
                f"{self.changing.given_name} {self.changing.family_name}"
                if self.changing is not None
                else self.typed_name() or _("the new e-scout")
            )
            if change is not None:
                self.person_guard.at_lock(window, _in_uow(change), name)
        visit = self._visit_change() if self.visit_guard.changed() else None
        if visit is not None:
            self.visit_guard.at_lock(window, _in_uow(visit), "", kind="visit")

    # -- the e-scout -----------------------------------------------------------------------------

    def _person_mode(self) -> None:
        c = self.changing
        if c is None:
            self.person_box.setTitle(_("New e-scout"))
            self.add_person.setText(_("&Add e-scout"))
            self.cancel_change.hide()
            return
        name = f"{c.given_name} {c.family_name}".replace("&", "&&")
        self.person_box.setTitle(_("Change e-scout: {name}").format(name=name))
        self.add_person.setText(_("S&ave the e-scout"))
        self.cancel_change.setText(_("Ne&w e-scout instead (Esc)"))
        self.cancel_change.show()

    def change_volunteer(self) -> None:
        """Open the e-scout chosen in the list in the form, to change their details; changes
        in the form are asked about first."""
        from libtrainer.services import org  # noqa: PLC0415

        chosen = self.volunteer_id()
        if chosen is None or self.busy:
            return
        if chosen == self.person_guard.screen.current_id and self.person_guard.changed():
            return  # the one in the form, opened again: keep what was typed

        def open_it() -> None:
            self.read(lambda unit: org.get_volunteer(unit, chosen)).success(
                self._volunteer_opened
            ).failure(self._failed).run_in_background()

        self.person_guard.leave(open_it)

    def _volunteer_opened(self, person: Any) -> None:
        self.changing = person
        self.person_box.set_values(person)
        self.person_guard.loaded()
        self._person_mode()
        self.banner.show_message(
            _("Change what is wrong and save; only what you change is written."), "info"
        )
        self.given.setFocus()

    def new_volunteer(self) -> None:
        """Leave a change: the form is empty for a new e-scout; changes in the form are asked
        about first."""
        if self.changing is None:
            return
        self.person_guard.leave(self._empty_person)

    def _empty_person(self) -> None:
        self.changing = None
        self.person_box.set_values(None)
        self.person_guard.loaded()
        self._person_mode()
        self.banner.show_message("")
        self.given.setFocus()

    # -- writing -------------------------------------------------------------------------------

    def _volunteer_change(self) -> Callable[[Any], Any] | None:
        """The write of the e-scout form (it gets the unit of work; None: nothing changed);
        a birth year that is not a year raises :class:`ValidationError`. Used at the lock too
        (on another thread)."""
        from libtrainer.services import org  # noqa: PLC0415

        values = self.person_box.values()
        if values["birth_year"] is None:
            raise ValidationError("birth_year", N_("{field_label} must be a year such as 1957."))
        person = self.changing
        if person is None:
            names = values.pop("given_name"), values.pop("family_name"), values.pop("birth_year")
            return lambda uow: org.add_volunteer(uow, *names, **values)
        before = {k: getattr(person, k) for k in values}
        changes = {k: v for k, v in values.items() if before[k] != v}
        if not changes:
            return None
        return lambda uow: org.edit_volunteer(uow, person.id, **changes)

    def save_volunteer(self, then: Callable[[], None] | None = None) -> None:
        """Add the e-scout in the form, or save what was changed in the one opened; ``then``
        runs once saved (not when refused)."""
        if self.busy:
            return
        self.person_box.clear_errors()
        try:
            change = self._volunteer_change()
        except ValidationError as error:
            self._person_failed(error)
            return
        if change is None:
            self._volunteer_saved(None, then)
            return
        self.busy = True
        self.write(change).success(
            self.settled(lambda changed: self._volunteer_saved(changed, then))
        ).failure(self.settled(self._person_failed)).run_in_background()

    def _volunteer_saved(self, changed: Any, then: Callable[[], None] | None = None) -> None:
        if self.changing is None:
            text = _("E-scout added.")
        elif changed is None or changed.empty:
            text = _("Nothing changed.")
        else:
            text = _("E-scout changed.")
        self.changing = None
        self.person_box.set_values(None)
        self.person_guard.loaded()
        self._person_mode()
        self.banner.show_message(text, "info")
        if changed is not None and not changed.empty:
            self.state.notify(changed)
        if then is not None:
            then()

    def _person_failed(self, error: BaseException) -> None:
        self.person_box.show_failure(error, self.banner)

    # -- visits ----------------------------------------------------------------------------------

    def _visit_change(self) -> Callable[[Any], Any] | None:
        """The write of the visit form: the result of the visit shown, or a new visit agreed
        with the e-scout chosen (it gets the unit of work; None: nothing to write). Used at
        the lock too (on another thread)."""
        from libtrainer.services import escouts  # noqa: PLC0415

        values, visit = self.visit_box.values(), self.visit_shown
        if visit is not None:
            changes = {k: v for k, v in values.items() if self._visit_before.get(k, ...) != v}
            if not changes:
                return None
            return lambda uow: escouts.edit_visit(uow, visit, **changes)
        volunteer = self.volunteer_id()
        if volunteer is None:
            return None
        day = values.pop("date")
        return lambda uow: escouts.record_visit(uow, volunteer, day, **values)

    def record_visit(self, then: Callable[[], None] | None = None) -> None:
        """Agree a new visit with the e-scout chosen, as the visit form holds it."""
        if self.volunteer_id() is None or self.busy:
            return
        self.visit_shown = None  # the form's fields are a new visit now
        self._write_visit(self._visit_change(), self._visit_recorded, then)

    def save_result(self, then: Callable[[], None] | None = None) -> None:
        """Save what was changed in the visit shown (the one chosen in the list)."""
        if self.visit_shown is None or self.busy:
            return
        change = self._visit_change()
        if change is None:
            self.visit_box.clear_errors()
            self.banner.show_message(_("Nothing changed."), "info")
            if then is not None:
                then()
            return
        self._write_visit(change, self._visit_saved, then)

    def _write_visit(
        self,
        change: Callable[[Any], Any] | None,
        done: Callable[[Any], None],
        then: Callable[[], None] | None,
    ) -> None:
        if change is None:
            return
        self.visit_box.clear_errors()
        self.busy = True

        def saved(changed: Any) -> None:
            done(changed)
            if then is not None:
                then()

        self.write(change).success(self.settled(saved)).failure(
            self.settled(self._visit_failed)
        ).run_in_background()

    def _visit_recorded(self, changed: Any) -> None:
        """A new visit is saved: its place, people helped and notes are emptied, so a second
        click does not record the same visit again (the date stays for the next one)."""
        self.visit_box.next_visit()
        self.visit_shown = None
        self.visit_guard.loaded()
        self.banner.show_message(_("Visit saved. The form is ready for the next visit."), "info")
        self.state.notify(changed)

    def _visit_saved(self, changed: Any) -> None:
        self._visit_before = self.visit_box.values()
        self.visit_guard.loaded(self._visit_before)
        self.banner.show_message(_("Visit saved."), "info")
        self.state.notify(changed)

    def _visit_failed(self, error: BaseException) -> None:
        self.visit_box.show_failure(error, self.banner)

    def _failed(self, error: BaseException) -> None:
        self.banner.show_message(error_text(error), "error")


def _in_uow(change: Callable[[Any], Any]) -> Callable[[Job], Any]:
    """``change`` (which gets a unit of work) as work for an operation on the window."""

    def record(job: Job) -> Any:
        with job.uow() as uow:
            return change(uow)

    return record


def _refused(error: ValidationError) -> Callable[[Any], Any]:
    """A write that fails with ``error`` (refused before it reached the store)."""

    def change(_uow: Any) -> Any:
        raise error

    return change
