"""Taking attendance in the minute before a lesson starts.

A checklist of the group's people (checked = present). Typing anywhere in the list filters it
(diacritics ignored: "sar" finds "Šarūnas"); Space ticks the highlighted person; ↓ from the
filter goes to the list. A one-line row adds someone new: before creating them it looks for
the same name and birth year and, if found, asks whether it is that person. Ctrl+S saves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
)

from libtrainer.domain import rules
from libtrainer.i18n import _, ngettext
from libtrainer.i18n.format import format_date

from libtrainer.gui import queries
from libtrainer.gui.attendance_parts import FOLD_ROLE, FoldFilter, NewPersonRow, TypeToFilter
from libtrainer.gui.operations import Operation, error_text, log_unexpected
from libtrainer.gui.widgets import Banner, heading

log = logging.getLogger("libtrainer.gui.attendance")

ID_ROLE = Qt.ItemDataRole.UserRole + 1
MARK_ROLE = Qt.ItemDataRole.UserRole + 3


class AttendanceDialog(QDialog):
    """The attendance sheet of one session. Emits ``saved(changed)`` after Save."""

    saved = Signal(object)

    def __init__(self, session_id: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendanceDialog")
        self.session_id = session_id
        self.header: queries.SessionHeader | None = None
        self._before: dict[str, str] = {}
        self._pending_duplicate: tuple[dict[str, Any], list[Any]] | None = None
        self._adding = False  # a new person is being checked or written: a second Add waits
        self._discarding = False  # "Close without saving" was confirmed
        self.title = heading(_("Attendance"))
        self.filter = QLineEdit(objectName="attendanceFilter")
        self.filter.setPlaceholderText(_("Type to find a name"))
        self.filter.setAccessibleName(_("Find in the list"))
        self.model = QStandardItemModel(self)
        self.proxy = FoldFilter(self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView(objectName="attendanceList")
        self.list.setModel(self.proxy)
        self.list.setAccessibleName(_("People of the group; Space ticks who is present"))
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setSpacing(2)
        self.typing = TypeToFilter(self.filter, self)
        self.list.installEventFilter(self.typing)
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.installEventFilter(self)
        self.count = QLabel(objectName="presentCount")
        self.new_row = NewPersonRow()
        self.new_row.add.connect(self.add_person)
        self.warning = Banner(kind="warning")
        self.warning.setObjectName("duplicateWarning")
        self.use_existing = QPushButton(objectName="useExisting")
        self.add_anyway = QPushButton(objectName="addAnyway")
        self.use_existing.clicked.connect(self._use_existing)
        self.add_anyway.clicked.connect(self._add_anyway)
        self.message = Banner(kind="error")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveAttendance")

        self.save_button.setText(_("&Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.model.itemChanged.connect(self._count)
        self._layout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.setWindowTitle(_("Attendance"))
        self.resize(720, 640)

    def _layout(self, buttons: QDialogButtonBox) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        self.new_label = QLabel(_("New &participant:"))
        self.new_label.setBuddy(self.new_row.given)
        layout.addWidget(self.new_label)
        layout.addWidget(self.new_row)
        layout.addWidget(self.warning)
        choice = QHBoxLayout()
        choice.addStretch(1)
        choice.addWidget(self.use_existing)
        choice.addWidget(self.add_anyway)
        layout.addLayout(choice)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._show_duplicate(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter belongs to the fields (filter → list, new person → Add), never to a default
        button: saving half-way through adding someone would close the sheet. Ctrl+S saves."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.filter.text():
            # Esc first empties the name filter, as on the Participants screen.
            self.filter.clear()
            self.filter.setFocus()
            event.accept()
            return
        super().keyPressEvent(event)

    def unsaved(self) -> int:
        """How many people's marks on the sheet differ from what is recorded."""
        ticked = set(self.present_ids())
        before = {pid for pid, mark in self._before.items() if mark == "present"}
        return len(ticked ^ before)

    def reject(self) -> None:
        """Cancel, Esc or the window's close: when ticks are not saved, ask first (Cancel, the
        default, keeps the sheet open)."""
        changed = self.unsaved()
        if not changed or self._discarding:
            super().reject()
            return
        from libtrainer.gui.confirm import ConfirmDialog  # noqa: PLC0415

        question = ConfirmDialog(
            self,
            _("Close without saving?"),
            ngettext(
                "The mark of {n} person on this sheet is not saved. Press Cancel and then Save "
                "(Ctrl+S) to keep it.",
                "The marks of {n} people on this sheet are not saved. Press Cancel and then Save "
                "(Ctrl+S) to keep them.",
                changed,
            ).format(n=changed),
            _("Close &without saving"),
            "discardMarks",
        )
        question.accepted.connect(self._discard)
        question.open()

    def _discard(self) -> None:
        self._discarding = True
        self.reject()

    # -- loading -------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the session, its group's people and the marks already recorded."""
        from libtrainer.services import attendance, groups  # noqa: PLC0415

        session_id = self.session_id

        def read(job: Any) -> tuple[Any, list[tuple[str, str, str]], dict[str, str]]:
            with job.reader() as unit:
                header = queries.session_header(unit.session, session_id)
                marks = {
                    m.participant_id: m.mark for m in attendance.marks_of_session(unit, session_id)
                }
                people: dict[str, tuple[str, str, str]] = {}
                if header is not None and header.group_id:
                    for m in groups.roster(unit, header.group_id):
                        if m.status != "dropped" or m.participant_id in marks:
                            people[m.participant_id] = (
                                m.participant_id,
                                m.given_name,
                                m.family_name,
                            )
                for row in queries.people_named(
                    unit.session, [p for p in marks if p not in people]
                ):
                    people[row[0]] = row
                return header, list(people.values()), marks

        Operation(self, read).read_only().success(self._loaded).run_in_background()

    def _loaded(self, result: tuple[Any, list[tuple[str, str, str]], dict[str, str]]) -> None:
        header, people, marks = result
        self.header = header
        self._before = dict(marks)
        if header is not None:
            when = format_date(header.date)
            if header.start_time:
                when += " " + header.start_time.strftime("%H:%M")
            self.title.setText(
                _("Attendance: {group}, {when}").format(group=header.group_name, when=when)
            )
        self.model.clear()
        for pid, given, family in people:
            self._append(pid, given, family, marks.get(pid) == "present")
        self._count()
        self.filter.setFocus()

    def _append(self, pid: str, given: str, family: str, present: bool) -> QStandardItem:
        item = QStandardItem(f"{family} {given}")
        item.setCheckable(True)
        item.setEditable(False)
        item.setCheckState(Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)
        item.setData(pid, ID_ROLE)
        item.setData(rules.fold(f"{given} {family} {family} {given}"), FOLD_ROLE)
        self.model.appendRow(item)
        return item

    # -- list ----------------------------------------------------------------------------------

    def present_ids(self) -> list[str]:
        return [
            self.model.item(r).data(ID_ROLE)
            for r in range(self.model.rowCount())
            if self.model.item(r).checkState() == Qt.CheckState.Checked
        ]

    def _count(self, *_args: Any) -> None:
        self.count.setText(
            _("Present: {n} of {total}").format(
                n=len(self.present_ids()), total=self.model.rowCount()
            )
        )

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    def eventFilter(self, watched: Any, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.filter
            and isinstance(event, QKeyEvent)
            and (event.type() == QEvent.Type.KeyPress)
        ):
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.list.setFocus()
                if not self.list.currentIndex().isValid() and self.proxy.rowCount():
                    self.list.setCurrentIndex(self.proxy.index(0, 0))
                return True
            if event.key() == Qt.Key.Key_Space and not self.filter.text().strip():
                self._toggle_current()
                return True
        return False

    def _toggle_current(self) -> None:
        index = self.proxy.mapToSource(self.list.currentIndex())
        item = self.model.itemFromIndex(index) if index.isValid() else None
        if item is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    # -- a new person --------------------------------------------------------------------------

    def add_person(self) -> None:
        """Look for a likely duplicate first; add the person when there is none."""
        from libtrainer.services import participants  # noqa: PLC0415

        if self._adding:
            return
        values = self.new_row.values()
        try:
            given = rules.clean_name("given_name", values["given_name"])
            family = rules.clean_name("family_name", values["family_name"])
        except Exception as error:  # noqa: BLE001 - a ValidationError, shown in the dialog
            self.message.show_message(error_text(error), "error")
            return

        def similar(job: Any) -> list[Any]:
            with job.reader() as unit:
                return participants.find_similar(unit, given, family, values["birth_year"])

        def checked(found: list[Any]) -> None:
            self._adding = False
            known = {self.model.item(r).data(ID_ROLE) for r in range(self.model.rowCount())}
            if found:
                self._pending_duplicate = (values, found)
                self._show_duplicate(found, already=[p.id in known for p in found])
            else:
                self._create(values)

        self._adding = True
        Operation(self, similar).read_only().success(checked).failure(
            self._add_failed
        ).run_in_background()

    def _show_duplicate(self, found: list[Any] | None, already: list[bool] | None = None) -> None:
        if not found:
            self.warning.show_message("")
            self.use_existing.hide()
            self.add_anyway.hide()
            return
        person = found[0]
        name = f"{person.given_name} {person.family_name}"
        year = person.birth_year or "?"
        text = _("{name} (born {year}) is already known. Is this the same person?").format(
            name=name, year=year
        )
        if already and already[0]:
            text += " " + _("They are already on this list.")
        self.warning.show_message(text, "warning")
        self.use_existing.setText(_("&Yes, use {name}").format(name=name))
        self.use_existing.setAccessibleName(_("Use the person already known"))
        self.add_anyway.setText(_("No, add a &new person"))
        self.add_anyway.setAccessibleName(_("Add a new person anyway"))
        self.use_existing.show()
        self.add_anyway.show()
        self.use_existing.setFocus()

    def _use_existing(self) -> None:
        if self._pending_duplicate is None:
            return
        _values, found = self._pending_duplicate
        person = found[0]
        self._pending_duplicate = None
        self._show_duplicate(None)
        self._enrol_and_tick(person.id, person.given_name, person.family_name)

    def _add_anyway(self) -> None:
        if self._pending_duplicate is None:
            return
        values, _found = self._pending_duplicate
        self._pending_duplicate = None
        self._show_duplicate(None)
        self._create(values)

    def _create(self, values: dict[str, Any]) -> None:
        from libtrainer.services import groups, participants  # noqa: PLC0415

        group_id = self.header.group_id if self.header else None
        fields = dict(values)
        given, family = fields.pop("given_name"), fields.pop("family_name")

        def create(job: Any) -> tuple[str, Any]:
            with job.uow() as uow:
                with uow.one_transaction():  # never a new person left off the group
                    changed = participants.create_participant(uow, given, family, **fields)
                    pid = changed.first("participant")
                    if group_id:
                        changed.merge(groups.enrol(uow, group_id, [pid]))
                uow.commit()
            return pid, changed

        def created(result: tuple[str, Any]) -> None:
            self._adding = False
            pid, changed = result
            self._added(pid, given, family, changed)

        self._adding = True
        Operation(self, create).success(created).failure(self._add_failed).run_in_background()

    def _add_failed(self, error: BaseException) -> None:
        self._adding = False
        self.message.show_message(error_text(error), "error")

    def _enrol_and_tick(self, pid: str, given: str, family: str) -> None:
        from libtrainer.services import groups  # noqa: PLC0415

        group_id = self.header.group_id if self.header else None

        def enrol(job: Any) -> Any:
            if not group_id:
                return None
            with job.uow() as uow:
                return groups.enrol(uow, group_id, [pid])

        Operation(self, enrol).success(
            lambda changed: self._added(pid, given, family, changed)
        ).failure(lambda e: self.message.show_message(error_text(e), "error")).run_in_background()

    def _added(self, pid: str, given: str, family: str, changed: Any) -> None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.data(ID_ROLE) == pid:
                item.setCheckState(Qt.CheckState.Checked)
                break
        else:
            self._append(pid, given, family, True)
        self.new_row.reset()
        self.message.show_message(
            _("{name} added and marked present.").format(name=f"{given} {family}"), "info"
        )
        self._count()
        self.new_row.given.setFocus()
        parent = self.parent()
        state = getattr(parent, "state", None)
        if changed is not None and state is not None:
            state.notify(changed)

    # -- saving --------------------------------------------------------------------------------

    def marks(self) -> dict[str, str]:
        """present for ticked people; absent for the others (an "excused" stays excused)."""
        result = {}
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            pid = item.data(ID_ROLE)
            if item.checkState() == Qt.CheckState.Checked:
                result[pid] = "present"
            else:
                result[pid] = "excused" if self._before.get(pid) == "excused" else "absent"
        return result

    def _recording(self) -> Callable[[Any], Any]:
        """The background work that records the sheet's marks as they are now."""
        from libtrainer.services import attendance  # noqa: PLC0415

        marks, session_id = self.marks(), self.session_id

        def record(job: Any) -> Any:
            with job.uow() as uow:
                return attendance.record_attendance(uow, session_id, marks)

        return record

    def save(self) -> None:
        def done(changed: Any) -> None:
            self.saved.emit(changed)
            self.accept()

        Operation(self, self._recording()).success(done).failure(
            lambda e: self.message.show_message(error_text(e), "error")
        ).run_in_background()

    def save_before_lock(self, window: Any) -> None:
        """The window locks with this sheet open: record its unsaved marks in the background
        (the sheet itself is deleted with the lock; ``window`` outlives it)."""
        # Only a sheet still open: a closed one (saved, or closed without saving) lingers as
        # the screen's child until deleted, with the marks it was opened with.
        if not self.isVisible() or self.header is None or not self.unsaved():
            return
        log.info("attendance sheet saved at lock")
        record = self._recording()
        label = self.title.text()

        def done(changed: Any) -> None:
            state = getattr(window, "state", None)
            if state is not None:
                state.notify(changed)

        def failed(error: BaseException) -> None:
            from sqlalchemy.exc import OperationalError  # noqa: PLC0415 - rare

            from libtrainer.store.openerrors import DiskError  # noqa: PLC0415

            keep = getattr(window, "keep_unsaved_marks", None)
            if callable(keep) and isinstance(error, DiskError | OperationalError):
                keep(label, record, error)  # a full disk: kept, and tried again at sign-in
            else:  # a session deleted by a sync meanwhile…: trying again would not help
                log_unexpected(error)

        Operation(window, record).success(done).failure(failed).run_in_background()
