"""The Duplicates screen's "Sessions entered twice?" tab: a coordinator compares two sessions,
merges one into the other after a question, or keeps them apart, by the widgets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from libtrainer.services import attendance, sessions
from libtrainer.store.models import TrainingSession
from tests.conftest import make_store
from tests.gui.conftest import WAIT_MS, fill_branch, idle, open_store, open_window
from tests.gui.test_accessibility import _unnamed

TAB = 3


@pytest.fixture
def doubled(tmp_path: Path) -> tuple[Path, str, str, dict[str, str]]:
    """A coordinator's store: the group's session today at 10:00 and the same session entered
    again at 10:30, each with some marks."""
    store = make_store(tmp_path / "data", role="coordinator")
    try:
        branch = fill_branch(store)
        with store.uow() as uow:
            again = sessions.plan_session(
                uow, dt.date.today(), 2, group_id=branch.group_id, start_time=dt.time(10, 30)
            ).first("training_session")
        people = branch.people
        with store.uow() as uow:
            attendance.record_attendance(
                uow, branch.session_id, {people["Šarūnas Žemaitis"]: "present"}
            )
        with store.uow() as uow:
            attendance.record_attendance(
                uow,
                again,
                {people["Šarūnas Žemaitis"]: "absent", people["Ona Čepienė"]: "present"},
            )
    finally:
        store.close()
    return branch.data_dir, branch.session_id, again, people


def _tab(data_dir: Path, make_state: Any, qtbot: Any) -> tuple[Any, Any]:
    win = open_window(data_dir, make_state, qtbot)
    screen = win.go("duplicates")
    qtbot.waitUntil(lambda: screen.sessions.model.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, win)
    screen.tabs.setCurrentIndex(TAB)
    return win, screen


def _marks(data_dir: Path, session: str) -> dict[str, str] | None:
    store = open_store(data_dir)
    try:
        with store.uow() as uow:
            if uow.session.get(TrainingSession, session) is None:
                return None
            return {m.participant_id: m.mark for m in attendance.marks_of_session(uow, session)}
    finally:
        store.close()


def test_the_pair_is_shown_and_merged_after_a_question(
    doubled: tuple[Path, str, str, dict[str, str]], make_state: Any, qtbot: Any
) -> None:
    """Both sessions side by side (time, marks, computer); Merge asks first with Cancel as
    the default, Cancel changes nothing; confirming keeps the chosen session with every
    mark ("present" wins) and deletes the other."""
    data_dir, first, again, people = doubled
    win, screen = _tab(data_dir, make_state, qtbot)
    tab = screen.sessions
    assert screen.tabs.tabText(TAB) == "Sessions entered twice? (1)"
    assert _unnamed(screen) == []
    pair = tab.chosen()
    assert {pair.first.id, pair.second.id} == {first, again}
    shown = tab.first.details.text() + tab.second.details.text()
    assert "10:00 (2 acad. h)" in shown and "10:30 (2 acad. h)" in shown
    assert "2 marks (1 present)" in shown and "Entered on computer “Skaitykla PC-1”" in shown
    assert "Group: Senjorų grupė" in shown and "People marked at both sessions: 1" in (
        tab.shared.text()
    )
    keep_box = tab.first if pair.first.id == first else tab.second
    keep_box.keep.click()
    qtbot.mouseClick(tab.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is not None, timeout=WAIT_MS)
    dialog = tab.dialog
    assert dialog.cancel.isDefault() and "1 mark of it is recorded" in dialog.text.text()
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=WAIT_MS)
    assert _marks(data_dir, again) is not None
    qtbot.mouseClick(tab.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is not None, timeout=WAIT_MS)
    qtbot.mouseClick(tab.dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Merged" in screen.banner.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)
    idle(qtbot, win)
    assert tab.model.rowCount() == 0 and not tab.merge_button.isEnabled()
    assert screen.tabs.tabText(TAB) == "Sessions entered twice?"
    assert _marks(data_dir, again) is None
    assert _marks(data_dir, first) == {
        people["Šarūnas Žemaitis"]: "present",
        people["Ona Čepienė"]: "present",
    }


def test_different_sessions_are_not_offered_again(
    doubled: tuple[Path, str, str, dict[str, str]], make_state: Any, qtbot: Any
) -> None:
    """ "Different sessions" empties the list, also after the screen is read again; both
    sessions stay."""
    data_dir, first, again, _people = doubled
    win, screen = _tab(data_dir, make_state, qtbot)
    qtbot.mouseClick(screen.sessions.different_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "different sessions" in screen.banner.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)
    idle(qtbot, win)
    screen.refresh()
    idle(qtbot, win)
    assert screen.sessions.model.rowCount() == 0
    assert _marks(data_dir, first) is not None and _marks(data_dir, again) is not None
