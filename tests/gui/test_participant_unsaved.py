"""Participants form: changes are never lost silently (another row, New, close, the lock)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.gui.conftest import WAIT_MS, idle, open_store, sign_in

from libtrainer.gui.unsaved import SaveChangesDialog


def _screen(window: Any, qtbot: Any) -> Any:
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.model.total == 3, timeout=WAIT_MS)
    idle(qtbot, window)
    return screen


def _choose(screen: Any, qtbot: Any, pid: str) -> None:
    """Click the person's row in the list."""
    row = screen.model.row_of(pid)
    screen.table.selectRow(row)


def _open(screen: Any, qtbot: Any, pid: str, given: str) -> None:
    _choose(screen, qtbot, pid)
    qtbot.waitUntil(
        lambda: screen.current_id == pid and screen.form.given.text() == given, timeout=WAIT_MS
    )


def _question(screen: Any, qtbot: Any) -> SaveChangesDialog:
    qtbot.waitUntil(lambda: screen.unsaved.question is not None, timeout=WAIT_MS)
    dialog = screen.unsaved.question
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


def _box(window: Any) -> Any:
    return window.findChild(QMessageBox, "notSavedAtLock")


def _stored(window: Any, pid: str) -> dict[str, Any]:
    from libtrainer.services import participants

    store = open_store(window.state.data_dir)
    try:
        with store.uow() as uow:
            return participants.get_participant(uow, pid).fields
    finally:
        store.close()


def _count_named(window: Any, family: str) -> int:
    from sqlalchemy import func, select

    from libtrainer.store.models import Participant

    store = open_store(window.state.data_dir)
    try:
        with store.uow() as uow:
            stmt = select(func.count()).where(Participant.family_name == family)
            return int(uow.session.execute(stmt).scalar_one())
    finally:
        store.close()


def test_choosing_another_person_asks_and_cancel_keeps_the_form(window: Any, qtbot: Any) -> None:
    """With a phone typed, clicking another row asks; Cancel keeps the typing and the row."""
    people = window.branch.people
    screen = _screen(window, qtbot)
    first = people["Ona Čepienė"]
    _open(screen, qtbot, first, "Ona")
    screen.form.phone.setText("+370 600 00000")
    _choose(screen, qtbot, people["Jonas Cukras"])
    dialog = _question(screen, qtbot)
    assert "Save the changes to Ona Čepienė?" in dialog.text.text()
    assert dialog.save.isDefault()
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.unsaved.question is None, timeout=WAIT_MS)
    idle(qtbot, window)
    qtbot.waitUntil(
        lambda: screen.model.id_at(screen.table.currentIndex().row()) == first, timeout=WAIT_MS
    )
    assert screen.table.selectionModel().isRowSelected(screen.model.row_of(first))
    assert screen.current_id == first
    assert screen.form.phone.text() == "+370 600 00000"


def test_dont_save_drops_the_changes_and_opens_the_other_person(window: Any, qtbot: Any) -> None:
    """Don't save opens the row clicked; nothing of the typing reaches the store."""
    people = window.branch.people
    screen = _screen(window, qtbot)
    first, other = people["Ona Čepienė"], people["Jonas Cukras"]
    _open(screen, qtbot, first, "Ona")
    screen.form.notes.setPlainText("Nori mokytis el. bankininkystės")
    _choose(screen, qtbot, other)
    qtbot.mouseClick(_question(screen, qtbot).discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.current_id == other, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.form.given.text() == "Jonas", timeout=WAIT_MS)
    assert not screen.has_changes()
    assert not _stored(window, first)["notes"]


def test_save_in_the_question_saves_then_opens_the_other_person(window: Any, qtbot: Any) -> None:
    """Save writes the typed phone, then the row clicked is opened."""
    people = window.branch.people
    screen = _screen(window, qtbot)
    first, other = people["Ona Čepienė"], people["Jonas Cukras"]
    _open(screen, qtbot, first, "Ona")
    screen.form.phone.setText("+370 612 34567")
    _choose(screen, qtbot, other)
    qtbot.mouseClick(_question(screen, qtbot).save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.current_id == other and screen.form.given.text() == "Jonas",
        timeout=WAIT_MS,
    )
    idle(qtbot, window)
    assert _stored(window, first)["phone"] == "+370 612 34567"
    qtbot.waitUntil(
        lambda: screen.model.id_at(screen.table.currentIndex().row()) == other, timeout=WAIT_MS
    )


def test_a_refused_save_in_the_question_keeps_the_person(window: Any, qtbot: Any) -> None:
    """Save with a bad phone shows the rule and stays on the person (the row clicked waits)."""
    people = window.branch.people
    screen = _screen(window, qtbot)
    first = people["Ona Čepienė"]
    _open(screen, qtbot, first, "Ona")
    screen.form.phone.setText("tel. abc")
    _choose(screen, qtbot, people["Jonas Cukras"])
    qtbot.mouseClick(_question(screen, qtbot).save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Phone" in screen.banner.text(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert screen.current_id == first and screen.form.phone.text() == "tel. abc"


def test_new_person_asks_about_a_typed_new_person(window: Any, qtbot: Any) -> None:
    """New person (Ctrl+N) with a half-typed new person asks, naming what was typed."""
    screen = _screen(window, qtbot)
    screen.form.given.setText("Aldona")
    screen.form.family.setText("Naujokė")
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    dialog = _question(screen, qtbot)
    assert "Save the new person Aldona Naujokė?" in dialog.text.text()
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    assert screen.form.given.text() == "Aldona"


def test_a_change_typed_and_taken_back_is_no_change(window: Any, qtbot: Any) -> None:
    """Typing a letter and deleting it again leaves the form unchanged: no question."""
    people = window.branch.people
    screen = _screen(window, qtbot)
    _open(screen, qtbot, people["Ona Čepienė"], "Ona")
    qtbot.keyClick(screen.form.given, Qt.Key.Key_A)
    assert screen.has_changes()
    qtbot.keyClick(screen.form.given, Qt.Key.Key_Backspace)
    assert not screen.has_changes()
    _open(screen, qtbot, people["Jonas Cukras"], "Jonas")
    assert screen.unsaved.question is None


def test_closing_the_window_asks_and_dont_save_closes(window: Any, qtbot: Any) -> None:
    """Closing with a typed phone asks; Don't save then closes the window."""
    people = window.branch.people
    screen = _screen(window, qtbot)
    _open(screen, qtbot, people["Ona Čepienė"], "Ona")
    window.go("today")
    screen.form.phone.setText("+370 622 22222")
    window.show()
    window.close()
    dialog = _question(screen, qtbot)
    assert window.isVisible()
    assert window.current_screen() is screen
    qtbot.mouseClick(dialog.discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)


def test_closing_with_save_saves_first(window: Any, qtbot: Any) -> None:
    """Save in the closing question writes the change, then the window closes."""
    pid = window.branch.people["Ona Čepienė"]
    screen = _screen(window, qtbot)
    _open(screen, qtbot, pid, "Ona")
    screen.form.phone.setText("+370 633 33333")
    window.show()
    window.close()
    qtbot.mouseClick(_question(screen, qtbot).save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert _stored(window, pid)["phone"] == "+370 633 33333"


def test_the_lock_saves_a_valid_form_and_says_so_after_sign_in(window: Any, qtbot: Any) -> None:
    """Locking with a valid change saves it; the next sign-in says so in the status bar."""
    pid = window.branch.people["Ona Čepienė"]
    screen = _screen(window, qtbot)
    _open(screen, qtbot, pid, "Ona")
    screen.form.phone.setText("+370 611 11111")
    window.lock()
    idle(qtbot, window)
    assert _stored(window, pid)["phone"] == "+370 611 11111"
    assert "Čepienė" not in window.sign_in.message.text()
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: "Ona Čepienė were saved" in window.statusBar().currentMessage(), timeout=WAIT_MS
    )


def test_the_lock_keeps_nothing_of_an_invalid_form_and_tells_why(window: Any, qtbot: Any) -> None:
    """An invalid phone at the lock is not saved; after sign-in a message names the person
    and the rule (the sign-in panel names nobody)."""
    pid = window.branch.people["Ona Čepienė"]
    screen = _screen(window, qtbot)
    _open(screen, qtbot, pid, "Ona")
    screen.form.phone.setText("tel. abc")
    window.lock()
    idle(qtbot, window)
    assert not _stored(window, pid)["phone"]
    assert "Čepienė" not in window.sign_in.message.text()
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: _box(window) is not None, timeout=WAIT_MS)
    box = _box(window)
    assert "Ona Čepienė" in box.text() and "Phone" in box.text()


def test_the_lock_does_not_add_a_likely_duplicate_unasked(window: Any, qtbot: Any) -> None:
    """A new person named like someone known is not added at the lock; the message says why."""
    screen = _screen(window, qtbot)
    screen.form.given.setText("Sarunas")
    screen.form.family.setText("Zemaitis")
    screen.form.birth_year.setText("1957")
    window.lock()
    idle(qtbot, window)
    assert _count_named(window, "Zemaitis") == 0
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: _box(window) is not None, timeout=WAIT_MS)
    assert "may already be known" in _box(window).text()
