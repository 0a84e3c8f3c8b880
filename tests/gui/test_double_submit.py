"""Saving twice quickly (double click, Enter twice) writes one record; a series of sessions
that cannot be saved whole is not saved in part."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from libtrainer.store.models import Consultation, Participant, TrainingSession, Volunteer
from tests.gui.conftest import WAIT_MS, idle, open_store


def _click_twice(qtbot: Any, button: Any) -> None:
    """Two quick clicks, as a double click on a Save button gives."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _count(window: Any, stmt: Any) -> int:
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            return int(conn.execute(stmt).scalar_one())
    finally:
        store.close()


def test_double_click_on_save_logs_one_consultation(window: Any, qtbot: Any) -> None:
    """Two clicks on Save before the first finishes log the consultation once."""
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    screen.topics.first().click()
    _click_twice(qtbot, screen.save_button)
    qtbot.waitUntil(lambda: screen.banner.text() == "Consultation saved.", timeout=WAIT_MS)
    idle(qtbot, window)
    assert _count(window, select(func.count()).select_from(Consultation)) == 1


def test_double_click_on_save_adds_one_participant(window: Any, qtbot: Any) -> None:
    """Two clicks on Save for a new person add that person once."""
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    screen.new_participant()
    screen.form.given.setText("Petras")
    screen.form.family.setText("Naujokas")
    _click_twice(qtbot, screen.save_button)
    qtbot.waitUntil(lambda: "Saved: Petras Naujokas" in screen.banner.text(), timeout=WAIT_MS)
    idle(qtbot, window)
    stmt = select(func.count()).where(Participant.family_name == "Naujokas")
    assert _count(window, stmt) == 1


def test_double_click_on_add_escout_adds_one(window: Any, qtbot: Any) -> None:
    """Two clicks on "Add e-scout" add the volunteer once."""
    screen = window.go("escouts")
    idle(qtbot, window)
    screen.given.setText("Dovilė")
    screen.family.setText("Kartaitė")
    screen.year.setText(str(dt.date.today().year - 20))
    _click_twice(qtbot, screen.add_person)
    qtbot.waitUntil(lambda: screen.banner.text() == "E-scout added.", timeout=WAIT_MS)
    idle(qtbot, window)
    stmt = select(func.count()).where(Volunteer.family_name == "Kartaitė")
    assert _count(window, stmt) == 1


def test_pressing_add_twice_on_the_attendance_sheet_adds_one_person(
    window: Any, qtbot: Any
) -> None:
    """Add pressed twice for a new person on the sheet creates and lists them once."""
    from libtrainer.gui.attendance import AttendanceDialog

    dialog = AttendanceDialog(window.branch.session_id, window)
    dialog.show()
    dialog.load()
    idle(qtbot, window)
    rows = dialog.model.rowCount()
    dialog.new_row.given.setText("Rasa")
    dialog.new_row.family.setText("Naujokė")
    _click_twice(qtbot, dialog.new_row.button)
    qtbot.waitUntil(lambda: "saved now" in dialog.message.text(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert dialog.model.rowCount() == rows + 1
    stmt = select(func.count()).where(Participant.family_name == "Naujokė")
    assert _count(window, stmt) == 1
    dialog.close()


def test_double_click_on_add_account_adds_it_without_an_error(window: Any, qtbot: Any) -> None:
    """Two clicks on "Add the account" add it once and say so, with no "login taken" error."""
    screen = window.go("settings")
    panel = screen.accounts
    idle(qtbot, window)
    panel.given.setText("Lina")
    panel.family.setText("Naujokė")
    panel.login.setText("lina")
    panel.password.setText("labai-slaptas-1")
    qtbot.mouseClick(panel.add, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.message.text() != "", timeout=WAIT_MS)
    idle(qtbot, window)
    assert panel.message.text().startswith("Account added.")


def test_a_series_running_past_the_allowed_dates_saves_no_session(window: Any, qtbot: Any) -> None:
    """A series whose last sessions fall too far ahead is refused whole, the message naming
    the first such session under the series' rows, none under the first date."""
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.mouseClick(screen.plan, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = screen.dialog
    first = dt.date.today() + dt.timedelta(days=350)
    dialog.date.set_value(first)
    dialog.count.setValue(5)
    dialog.every.setValue(7)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "too far in the future" in dialog.field_error("every"), timeout=WAIT_MS)
    idle(qtbot, window)
    fourth = (first + dt.timedelta(days=21)).isoformat()  # up to today + 366 is allowed
    assert f"Session 4 of 5, on {fourth}," in dialog.field_error("every")
    assert dialog.field_error("date") == ""
    assert dialog.isVisible()
    assert _count(window, select(func.count()).select_from(TrainingSession)) == 1


def test_a_series_whose_first_date_is_too_far_says_so_under_the_first_date(
    window: Any, qtbot: Any
) -> None:
    """A first date itself too far ahead is told under the first date, as before."""
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.mouseClick(screen.plan, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = screen.dialog
    dialog.date.set_value(dt.date.today() + dt.timedelta(days=400))
    dialog.count.setValue(3)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "too far in the future" in dialog.field_error("date"), timeout=WAIT_MS)
    assert "First date" in dialog.field_error("date")  # as the form labels it
    assert dialog.field_error("every") == ""


def test_a_new_person_the_group_refuses_is_not_kept(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """Adding a new person on the sheet creates and enrols them in one transaction: when the
    enrolment is refused, the message shows and no person is left off the group."""
    from libtrainer.domain.errors import ValidationError
    from libtrainer.services import groups

    from libtrainer.gui.attendance import AttendanceDialog

    def refuse(uow: Any, group_id: str, participant_ids: Any) -> Any:
        raise ValidationError("group_id", "The group is archived.")

    monkeypatch.setattr(groups, "enrol", refuse)
    dialog = AttendanceDialog(window.branch.session_id, window)
    dialog.show()
    dialog.load()
    idle(qtbot, window)
    dialog.new_row.given.setText("Rasa")
    dialog.new_row.family.setText("Atmestoji")
    qtbot.mouseClick(dialog.new_row.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "archived" in dialog.message.text(), timeout=WAIT_MS)
    idle(qtbot, window)
    stmt = select(func.count()).where(Participant.family_name == "Atmestoji")
    assert _count(window, stmt) == 0
    dialog.close()
