"""Groups & sessions: changing a group or a session, taking a person out, finishing with
attendance shown — without losing marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from libtrainer.services import attendance, groups, sessions
from libtrainer.store.models import Account, Attendance, Enrolment, TrainingGroup, TrainingSession
from libtrainer.store.store import Store
from tests.gui.conftest import WAIT_MS, BranchData, idle, open_store, open_window


def _with_store(branch: BranchData, work: Callable[[Store], Any]) -> Any:
    store = open_store(branch.data_dir)
    try:
        return work(store)
    finally:
        store.close()


def _rows(branch: BranchData, stmt: Any) -> list[Any]:
    def read(store: Store) -> list[Any]:
        with store.read() as conn:
            return list(conn.execute(stmt))

    return list(_with_store(branch, read))


def _mark(branch: BranchData, marks: dict[str, str]) -> None:
    def mark(store: Store) -> None:
        with store.uow() as uow:
            attendance.record_attendance(uow, branch.session_id, marks)

    _with_store(branch, mark)


def _screen(window: Any, qtbot: Any) -> Any:
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_model.rowCount() >= 1, timeout=WAIT_MS)
    idle(qtbot, window)
    screen.sessions.setCurrentIndex(screen.session_model.index(0, 0))
    return screen


def _dialog(qtbot: Any, screen: Any, name: str) -> Any:
    qtbot.waitUntil(
        lambda: (
            screen.dialog is not None
            and screen.dialog.objectName() == name
            and screen.dialog.isVisible()
        ),
        timeout=WAIT_MS,
    )
    return screen.dialog


@pytest.fixture
def marked(branch: BranchData, make_state: Any, qtbot: Any) -> Any:
    """Two present and one absent at today's session; the administrator's Groups screen."""
    people = list(branch.people.values())
    _mark(branch, {people[0]: "present", people[1]: "present", people[2]: "absent"})
    window = open_window(branch.data_dir, make_state, qtbot)
    return window, _screen(window, qtbot), branch


def test_change_the_group_is_filled_and_writes_only_what_changed(
    marked: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Change the group…: the form shows the group's values; renaming it sends only the
    name, and the list shows the new name."""
    window, screen, branch = marked
    sent: list[dict[str, Any]] = []
    real = groups.edit_group

    def spy(uow: Any, group_id: str, **changes: Any) -> Any:
        sent.append(changes)
        return real(uow, group_id, **changes)

    monkeypatch.setattr(groups, "edit_group", spy)
    qtbot.mouseClick(screen.change_group, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, screen, "changeGroupDialog")
    assert dialog.name.text() == "Senjorų grupė"
    assert dialog.programme.currentText() == "Public e-services"
    assert dialog.start.value() == dt.date.today() and not dialog.has_end.isChecked()
    dialog.name.setText("Senjorų grupė (rytinė)")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.group_model.index(0, 0).data() == "Senjorų grupė (rytinė)",
        timeout=WAIT_MS,
    )
    assert sent == [{"name": "Senjorų grupė (rytinė)"}]
    assert len(_rows(branch, select(Attendance.id))) == 3


def test_a_refused_group_field_shows_its_message_under_the_field(marked: Any, qtbot: Any) -> None:
    """An empty name is refused under the name field, named as the form labels it ("Group
    name", not the core's "Name"); the dialog stays open, nothing saved."""
    window, screen, branch = marked
    qtbot.mouseClick(screen.change_group, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, screen, "changeGroupDialog")
    dialog.name.setText("   ")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error("name") != "", timeout=WAIT_MS)
    assert "Group name" in dialog.field_error("name")
    assert dialog.isVisible() and dialog.message.isHidden()
    assert dialog.name.hasFocus() or dialog.focusWidget() is dialog.name
    assert _rows(branch, select(TrainingGroup.name)) == [("Senjorų grupė",)]


def test_moving_a_session_in_the_window_keeps_its_marks(marked: Any, qtbot: Any) -> None:
    """Change the session…: a new date (the day before: a session with people present cannot
    move to a day not come yet), time and length are saved on the same session; its three
    marks stay and the list still counts them."""
    window, screen, branch = marked
    qtbot.mouseClick(screen.change_session, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, screen, "changeSessionDialog")
    assert dialog.date.value() == dt.date.today()
    assert dialog.time.value() == dt.time(10, 0) and dialog.hours.value() == 2
    assert not dialog.count.isVisible()  # one session, no series
    moved = dt.date.today() - dt.timedelta(days=1)
    dialog.date.set_value(moved)
    dialog.time.set_value(dt.time(13, 30))
    dialog.hours.setValue(3)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.session_model.index(0, 1).data() == "13:30", timeout=WAIT_MS)
    assert screen.session_model.index(0, 5).data() == "3"
    rows = _rows(
        branch,
        select(TrainingSession.id, TrainingSession.date, TrainingSession.academic_hours),
    )
    assert rows == [(branch.session_id, moved, 3)]
    marks = _rows(branch, select(func.count()).where(Attendance.session_id == branch.session_id))
    assert marks == [(3,)]


def test_take_out_asks_first_then_keeps_the_marks(marked: Any, qtbot: Any) -> None:
    """Take out of the group…: the person is chosen, the question says their marks stay;
    Cancel changes nothing, Take out marks the enrolment dropped and keeps the mark."""
    window, screen, branch = marked
    qtbot.mouseClick(screen.take_out, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, screen, "takeOutDialog")
    assert dialog.people.count() == 3
    dialog.people.setCurrentRow(1)
    pid = dialog.chosen()[0]
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    question = dialog.question
    assert question is not None and question.isVisible()
    assert "marks so far stay" in question.text.text()
    assert question.cancel.isDefault()
    qtbot.mouseClick(question.cancel, Qt.MouseButton.LeftButton)
    assert {s for (s,) in _rows(branch, select(Enrolment.status))} == {"enrolled"}
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.question.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Taken out" in screen.banner.text(), timeout=WAIT_MS)
    dropped = _rows(branch, select(Enrolment.participant_id).where(Enrolment.status == "dropped"))
    assert dropped == [(pid,)]
    assert len(_rows(branch, select(Attendance.id).where(Attendance.participant_id == pid))) == 1


def test_finishing_shows_attendance_and_ticks_only_those_who_came(marked: Any, qtbot: Any) -> None:
    """Finish group…: each person shows "n of 1 session"; the two present are ticked, the
    absent one is not."""
    window, screen, branch = marked
    qtbot.mouseClick(screen.finish, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, screen, "finishGroupDialog")
    texts = {dialog.people.item(i).text() for i in range(dialog.people.count())}
    assert texts == {
        "Žemaitis Šarūnas — 1 of 1 session",
        "Čepienė Ona — 1 of 1 session",
        "Cukras Jonas — 0 of 1 session",
    }
    people = branch.people
    assert sorted(dialog.completed()) == sorted([people["Šarūnas Žemaitis"], people["Ona Čepienė"]])
    assert "75%" in dialog.rule.text()


def test_finishing_before_a_planned_session_is_refused_under_the_end_date(
    marked: Any, qtbot: Any
) -> None:
    """An end date before a planned session of the group is refused under the end date,
    naming the session's day; the group stays open."""
    window, screen, branch = marked
    later = dt.date.today() + dt.timedelta(days=3)

    def plan(store: Store) -> None:
        with store.uow() as uow:
            sessions.plan_session(uow, later, 2, group_id=branch.group_id)

    _with_store(branch, plan)
    qtbot.mouseClick(screen.finish, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, screen, "finishGroupDialog")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error("end_date") != "", timeout=WAIT_MS)
    assert later.isoformat() in dialog.field_error("end_date")
    assert dialog.isVisible()
    assert _rows(branch, select(TrainingGroup.finished)) == [(False,)]


def test_a_lecturer_changes_only_what_they_lead(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """Signed in as a lecturer: a group and a session led by nobody are refused with a
    message; a session they lead opens for a change."""
    (jonas,) = _rows(branch, select(Account.staff_id).where(Account.login == "jonas"))[0]

    def plan(store: Store) -> str:
        with store.uow() as uow:
            return sessions.plan_session(
                uow,
                dt.date.today() + dt.timedelta(days=7),
                2,
                group_id=branch.group_id,
                lecturer_id=jonas,
            ).first("training_session")

    own = _with_store(branch, plan)
    window = open_window(branch.data_dir, make_state, qtbot, login="jonas")
    screen = _screen(window, qtbot)
    qtbot.mouseClick(screen.change_group, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "only a group you lead" in screen.banner.text(), timeout=WAIT_MS)
    screen.sessions.setCurrentIndex(
        screen.session_model.index(screen.session_model.row_of(branch.session_id), 0)
    )
    qtbot.mouseClick(screen.change_session, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "only sessions you lead" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.dialog is None
    screen.sessions.setCurrentIndex(screen.session_model.index(screen.session_model.row_of(own), 0))
    qtbot.mouseClick(screen.change_session, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, screen, "changeSessionDialog")
    assert dialog.lecturer.code() == jonas


def test_a_session_of_minutes_opens_in_minutes_and_changes_by_minutes(
    marked: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Change the session…: 100 minutes are saved as minutes, reopen in minutes, resent never."""
    window, screen, branch = marked
    sent: list[dict[str, Any]] = []
    real = sessions.edit_session

    def spy(uow: Any, session_id: str, **changes: Any) -> Any:
        sent.append(changes)
        return real(uow, session_id, **changes)

    monkeypatch.setattr(sessions, "edit_session", spy)
    qtbot.mouseClick(screen.change_session, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, screen, "changeSessionDialog")
    assert (dialog.hours.value(), dialog.minutes.value()) == (2, 90)
    dialog.minutes.setValue(100)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.session_model.index(0, 2).data() == "2.22", timeout=WAIT_MS)
    assert sent == [{"minutes": 100}]
    hours = _rows(branch, select(TrainingSession.academic_hours))
    assert hours == [(100 / 45,)]
    qtbot.waitUntil(lambda: screen.dialog is None or not screen.dialog.isVisible(), timeout=WAIT_MS)
    qtbot.mouseClick(screen.change_session, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, screen, "changeSessionDialog")
    assert (dialog.hours.value(), dialog.minutes.value()) == (2.22, 100)
    assert dialog.length() == {"minutes": 100} and dialog.changes() == {}
    dialog.topic.setText("E. bankininkystė")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(sent) == 2, timeout=WAIT_MS)
    assert sent[1] == {"topic": "E. bankininkystė"}
    assert _rows(branch, select(TrainingSession.academic_hours)) == [(100 / 45,)]
