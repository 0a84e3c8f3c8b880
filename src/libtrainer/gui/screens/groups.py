"""Groups & sessions: groups of this branch, their sessions, attendance, finishing a group.

On a coordinator's computer: every branch's groups, with a Branch column and a choice of branch;
another branch's groups are printed there, not changed (:mod:`libtrainer.gui.group_branches`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _

from libtrainer.gui import queries
from libtrainer.gui.attendance import AttendanceDialog
from libtrainer.gui.deleting import DeleteFlow
from libtrainer.gui.group_branches import BranchChoice, changed_here, kept_note
from libtrainer.gui.group_dialogs import NewGroupDialog, PlanSessionsDialog
from libtrainer.gui.group_edit import GroupEditing
from libtrainer.gui.group_printing import GroupPrinting
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.widgets import Banner, table_view


class GroupsScreen(Screen):
    key = "groups"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        # every branch's groups arrive on a coordinator's computer (decision 0114)
        self.region = state.device is not None and state.device.role == "coordinator"
        columns = [_("Group"), _("Programme"), _("Start"), _("People"), _("Sessions")]
        if self.region:
            columns.insert(1, _("Branch"))
        self.group_model = ListTableModel(columns, self)
        self.session_model = ListTableModel(
            [_("Date"), _("Time"), _("Hours"), _("Place"), _("Lecturer"), _("Marked")], self
        )
        self.groups = table_view("groupTable", self.group_model, (1, 2) if self.region else (0, 1))
        if self.region:  # several branches name groups alike: the whole name tells them apart
            self.groups.horizontalHeader().setSectionResizeMode(
                0, QHeaderView.ResizeMode.ResizeToContents
            )
        self.sessions = table_view("sessionTable", self.session_model, (3, 4))
        self.groups.setAccessibleName(_("Groups"))
        self.sessions.setAccessibleName(_("Sessions of the group"))
        self.groups.selectionModel().currentRowChanged.connect(self._group_changed)
        # a session chosen by hand (none is chosen when every one has marks) enables its buttons
        self.sessions.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        self.sessions.doubleClicked.connect(lambda _i: self.take_attendance())
        self.sessions.activated.connect(lambda _i: self.take_attendance())
        self.show_finished = QCheckBox(_("Show finishe&d groups"), objectName="showFinished")
        self.show_finished.setAccessibleName(_("Show finished groups"))
        self.show_finished.toggled.connect(lambda _on: self.refresh())
        self.branch_choice = BranchChoice(self.refresh) if self.region else None
        self._branch_of: dict[str, str] = {}  # group id -> branch id (coordinator's computer)
        self._branch_names: dict[str, str] = {}
        self.kept_note = Banner()
        self.kept_note.setObjectName("keptNote")
        self.editing = GroupEditing(self)
        self.new_group = self._button("newGroup", _("&New group…"), self.create_group)
        self.change_group = self._button(
            "changeGroup", _("Chang&e the group…"), self.editing.change_group
        )
        self.change_group.setToolTip(
            _("Its name, lecturer, referrer, programme or dates; its sessions and marks stay")
        )
        self.take_out = self._button("takeOut", _("Ta&ke out of the group…"), self.editing.take_out)
        self.take_out.setToolTip(_("A person who left the group; their marks so far stay"))
        self.finish = self._button("finishGroup", _("Finish g&roup…"), self.finish_group)
        self.plan = self._button("planSessions", _("&Plan sessions…"), self.plan_sessions)
        self.change_session = self._button(
            "changeSession", _("Change the sess&ion…"), self.editing.change_session
        )
        self.change_session.setToolTip(
            _("Its date, time, length, lecturer or place; its attendance marks stay")
        )
        self.attend = self._button(
            "takeAttendance", _("Take &attendance (Ctrl+T)"), self.take_attendance
        )
        self.print_sheet = self._button(
            "printSignIn", _("Sign-in &sheet (PDF)…"), lambda: self.print_sign_in()
        )
        self.print_sheet.setToolTip(_("A sheet to print for the session: people sign by name"))
        self.print_certificates = self._button(
            "printCertificates", _("&Certificates (PDF)…"), lambda: self.print_certificates_of()
        )
        self.print_certificates.setToolTip(
            _("One certificate for each person who completed the group")
        )
        self.printing = GroupPrinting(self)
        self.save_copy = self.printing.button
        self.delete_group = self._button(
            "deleteGroup",
            _("Dele&te group…"),
            lambda: self.deleting.ask("training_group", self.group_id()),
        )
        self.delete_group.setToolTip(
            _("For a group created by mistake or that never ran (or press Delete in the list)")
        )
        self.delete_session = self._button(
            "deleteSession",
            _("De&lete session…"),
            lambda: self.deleting.ask("training_session", self.session_id()),
        )
        self.delete_session.setToolTip(
            _("For a session entered twice or on the wrong day (or press Delete in the list)")
        )
        self.sessions_label = QLabel(_("Sessions"))
        self.sessions_label.setBuddy(self.sessions)
        self.groups_label = QLabel(_("Gro&ups"))
        self.groups_label.setBuddy(self.groups)
        self._layout()
        self.dialog: Any = None
        self._catalogue = ""  # where programmes come from here (services.catalogue_rights)
        self._select_group: str | None = None
        self._open_session: str | None = None
        self._sessions_of: str | None = None  # the group whose sessions are listed
        self.deleting = DeleteFlow(self, restored=self._restored)
        self.deleting.watch(
            self.groups, "training_group", lambda: self._changeable(self.group_id())
        )
        self.deleting.watch(
            self.sessions, "training_session", lambda: self._changeable(self.session_id())
        )

    def _button(self, name: str, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.groups_label)
        top.addStretch(1)
        if self.branch_choice is not None:
            top.addWidget(self.branch_choice.label)
            top.addWidget(self.branch_choice.combo)
        top.addWidget(self.show_finished)
        column.addLayout(top)
        column.addWidget(self.groups, 1)
        column.addWidget(self.kept_note)
        row = QHBoxLayout()
        row.addWidget(self.new_group)
        row.addWidget(self.change_group)
        row.addWidget(self.take_out)
        row.addStretch(1)
        column.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.finish)
        row.addWidget(self.delete_group)
        row.addStretch(1)
        row.addWidget(self.print_certificates)
        column.addLayout(row)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.sessions_label)
        side.addWidget(self.sessions, 1)
        row = QHBoxLayout()
        row.addWidget(self.plan)
        row.addWidget(self.change_session)
        row.addWidget(self.delete_session)
        row.addStretch(1)
        side.addLayout(row)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.print_sheet)
        row.addWidget(self.attend)
        side.addLayout(row)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_copy)
        self.body.addLayout(row)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.body.addWidget(split)
        self._enable()

    def focus_first(self) -> None:
        self.groups.setFocus()

    # -- lists ---------------------------------------------------------------------------------

    def group_id(self) -> str | None:
        return self.group_model.id_at(self.groups.currentIndex().row())

    def session_id(self) -> str | None:
        return self.session_model.id_at(self.sessions.currentIndex().row())

    def refresh(self) -> None:
        finished = self.show_finished.isChecked()
        keep = self._select_group or self.group_id()
        self._select_group = None
        if self.branch_choice is not None:
            chosen = self.branch_choice.branch_id()
            self.read(
                lambda unit: queries.region_group_rows(unit.session, chosen, finished=finished)
            ).success(lambda found: self._region_loaded(found, keep)).run_in_background()
            return
        branch = self.branch_id
        self.read(lambda unit: queries.group_rows(unit.session, branch, finished=finished)).success(
            lambda rows: self._groups_loaded(rows, keep)
        ).run_in_background()

    def _region_loaded(self, found: Any, keep: str | None) -> None:
        self._branch_of = found.branch_of
        self._branch_names = dict(found.branches)
        if self.branch_choice is not None:
            self.branch_choice.fill(found.branches)
        self._groups_loaded(found.rows, keep)

    def _groups_loaded(self, rows: list[Any], keep: str | None) -> None:
        self.group_model.set_rows(rows)
        row = self.group_model.row_of(keep) if keep else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.groups.selectRow(row)
            self.groups.setCurrentIndex(self.group_model.index(row, 0))
        else:
            self.session_model.clear()
        self._enable()

    def _group_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.group_id() != self._sessions_of:  # another group: never its predecessor's
            self.session_model.clear()  # sessions (a button could act on them meanwhile)
        self._load_sessions()

    def _load_sessions(self) -> None:
        group_id = self.group_id()
        self._enable()
        if group_id is None:
            self.session_model.clear()
            return
        keep = self._open_session or self.session_id()
        self._open_session = None
        self.read(lambda unit: queries.session_rows(unit.session, group_id)).success(
            lambda rows: self._sessions_loaded(group_id, rows, keep)
        ).run_in_background()

    def _sessions_loaded(self, group_id: str, rows: list[Any], keep: str | None) -> None:
        if group_id != self.group_id():
            return
        self.session_model.set_rows(rows)
        self._sessions_of = group_id
        row = self.session_model.row_of(keep) if keep else -1
        if row < 0:  # the first session without marks is the one to take next
            row = next((i for i, (_sid, cells) in enumerate(rows) if cells[5] == 0), -1)
        if row >= 0:
            self.sessions.selectRow(row)
            self.sessions.setCurrentIndex(self.session_model.index(row, 0))
        self._enable()

    def _enable(self) -> None:
        group_id = self.group_id()
        has_group = group_id is not None
        kept = self.kept_here()
        changes, has_session = has_group and kept, kept and self.session_id() is not None
        self.finish.setEnabled(changes and not self.show_finished.isChecked())
        self.plan.setEnabled(changes)
        self.change_group.setEnabled(changes)
        self.take_out.setEnabled(changes)
        self.delete_group.setEnabled(changes)
        self.change_session.setEnabled(has_session)
        self.delete_session.setEnabled(has_session)
        self.print_certificates.setEnabled(has_group)
        self.attend.setEnabled(has_session)
        self.print_sheet.setEnabled(self.session_id() is not None)
        self.kept_note.show_message("" if kept else self._kept_text(), "info")

    def kept_here(self) -> bool:
        """Whether the selected group is changed on this computer (decision 0114)."""
        group_id = self.group_id()
        if group_id is None or self.branch_choice is None:
            return True
        return changed_here(self.state, self._branch_of.get(group_id))

    def _kept_text(self) -> str:
        branch = self._branch_of.get(self.group_id() or "", "")
        return kept_note(self._branch_names.get(branch, ""))

    def _changeable(self, row_id: str | None) -> str | None:
        """``row_id`` when the selected group is changed here; else None, with the note
        shown in the banner (the Delete key reaches here without a button)."""
        if row_id is not None and not self.kept_here():
            self.banner.show_message(self._kept_text(), "info")
            return None
        return row_id

    # -- actions -------------------------------------------------------------------------------

    def _choices(self, then: Any, *, programmes: bool) -> None:
        from libtrainer.services import catalogue_rights, org  # noqa: PLC0415
        from libtrainer.services import programmes as catalogue  # noqa: PLC0415

        def load(unit: Any) -> tuple[list[Any], list[Any], str]:
            progs = catalogue.list_programmes(unit) if programmes else []
            return progs, org.list_staff(unit), catalogue_rights.catalogue_source(unit.connection)

        def loaded(result: tuple[list[Any], list[Any], str]) -> None:
            progs, staff, self._catalogue = result
            then(progs, staff)

        self.read(load).success(loaded).run_in_background()

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.finished_ok.connect(self._dialog_done)
        dialog.open()

    def _dialog_done(self, changed: Any) -> None:
        created = changed.created.get("training_group") if changed is not None else None
        if created:
            self._select_group = created[0]
            chosen = self.branch_choice.branch_id() if self.branch_choice else None
            if self.branch_choice is not None and chosen not in (None, self.branch_id):
                self.branch_choice.show_all()  # the new group is of this computer's branch
        self.state.notify(changed)

    def create_group(self) -> None:
        self._choices(self._new_group_dialog, programmes=True)

    def _new_group_dialog(self, progs: list[Any], staff: list[Any]) -> None:
        from libtrainer.services import catalogue_rights  # noqa: PLC0415

        source = self._catalogue
        dialog = NewGroupDialog(
            progs,
            staff,
            self.state.staff_id,
            self,
            catalogue=source,
            may_edit=catalogue_rights.may_edit(source, self.state.role),
        )
        dialog.wants_programmes.connect(self._go_to_programmes)
        self._open(dialog)

    def _go_to_programmes(self) -> None:
        window = self.window_()
        screen = window.go("programmes") if window is not None else None  # type: ignore[attr-defined]
        if screen is not None:
            screen.focus_first()

    def plan_sessions(self) -> None:
        group_id = self.group_id()
        if group_id is None:
            return
        self._choices(
            lambda _p, staff: self._open(
                PlanSessionsDialog(group_id, staff, self.state.staff_id, self)
            ),
            programmes=False,
        )

    def finish_group(self) -> None:
        self.editing.finish_group()

    def _restored(self, target: Any) -> None:
        """After an undo the group brought back (or the session's group) is shown again."""
        if target.table == "training_group":
            self._select_group = target.row_id
        else:
            self._open_session = target.row_id

    def _finished_note(self) -> None:
        self.banner.show_message(
            _(
                "The group is finished. Its certificates: tick “Show finished groups”, "
                "choose the group, then “Certificates (PDF)…”."
            ),
            "info",
        )

    def take_attendance(self, session_id: str | None = None) -> AttendanceDialog | None:
        """Open the attendance sheet of ``session_id`` (default: the selected session)."""
        if not session_id:  # the selected one (a button, which passes False; Ctrl+T; a click)
            if not self.kept_here():
                self.banner.show_message(self._kept_text(), "info")
                return None
            session_id = self.session_id()
        if session_id is None:
            self.banner.show_message(
                _("Choose a group and one of its sessions first, or plan a session."), "info"
            )
            return None
        dialog = AttendanceDialog(session_id, self)
        dialog.saved.connect(self._attendance_saved)
        self.dialog = dialog
        dialog.open()
        dialog.load()
        return dialog

    def _attendance_saved(self, changed: Any) -> None:
        self.banner.show_message(_("Attendance saved."), "info")
        self.state.notify(changed)

    # -- printing ------------------------------------------------------------------------------

    def print_sign_in(self, path: str | None = None) -> None:
        """Save the selected session's sign-in sheet as a PDF (asks where), then open it."""
        session_id = self.session_id()
        if session_id is None:
            return
        self._print(
            path,
            _("sign-in-sheet"),
            lambda store, target, lang: _printables().sign_in_sheet(
                store, session_id, target, lang=lang
            ),
        )

    def print_certificates_of(self, path: str | None = None) -> None:
        """Save the certificates of the selected group's people who completed it (a PDF)."""
        group_id = self.group_id()
        if group_id is None:
            return

        def make(store: Any, target: Path, lang: str) -> Any:
            from libtrainer.services import grouplist  # noqa: PLC0415

            with store.read() as conn:  # another branch's unfinished group: it finishes it
                grouplist.check_certificates(conn, group_id)
            return _printables().certificates(store, group_id, target, lang=lang)

        self._print(path, _("certificates"), make)

    def _print(self, path: str | None, stem: str, make: Any) -> None:
        self.printing.print(path, stem, make)

    def save_printout(self, path: str | None = None) -> None:
        """“Save a copy…” of the last printout (:mod:`libtrainer.gui.group_printing`)."""
        self.printing.save_copy(path)

    def open_printout(self, path: Path) -> None:
        open_document(path)

    def clear_personal_data(self) -> None:
        self.printing.forget()
        super().clear_personal_data()


def _printables() -> Any:
    from libtrainer.reports import printables  # noqa: PLC0415 - reportlab only when printing

    return printables


def open_document(path: Path) -> None:
    """Open a saved document with the system's viewer (tests replace this)."""
    from PySide6.QtCore import QUrl  # noqa: PLC0415
    from PySide6.QtGui import QDesktopServices  # noqa: PLC0415

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
