"""Attendance marks on the sheet: excused by keyboard, and no marks before a session's day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from libtrainer.domain import rules
from tests.gui.conftest import WAIT_MS, idle
from tests.gui.test_attendance import _marks, _sheet


def _highlight(dialog: Any, text: str) -> None:
    dialog.list.setFocus()
    QTest.keyClicks(dialog.list, text)
    assert dialog.proxy.rowCount() == 1


def test_ctrl_e_marks_an_excused_absence_that_save_records(window: Any, qtbot: Any) -> None:
    """Space ticks Šarūnas present; Ctrl+E on Ona marks her excused (said after her name and
    counted); Save records present, excused and absent; the sheet opens again with them."""
    dialog = _sheet(window, qtbot)
    _highlight(dialog, "sar")
    QTest.keyClick(dialog.list, Qt.Key.Key_Space)
    dialog.filter.clear()
    _highlight(dialog, "cep")
    QTest.keyClick(dialog.list, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert dialog.marks()[window.branch.people["Ona Čepienė"]] == "excused"
    assert "excused: 1" in dialog.count.text() and "1 of 3" in dialog.count.text()
    assert dialog.unsaved() == 2
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window)
    assert _marks(window) == {"Šarūnas": "present", "Ona": "excused", "Jonas": "absent"}
    again = _sheet(window, qtbot)
    texts = [again.model.item(r).text() for r in range(3)]
    assert "Čepienė Ona — excused" in texts and again.unsaved() == 0


def test_excused_toggles_back_and_space_makes_an_excused_person_present(
    window: Any, qtbot: Any
) -> None:
    """Ctrl+E twice gives absent back; the Excused button then Space: present (and the count
    no longer shows anyone excused)."""
    dialog = _sheet(window, qtbot)
    ona = window.branch.people["Ona Čepienė"]
    _highlight(dialog, "cep")
    QTest.keyClick(dialog.list, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(dialog.list, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert dialog.marks()[ona] == "absent"
    qtbot.mouseClick(dialog.excused, Qt.MouseButton.LeftButton)
    assert dialog.marks()[ona] == "excused"
    QTest.keyClick(dialog.list, Qt.Key.Key_Space)
    assert dialog.marks()[ona] == "present" and "excused" not in dialog.count.text()


def test_the_right_click_menu_goes_from_any_mark_to_any_other(window: Any, qtbot: Any) -> None:
    """The set_mark behind the right-click menu moves a row between all three marks, its
    check box and text following (present → excused unticks and says "excused")."""
    dialog = _sheet(window, qtbot)
    item = dialog.model.item(0)
    pid = item.data(Qt.ItemDataRole.UserRole + 1)
    for mark in ("present", "excused", "present", "absent", "excused", "absent", "present"):
        dialog.set_mark(item, mark)
        assert dialog.marks()[pid] == mark
        assert (item.checkState() == Qt.CheckState.Checked) == (mark == "present")
        assert item.text().endswith("— excused") == (mark == "excused")


@pytest.fixture
def tomorrow_is_the_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """The computer's date is the day before the fixture's session (dated today)."""
    yesterday = dt.date.today() - dt.timedelta(days=1)
    monkeypatch.setattr(rules, "today", lambda: yesterday)


def test_a_session_not_held_yet_locks_its_marks_and_says_why(
    window: Any, qtbot: Any, tomorrow_is_the_session: None
) -> None:
    """A session dated after today: a line says it has not taken place; Space, Ctrl+E and
    the check boxes change nothing; Save is off and Ctrl+S records nothing."""
    dialog = _sheet(window, qtbot)
    assert dialog.not_held.isVisible()
    assert "has not taken place yet" in dialog.not_held.text()
    assert not dialog.save_button.isEnabled() and not dialog.excused.isEnabled()
    _highlight(dialog, "sar")
    QTest.keyClick(dialog.list, Qt.Key.Key_Space)
    QTest.keyClick(dialog.list, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog.filter.clear()
    QTest.keyClick(dialog.filter, Qt.Key.Key_Space)
    assert not dialog.model.item(0).isCheckable()
    assert dialog.present_ids() == [] and dialog.unsaved() == 0
    QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window)
    assert dialog.isVisible() and _marks(window) == {}


def test_a_person_added_before_the_day_joins_the_group_unticked(
    window: Any, qtbot: Any, tomorrow_is_the_session: None
) -> None:
    """On a sheet not held yet a new person is saved into the group but not ticked, and the
    sheet closes without a question."""
    dialog = _sheet(window, qtbot)
    row = dialog.new_row
    row.given.setText("Ieva")
    row.family.setText("Kazlauskaitė")
    row.year.setText("1990")
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)
    assert dialog.present_ids() == []
    assert "added to the group (saved now)" in dialog.message.text()
    dialog.reject()
    assert not dialog.isVisible()


def test_sheet_of_a_session_held_today_shows_no_not_held_line(window: Any, qtbot: Any) -> None:
    """A session dated today is held: no explanation line, Save on."""
    dialog = _sheet(window, qtbot)
    assert not dialog.not_held.isVisible() and dialog.save_button.isEnabled()
