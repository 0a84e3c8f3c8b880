"""Programmes and Staff forms: typing is never lost silently (another row, New, Archive,
closing, a sync, the lock; decision 0516), and a read-only form never asks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from sqlalchemy import select

from libtrainer.services import org, programmes, staff
from libtrainer.store.models import Programme, Staff
from libtrainer.sync import enroll
from tests.gui.conftest import WAIT_MS, add_account, idle, open_store, open_window, sign_in

from libtrainer.gui.unsaved import SaveChangesDialog


@dataclass(frozen=True)
class Case:
    """One screen: the record the tests add and edit, the other one listed, the field typed
    into with a valid and a refused value, and a change a sync brings."""

    key: str
    mine: str  # the record the tests add, as listed
    other: str
    field: str  # the form's line edit typed into
    good: str
    bad: str
    error: str  # the refused value's message, in part
    new_field: str
    new_question: str  # New with a new record half typed ("Aldona" / "Kursas")
    column: str  # the stored column of ``field``
    stored: Any  # ``good`` as stored
    add: Callable[[Any], Any]
    sync: Callable[[Any, str], Any]  # (uow, id): the change a sync brings
    synced: tuple[str, str]  # (form field, its text) after that change


PROGRAMMES = Case(
    key="programmes",
    mine="Smartphone every day",
    other="Public e-services",
    field="hours",
    good="10",
    bad="daug",
    error="Academic hours must be a number",
    new_field="title_lt",
    new_question="Save the new programme Kursas?",
    column="academic_hours",
    stored=10.0,
    add=lambda uow: programmes.create_programme(
        uow, 6, title_lt="Išmanusis telefonas", title_en="Smartphone every day"
    ),
    sync=lambda uow, pid: programmes.edit_programme(uow, pid, title_lv="Viedtālrunis"),
    synced=("title_lv", "Viedtālrunis"),
)
STAFF = Case(
    key="staff",
    mine="Aldona Vaitkienė",
    other="Jonas Lektorius",
    field="email",
    good="aldona@example.lt",
    bad="aldona@",
    error="e-mail address",
    new_field="given",
    new_question="Save the new person Kursas?",
    column="email",
    stored="aldona@example.lt",
    add=lambda uow: org.add_staff(uow, "Aldona", "Vaitkienė", "lecturer"),
    sync=lambda uow, sid: staff.edit_person(uow, sid, family_name="Vaitkutė"),
    synced=("family", "Vaitkutė"),
)
CASES = pytest.mark.parametrize("case", [PROGRAMMES, STAFF], ids=["programmes", "staff"])
MODELS = {"programmes": Programme, "staff": Staff}


def _name(case: Case, item: Any) -> str:
    return str(item.title if case.key == "programmes" else item.name)


def _screen(window: Any, qtbot: Any, case: Case) -> tuple[Any, str, str]:
    """The screen with ``case.mine`` added to the store; (screen, its id, the other's id)."""
    _write(window.state.data_dir, case.add)
    screen = window.go(case.key)
    qtbot.waitUntil(
        lambda: case.mine in {_name(case, i) for i in screen.items.values()}, timeout=WAIT_MS
    )
    idle(qtbot, window)
    ids = {_name(case, item): item.id for item in screen.items.values()}
    return screen, ids[case.mine], ids[case.other]


def _write(data_dir: Path, change: Callable[[Any], Any]) -> Any:
    store = open_store(data_dir)
    try:
        with store.uow() as uow:
            return change(uow)
    finally:
        store.close()


def _stored(window: Any, case: Case, row_id: str) -> Any:
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            model = MODELS[case.key]
            return conn.execute(select(model).where(model.id == row_id)).one()
    finally:
        store.close()


def _open(screen: Any, qtbot: Any, row_id: str) -> None:
    """Click the record's row in the list; the form shows it."""
    screen.table.selectRow(screen.model.row_of(row_id))
    qtbot.waitUntil(lambda: screen.current_id == row_id, timeout=WAIT_MS)


def _type(screen: Any, case: Case, text: str) -> None:
    getattr(screen.form, case.field).setText(text)


def _typed(screen: Any, case: Case) -> str:
    return str(getattr(screen.form, case.field).text())


def _question(screen: Any, qtbot: Any) -> SaveChangesDialog:
    qtbot.waitUntil(lambda: screen.unsaved.question is not None, timeout=WAIT_MS)
    dialog = screen.unsaved.question
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


def _answer(screen: Any, qtbot: Any, button: str) -> None:
    qtbot.mouseClick(getattr(_question(screen, qtbot), button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.unsaved.question is None, timeout=WAIT_MS)


def _chosen(screen: Any) -> str | None:
    return screen.model.id_at(screen.table.currentIndex().row())


@CASES
def test_another_row_asks_and_cancel_keeps_the_form_and_its_row(
    window: Any, qtbot: Any, case: Case
) -> None:
    """Typing then clicking another row asks "Save the changes to …?" (Save the default);
    Cancel keeps the typing and chooses the form's row again."""
    screen, mine, other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _type(screen, case, case.good)
    screen.table.selectRow(screen.model.row_of(other))
    dialog = _question(screen, qtbot)
    assert f"Save the changes to {case.mine}?" in dialog.text.text()
    assert dialog.save.isDefault()
    _answer(screen, qtbot, "cancel")
    qtbot.waitUntil(lambda: _chosen(screen) == mine, timeout=WAIT_MS)
    assert screen.current_id == mine and _typed(screen, case) == case.good
    assert screen.has_changes()


@CASES
def test_dont_save_drops_the_typing_and_opens_the_other_row(
    window: Any, qtbot: Any, case: Case
) -> None:
    """Don't save opens the row clicked; nothing typed reaches the store."""
    screen, mine, other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _type(screen, case, case.good)
    screen.table.selectRow(screen.model.row_of(other))
    _answer(screen, qtbot, "discard")
    qtbot.waitUntil(lambda: screen.current_id == other, timeout=WAIT_MS)
    assert _chosen(screen) == other and not screen.has_changes()
    idle(qtbot, window)
    assert getattr(_stored(window, case, mine), case.column) != case.stored


@CASES
def test_save_in_the_question_saves_then_opens_the_other_row(
    window: Any, qtbot: Any, case: Case
) -> None:
    """Save runs the screen's save, then the row clicked is opened."""
    screen, mine, other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _type(screen, case, case.good)
    screen.table.selectRow(screen.model.row_of(other))
    _answer(screen, qtbot, "save")
    qtbot.waitUntil(lambda: screen.current_id == other, timeout=WAIT_MS)
    idle(qtbot, window)
    assert getattr(_stored(window, case, mine), case.column) == case.stored
    assert _chosen(screen) == other and not screen.has_changes()


@CASES
def test_a_refused_save_in_the_question_shows_the_field_and_stays(
    window: Any, qtbot: Any, case: Case
) -> None:
    """Save with a refused value shows the rule under the field; the record stays in the
    form with what was typed, and the row clicked is not opened."""
    screen, mine, other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _type(screen, case, case.bad)
    screen.table.selectRow(screen.model.row_of(other))
    _answer(screen, qtbot, "save")
    idle(qtbot, window)
    error = screen.findChild(QLabel, f"error_{case.column}")
    qtbot.waitUntil(lambda: case.error in error.text(), timeout=WAIT_MS)
    assert screen.current_id == mine and _typed(screen, case) == case.bad
    qtbot.waitUntil(lambda: _chosen(screen) == mine, timeout=WAIT_MS)


@CASES
def test_new_asks_about_a_half_typed_new_record(window: Any, qtbot: Any, case: Case) -> None:
    """New with a new record half typed asks, naming what was typed; Cancel keeps it, Don't
    save empties the form."""
    screen, _mine, _other = _screen(window, qtbot, case)
    getattr(screen.form, case.new_field).setText("Kursas")
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    assert case.new_question in _question(screen, qtbot).text.text()
    _answer(screen, qtbot, "cancel")
    assert getattr(screen.form, case.new_field).text() == "Kursas"
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    _answer(screen, qtbot, "discard")
    assert getattr(screen.form, case.new_field).text() == "" and not screen.has_changes()


@CASES
def test_new_asks_about_changes_to_an_opened_record(window: Any, qtbot: Any, case: Case) -> None:
    """New with an opened record changed asks; Save saves it, then the form is empty."""
    screen, mine, _other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _type(screen, case, case.good)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    _answer(screen, qtbot, "save")
    qtbot.waitUntil(lambda: screen.current_id is None, timeout=WAIT_MS)
    idle(qtbot, window)
    assert getattr(_stored(window, case, mine), case.column) == case.stored
    assert _typed(screen, case) == "" and _chosen(screen) is None


@CASES
def test_archive_asks_and_after_save_archives_the_saved_record(
    window: Any, qtbot: Any, case: Case
) -> None:
    """Archive with typing asks; Save writes the typing, then the record is archived."""
    screen, mine, _other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _type(screen, case, case.good)
    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    _answer(screen, qtbot, "save")
    qtbot.waitUntil(lambda: mine not in screen.items, timeout=WAIT_MS)
    idle(qtbot, window)
    row = _stored(window, case, mine)
    assert getattr(row, case.column) == case.stored and row.archived


@CASES
def test_closing_the_window_asks_and_save_saves_then_closes(
    window: Any, qtbot: Any, case: Case
) -> None:
    """Closing with typing (another screen shown) asks on this screen; Save writes the
    typing and the window closes."""
    screen, mine, _other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _type(screen, case, case.good)
    window.go("today")
    window.show()
    window.close()
    _question(screen, qtbot)
    assert window.isVisible() and window.current_screen() is screen
    _answer(screen, qtbot, "save")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert getattr(_stored(window, case, mine), case.column) == case.stored


@CASES
def test_closing_with_dont_save_closes_without_writing(window: Any, qtbot: Any, case: Case) -> None:
    """Don't save in the closing question closes the window; nothing typed is written."""
    screen, mine, _other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _type(screen, case, case.good)
    window.show()
    window.close()
    _answer(screen, qtbot, "discard")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert getattr(_stored(window, case, mine), case.column) != case.stored


@CASES
def test_a_sync_change_keeps_the_typing_and_says_so(window: Any, qtbot: Any, case: Case) -> None:
    """A change to the record arriving while the form holds typing does not replace it: the
    banner says the record was changed elsewhere, and Save writes what was typed."""
    screen, mine, _other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _type(screen, case, case.good)
    changed = _write(window.state.data_dir, lambda uow: case.sync(uow, mine))
    window.state.notify(changed)
    screen.refresh()  # what the window does for a sync (the screen is not shown here)
    qtbot.waitUntil(lambda: "changed elsewhere" in screen.banner.text(), timeout=WAIT_MS)
    assert case.mine in screen.banner.text()
    field, text = case.synced
    assert _typed(screen, case) == case.good and getattr(screen.form, field).text() != text
    assert screen.has_changes()
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert getattr(_stored(window, case, mine), case.column) == case.stored


@CASES
def test_a_sync_change_shows_in_a_form_without_typing(window: Any, qtbot: Any, case: Case) -> None:
    """Without typing, a change from a sync is shown in the form as stored, no warning."""
    screen, mine, _other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _write(window.state.data_dir, lambda uow: case.sync(uow, mine))
    screen.refresh()
    field, text = case.synced
    qtbot.waitUntil(lambda: getattr(screen.form, field).text() == text, timeout=WAIT_MS)
    assert "changed elsewhere" not in screen.banner.text() and not screen.has_changes()


@CASES
def test_the_lock_saves_valid_typing_and_says_so_after_sign_in(
    window: Any, qtbot: Any, case: Case
) -> None:
    """Locking with a valid change saves it; the sign-in panel names nobody, and the next
    sign-in says in the status bar whose changes were saved."""
    screen, mine, _other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _type(screen, case, case.good)
    window.lock()
    idle(qtbot, window)
    assert getattr(_stored(window, case, mine), case.column) == case.stored
    assert case.mine not in window.sign_in.message.text()
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: f"{case.mine} were saved" in window.statusBar().currentMessage(),
        timeout=WAIT_MS,
    )


@CASES
def test_the_lock_keeps_nothing_of_a_refused_value_and_tells_why(
    window: Any, qtbot: Any, case: Case
) -> None:
    """A refused value at the lock is not saved; after the next sign-in a message names the
    record and the rule (the sign-in panel names nobody)."""
    screen, mine, _other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    _type(screen, case, case.bad)
    window.lock()
    idle(qtbot, window)
    assert getattr(_stored(window, case, mine), case.column) != case.bad
    assert case.mine not in window.sign_in.message.text()
    sign_in(qtbot, window)
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "notSavedAtLock") is not None, timeout=WAIT_MS
    )
    text = window.findChild(QMessageBox, "notSavedAtLock").text()
    assert case.mine in text and case.error in text


@CASES
def test_typing_taken_back_is_no_change(window: Any, qtbot: Any, case: Case) -> None:
    """Typing a letter and deleting it again leaves the form unchanged: no question."""
    screen, mine, other = _screen(window, qtbot, case)
    _open(screen, qtbot, mine)
    field = getattr(screen.form, case.field)
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert screen.has_changes()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert not screen.has_changes()
    _open(screen, qtbot, other)
    assert screen.unsaved.question is None


@pytest.mark.parametrize(("case", "login"), [(PROGRAMMES, "ruta"), (STAFF, "laima")])
def test_a_read_only_form_never_asks(
    branch: Any, make_state: Any, qtbot: Any, case: Case, login: str
) -> None:
    """Where this person only reads the list, text put in the form is no change: another
    row opens and the window closes without a question."""
    store = open_store(branch.data_dir)
    try:
        add_account(store, "laima", "librarian")
        with store.uow() as uow:
            case.add(uow)
        if case.key == "programmes":
            store.set_meta(enroll.META_JOINING, "1")
    finally:
        store.close()
    window = open_window(branch.data_dir, make_state, qtbot, login)
    screen = window.go(case.key)
    qtbot.waitUntil(lambda: len(screen.items) >= 2, timeout=WAIT_MS)
    idle(qtbot, window)
    ids = {_name(case, item): item.id for item in screen.items.values()}
    _open(screen, qtbot, ids[case.mine])
    _type(screen, case, case.good)
    assert not screen.has_changes()
    _open(screen, qtbot, ids[case.other])
    assert screen.unsaved.question is None
    window.show()
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert screen.unsaved.question is None
