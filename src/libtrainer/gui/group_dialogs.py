"""Dialogs of the Groups & sessions screen: a new group, planning sessions, finishing a group.

Each dialog gets the choices it offers (programmes, staff, roster) from the screen, writes
through one operation on OK and stays open with a message when the core refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _, get_language

from libtrainer.gui import labels as L
from libtrainer.gui.operations import Operation, error_text
from libtrainer.gui.widgets import Banner, CodeCombo, DateEdit, TimeEdit, add_row, heading


class FormDialog(QDialog):
    """A titled form with OK/Cancel and a message line; ``done_(changed)`` on success."""

    finished_ok = Signal(object)

    def __init__(self, title: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = Banner(kind="error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def showEvent(self, event: Any) -> None:  # noqa: N802
        """The cursor starts in the first field and Tab runs down the form, then to Save and
        Cancel (the buttons were made first, so Qt's own order would start on Save)."""
        super().showEvent(event)
        fields = self._fields()
        chain = [*fields, self.ok, self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        if fields:
            fields[0].setFocus()

    def _fields(self) -> list[QWidget]:
        """The form's field widgets that take the keyboard, top to bottom."""
        found: list[QWidget] = []
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if widget is None:
                continue
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                candidates = [widget]
            else:  # a row of several inputs (a date and a "known" box)
                direct = Qt.FindChildOption.FindDirectChildrenOnly
                candidates = widget.findChildren(QWidget, options=direct)
            found.extend(
                w for w in candidates if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isEnabled()
            )
        return found

    def run_write(self, fn: Callable[[Any], Any]) -> None:
        def work(job: Any) -> Any:
            return fn(job)

        self.ok.setEnabled(False)
        Operation(self, work).success(self._ok).failure(self._failed).run_in_background()

    def _ok(self, changed: Any) -> None:
        self.finished_ok.emit(changed)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.ok.setEnabled(True)
        self.message.show_message(error_text(error), "error")

    def submit(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError


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
    """A group of a programme. With no programme to choose it says where programmes come
    from, and offers to open the Programmes screen to whoever may add them there."""

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
    ) -> None:
        super().__init__(_("New group"), parent)
        self.setObjectName("newGroupDialog")
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
        self.has_end = QCheckBox(_("Known"), objectName="hasEndDate")
        self.end = DateEdit(dt.date.today() + dt.timedelta(days=28))
        self.end.setObjectName("endDate")
        self.end.setEnabled(False)
        self.has_end.toggled.connect(self.end.setEnabled)
        self.programme.currentIndexChanged.connect(self._suggest_name)
        for text, field in (
            (_("&Programme"), self.programme),
            (_("Group &name"), self.name),
            (_("&Lecturer"), self.lecturer),
            (_("&Referred by"), self.referrer),
            (_("Referring &organisation"), self.referrer_name),
            (_("Language of &instruction"), self.language),
            (_("Start &date"), self.start),
            (_("End date &known"), self.has_end),
            (_("&End date"), self.end),
        ):
            add_row(self.form, text, field)
        self._suggest_name()
        if not programmes:
            self.message.show_message(empty_catalogue_text(catalogue, may_edit), "warning")
        if not programmes and may_edit:
            add = self.buttons.addButton(
                _("Add pro&grammes…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            add.setObjectName("addProgrammes")
            add.setAccessibleName(_("Add programmes"))
            add.clicked.connect(self._to_programmes)

    def _to_programmes(self) -> None:
        self.reject()
        self.wants_programmes.emit()

    def _suggest_name(self) -> None:
        if not self.name.isModified():
            title = self.programme.currentText()
            self.name.setText(f"{title} {self.start.value():%Y-%m}" if title else "")

    def submit(self) -> None:
        from libtrainer.services import groups  # noqa: PLC0415

        programme_id, name = self.programme.code(), self.name.text()
        fields = {
            "lecturer_id": self.lecturer.code(),
            "referrer": self.referrer.code(),
            "referrer_name": self.referrer_name.text() or None,
            "language": self.language.code(),
            "start_date": self.start.value(),
            "end_date": self.end.value() if self.has_end.isChecked() else None,
        }

        def create(job: Any) -> Any:
            with job.uow() as uow:
                return groups.create_group(uow, programme_id, name, **fields)

        self.run_write(create)


class PlanSessionsDialog(FormDialog):
    """One session, or a series (every N days)."""

    def __init__(
        self, group_id: str, staff: list[Any], lecturer: str | None, parent: Any = None
    ) -> None:
        super().__init__(_("Plan sessions"), parent)
        self.setObjectName("planSessionsDialog")
        self.group_id = group_id
        self.date = DateEdit()
        self.date.setObjectName("sessionDate")
        self.time = TimeEdit()
        self.time.setObjectName("sessionTime")
        self.hours = QDoubleSpinBox(objectName="sessionHours")
        self.hours.setRange(0.5, 12)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(2)
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
        for text, field in (
            (_("First &date"), self.date),
            (_("Start &time"), self.time),
            (_("Academic &hours (45 min)"), self.hours),
            (_("&Where"), self.place_kind),
            (_("&Place"), self.place),
            (_("&Lecturer"), self.lecturer),
            (_("T&opic"), self.topic),
            (_("&Number of sessions"), self.count),
            (_("&Every how many days"), self.every),
        ):
            add_row(self.form, text, field)

    def dates(self) -> list[dt.date]:
        first, step = self.date.value(), self.every.value()
        return [first + dt.timedelta(days=i * step) for i in range(self.count.value())]

    def submit(self) -> None:
        from libtrainer.domain import rules  # noqa: PLC0415
        from libtrainer.domain.errors import ValidationError  # noqa: PLC0415
        from libtrainer.services import sessions  # noqa: PLC0415
        from libtrainer.services.results import Changed  # noqa: PLC0415

        group_id, dates, hours = self.group_id, self.dates(), self.hours.value()
        try:  # every date first: a series must not stop half-way, saved in part
            for day in dates:
                rules.check_date("date", day)
        except ValidationError as error:
            self._failed(error)
            return
        fields = {
            "start_time": self.time.value(),
            "place_kind": self.place_kind.code(),
            "place": self.place.text() or None,
            "topic": self.topic.text() or None,
            "group_id": group_id,
        }
        if self.lecturer.code():
            fields["lecturer_id"] = self.lecturer.code()

        def plan(job: Any) -> Any:
            changed = Changed()
            for day in dates:
                job.check()
                with job.uow() as uow:
                    changed.merge(sessions.plan_session(uow, day, hours, **fields))
            return changed

        self.run_write(plan)


class FinishGroupDialog(FormDialog):
    """Tick who completed; optionally mark certificates issued."""

    def __init__(self, group_id: str, roster: list[Any], parent: Any = None) -> None:
        super().__init__(_("Finish the group"), parent)
        self.setObjectName("finishGroupDialog")
        self.group_id = group_id
        self.people = QListWidget(objectName="completions")
        for member in roster:
            if member.status == "dropped":
                continue
            item = QListWidgetItem(f"{member.family_name} {member.given_name}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, member.participant_id)
            self.people.addItem(item)
        self.certificates = QCheckBox(_("Certificates &issued"), objectName="certificates")
        self.end = DateEdit()
        self.end.setObjectName("finishDate")
        add_row(self.form, _("&Completed the course"), self.people)
        add_row(self.form, "", self.certificates)
        add_row(self.form, _("&End date"), self.end)
        self.certificates.setAccessibleName(_("Certificates issued"))

    def completed(self) -> list[str]:
        return [
            self.people.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.people.count())
            if self.people.item(i).checkState() == Qt.CheckState.Checked
        ]

    def submit(self) -> None:
        from libtrainer.services import groups  # noqa: PLC0415

        group_id, who = self.group_id, self.completed()
        certificates, end = self.certificates.isChecked(), self.end.value()

        def finish(job: Any) -> Any:
            with job.uow() as uow:
                return groups.finish_group(
                    uow, group_id, who, certificates=certificates, end_date=end
                )

        self.run_write(finish)
