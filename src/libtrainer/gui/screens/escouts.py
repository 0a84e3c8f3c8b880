"""E-scouts: the young volunteers (14–29) of this branch, their agreed visits and results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from libtrainer.domain.errors import N_, ValidationError
from libtrainer.i18n import _
from libtrainer.i18n.format import format_date

from libtrainer.gui import activity_queries
from libtrainer.gui import labels as L
from libtrainer.gui.deleting import DeleteFlow
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.operations import error_text
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.widgets import CodeCombo, DateEdit, TimeEdit, YearEdit, add_row, table_view


class EScoutsScreen(Screen):
    key = "escouts"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.people = ListTableModel(
            [_("Family name"), _("Given name"), _("Born"), _("Visits"), _("People helped")], self
        )
        self.visits = ListTableModel(
            [_("Date"), _("Time"), _("Place"), _("Status"), _("People helped")], self
        )
        self.people_view = table_view("escoutTable", self.people, (0, 1))
        self.people_view.setAccessibleName(_("E-scouts"))
        self.visit_view = table_view("visitTable", self.visits, (2,))
        self.visit_view.setAccessibleName(_("Visits of the e-scout"))
        self.people_view.selectionModel().currentRowChanged.connect(self._person_changed)
        self.visit_view.selectionModel().currentRowChanged.connect(self._visit_changed)
        self.referrals = QLabel(objectName="referrals")
        self._person_form()
        self._visit_form()
        self._layout()
        self.deleting = DeleteFlow(self)
        self.deleting.watch(self.visit_view, "escout_visit", self.visit_id)

    def _person_form(self) -> None:
        self.person_box = QGroupBox(_("New e-scout"))
        form = QFormLayout(self.person_box)
        self.given = QLineEdit(objectName="escoutGiven")
        self.family = QLineEdit(objectName="escoutFamily")
        self.year = YearEdit()
        self.year.setObjectName("escoutYear")
        self.phone = QLineEdit(objectName="escoutPhone")
        for text, field in (
            (_("Given na&me"), self.given),
            (_("Famil&y name"), self.family),
            (_("&Birth year (14–29 years old)"), self.year),
            (_("Phon&e"), self.phone),
        ):
            add_row(form, text, field)
        self.add_person = QPushButton(_("&Add e-scout"), objectName="addEscout")
        self.add_person.clicked.connect(self.add_volunteer)
        form.addRow("", self.add_person)

    def _visit_form(self) -> None:
        self.visit_box = QGroupBox(_("Visit"))
        form = QFormLayout(self.visit_box)
        self.date = DateEdit()
        self.date.setObjectName("visitDate")
        self.time = TimeEdit()
        self.time.setObjectName("visitTime")
        self.place = QLineEdit(objectName="visitPlace")
        self.status = CodeCombo(L.VISITS)
        self.status.setObjectName("visitStatus")
        self.helped = QSpinBox(objectName="peopleHelped")
        self.helped.setRange(0, 200)
        self.notes = QLineEdit(objectName="visitNotes")
        for text, field in (
            (_("&Date"), self.date),
            (_("T&ime"), self.time),
            (_("&Place"), self.place),
            (_("&Status"), self.status),
            (_("Peop&le helped"), self.helped),
            (_("No&tes"), self.notes),
        ):
            add_row(form, text, field)
        buttons = QHBoxLayout()
        self.new_visit = QPushButton(_("Agree a &new visit"), objectName="recordVisit")
        self.new_visit.clicked.connect(self.record_visit)
        self.update_visit = QPushButton(_("Save the &result"), objectName="updateVisit")
        self.update_visit.clicked.connect(self.save_result)
        self.delete_visit = QPushButton(_("Delete the visit…"), objectName="deleteVisit")
        self.delete_visit.setToolTip(
            _("For a visit entered twice or on the wrong day (or press Delete in the list)")
        )
        self.delete_visit.clicked.connect(
            lambda: self.deleting.ask("escout_visit", self.visit_id())
        )
        buttons.addWidget(self.new_visit)
        buttons.addWidget(self.update_visit)
        buttons.addWidget(self.delete_visit)
        form.addRow("", buttons)

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.referrals)
        column.addWidget(self.people_view, 1)
        column.addWidget(self.person_box)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.visit_view, 1)
        side.addWidget(self.visit_box)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        self.body.addWidget(split)
        self._enable()

    def volunteer_id(self) -> str | None:
        return self.people.id_at(self.people_view.currentIndex().row())

    def visit_id(self) -> str | None:
        return self.visits.id_at(self.visit_view.currentIndex().row())

    def _enable(self) -> None:
        self.new_visit.setEnabled(self.volunteer_id() is not None)
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
        self._visit_info = {v.id: v for v in visits}
        self.visits.set_rows(
            [
                (
                    v.id,
                    (
                        format_date(v.date),
                        v.start_time.strftime("%H:%M") if v.start_time else "",
                        v.place or "",
                        L.label(L.VISITS, v.status),
                        v.people_helped,
                    ),
                )
                for v in visits
            ]
        )
        self._enable()

    def _visit_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        visit = getattr(self, "_visit_info", {}).get(self.visit_id())
        self._enable()
        if visit is None:
            return
        self.date.set_value(visit.date)
        if visit.start_time:
            self.time.set_value(visit.start_time)
        self.place.setText(visit.place or "")
        self.status.set_code(visit.status)
        self.helped.setValue(visit.people_helped)

    # -- writing -------------------------------------------------------------------------------

    def add_volunteer(self) -> None:
        from libtrainer.services import org  # noqa: PLC0415

        if self.busy:
            return
        given, family, year = self.given.text(), self.family.text(), self.year.value()
        phone = self.phone.text() or None
        if year is None:
            self._failed(
                ValidationError("birth_year", N_("{field_label} must be a year such as 1957."))
            )
            self.year.setFocus()
            return

        def add(uow: Any) -> Any:
            return org.add_volunteer(uow, given, family, year, phone=phone)

        self.busy = True
        self.write(add).success(self.settled(self._volunteer_added)).failure(
            self.settled(self._failed)
        ).run_in_background()

    def _volunteer_added(self, changed: Any) -> None:
        for field in (self.given, self.family, self.year, self.phone):
            field.clear()
        self.banner.show_message(_("E-scout added."), "info")
        self.state.notify(changed)

    def _visit_values(self) -> dict[str, Any]:
        return {
            "start_time": self.time.value(),
            "place": self.place.text() or None,
            "status": self.status.code(),
            "people_helped": self.helped.value(),
            "notes": self.notes.text(),
        }

    def record_visit(self) -> None:
        from libtrainer.services import escouts  # noqa: PLC0415

        volunteer, day, values = self.volunteer_id(), self.date.value(), self._visit_values()
        if volunteer is None or self.busy:
            return
        self.busy = True
        self.write(lambda uow: escouts.record_visit(uow, volunteer, day, **values)).success(
            self.settled(self._visit_recorded)
        ).failure(self.settled(self._failed)).run_in_background()

    def save_result(self) -> None:
        from libtrainer.services import escouts  # noqa: PLC0415

        visit, values = self.visit_id(), self._visit_values()
        values["date"] = self.date.value()
        if visit is None or self.busy:
            return
        self.busy = True
        self.write(lambda uow: escouts.edit_visit(uow, visit, **values)).success(
            self.settled(self._visit_saved)
        ).failure(self.settled(self._failed)).run_in_background()

    def _visit_recorded(self, changed: Any) -> None:
        """A new visit is saved: its place, people helped and notes are emptied, so a second
        click does not record the same visit again (the date stays for the next one)."""
        self.place.clear()
        self.notes.clear()
        self.helped.setValue(0)
        self.banner.show_message(_("Visit saved. The form is ready for the next visit."), "info")
        self.state.notify(changed)

    def _visit_saved(self, changed: Any) -> None:
        self.banner.show_message(_("Visit saved."), "info")
        self.state.notify(changed)

    def _failed(self, error: BaseException) -> None:
        self.banner.show_message(error_text(error), "error")
