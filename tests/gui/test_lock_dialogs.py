"""The lock with a small dialog open: the "Add a new person" dialog of Consultations and the
new person typed on an attendance sheet are saved when valid, told after the next sign-in
otherwise, and never named on the sign-in panel (decisions 0502, 0516)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from libtrainer.store.models import Attendance, Consultation, Enrolment, Participant
from tests.gui.conftest import WAIT_MS, idle, open_store, sign_in
from tests.gui.test_attendance import _sheet


def _rows(window: Any, query: Any) -> list[Any]:
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            return [tuple(row) for row in conn.execute(query)]
    finally:
        store.close()


def _named(window: Any, given: str) -> list[str]:
    """Ids of the participants with the given name ``given``."""
    query = select(Participant.id).where(Participant.given_name == given)
    return [row[0] for row in _rows(window, query)]


def _name_dialog(window: Any, qtbot: Any, typed: str) -> Any:
    """Consultations with ``typed`` in the person field, 30 minutes on banking, and the
    "Add a new person" dialog open."""
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    idle(qtbot, window)
    screen.person.setText(typed)
    screen._person_typed(typed)
    screen.topics.set_codes(["banking"])
    screen.minutes.setValue(30)
    qtbot.mouseClick(screen.new_person, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.name_dialog is not None and screen.name_dialog.isVisible(),
        timeout=WAIT_MS,
    )
    return screen


def _lock_and_sign_in(window: Any, qtbot: Any, hidden: str) -> None:
    """Lock, check the sign-in panel does not name ``hidden``, sign in again."""
    window.lock()
    idle(qtbot, window)
    assert hidden not in window.sign_in.message.text()
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)


def _not_saved_text(window: Any, qtbot: Any) -> str:
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "notSavedAtLock") is not None, timeout=WAIT_MS
    )
    return str(window.findChild(QMessageBox, "notSavedAtLock").text())


# -- Consultations: "Add a new person" -------------------------------------------------------


def test_the_lock_adds_the_person_of_an_open_name_dialog_with_the_consultation(
    window: Any, qtbot: Any
) -> None:
    """Names corrected in the open dialog at the lock: the person is added with those names
    and the consultation logged for them; the next sign-in says so."""
    screen = _name_dialog(window, qtbot, "Ona Marija Naujokė")
    dialog = screen.name_dialog
    dialog.given.setText("Ona")
    dialog.family.setText("Marija Naujokė")
    _lock_and_sign_in(window, qtbot, "Naujok")
    (pid,) = [p for p in _named(window, "Ona") if p not in window.branch.people.values()]
    logged = _rows(window, select(Consultation.participant_id, Consultation.minutes))
    assert logged == [(pid, 30)]
    qtbot.waitUntil(
        lambda: (
            "Ona Marija Naujokė was added as a new person" in window.statusBar().currentMessage()
        ),
        timeout=WAIT_MS,
    )


def test_the_lock_adds_nobody_from_a_name_dialog_missing_a_family_name(
    window: Any, qtbot: Any
) -> None:
    """One name only in the open dialog: neither the person nor the consultation is saved,
    and the next sign-in says why."""
    screen = _name_dialog(window, qtbot, "Naujokė")
    assert screen.name_dialog.family.text() == ""
    _lock_and_sign_in(window, qtbot, "Naujok")
    assert _named(window, "Naujokė") == []
    assert _rows(window, select(Consultation.id)) == []
    text = _not_saved_text(window, qtbot)
    assert "consultation typed before the app locked was not saved" in text
    assert "given name and a family name" in text


def test_the_lock_adds_no_likely_namesake_from_a_name_dialog(window: Any, qtbot: Any) -> None:
    """ "Ona Čepienė" is known: at the lock with her names in the dialog (the namesake not
    shown yet) nobody is added and nothing logged; the message after sign-in names her."""
    _name_dialog(window, qtbot, "Ona Čepienė")
    _lock_and_sign_in(window, qtbot, "Čepienė")
    assert _named(window, "Ona") == [window.branch.people["Ona Čepienė"]]
    assert _rows(window, select(Consultation.id)) == []
    text = _not_saved_text(window, qtbot)
    assert "was not added as a new person" in text
    assert "may already be known: Ona Čepienė (1950)" in text


# -- the attendance sheet's new person -------------------------------------------------------


def _type_new(dialog: Any, given: str, family: str, year: str) -> None:
    dialog.new_row.given.setText(given)
    dialog.new_row.family.setText(family)
    dialog.new_row.year.setText(year)


def test_the_lock_adds_the_person_typed_on_a_sheet_to_the_group_as_present(
    window: Any, qtbot: Any
) -> None:
    """A new person typed (Add not pressed) on an open sheet at the lock joins the group and
    is marked present, as Add and Save would; the next sign-in says so."""
    dialog = _sheet(window, qtbot)
    _type_new(dialog, "Ieva", "Kazlauskaitė", "1990")
    _lock_and_sign_in(window, qtbot, "Kazlausk")
    (pid,) = _named(window, "Ieva")
    assert _rows(window, select(Enrolment.id).where(Enrolment.participant_id == pid))
    marks = _rows(window, select(Attendance.mark).where(Attendance.participant_id == pid))
    assert marks == [("present",)]
    qtbot.waitUntil(
        lambda: (
            "Ieva Kazlauskaitė, typed on the attendance sheet before the app locked, was added"
            in window.statusBar().currentMessage()
        ),
        timeout=WAIT_MS,
    )


def test_the_lock_adds_nobody_from_a_sheet_asking_about_a_known_person(
    window: Any, qtbot: Any
) -> None:
    """The sheet asks "Is this the same person?" about Šarūnas at the lock: nobody is added,
    and after the next sign-in a message says why."""
    dialog = _sheet(window, qtbot)
    _type_new(dialog, "Sarunas", "Zemaitis", "1957")
    qtbot.mouseClick(dialog.new_row.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.use_existing.isVisible, timeout=WAIT_MS)
    _lock_and_sign_in(window, qtbot, "Zemaitis")
    assert _named(window, "Sarunas") == []
    text = _not_saved_text(window, qtbot)
    assert "Sarunas Zemaitis, typed on the attendance sheet" in text
    assert "may already be known: Šarūnas Žemaitis (1957)" in text


def test_the_lock_adds_nobody_from_a_sheet_row_without_a_family_name(
    window: Any, qtbot: Any
) -> None:
    """Only a given name typed on the sheet's new-person row: nobody is added, and the next
    sign-in says the family name was missing."""
    dialog = _sheet(window, qtbot)
    _type_new(dialog, "Ieva", "", "")
    _lock_and_sign_in(window, qtbot, "Ieva")
    assert _named(window, "Ieva") == []
    text = _not_saved_text(window, qtbot)
    assert "Ieva, typed on the attendance sheet before the app locked, was not added" in text


def test_the_lock_says_nothing_of_an_untouched_sheet_row(window: Any, qtbot: Any) -> None:
    """A sheet open at the lock with nothing typed for a new person adds nobody and leaves
    no message after sign-in."""
    _sheet(window, qtbot)
    before = len(_rows(window, select(Participant.id)))
    _lock_and_sign_in(window, qtbot, "Ieva")
    idle(qtbot, window)
    assert len(_rows(window, select(Participant.id))) == before
    assert window.findChild(QMessageBox, "notSavedAtLock") is None
    assert "attendance sheet" not in window.statusBar().currentMessage()


def test_the_lock_adds_a_namesake_once_shown_from_the_name_dialog(window: Any, qtbot: Any) -> None:
    """The namesake Ona Čepienė was shown and the dialog opened again with her names: at the
    lock the new Ona Čepienė is added (as pressing Add again would) with the consultation."""
    screen = _name_dialog(window, qtbot, "Ona Čepienė")
    qtbot.mouseClick(screen.name_dialog.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "may already be known" in screen.banner.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.name_dialog is None and not screen.busy, timeout=WAIT_MS)
    qtbot.mouseClick(screen.new_person, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.name_dialog is not None, timeout=WAIT_MS)
    _lock_and_sign_in(window, qtbot, "Čepienė")
    assert len(_named(window, "Ona")) == 2
    assert len(_rows(window, select(Consultation.id))) == 1


def test_the_lock_does_not_add_again_someone_added_on_the_sheet(window: Any, qtbot: Any) -> None:
    """Ieva added on the sheet, then typed again in the row at the lock: she stays one
    person, and the message after sign-in says she was added already."""
    dialog = _sheet(window, qtbot)
    _type_new(dialog, "Ieva", "Kazlauskaitė", "1990")
    qtbot.mouseClick(dialog.new_row.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)
    _type_new(dialog, "Ieva", "Kazlauskaitė", "")
    _lock_and_sign_in(window, qtbot, "Kazlausk")
    assert len(_named(window, "Ieva")) == 1
    assert "added on this sheet already" in _not_saved_text(window, qtbot)
