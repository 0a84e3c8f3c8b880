"""Groups & sessions: a new group from a programme, planning sessions, finishing a group."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from libtrainer.store.models import Enrolment, TrainingGroup, TrainingSession
from tests.gui.conftest import WAIT_MS, idle, open_store


def _rows(path: Any, stmt: Any) -> list[Any]:
    store = open_store(path)
    try:
        with store.read() as conn:
            return list(conn.execute(stmt))
    finally:
        store.close()


def test_create_a_group_from_a_programme(window: Any, qtbot: Any) -> None:
    """New group…: the programme comes from the catalogue, the name is suggested; Save adds
    the group to the list and selects it."""
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.group_model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.mouseClick(screen.new_group, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = screen.dialog
    assert dialog.programme.currentText() == "Public e-services"
    assert dialog.name.text().startswith("Public e-services")
    fields = dialog._fields()
    assert fields and dialog.focusWidget() is fields[0] and fields[0] is not dialog.ok
    assert dialog.ok.nextInFocusChain() is not fields[0]  # Save comes after the fields
    dialog.name.setText("Jaunimo grupė „Išmanusis telefonas“")
    dialog.referrer.set_code("employment_service")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.group_model.rowCount() == 2, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: (
            screen.group_model.index(screen.groups.currentIndex().row(), 0).data()
            == "Jaunimo grupė „Išmanusis telefonas“"
        ),
        timeout=WAIT_MS,
    )
    rows = _rows(window.state.data_dir, select(TrainingGroup.name, TrainingGroup.referrer))
    assert ("Jaunimo grupė „Išmanusis telefonas“", "employment_service") in rows


def test_plan_a_series_of_weekly_sessions(window: Any, qtbot: Any) -> None:
    """Plan sessions…: four sessions a week apart are added to the selected group."""
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.mouseClick(screen.plan, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = screen.dialog
    dialog.count.setValue(4)
    dialog.place_kind.set_code("off_site")
    dialog.place.setText("Kaimo bendruomenės namai")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 5, timeout=WAIT_MS)
    dates = sorted(
        d
        for (d,) in _rows(
            window.state.data_dir,
            select(TrainingSession.date).where(TrainingSession.place_kind == "off_site"),
        )
    )
    assert [(b - a).days for a, b in zip(dates, dates[1:])] == [7, 7, 7]


def test_finish_a_group_marks_completions(window: Any, qtbot: Any) -> None:
    """Finish group…: ticking two people (nobody has marks, so none is ticked) completes
    them; the group is finished."""
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.group_id() is not None, timeout=WAIT_MS)
    qtbot.mouseClick(screen.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = screen.dialog
    assert dialog.people.count() == 3
    assert dialog.completed() == []
    dialog.people.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.people.item(2).setCheckState(Qt.CheckState.Checked)
    dialog.certificates.setChecked(True)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.group_model.rowCount() == 0, timeout=WAIT_MS)
    idle(qtbot, window)
    statuses = sorted(s for (s,) in _rows(window.state.data_dir, select(Enrolment.status)))
    assert statuses == ["completed", "completed", "enrolled"]
    assert _rows(window.state.data_dir, select(TrainingGroup.finished)) == [(True,)]


def test_plan_sessions_of_fifty_minutes(window: Any, qtbot: Any) -> None:
    """Plan sessions…: hours and minutes keep in step; 50 minutes are saved as 50 / 45."""
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.mouseClick(screen.plan, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = screen.dialog
    assert (dialog.hours.value(), dialog.minutes.value()) == (2, 90)
    dialog.hours.setValue(1.5)
    assert dialog.minutes.value() == 68 and dialog.length() == {"academic_hours": 1.5}
    dialog.minutes.setValue(50)
    assert dialog.hours.value() == 1.11 and dialog.length() == {"minutes": 50}
    dialog.count.setValue(2)
    dialog.place.setText("Kaimo bendruomenės namai")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 3, timeout=WAIT_MS)
    hours = _rows(
        window.state.data_dir,
        select(TrainingSession.academic_hours).where(
            TrainingSession.place == "Kaimo bendruomenės namai"
        ),
    )
    assert hours == [(50 / 45,), (50 / 45,)]
    shown = {screen.session_model.index(r, 2).data() for r in range(3)}
    assert "1.11" in shown
