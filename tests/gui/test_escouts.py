"""E-scouts: adding a volunteer (age rule), agreeing a visit, recording its result."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from libtrainer.services import escouts, org
from libtrainer.store.models import EScoutVisit
from libtrainer.store.store import Store
from tests.gui.conftest import WAIT_MS, BranchData, idle, open_store, open_window
from tests.services.support import outbox_since, outbox_tail


def _error(form: Any, field: str) -> str:
    """The message shown under a field of a form ("" when hidden)."""
    label = form.findChild(QLabel, f"error_{field}")
    return str(label.text()) if label is not None and not label.isHidden() else ""


def _with_store(branch: BranchData, work: Callable[[Store], Any]) -> Any:
    store = open_store(branch.data_dir)
    try:
        return work(store)
    finally:
        store.close()


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
    """The age rule (14–29) is explained under the birth year."""
    screen = window.go("escouts")
    qtbot.waitUntil(lambda: screen.people.rowCount() == 1, timeout=WAIT_MS)
    screen.given.setText("Petras")
    screen.family.setText("Vyresnis")
    screen.year.setText("1960")
    qtbot.mouseClick(screen.add_person, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "14–29" in _error(screen.person_box, "birth_year"), timeout=WAIT_MS)


def test_the_birth_year_example_is_of_an_age_the_label_allows(window: Any, qtbot: Any) -> None:
    """The empty birth year shows a year of a 20-year-old, within "(14–29 years old)", not
    the 1957 of the people's forms."""
    screen = window.go("escouts")
    qtbot.waitUntil(lambda: screen.people.rowCount() == 1, timeout=WAIT_MS)
    example = int(screen.year.placeholderText())
    assert 14 <= dt.date.today().year - example <= 29


def test_an_escout_is_changed_and_only_the_changes_are_sent(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """Enter on the e-scout opens her; a wrong phone is refused under the phone; two numbers
    and a new family name are saved as one update of those two fields."""
    tail = _with_store(branch, outbox_tail)
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("escouts")
    qtbot.waitUntil(lambda: screen.people.rowCount() == 1, timeout=WAIT_MS)
    screen.people_view.setCurrentIndex(screen.people.index(0, 0))
    QTest.keyClick(screen.people_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.changing is not None, timeout=WAIT_MS)
    assert screen.given.text() == "Gabija" and screen.family.text() == "Petraitytė"
    screen.phone.setText("8 612 3456")
    qtbot.mouseClick(screen.add_person, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "8 612 3456" in _error(screen.person_box, "phone"), timeout=WAIT_MS)
    assert screen.changing is not None
    screen.phone.setText("+370 612 34567; 8 612 34568")
    screen.family.setText("Petraitienė")
    qtbot.mouseClick(screen.add_person, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "E-scout changed" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.changing is None and screen.given.text() == ""
    idle(qtbot, window)
    written: dict[str, Any] = {}
    for table, _id, op, data in _with_store(branch, lambda s: outbox_since(s, tail)):
        assert (table, op) == ("volunteer", "u")
        written.update(json.loads(data))
    assert written == {"family_name": "Petraitienė", "phone": "+370 612 34567, 8 612 34568"}


def test_people_helped_is_open_only_for_a_visit_done_and_done_is_not_in_the_future(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """A planned visit has people helped closed at 0; "Done" opens it; done in 20 days is
    refused under the date; changing only the status of a visit keeps its notes."""

    def visit(store: Store) -> str:
        with store.uow() as uow:
            volunteer = org.list_volunteers(uow)[0].id
            return str(
                escouts.record_visit(
                    uow,
                    volunteer,
                    dt.date.today() + dt.timedelta(days=20),
                    notes="Atsineš planšetę",
                ).first("escout_visit")
            )

    vid = _with_store(branch, visit)
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("escouts")
    qtbot.waitUntil(lambda: screen.visits.rowCount() == 1, timeout=WAIT_MS)
    assert not screen.helped.isEnabled() and screen.helped.value() == 0
    screen.visit_view.setCurrentIndex(screen.visits.index(0, 0))
    assert screen.notes.text() == "Atsineš planšetę"
    screen.status.set_code("done")
    assert screen.helped.isEnabled()
    screen.helped.setValue(12)
    qtbot.mouseClick(screen.update_visit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "future" in _error(screen.visit_box, "date"), timeout=WAIT_MS)
    screen.status.set_code("cancelled")
    assert screen.helped.value() == 0 and not screen.helped.isEnabled()
    qtbot.mouseClick(screen.update_visit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.visits.index(0, 3).data() == "Cancelled", timeout=WAIT_MS)
    idle(qtbot, window)

    def stored(store: Store) -> Any:
        with store.read() as conn:
            return conn.execute(select(EScoutVisit).where(EScoutVisit.id == vid)).one()

    row = _with_store(branch, stored)
    assert (row.status, row.people_helped, row.notes) == ("cancelled", 0, "Atsineš planšetę")
