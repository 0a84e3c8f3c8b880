"""Deleting a consultation, an e-scout visit and a participant (an erasure) from their
screens, with undo; who may erase; the lock drops what an undo would need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from libtrainer.services import consultations, escouts, org
from libtrainer.store.models import Consultation, Erased, EScoutVisit, Participant
from libtrainer.store.store import Store
from tests.gui.conftest import WAIT_MS, BranchData, idle, open_store, open_window


def _with_store(branch: BranchData, work: Callable[[Store], Any]) -> Any:
    store = open_store(branch.data_dir)
    try:
        return work(store)
    finally:
        store.close()


def _count(branch: BranchData, model: Any, *where: Any) -> int:
    def count(store: Store) -> int:
        with store.read() as conn:
            stmt = select(func.count()).select_from(model).where(*where)
            return int(conn.execute(stmt).scalar_one())

    return int(_with_store(branch, count))


def _consult(
    branch: BranchData, person: str | None = None, *, staff: bool = True, notes: str = ""
) -> str:
    """A consultation today, given by the branch's first staff member (or by its e-scout)."""

    def log(store: Store) -> str:
        with store.uow() as uow:
            helper = (
                {"staff_id": org.list_staff(uow)[0].id}
                if staff
                else {"volunteer_id": org.list_volunteers(uow)[0].id}
            )
            extra = {"participant_id": branch.people[person]} if person else {}
            return consultations.log_consultation(
                uow, ["banking"], 20, date=dt.date.today(), notes=notes, **helper, **extra
            ).first("consultation")

    return str(_with_store(branch, log))


def _question(qtbot: Any, screen: Any) -> Any:
    qtbot.waitUntil(
        lambda: screen.deleting.dialog is not None and screen.deleting.dialog.isVisible(),
        timeout=WAIT_MS,
    )
    return screen.deleting.dialog


def test_a_consultation_typed_twice_is_deleted_with_the_delete_key_and_undone(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """Delete on a consultation of the list asks, naming the date and the person; it goes;
    Undo brings it back into the list."""
    _consult(branch, "Ona Čepienė")
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=WAIT_MS)
    assert not screen.delete_button.isEnabled()
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    assert screen.delete_button.isEnabled()
    QTest.keyClick(screen.table, Qt.Key.Key_Delete)
    dialog = _question(qtbot, screen)
    assert "(Ona Čepienė)" in dialog.text.text()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.total == 0, timeout=WAIT_MS)
    idle(qtbot, window)
    assert _count(branch, Consultation) == 0
    qtbot.mouseClick(screen.deleting.bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=WAIT_MS)
    idle(qtbot, window)
    assert _count(branch, Consultation, Consultation.participant_id.is_not(None)) == 1


def test_a_lecturer_deletes_only_consultations_they_gave(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """An e-scout's consultation is refused to a lecturer with a message, and no question."""
    _consult(branch, staff=False)
    window = open_window(branch.data_dir, make_state, qtbot, login="jonas")
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=WAIT_MS)
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "only consultations you gave" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.deleting.dialog is None
    assert _count(branch, Consultation) == 1


def test_an_escout_visit_on_the_wrong_day_is_deleted(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """The visit's question names the e-scout and the day; confirming deletes only the visit."""

    def visit(store: Store) -> None:
        with store.uow() as uow:
            volunteer = org.list_volunteers(uow)[0].id
            escouts.record_visit(uow, volunteer, dt.date.today(), start_time=dt.time(15, 30))

    _with_store(branch, visit)
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("escouts")
    qtbot.waitUntil(lambda: screen.visits.rowCount() == 1, timeout=WAIT_MS)
    screen.visit_view.setCurrentIndex(screen.visits.index(0, 0))
    qtbot.mouseClick(screen.delete_visit, Qt.MouseButton.LeftButton)
    dialog = _question(qtbot, screen)
    assert "the visit of the e-scout Gabija Petraitytė on" in dialog.text.text()
    assert "15:30" in dialog.text.text()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.visits.rowCount() == 0, timeout=WAIT_MS)
    idle(qtbot, window)
    assert _count(branch, EScoutVisit) == 0
    assert screen.people.rowCount() == 1  # the e-scout stays


def test_erasing_a_person_keeps_their_consultation_anonymous_and_undo_links_it(
    window: Any, qtbot: Any
) -> None:
    """ "Delete for good…" asks, naming the person, the enrolment going with them and the
    consultation that stays without their name and notes; undo brings the person back,
    linked again, with the notes."""
    branch = window.branch
    _consult(branch, "Šarūnas Žemaitis", notes="Š. Žemaitis, tel. 861234567")
    pid = branch.people["Šarūnas Žemaitis"]
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.model.total == 3, timeout=WAIT_MS)
    assert not screen.erase_button.isHidden()
    assert not screen.erase_button.isEnabled()
    screen.open(pid)
    qtbot.waitUntil(lambda: screen.current_id == pid, timeout=WAIT_MS)
    qtbot.mouseClick(screen.erase_button, Qt.MouseButton.LeftButton)
    dialog = _question(qtbot, screen)
    text = dialog.text.text()
    assert "deleted for good: Šarūnas Žemaitis (born 1957)" in text
    assert "1 group enrolment will be deleted with it." in text
    assert (
        "1 consultation given to this person stays in reports without their name and without "
        "its notes: only its date, topics and length and the person's age band and gender "
        "are kept." in text
    )
    assert "keeps only a fingerprint of the name and birth year" in text
    assert "Copies made earlier are not deleted" in text
    assert "sent to the coordinator with the next sync" in text
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.total == 2, timeout=WAIT_MS)
    idle(qtbot, window)
    assert screen.current_id is None  # the form is empty, not showing the erased person
    assert "Erased: Šarūnas Žemaitis" in screen.deleting.bar.text.text()
    assert _count(branch, Participant) == 2
    assert _count(branch, Erased) == 1
    assert _count(branch, Consultation, Consultation.participant_id.is_(None)) == 1
    assert _count(branch, Consultation, Consultation.notes == "") == 1
    qtbot.mouseClick(screen.deleting.bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.total == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.current_id == pid, timeout=WAIT_MS)
    idle(qtbot, window)
    assert _count(branch, Consultation, Consultation.participant_id == pid) == 1
    assert _count(branch, Consultation, Consultation.notes.startswith("Š. Žemaitis")) == 1
    assert _count(branch, Erased) == 0  # the undo took the fingerprint away again
    # the form shows the person again under the message, which the reload does not wipe
    assert screen.form.given.text() == "Šarūnas"
    assert "Brought back: Šarūnas Žemaitis" in screen.banner.text()


def test_the_lock_drops_the_undo_of_an_erasure(window: Any, qtbot: Any) -> None:
    """After an erasure the undo holds the person's details in memory only; locking drops it."""
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.model.total == 3, timeout=WAIT_MS)
    screen.open(window.branch.people["Ona Čepienė"])
    qtbot.waitUntil(lambda: screen.current_id is not None, timeout=WAIT_MS)
    qtbot.mouseClick(screen.erase_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_question(qtbot, screen).confirm, Qt.MouseButton.LeftButton)
    flow = screen.deleting
    qtbot.waitUntil(lambda: flow.offered, timeout=WAIT_MS)
    window.lock()
    assert not flow.offered and flow._target is None


def test_a_lecturer_cannot_erase_people(branch: BranchData, make_state: Any, qtbot: Any) -> None:
    """A lecturer sees no erase button; the Delete key on the list says who can erase."""
    window = open_window(branch.data_dir, make_state, qtbot, login="jonas")
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.model.total == 3, timeout=WAIT_MS)
    assert screen.erase_button.isHidden()
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    qtbot.waitUntil(lambda: screen.current_id is not None, timeout=WAIT_MS)
    idle(qtbot, window)
    assert not screen.erase_button.isEnabled()  # neither shown nor on, with a person open
    screen.erase()
    assert screen.deleting.dialog is None and not screen.banner.text()
    QTest.keyClick(screen.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "can erase a person" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.deleting.dialog is None
    assert _count(branch, Participant) == 3
