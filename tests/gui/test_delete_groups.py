"""Deleting a session or a group from the Groups & sessions screen: the question first
(Cancel is the default), the Delete key, undo with the attendance marks, who may delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from libtrainer.domain.ids import fact_id
from libtrainer.services import attendance, records, sessions
from libtrainer.store.models import Account, Attendance, Clock, TrainingGroup, TrainingSession
from libtrainer.store.store import Store
from tests.gui.conftest import WAIT_MS, BranchData, idle, open_store, open_window


def _with_store(branch: BranchData, work: Callable[[Store], Any]) -> Any:
    store = open_store(branch.data_dir)
    try:
        return work(store)
    finally:
        store.close()


def _count(branch: BranchData, model: Any) -> int:
    def count(store: Store) -> int:
        with store.read() as conn:
            return int(conn.execute(select(func.count()).select_from(model)).scalar_one())

    return int(_with_store(branch, count))


def _mark_everyone(branch: BranchData) -> None:
    def mark(store: Store) -> None:
        with store.uow() as uow:
            attendance.record_attendance(
                uow, branch.session_id, dict.fromkeys(branch.people.values(), "present")
            )

    _with_store(branch, mark)


@pytest.fixture
def marked(branch: BranchData, make_state: Any, qtbot: Any) -> Any:
    """The window (as the administrator) on the Groups screen; the session has 3 marks."""
    _mark_everyone(branch)
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, window)
    screen.sessions.setCurrentIndex(screen.session_model.index(0, 0))  # a marked one is not
    assert screen.session_id() == branch.session_id  # chosen by itself
    return window, screen, branch


def _question(qtbot: Any, screen: Any) -> Any:
    qtbot.waitUntil(
        lambda: screen.deleting.dialog is not None and screen.deleting.dialog.isVisible(),
        timeout=WAIT_MS,
    )
    return screen.deleting.dialog


def test_deleting_a_session_asks_first_naming_it_and_its_marks(marked: Any, qtbot: Any) -> None:
    """The question names the group and the date, counts the marks, says it goes to the
    coordinator; Cancel is the default button. Confirming deletes the session and its marks."""
    window, screen, branch = marked
    qtbot.mouseClick(screen.delete_session, Qt.MouseButton.LeftButton)
    dialog = _question(qtbot, screen)
    text = dialog.text.text()
    assert "“Senjorų grupė”" in text
    assert "10:00" in text
    assert "3 attendance marks will be deleted with it." in text
    assert "sent to the coordinator" in text
    assert dialog.cancel.isDefault() and not dialog.confirm.isDefault()
    assert _count(branch, TrainingSession) == 1  # nothing happens before the answer
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 0, timeout=WAIT_MS)
    idle(qtbot, window)
    assert _count(branch, TrainingSession) == 0
    assert _count(branch, Attendance) == 0
    assert screen.deleting.bar.isVisible()
    assert "Deleted: the session of" in screen.deleting.bar.text.text()


def test_the_delete_key_asks_the_same_and_cancel_changes_nothing(marked: Any, qtbot: Any) -> None:
    """Delete on the selected session opens the same question; Enter answers Cancel (the
    default) and Escape as well: the session and its marks stay."""
    window, screen, branch = marked
    window.show()
    screen.sessions.setFocus()
    QTest.keyClick(screen.sessions, Qt.Key.Key_Delete)
    dialog = _question(qtbot, screen)
    assert "3 attendance marks" in dialog.text.text()
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    QTest.keyClick(screen.sessions, Qt.Key.Key_Delete)
    dialog = _question(qtbot, screen)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert _count(branch, TrainingSession) == 1
    assert _count(branch, Attendance) == 3
    assert screen.session_model.rowCount() == 1
    assert not screen.deleting.offered


def test_undo_brings_the_session_back_with_its_marks(marked: Any, qtbot: Any) -> None:
    """Undo after the delete re-inserts the session and its 3 marks, as restores (causal
    length 3) that sync; the session is shown again."""
    window, screen, branch = marked
    screen.sessions.setFocus()
    QTest.keyClick(screen.sessions, Qt.Key.Key_Delete)
    dialog = _question(qtbot, screen)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.deleting.offered, timeout=WAIT_MS)
    with qtbot.waitSignal(screen.deleting.finished, timeout=WAIT_MS):
        qtbot.mouseClick(screen.deleting.bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, window)
    assert screen.session_id() == branch.session_id
    assert "Brought back: the session of" in screen.banner.text()
    assert not screen.deleting.bar.isVisible() and not screen.deleting.offered
    assert _count(branch, Attendance) == 3
    mark = fact_id("attendance", branch.session_id, branch.people["Ona Čepienė"])

    def clock(store: Store) -> int:
        with store.read() as conn:
            return int(
                conn.execute(
                    select(Clock.cl).where(Clock.row_id == mark, Clock.field == "*")
                ).scalar_one()
            )

    assert _with_store(branch, clock) == 3


def test_ctrl_z_undoes_while_the_offer_stands(marked: Any, qtbot: Any) -> None:
    """Ctrl+Z on the screen (outside a text field) is the keyboard way to Undo."""
    window, screen, branch = marked
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    screen.sessions.setFocus()
    QTest.keyClick(screen.sessions, Qt.Key.Key_Delete)
    qtbot.mouseClick(_question(qtbot, screen).confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.deleting.offered, timeout=WAIT_MS)
    window.activateWindow()  # the closed question gives the focus back (offscreen: by hand)
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    screen.groups.setFocus()
    with qtbot.waitSignal(screen.deleting.finished, timeout=WAIT_MS):
        QTest.keyClick(screen.groups, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window)
    assert _count(branch, TrainingSession) == 1


def test_the_undo_offer_ends_with_the_next_change(marked: Any, qtbot: Any) -> None:
    """Another change (here: planning sessions) withdraws the offer and drops the snapshot."""
    window, screen, branch = marked
    qtbot.mouseClick(screen.delete_session, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_question(qtbot, screen).confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.deleting.offered, timeout=WAIT_MS)
    screen.plan_sessions()
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    qtbot.mouseClick(screen.dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.deleting.offered, timeout=WAIT_MS)
    assert not screen.deleting.bar.isVisible()
    assert screen.deleting._snapshot is None


def test_deleting_a_group_counts_its_sessions_marks_and_enrolments(marked: Any, qtbot: Any) -> None:
    """The group's question counts what goes with it; after the delete the list is empty and
    undo brings the group back, selected, with its session."""
    window, screen, branch = marked
    screen.groups.setFocus()
    QTest.keyClick(screen.groups, Qt.Key.Key_Delete)
    dialog = _question(qtbot, screen)
    text = dialog.text.text()
    assert "the group “Senjorų grupė” (Public e-services)" in text
    assert "1 session, 3 attendance marks and 3 group enrolments will be deleted" in text
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.group_model.rowCount() == 0, timeout=WAIT_MS)
    idle(qtbot, window)
    assert _count(branch, TrainingGroup) == 0
    qtbot.mouseClick(screen.deleting.bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 1, timeout=WAIT_MS)
    assert screen.group_id() == branch.group_id


def _staff_of(branch: BranchData, login: str) -> str:
    def find(store: Store) -> str:
        with store.read() as conn:
            return str(
                conn.execute(select(Account.staff_id).where(Account.login == login)).scalar_one()
            )

    return str(_with_store(branch, find))


def test_a_lecturer_deletes_only_sessions_they_lead(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """Signed in as a lecturer: a session led by nobody (or someone else) is refused with a
    message and no question; the lecturer's own session can be deleted."""
    jonas = _staff_of(branch, "jonas")

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
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 2, timeout=WAIT_MS)
    screen.sessions.setCurrentIndex(
        screen.session_model.index(screen.session_model.row_of(branch.session_id), 0)
    )
    qtbot.mouseClick(screen.delete_session, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "only sessions you lead" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.deleting.dialog is None
    QTest.keyClick(screen.groups, Qt.Key.Key_Delete)  # the group: not all its sessions are his
    qtbot.waitUntil(lambda: "only a group you lead" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.deleting.dialog is None
    screen.sessions.setCurrentIndex(screen.session_model.index(screen.session_model.row_of(own), 0))
    qtbot.mouseClick(screen.delete_session, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_question(qtbot, screen).confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 1, timeout=WAIT_MS)
    assert screen.session_id() == branch.session_id


def test_a_delete_the_store_refuses_shows_its_message_and_changes_nothing(
    marked: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the service restricts the delete (here: marks made to restrict their session),
    its message is shown, no question is asked and nothing changes."""
    window, screen, branch = marked
    monkeypatch.setitem(records.POLICIES, ("attendance", "session_id"), records.Policy.RESTRICT)
    qtbot.mouseClick(screen.delete_session, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "archive it instead" in screen.banner.text(), timeout=WAIT_MS)
    assert "(3)" in screen.banner.text()
    assert screen.deleting.dialog is None
    idle(qtbot, window)
    assert _count(branch, TrainingSession) == 1 and _count(branch, Attendance) == 3


def test_an_undo_that_can_no_longer_work_says_so_and_ends_the_offer(
    marked: Any, qtbot: Any
) -> None:
    """When the group went meanwhile (deleted behind the window's back), Undo says it can no
    longer be undone, writes nothing and withdraws the offer."""
    window, screen, branch = marked
    qtbot.mouseClick(screen.delete_session, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_question(qtbot, screen).confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.deleting.offered, timeout=WAIT_MS)
    idle(qtbot, window)

    def delete_group(store: Store) -> None:
        with store.uow() as uow:
            records.delete(uow, "training_group", branch.group_id)

    _with_store(branch, delete_group)
    assert screen.deleting.offered
    qtbot.mouseClick(screen.deleting.bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "can no longer be undone" in screen.banner.text(), timeout=WAIT_MS)
    assert not screen.deleting.offered and not screen.deleting.bar.isVisible()
    assert _count(branch, TrainingSession) == 0


def test_a_sync_or_import_notice_ends_the_undo_offer(marked: Any, qtbot: Any) -> None:
    """A notice without details (a sync merged, a register imported) ends the offer: the import
    may have entered the deleted records again, and an undo would then double them."""
    window, screen, _branch = marked
    qtbot.mouseClick(screen.delete_session, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_question(qtbot, screen).confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.deleting.offered, timeout=WAIT_MS)
    idle(qtbot, window)
    window.state.notify(None)
    assert not screen.deleting.offered and not screen.deleting.bar.isVisible()
