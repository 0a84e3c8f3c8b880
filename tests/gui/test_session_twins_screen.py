"""The Duplicates screen's "Sessions entered twice" tab: a coordinator compares two sessions
side by side and decides "Same session", "Not the same" or "Separate", by the widgets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from libtrainer.services import attendance, groups, session_twins, sessions
from tests.conftest import make_store
from tests.gui.conftest import WAIT_MS, fill_branch, idle, open_store, open_window
from tests.gui.test_accessibility import _unnamed


@pytest.fixture
def copied(tmp_path: Path) -> tuple[Path, str, str]:
    """A coordinator's store with the branch's session today at 10:00 and the lecturer's
    copy of it in another group at 10:15, the same three people marked at both."""
    store = make_store(tmp_path / "data", role="coordinator")
    try:
        branch = fill_branch(store)
        with store.uow() as uow:
            programme = _programme_of(uow, branch.group_id)
            group = groups.create_group(uow, programme, "Senjorų grupė (nešiojamas)").first(
                "training_group"
            )
        with store.uow() as uow:
            copy = sessions.plan_session(
                uow, dt.date.today(), 2, group_id=group, start_time=dt.time(10, 15)
            ).first("training_session")
        for sid in (branch.session_id, copy):
            with store.uow() as uow:
                attendance.record_attendance(
                    uow, sid, dict.fromkeys(branch.people.values(), "present")
                )
    finally:
        store.close()
    return branch.data_dir, branch.session_id, copy


def _programme_of(uow: Any, group_id: str) -> str:
    """The programme of the group ``group_id``."""
    from libtrainer.store.models import TrainingGroup  # noqa: PLC0415

    return str(uow.session.get(TrainingGroup, group_id).programme_id)


def _decisions(data_dir: Path) -> int:
    store = open_store(data_dir)
    try:
        with store.uow() as uow:
            return len(session_twins.counted_as_one(uow))
    finally:
        store.close()


def _tab(data_dir: Path, make_state: Any, qtbot: Any) -> tuple[Any, Any, Any]:
    win = open_window(data_dir, make_state, qtbot)
    screen = win.go("duplicates")
    tab = screen.sessions
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=WAIT_MS)
    screen.tabs.setCurrentWidget(tab)
    idle(qtbot, win)
    return win, screen, tab


def test_same_session_then_separate(
    copied: tuple[Path, str, str], make_state: Any, qtbot: Any
) -> None:
    """Both sessions are shown side by side with the people at both; "Same session" moves
    the pair to the sessions counted as one, and "Separate" brings it back."""
    data_dir, _own, _copy = copied
    win, screen, tab = _tab(data_dir, make_state, qtbot)
    assert _unnamed(tab) == []
    assert "(1)" in screen.tabs.tabText(3)
    assert tab.model.data(tab.model.index(0, 4)) == "3"
    shown = tab.first.details.text() + tab.second.details.text()
    assert "10:00–11:30" in shown and "10:15–11:45" in shown and "Senjorų grupė" in shown
    qtbot.mouseClick(tab.same_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "one session" in screen.banner.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tab.counted.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, win)
    assert tab.model.rowCount() == 0 and not tab.same_button.isEnabled()
    assert _decisions(data_dir) == 1
    tab.counted_view.setCurrentIndex(tab.counted.index(0, 0))
    qtbot.mouseClick(tab.separate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, win)
    assert tab.counted.rowCount() == 0 and _decisions(data_dir) == 0


def test_not_the_same_is_not_offered_again(
    copied: tuple[Path, str, str], make_state: Any, qtbot: Any
) -> None:
    """ "Not the same" empties the list, also after the screen is read again."""
    data_dir, _own, _copy = copied
    win, screen, tab = _tab(data_dir, make_state, qtbot)
    qtbot.mouseClick(tab.different_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not be offered again" in screen.banner.text(), timeout=WAIT_MS)
    screen.refresh()
    idle(qtbot, win)
    assert tab.model.rowCount() == 0 and screen.tabs.tabText(3) == "Sessions entered twice"
