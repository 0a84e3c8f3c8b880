"""Taking attendance in the minute before a lesson starts.

A checklist of the group's people (checked = present). Typing anywhere in the list filters it
(diacritics ignored: "sar" finds "Šarūnas"); Space ticks the highlighted person; Ctrl+E (or the
Excused button, or the right-click menu) marks an excused absence; ↓ from the filter goes to
the list. A one-line row adds someone new: before creating them it looks for the same name and
birth year and, if found, asks whether it is that person. Adding a person is saved at once (the
person and their place in the group); only the marks wait for Save (Ctrl+S). A session dated
after today is shown with its marks locked (decision 0517).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from libtrainer.domain.namesakes import Namesake
from libtrainer.i18n import _, ngettext
from libtrainer.i18n.format import format_date

from libtrainer.gui import fit, queries
from libtrainer.gui.attendance_add import AddingPeople
from libtrainer.gui.attendance_parts import (
    ID_ROLE,
    MARK_ROLE,
    FoldFilter,
    NewPersonRow,
    TypeToFilter,
    mark_after_click,
    person_item,
    show_mark,
    tell_apart,
)
from libtrainer.gui.operations import Operation, error_text, log_unexpected
from libtrainer.gui.widgets import Banner, heading

log = logging.getLogger("libtrainer.gui.attendance")


class AttendanceDialog(AddingPeople, QDialog):
    """The attendance sheet of one session. Emits ``saved(changed)`` after Save."""

    saved = Signal(object)

    @property
    def saving(self) -> bool:
        """A new person typed in its row is being written: closing or locking the window
        waits for it (``gui.save_wait``), then finds the row empty or still to save."""
        return self._writing

    def __init__(self, session_id: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendanceDialog")
        self.session_id = session_id
        self.header: queries.SessionHeader | None = None
        self._before: dict[str, str] = {}
        self.held = True  # False for a session dated after today: no marks yet
        #: people added on this sheet: id → (folded given, folded family, birth year)
        self._added_here: dict[str, tuple[str, str, int | None]] = {}
        self._added_names: dict[str, str] = {}  # id → "Given Family", as saved
        self._pending_duplicate: tuple[dict[str, Any], list[Any]] | None = None
        self._adding = False  # a new person is being checked or written: a second Add waits
        self._writing = False  # … written (or someone known enrolled): the lock leaves it
        self._discarding = False  # "Close without saving" was confirmed
        self._marking = False  # a mark is being shown: its own item changes are not clicks
        self.title = heading(_("Attendance"))
        self.filter = QLineEdit(objectName="attendanceFilter")
        self.filter.setPlaceholderText(_("Type to find a name"))
        self.filter.setAccessibleName(_("Find in the list"))
        self.model = QStandardItemModel(self)
        self.proxy = FoldFilter(self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView(objectName="attendanceList")
        self.list.setModel(self.proxy)
        self.list.setAccessibleName(
            _("People of the group; Space ticks who is present, Ctrl+E marks an excused absence")
        )
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setSpacing(2)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._mark_menu)
        self.typing = TypeToFilter(self.filter, self)
        self.list.installEventFilter(self.typing)
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.installEventFilter(self)
        self.count = QLabel(objectName="presentCount")
        self.excused = QPushButton(_("&Excused (Ctrl+E)"), objectName="markExcused")
        self.excused.setAccessibleName(_("Mark the highlighted person's absence as excused"))
        self.excused.clicked.connect(self.toggle_excused)
        self.not_held = Banner(kind="info")
        self.not_held.setObjectName("notHeld")
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
        self.model.itemChanged.connect(self._item_changed)
        self._layout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.toggle_excused)
        self.setWindowTitle(_("Attendance"))
        fit.fit_window(self, 720, 640)

    def _layout(self, buttons: QDialogButtonBox) -> None:
        """The sheet scrolls on a small screen (the list keeps the room there is); the
        duplicate question, the message and Save/Cancel stay in sight below it."""
        sheet = QWidget(objectName="attendanceSheet")
        layout = QVBoxLayout(sheet)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.not_held)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        counted = QHBoxLayout()
        counted.addWidget(self.count, 1)
        counted.addWidget(self.excused)
        layout.addLayout(counted)
        self.new_label = QLabel(_("New &participant (added to the group at once):"))
        self.new_label.setBuddy(self.new_row.given)
        layout.addWidget(self.new_label)
        layout.addWidget(self.new_row)
        outer = QVBoxLayout(self)
        outer.addWidget(fit.scrolling(sheet, "attendanceScroll"), 1)
        outer.addWidget(self.warning)
        choice = QHBoxLayout()
        choice.addStretch(1)
        choice.addWidget(self.use_existing)
        choice.addWidget(self.add_anyway)
        outer.addLayout(choice)
        outer.addWidget(self.message)
        outer.addWidget(buttons)
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
        """How many people's marks on the sheet differ from what is recorded (a person with
        no mark recorded counts as absent, as Save would record them)."""
        return sum(
            1 for pid, mark in self.marks().items() if mark != self._before.get(pid, "absent")
        )

    def reject(self) -> None:
        """Cancel, Esc or the window's close: when marks are not saved, ask first (Cancel, the
        default, keeps the sheet open). People added on the sheet are saved already and stay in
        the group; the question counts only marks, and says so."""
        changed = self.unsaved()
        if not changed or self._discarding:
            super().reject()
            return
        from libtrainer.gui.confirm import ConfirmDialog  # noqa: PLC0415

        text = ngettext(
            "The mark of {n} person on this sheet is not saved. Press Cancel and then Save "
            "(Ctrl+S) to keep it.",
            "The marks of {n} people on this sheet are not saved. Press Cancel and then Save "
            "(Ctrl+S) to keep them.",
            changed,
        ).format(n=changed)
        added = len(self._added_here)
        if added:
            text += " " + ngettext(
                "{n} person added on this sheet stays in the group: adding is saved at once.",
                "{n} people added on this sheet stay in the group: adding is saved at once.",
                added,
            ).format(n=added)
        question = ConfirmDialog(
            self, _("Close without saving?"), text, _("Close &without saving"), "discardMarks"
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

        def read(job: Any) -> tuple[Any, list[Namesake], dict[str, str]]:
            with job.reader() as unit:
                header = queries.session_header(unit.session, session_id)
                marks = {
                    m.participant_id: m.mark for m in attendance.marks_of_session(unit, session_id)
                }
                people: dict[str, Namesake] = {}
                if header is not None and header.group_id:
                    for m in groups.roster(unit, header.group_id):
                        if m.status != "dropped" or m.participant_id in marks:
                            people[m.participant_id] = Namesake(
                                m.participant_id,
                                m.given_name,
                                m.family_name,
                                m.birth_year,
                                m.code,
                                m.phone,
                            )
                for row in queries.people_named(
                    unit.session, [p for p in marks if p not in people]
                ):
                    people[row.id] = row
                return header, list(people.values()), marks

        Operation(self, read).read_only().success(self._loaded).run_in_background()

    def _loaded(self, result: tuple[Any, list[Namesake], dict[str, str]]) -> None:
        from libtrainer.services import attendance  # noqa: PLC0415

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
            self._set_held(attendance.held(header.date))
        self.model.clear()
        for person in people:
            self._append(person, marks.get(person.id, "absent"), retell=False)
        self._tell_apart()
        self._count()
        self.filter.setFocus()

    def _set_held(self, held: bool) -> None:
        """A session dated after today: its marks are locked, and a line says why (people can
        still be added to the group)."""
        self.held = held
        self.save_button.setEnabled(held)
        self.excused.setEnabled(held)
        text = ""
        if not held and self.header is not None:
            text = _(
                "This session is planned for {date} and has not taken place yet: attendance can "
                "be marked from that day. People added here join the group."
            ).format(date=format_date(self.header.date, "long"))
        self.not_held.show_message(text, "info")

    def _append(self, person: Namesake, mark: str, *, retell: bool = True) -> None:
        """Add ``person``'s row (and, unless ``retell`` is False, name the rows again)."""
        self.model.appendRow(person_item(person, mark, held=self.held))
        if retell:
            self._tell_apart()

    def _tell_apart(self) -> None:
        """People who share a name on the sheet show what tells them apart (their birth
        year, …: :mod:`libtrainer.domain.namesakes`), so the right one is ticked."""
        self._marking = True  # renaming rows is not a click
        try:
            tell_apart(self._items())
        finally:
            self._marking = False

    # -- list ----------------------------------------------------------------------------------

    def _items(self) -> list[Any]:
        return [self.model.item(r) for r in range(self.model.rowCount())]

    def present_ids(self) -> list[str]:
        return [i.data(ID_ROLE) for i in self._items() if i.data(MARK_ROLE) == "present"]

    def _item_changed(self, item: Any) -> None:
        """A check box was clicked (or Space pressed in the list): the mark follows it."""
        if not self._marking and item.data(MARK_ROLE) is not None:
            self._show(item, mark_after_click(item))
        self._count()

    def _show(self, item: Any, mark: str) -> None:
        self._marking = True
        try:
            show_mark(item, mark)
        finally:
            self._marking = False

    def _count(self, *_args: Any) -> None:
        present, total = len(self.present_ids()), self.model.rowCount()
        excused = sum(1 for i in self._items() if i.data(MARK_ROLE) == "excused")
        if excused:
            text = _("Present: {n} of {total}, excused: {excused}").format(
                n=present, total=total, excused=excused
            )
        else:
            text = _("Present: {n} of {total}").format(n=present, total=total)
        self.count.setText(text)

    def _current_item(self) -> Any:
        index = self.proxy.mapToSource(self.list.currentIndex())
        return self.model.itemFromIndex(index) if index.isValid() else None

    def set_mark(self, item: Any, mark: str) -> None:
        """Give the row ``item`` the mark ``mark`` (not at a session that is not held yet)."""
        if item is None or not self.held:
            return
        self._show(item, mark)
        self._count()

    def toggle_excused(self) -> None:
        """Ctrl+E or the Excused button: the highlighted person's absence is excused (again:
        back to absent)."""
        item = self._current_item()
        if item is not None:
            excused = item.data(MARK_ROLE) == "excused"
            self.set_mark(item, "absent" if excused else "excused")
        self.list.setFocus()

    def _mark_menu(self, point: QPoint) -> None:
        """Right-click on a person: Present, Absent or Excused."""
        index = self.list.indexAt(point)
        if not index.isValid() or not self.held:
            return
        self.list.setCurrentIndex(index)
        item = self.model.itemFromIndex(self.proxy.mapToSource(index))
        menu = QMenu(self.list)
        for mark, text in (
            ("present", _("Present")),
            ("absent", _("Absent")),
            ("excused", _("Excused")),
        ):
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(item.data(MARK_ROLE) == mark)
            action.triggered.connect(lambda _checked=False, m=mark: self.set_mark(item, m))
        menu.popup(self.list.viewport().mapToGlobal(point))

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
        item = self._current_item()
        if item is not None:
            self.set_mark(item, "absent" if item.data(MARK_ROLE) == "present" else "present")

    # -- saving --------------------------------------------------------------------------------

    def marks(self) -> dict[str, str]:
        """Each person's mark on the sheet: present (ticked), excused, or absent."""
        return {item.data(ID_ROLE): item.data(MARK_ROLE) for item in self._items()}

    def _recording(self) -> Callable[[Any], Any]:
        """The background work that records the sheet's marks as they are now."""
        from libtrainer.services import attendance  # noqa: PLC0415

        marks, session_id = self.marks(), self.session_id

        def record(job: Any) -> Any:
            with job.uow() as uow:
                return attendance.record_attendance(uow, session_id, marks)

        return record

    def save(self) -> None:
        if not self.held:  # Ctrl+S at a session not held yet: the line above the list says why
            return

        def done(changed: Any) -> None:
            self.saved.emit(changed)
            self.accept()

        Operation(self, self._recording()).success(done).failure(
            lambda e: self.message.show_message(error_text(e), "error")
        ).run_in_background()

    def save_before_lock(self, window: Any) -> None:
        """The window locks with this sheet open: record its unsaved marks in the background
        (the sheet itself is deleted with the lock; ``window`` outlives it), and add a new
        person typed in its row (:meth:`add_before_lock`)."""
        # Only a sheet still open: a closed one (saved, or closed without saving) lingers as
        # the screen's child until deleted, with the marks it was opened with.
        if not self.isVisible() or self.header is None:
            return
        self.add_before_lock(window)
        if not self.unsaved():
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
