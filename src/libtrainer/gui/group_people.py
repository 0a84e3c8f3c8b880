"""Dialogs for a group's people: finishing the group (who completed it), taking a person out.

Finishing shows each person's attendance of the held sessions and ticks by default only those
present for the share the app takes as completion (:mod:`libtrainer.services.completion`).
Its end date starts at the group's last session held and cannot be after today: the
completions count in the report period of that date (decision 0359).
Taking out asks first and says that the person's marks so far stay and count in reports.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QListWidgetItem

from libtrainer.i18n import _, ngettext
from libtrainer.i18n.format import format_date

from libtrainer.gui import labels as L
from libtrainer.gui.confirm import ConfirmDialog
from libtrainer.gui.form_dialog import FormDialog
from libtrainer.gui.widgets import DateEdit, add_row


def attendance_text(present: int, held: int) -> str:
    """ "5 of 6 sessions" (the plural follows the sessions held)."""
    return ngettext("{present} of {held} session", "{present} of {held} sessions", held).format(
        present=present, held=held
    )


def _family_first(person: Any) -> str:
    return f"{person.family_name} {person.given_name}"


def _note(text: str, name: str) -> QLabel:
    label = QLabel(text, objectName=name)
    label.setProperty("textFormat", "PlainText")
    label.setWordWrap(True)
    return label


class FinishGroupDialog(FormDialog):
    """Tick who completed (each with their attendance); optionally certificates issued."""

    def __init__(
        self, group_id: str, standings: list[Any], parent: Any = None, *, dates: Any = None
    ) -> None:
        from libtrainer.services.completion import COMPLETION_SHARE  # noqa: PLC0415

        super().__init__(_("Finish the group"), parent)
        self.setObjectName("finishGroupDialog")
        self.group_id = group_id
        self.people = QListWidget(objectName="completions")
        listed = [p for p in standings if p.status != "dropped"]
        names = L.names_told_apart(listed, _family_first)
        for person in listed:
            name = names[person.participant_id]
            seen = attendance_text(person.sessions_present, person.sessions_held)
            item = QListWidgetItem(f"{name} — {seen}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = person.attended_enough
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, person.participant_id)
            self.people.addItem(item)
        self.rule = _note(
            _(
                "Ticked: those present for at least {share} of the academic hours of the "
                "sessions held so far. Change the ticks where you know better."
            ).format(share=_("{percent}%").format(percent=round(COMPLETION_SHARE * 100))),
            "completionRule",
        )
        self.people.setAccessibleDescription(self.rule.text())
        self.certificates = QCheckBox(_("Certificates &issued"), objectName="certificates")
        # The end date places the completions in a report period: the last session held is
        # suggested, and no day after today can be chosen (decision 0359).
        self.last_session = dates.last_session if dates is not None else None
        self.end = DateEdit(dates.suggested if dates is not None else None)
        self.end.setObjectName("finishDate")
        if dates is not None:
            latest = dates.latest
            self.end.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self.end_note = _note("", "endDateNote")
        self.field_row("completed", _("&Completed the course"), self.people)
        self.form.addRow("", self.rule)
        add_row(self.form, "", self.certificates)
        self.field_row("end_date", _("&End date"), self.end)
        self.form.addRow("", self.end_note)
        self.certificates.setAccessibleName(_("Certificates issued"))
        self.end.dateChanged.connect(lambda _date: self._tell_end())
        self._tell_end()

    def _tell_end(self) -> None:
        """Under the end date: which period the completions count in, and a warning when the
        date is later than the last session held."""
        last = self.last_session
        if last is None:
            text = _(
                "The completions count in the reports for the month of the end date. No "
                "session of this group has been held yet."
            )
        elif self.end.value() > last:
            text = _(
                "The last session was on {date}. With a later end date the completions count "
                "in the reports for a later month: keep the day of the last session unless the "
                "group really ended later."
            ).format(date=format_date(last))
        else:
            text = _(
                "The completions count in the reports for the month of the end date: the day "
                "of the last session ({date})."
            ).format(date=format_date(last))
        self.end_note.setText(text)
        self.end.setAccessibleDescription(text)

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


class TakeOutDialog(FormDialog):
    """Choose one enrolled person of the group; "Take out…" asks, then marks them dropped."""

    def __init__(self, group_id: str, group_name: str, roster: list[Any], parent: Any = None):
        super().__init__(_("Take out of the group"), parent)
        self.setObjectName("takeOutDialog")
        self.group_id, self.group_name = group_id, group_name
        self.people = QListWidget(objectName="enrolledPeople")
        listed = [m for m in roster if m.status == "enrolled"]
        names = L.names_told_apart(listed, _family_first)
        for member in listed:
            item = QListWidgetItem(names[member.participant_id])
            item.setData(Qt.ItemDataRole.UserRole, member.participant_id)
            self.people.addItem(item)
        if self.people.count():
            self.people.setCurrentRow(0)
        self.explain = _note(
            _(
                "Their attendance marks so far stay and still count in the reports. The "
                "attendance and sign-in sheets of later sessions no longer list them."
            ),
            "takeOutExplanation",
        )
        self.field_row("participant_ids", _("&Person"), self.people)
        self.form.addRow("", self.explain)
        self.people.setAccessibleDescription(self.explain.text())
        self.ok.setText(_("&Take out…"))
        self.question: ConfirmDialog | None = None
        self.people.itemActivated.connect(lambda _item: self.submit())
        if not self.people.count():
            self.ok.setEnabled(False)
            self.message.show_message(_("Nobody in this group is enrolled now."), "info")

    def chosen(self) -> tuple[str, str] | None:
        item = self.people.currentItem()
        if item is None:
            return None
        return item.data(Qt.ItemDataRole.UserRole), item.text()

    def submit(self) -> None:
        chosen = self.chosen()
        if chosen is None or (self.question is not None and self.question.isVisible()):
            return
        participant_id, name = chosen
        self.question = ConfirmDialog(
            self,
            _("Take {name} out of the group?").format(name=name),
            _(
                "{name} is taken out of “{group}”. Their attendance marks so far stay and "
                "still count in the reports; later attendance sheets no longer list them. The "
                "change is sent to the coordinator. To bring them back, add them again on an "
                "attendance sheet of the group."
            ).format(name=name, group=self.group_name),
            _("&Take out"),
            "takeOut",
        )
        self.question.accepted.connect(lambda: self._drop(participant_id))
        self.question.open()

    def _drop(self, participant_id: str) -> None:
        from libtrainer.services import groups  # noqa: PLC0415

        group_id = self.group_id

        def drop(job: Any) -> Any:
            with job.uow() as uow:
                return groups.drop(uow, group_id, [participant_id])

        self.run_write(drop)
