"""Changing a consultation from the list: opened in the form, only what changed is written,
a refused field is shown under it, a lecturer changes only their own."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from libtrainer.services import consultations, org
from libtrainer.store.models import Consultation
from libtrainer.store.store import Store
from tests.gui.conftest import WAIT_MS, BranchData, idle, open_store, open_window
from tests.services.support import outbox_since, outbox_tail


def _with_store(branch: BranchData, work: Callable[[Store], Any]) -> Any:
    store = open_store(branch.data_dir)
    try:
        return work(store)
    finally:
        store.close()


def _consult(branch: BranchData, *, staff: str | None = "Lektorius") -> str:
    """A consultation yesterday for Ona Čepienė, 20 minutes on banking, given by the staff
    member of that family name (None: by the e-scout)."""

    def log(store: Store) -> str:
        with store.uow() as uow:
            helper = (
                {"staff_id": next(p.id for p in org.list_staff(uow) if p.family_name == staff)}
                if staff
                else {"volunteer_id": org.list_volunteers(uow)[0].id}
            )
            return consultations.log_consultation(
                uow,
                ["banking"],
                20,
                date=dt.date.today() - dt.timedelta(days=1),
                participant_id=branch.people["Ona Čepienė"],
                notes="Mokėjimo nurodymas",
                **helper,
            ).first("consultation")

    return str(_with_store(branch, log))


def _row(branch: BranchData, cid: str) -> Any:
    def read(store: Store) -> Any:
        with store.read() as conn:
            return conn.execute(select(Consultation).where(Consultation.id == cid)).one()

    return _with_store(branch, read)


def _open_first(qtbot: Any, window: Any) -> Any:
    """The consultations screen with its first consultation opened by Enter in the list."""
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=WAIT_MS)
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    assert screen.change_button.isEnabled()
    QTest.keyClick(screen.table, Qt.Key.Key_Return)
    return screen


def test_a_consultation_is_changed_and_only_the_changed_fields_are_written(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """Enter in the list opens it (person, topics, minutes, notes shown); 45 minutes and a
    second topic saved write one update with just those fields; the form is new again."""
    cid = _consult(branch)
    tail = _with_store(branch, outbox_tail)
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = _open_first(qtbot, window)
    qtbot.waitUntil(lambda: screen.editing is not None, timeout=WAIT_MS)
    assert screen.person.text().startswith("Ona Čepienė")
    assert screen.topics.codes() == ["banking"] and screen.minutes.value() == 20
    assert screen.notes.text() == "Mokėjimo nurodymas"
    assert screen.cancel_button.isVisible() or not window.isVisible()
    screen.minutes.setValue(45)
    screen.topics.chip("smartphone").click()
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert "changed" in screen.banner.text()
    assert screen.editing is None and screen.person.text() == ""
    idle(qtbot, window)
    row = _row(branch, cid)
    assert (row.minutes, row.topics, row.notes) == (45, "banking,smartphone", "Mokėjimo nurodymas")
    written: dict[str, Any] = {}
    for table, _id, op, data in _with_store(branch, lambda s: outbox_since(s, tail)):
        if table == "consultation":
            assert op == "u"
            written.update(json.loads(data))
    assert written == {"minutes": 45, "topics": "banking,smartphone"}


def test_saving_an_opened_consultation_unchanged_writes_nothing(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """Opened and saved as it is: "Nothing changed.", no record to send."""
    _consult(branch)
    tail = _with_store(branch, outbox_tail)
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = _open_first(qtbot, window)
    qtbot.waitUntil(lambda: screen.editing is not None, timeout=WAIT_MS)
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        screen.save()
    assert "Nothing changed" in screen.banner.text()
    idle(qtbot, window)
    assert _with_store(branch, lambda s: outbox_since(s, tail)) == []


def test_a_future_date_is_refused_under_the_date_and_nothing_is_written(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """Changing the date to ten days ahead shows why under the date; the stored date stays;
    Esc asks about the change, and Don't save leaves it."""
    cid = _consult(branch)
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = _open_first(qtbot, window)
    qtbot.waitUntil(lambda: screen.editing is not None, timeout=WAIT_MS)
    screen.date.set_value(dt.date.today() + dt.timedelta(days=10))
    screen.save()
    error = screen.form.findChild(QLabel, "error_date")
    qtbot.waitUntil(lambda: "future" in error.text() and not error.isHidden(), timeout=WAIT_MS)
    assert screen.editing is not None
    idle(qtbot, window)
    assert _row(branch, cid).date == dt.date.today() - dt.timedelta(days=1)
    screen.new_consultation()
    qtbot.waitUntil(lambda: screen.unsaved.question is not None, timeout=WAIT_MS)
    qtbot.mouseClick(screen.unsaved.question.discard, Qt.MouseButton.LeftButton)
    assert error.isHidden() and screen.editing is None


def test_a_lecturer_changes_only_consultations_they_gave(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """Rūta's consultation is refused to the lecturer Jonas with a message; his own opens."""
    _consult(branch, staff="Žukauskienė")
    _consult(branch)
    window = open_window(branch.data_dir, make_state, qtbot, login="jonas")
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.model.total == 2, timeout=WAIT_MS)
    names = {"Rūta Žukauskienė", "Jonas Lektorius"}

    def helpers() -> list[Any]:
        return [screen.model.index(row, 5).data() for row in range(2)]

    qtbot.waitUntil(lambda: set(helpers()) == names, timeout=WAIT_MS)
    helpers_ = helpers()
    screen.table.setCurrentIndex(screen.model.index(helpers_.index("Rūta Žukauskienė"), 0))
    qtbot.mouseClick(screen.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "only consultations you gave" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.editing is None
    screen.table.setCurrentIndex(screen.model.index(helpers_.index("Jonas Lektorius"), 0))
    qtbot.mouseClick(screen.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.editing is not None, timeout=WAIT_MS)


def test_opening_a_consultation_does_not_drop_one_being_typed(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """A new consultation half typed (minutes, notes): Enter on a listed one does not replace
    it — the form keeps what was typed and asks whether to save it first (decision 0516)."""
    _consult(branch)
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=WAIT_MS)
    screen.minutes.setValue(35)
    screen.notes.setText("Išmokė naudotis e. bankininkyste")
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    QTest.keyClick(screen.table, Qt.Key.Key_Return)
    idle(qtbot, window)
    assert screen.editing is None
    assert screen.minutes.value() == 35 and screen.notes.text().startswith("Išmokė")
    assert screen.unsaved.question is not None
