"""Taking attendance: type-to-filter, Space to tick, a new person with a duplicate warning."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from libtrainer.store.models import Attendance, Enrolment, Participant
from tests.gui.conftest import WAIT_MS, idle, open_store, sign_in


def _sheet(window: Any, qtbot: Any) -> Any:
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_id() is not None, timeout=WAIT_MS)
    qtbot.mouseClick(screen.attend, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=WAIT_MS)
    return dialog


def _marks(window: Any) -> dict[str, str]:
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            rows = conn.execute(
                select(Participant.given_name, Attendance.mark).join(
                    Participant, Participant.id == Attendance.participant_id
                )
            )
            return {name: mark for name, mark in rows}  # noqa: C416 - rows of a result
    finally:
        store.close()


def test_type_to_filter_and_space_ticks_the_person(window: Any, qtbot: Any) -> None:
    """In the list, typing "sar" leaves Šarūnas alone; Space ticks him; Ctrl+S saves."""
    dialog = _sheet(window, qtbot)
    dialog.list.setFocus()
    QTest.keyClicks(dialog.list, "sar")
    assert dialog.filter.text() == "sar"
    assert dialog.proxy.rowCount() == 1
    QTest.keyClick(dialog.list, Qt.Key.Key_Space)
    assert dialog.present_ids() == [window.branch.people["Šarūnas Žemaitis"]]
    assert "1 of 3" in dialog.count.text()
    QTest.keyClick(dialog.list, Qt.Key.Key_Backspace)
    assert dialog.filter.text() == "sa"
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window)
    assert _marks(window) == {"Šarūnas": "present", "Ona": "absent", "Jonas": "absent"}


def test_new_person_row_warns_about_a_duplicate_and_can_use_the_known_one(
    window: Any, qtbot: Any
) -> None:
    """Adding "Sarunas Zemaitis" born 1957 warns that Šarūnas Žemaitis is known; "Yes, use"
    ticks the known person instead of creating a second one."""
    dialog = _sheet(window, qtbot)
    row = dialog.new_row
    row.given.setText("Sarunas")
    row.family.setText("ZEMAITIS")
    row.year.setText("1957")
    QTest.keyClick(row.year, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.use_existing.isVisible(), timeout=WAIT_MS)
    assert "Šarūnas Žemaitis (born 1957) is already known" in dialog.warning.text()
    qtbot.mouseClick(dialog.use_existing, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.present_ids()) == 1, timeout=WAIT_MS)
    assert dialog.model.rowCount() == 3
    assert not dialog.warning.isVisible()


def test_new_person_row_adds_enrols_and_ticks_a_new_participant(window: Any, qtbot: Any) -> None:
    """A new name gets no warning: the person is created, enrolled and marked present; a
    duplicate warning answered "add a new person" creates a second person on purpose."""
    dialog = _sheet(window, qtbot)
    row = dialog.new_row
    row.given.setText("Ieva")
    row.family.setText("Kazlauskaitė")
    row.year.setText("1990")
    row.gender.set_code("female")
    row.status.set_code("unemployed")
    row.tag_actions["job_seekers"].setChecked(True)
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)
    assert not dialog.warning.isVisible()
    row.given.setText("Ona")
    row.family.setText("Cepiene")
    row.year.setText("1950")
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.add_anyway.isVisible(), timeout=WAIT_MS)
    assert "already on this list" in dialog.warning.text()
    qtbot.mouseClick(dialog.add_anyway, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 5, timeout=WAIT_MS)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    marks = _marks(window)
    assert marks["Ieva"] == "present"
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            enrolled = conn.execute(select(func.count()).select_from(Enrolment)).scalar_one()
            ieva = conn.execute(
                select(Participant.labour_status, Participant.gender).where(
                    Participant.given_name == "Ieva"
                )
            ).one()
    finally:
        store.close()
    assert enrolled == 5
    assert tuple(ieva) == ("unemployed", "female")


def test_esc_clears_the_filter_then_asks_before_losing_ticks(window: Any, qtbot: Any) -> None:
    """Esc with a filter empties it; Esc with ticks not saved asks first, and Cancel (the
    default) keeps the sheet; "Close without saving" closes it and records nothing."""
    from libtrainer.gui.confirm import ConfirmDialog

    dialog = _sheet(window, qtbot)
    dialog.list.setFocus()
    QTest.keyClicks(dialog.list, "sar")
    QTest.keyClick(dialog.list, Qt.Key.Key_Space)
    QTest.keyClick(dialog.list, Qt.Key.Key_Escape)
    assert dialog.filter.text() == "" and dialog.isVisible()
    QTest.keyClick(dialog.list, Qt.Key.Key_Escape)
    question = dialog.findChild(ConfirmDialog)
    assert question is not None and question.cancel.isDefault()
    assert "1 person" in question.text.text()
    question.cancel.click()
    assert dialog.isVisible() and dialog.unsaved() == 1
    dialog.reject()
    question = [q for q in dialog.findChildren(ConfirmDialog) if q.isVisible()][0]
    question.confirm.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert _marks(window) == {}


def test_a_sheet_open_at_the_lock_keeps_its_ticks(window: Any, qtbot: Any) -> None:
    """The idle lock deletes the open sheet; the people ticked on it are recorded first."""
    dialog = _sheet(window, qtbot)
    dialog.list.setFocus()
    QTest.keyClicks(dialog.list, "sar")
    QTest.keyClick(dialog.list, Qt.Key.Key_Space)
    window.lock()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: _marks(window).get("Šarūnas") == "present", timeout=WAIT_MS)
    assert _marks(window) == {"Šarūnas": "present", "Ona": "absent", "Jonas": "absent"}


def test_an_unchanged_sheet_closes_without_a_question(window: Any, qtbot: Any) -> None:
    """Cancel on a sheet with nothing changed closes it at once."""
    from libtrainer.gui.confirm import ConfirmDialog

    dialog = _sheet(window, qtbot)
    dialog.reject()
    assert not dialog.isVisible() and dialog.findChild(ConfirmDialog) is None


def test_the_lock_leaves_closed_sheets_alone(window: Any, qtbot: Any) -> None:
    """A sheet closed without saving, and a saved sheet corrected since, are not written again
    at the lock (only a sheet still open is)."""
    from libtrainer.gui.confirm import ConfirmDialog

    dialog = _sheet(window, qtbot)
    dialog.list.setFocus()
    QTest.keyClicks(dialog.list, "sar")
    QTest.keyClick(dialog.list, Qt.Key.Key_Space)
    dialog.reject()
    question = [q for q in dialog.findChildren(ConfirmDialog) if q.isVisible()][0]
    question.confirm.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    window.lock()
    idle(qtbot, window)
    assert _marks(window) == {}


def test_ticks_whose_save_at_the_lock_fails_are_kept_and_saved_at_sign_in(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """A full disk at the lock: the sign-in panel says the marks were not saved; they are kept
    and recorded at the next sign-in; closing while they wait asks first."""
    from sqlalchemy.exc import OperationalError

    from libtrainer.services import attendance

    from libtrainer.gui.confirm import ConfirmDialog

    real = attendance.record_attendance
    failing = [True]

    def full_disk(*args: Any, **kwargs: Any) -> Any:
        if failing[0]:
            raise OperationalError("INSERT", {}, Exception("database or disk is full"))
        return real(*args, **kwargs)

    monkeypatch.setattr(attendance, "record_attendance", full_disk)
    dialog = _sheet(window, qtbot)
    dialog.list.setFocus()
    QTest.keyClicks(dialog.list, "sar")
    QTest.keyClick(dialog.list, Qt.Key.Key_Space)
    window.lock()
    qtbot.waitUntil(lambda: "could not be saved" in window.sign_in.message.text(), timeout=WAIT_MS)
    window.close()  # marks waiting: asks, Cancel keeps the window
    question = window.findChild(ConfirmDialog, "loseMarksDialog")
    assert question is not None and question.cancel.isDefault()
    question.reject()
    assert window.isVisible()
    failing[0] = False
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: _marks(window).get("Šarūnas") == "present", timeout=WAIT_MS)
    assert window._unsaved_marks == []
