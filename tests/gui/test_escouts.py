"""E-scouts: adding a volunteer (age rule), agreeing a visit, recording its result."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS


def test_add_an_escout_then_agree_a_visit_and_save_its_result(window: Any, qtbot: Any) -> None:
    """A 20-year-old is added; a visit is planned, then marked done with 4 people helped."""
    screen = window.go("escouts")
    qtbot.waitUntil(lambda: screen.people.rowCount() == 1, timeout=WAIT_MS)
    screen.given.setText("Mantas")
    screen.family.setText("Jankūnas")
    screen.year.setText(str(dt.date.today().year - 20))
    qtbot.mouseClick(screen.add_person, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.people.rowCount() == 2, timeout=WAIT_MS)
    row = next(r for r in range(2) if screen.people.index(r, 0).data() == "Jankūnas")
    screen.people_view.setCurrentIndex(screen.people.index(row, 0))
    qtbot.waitUntil(screen.new_visit.isEnabled, timeout=WAIT_MS)
    screen.place.setText("Seniūnijos salė")
    qtbot.mouseClick(screen.new_visit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.visits.rowCount() == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "ready for the next visit" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.place.text() == ""  # a second click would not repeat the same visit
    screen.visit_view.setCurrentIndex(screen.visits.index(0, 0))
    screen.status.set_code("done")
    screen.helped.setValue(4)
    qtbot.mouseClick(screen.update_visit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.visits.index(0, 4).data() == "4", timeout=WAIT_MS)
    assert screen.visits.index(0, 3).data() == "Done"


def test_an_escout_older_than_29_is_refused(window: Any, qtbot: Any) -> None:
    """The age rule (14–29) is explained in the banner."""
    screen = window.go("escouts")
    qtbot.waitUntil(lambda: screen.people.rowCount() == 1, timeout=WAIT_MS)
    screen.given.setText("Petras")
    screen.family.setText("Vyresnis")
    screen.year.setText("1960")
    qtbot.mouseClick(screen.add_person, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "14–29" in screen.banner.text(), timeout=WAIT_MS)
