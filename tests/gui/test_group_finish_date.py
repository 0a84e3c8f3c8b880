"""Finish group…: the end date starts at the group's last session held, cannot be after today,
and says which report month the completions count in (decision 0359)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from libtrainer.services import attendance, groups, sessions
from libtrainer.store.models import TrainingGroup
from libtrainer.store.store import Store
from tests.gui.conftest import WAIT_MS, BranchData, idle, open_store, open_window

HELD = dt.date.today() - dt.timedelta(days=40)


def _move_the_session_back(branch: BranchData) -> None:
    """The fixture's session (today) becomes one held 40 days ago, everyone present."""
    store: Store = open_store(branch.data_dir)
    try:
        with store.uow() as uow:
            groups.edit_group(uow, branch.group_id, start_date=HELD - dt.timedelta(days=20))
        with store.uow() as uow:
            sessions.edit_session(uow, branch.session_id, date=HELD)
        with store.uow() as uow:
            attendance.record_attendance(
                uow, branch.session_id, dict.fromkeys(branch.people.values(), "present")
            )
    finally:
        store.close()


def _finish_dialog(window: Any, qtbot: Any) -> Any:
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_model.rowCount() >= 1, timeout=WAIT_MS)
    idle(qtbot, window)
    qtbot.mouseClick(screen.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.objectName() == "finishGroupDialog",
        timeout=WAIT_MS,
    )
    return screen.dialog


def test_the_end_date_starts_at_the_last_session_held(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """A group whose last session was 40 days ago: the end date shows that day, no later day
    than today can be chosen, and finishing dates the group by that session."""
    _move_the_session_back(branch)
    window = open_window(branch.data_dir, make_state, qtbot)
    dialog = _finish_dialog(window, qtbot)
    assert dialog.end.value() == HELD
    today = dt.date.today()
    assert dialog.end.maximumDate() == QDate(today.year, today.month, today.day)
    assert "month of the end date" in dialog.end_note.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    store = open_store(branch.data_dir)
    try:
        with store.read() as conn:
            row = conn.execute(select(TrainingGroup.end_date, TrainingGroup.finished)).one()
    finally:
        store.close()
    assert tuple(row) == (HELD, True)


def test_a_later_end_date_is_warned_about(branch: BranchData, make_state: Any, qtbot: Any) -> None:
    """Choosing today instead of the last session's day: the note under the date names the
    last session's day and says the completions move to a later month."""
    _move_the_session_back(branch)
    window = open_window(branch.data_dir, make_state, qtbot)
    dialog = _finish_dialog(window, qtbot)
    dialog.end.set_value(dt.date.today())
    note = dialog.end_note.text()
    assert "The last session was on" in note and "later month" in note
    dialog.end.set_value(HELD)
    assert "later month" not in dialog.end_note.text()
