"""Programmes: the catalogue made and kept from the window — add, change, archive; read-only
on a computer that receives the region's catalogue (docs/decisions/0110); a refused field
shows its message under the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from libtrainer.store.models import Programme
from libtrainer.sync import enroll
from tests.conftest import make_store
from tests.gui.conftest import WAIT_MS, add_account, idle, open_store, open_window


def _programmes(data_dir: Path) -> list[Any]:
    store = open_store(data_dir)
    try:
        with store.read() as conn:
            return list(conn.execute(select(Programme)).all())
    finally:
        store.close()


def _screen(window: Any, qtbot: Any, rows: int) -> Any:
    screen = window.go("programmes")
    qtbot.waitUntil(lambda: screen.model.rowCount() == rows, timeout=WAIT_MS)
    idle(qtbot, window)
    return screen


def _join_region(data_dir: Path) -> None:
    """Mark the store as a computer that asked to join a region (``enroll.join`` does so)."""
    store = open_store(data_dir)
    try:
        store.set_meta(enroll.META_JOINING, "1")
    finally:
        store.close()


def _new_group_dialog(window: Any, qtbot: Any) -> Any:
    groups = window.go("groups")
    idle(qtbot, window)
    qtbot.mouseClick(groups.new_group, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: groups.dialog is not None and groups.dialog.isVisible(), timeout=WAIT_MS
    )
    return groups.dialog


def test_a_programme_added_in_the_form_is_listed_and_offered_for_a_new_group(
    window: Any, qtbot: Any
) -> None:
    """The administrator of a computer on its own adds a programme (titles, code, hours typed
    with a decimal comma, two DigComp areas): it is saved, listed, and New group offers it."""
    screen = _screen(window, qtbot, 1)
    assert screen.editable and screen.save_button.isVisible()
    assert "not part of a region" in screen.note.text()
    form = screen.form
    form.title_lt.setText("Išmanusis telefonas kasdien")
    form.title_en.setText("Smartphone every day")
    form.code.setText("IT-2026")
    form.hours.setText("12,5")
    form.topics.chip("communication").click()
    form.topics.chip("safety").click()
    form.audience.set_code("residents")
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=WAIT_MS)
    assert "Programme added: Išmanusis telefonas kasdien" in screen.banner.text()
    assert form.title_lt.text() == "" and screen.current_id is None  # ready for the next one
    titles = {screen.model.index(r, 0).data() for r in range(2)}
    assert titles == {"Public e-services", "Smartphone every day"}
    (saved,) = [p for p in _programmes(window.state.data_dir) if p.code == "IT-2026"]
    assert (saved.academic_hours, saved.topics) == (12.5, "communication,safety")
    dialog = _new_group_dialog(window, qtbot)
    choices = [dialog.programme.itemText(i) for i in range(dialog.programme.count())]
    assert "Smartphone every day" in choices
    dialog.reject()


def test_bad_hours_and_a_missing_title_show_on_their_fields(window: Any, qtbot: Any) -> None:
    """Hours that are not a number are reported under the hours field, which gets the cursor;
    no title at all is reported under the first title; nothing is written either time."""
    window.show()
    screen = _screen(window, qtbot, 1)
    form = screen.form
    form.title_lt.setText("Kompiuterio pradžiamokslis")
    form.hours.setText("daug")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    error = screen.findChild(type(screen.note), "error_academic_hours")
    qtbot.waitUntil(error.isVisible, timeout=WAIT_MS)
    assert "Academic hours must be a number" in error.text()
    assert QApplication.focusWidget() is form.hours
    assert form.hours.accessibleDescription() == error.text()
    assert not screen.banner.isVisible()
    form.hours.setText("8")
    form.title_lt.clear()
    QTest.keyClick(form.hours, Qt.Key.Key_Return)  # Enter in a field saves too
    title_error = screen.findChild(type(screen.note), "error_title_lt")
    qtbot.waitUntil(title_error.isVisible, timeout=WAIT_MS)
    assert not error.isVisible() and "at least one language" in title_error.text()
    assert QApplication.focusWidget() is form.title_lt
    idle(qtbot, window)
    assert len(_programmes(window.state.data_dir)) == 1


def test_change_archive_and_bring_back_a_programme(window: Any, qtbot: Any) -> None:
    """A programme opened from the list is changed; archived, it leaves the list and New
    group; shown with "Show archived", it is brought back."""
    screen = _screen(window, qtbot, 1)
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    assert screen.form.title_en.text() == "Public e-services" and screen.current_id
    screen.form.hours.setText("10")
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.index(0, 3).data() == "10", timeout=WAIT_MS)
    assert screen.archive_button.text() == "Ar&chive"
    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0, timeout=WAIT_MS)
    assert "no longer offered for new groups" in screen.banner.text()
    dialog = _new_group_dialog(window, qtbot)
    assert dialog.programme.count() == 0
    dialog.reject()
    screen = _screen(window, qtbot, 0)
    screen.show_archived.setChecked(True)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=WAIT_MS)
    assert not screen.table.isColumnHidden(5) and screen.model.index(0, 5).data() == "Yes"
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    assert screen.archive_button.text() == "&Bring back"
    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.index(0, 5).data() == "", timeout=WAIT_MS)
    assert [p.archived for p in _programmes(window.state.data_dir)] == [False]


@pytest.mark.parametrize(("login", "joined"), [("ruta", True), ("lina", False)])
def test_read_only_where_the_catalogue_is_not_kept_by_this_person(
    branch: Any, make_state: Any, qtbot: Any, login: str, joined: bool
) -> None:
    """On a branch computer of a region even the administrator only reads the list, which
    says the programmes come from the coordinator; on a computer on its own a librarian
    reads it too (its administrator keeps it)."""
    store = open_store(branch.data_dir)
    try:
        add_account(store, "lina", "librarian")
    finally:
        store.close()
    if joined:
        _join_region(branch.data_dir)
    window = open_window(branch.data_dir, make_state, qtbot, login)
    screen = _screen(window, qtbot, 1)
    assert not screen.editable
    assert not screen.save_button.isVisible() and not screen.new_button.isVisible()
    assert not screen.form.title_lt.isEnabled() and not screen.form.hours.isEnabled()
    assert screen.form.title_en.text() == "Public e-services"  # the details can be read
    expected = "from the region's coordinator" if joined else "An administrator"
    assert expected in screen.note.text()
    screen.save()  # Ctrl+S does nothing either
    idle(qtbot, window)
    assert len(_programmes(branch.data_dir)) == 1


@pytest.mark.parametrize(
    ("joined", "expected", "offered"),
    [
        (False, "Add the programmes first on the Programmes screen", True),
        (True, "Programmes come from the coordinator with the next sync", False),
    ],
)
def test_new_group_with_an_empty_catalogue_says_where_programmes_come_from(
    tmp_path: Path, make_state: Any, qtbot: Any, joined: bool, expected: str, offered: bool
) -> None:
    """With no programme yet, New group tells the administrator of a computer on its own to
    add them on the Programmes screen (and takes her there); on a computer of a region it
    says they come from the coordinator."""
    data_dir = tmp_path / "data"
    store = make_store(data_dir)
    try:
        add_account(store)
    finally:
        store.close()
    if joined:
        _join_region(data_dir)
    window = open_window(data_dir, make_state, qtbot)
    dialog = _new_group_dialog(window, qtbot)
    assert expected in dialog.message.text()
    button = dialog.findChild(type(dialog.ok), "addProgrammes")
    assert (button is not None) == offered
    if offered:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.current_screen().key == "programmes", timeout=WAIT_MS)
        assert not dialog.isVisible()
    else:
        dialog.reject()


def test_a_programme_is_added_by_keyboard_only(window: Any, qtbot: Any) -> None:
    """Ctrl+Shift+P opens Programmes; Tab leaves the list for the form; "New programme"
    (Space) empties the form with the cursor in the first title; Tab runs down the fields to
    the hours; Enter adds the programme."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=WAIT_MS)
    QTest.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    screen = window.current_screen()
    assert screen is not None and screen.key == "programmes"
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=WAIT_MS)
    screen.table.setFocus()  # the list opens its first programme in the form
    qtbot.waitUntil(lambda: screen.current_id is not None, timeout=WAIT_MS)
    QTest.keyClick(screen.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.form.title_lt
    screen.new_button.setFocus()
    QTest.keyClick(screen.new_button, Qt.Key.Key_Space)
    assert screen.current_id is None and screen.form.title_lt.text() == ""
    assert QApplication.focusWidget() is screen.form.title_lt
    QTest.keyClicks(screen.form.title_lt, "Kompiuteris senjorams")
    for _step in range(5):  # past the Latvian and English titles, the code and the level
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.form.hours
    QTest.keyClicks(screen.form.hours, "8")
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        QTest.keyClick(screen.form.hours, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=WAIT_MS)
    assert any(p.title_lt == "Kompiuteris senjorams" for p in _programmes(window.state.data_dir))


def test_alt_and_a_digit_chooses_a_digcomp_area_from_the_hours_field(
    window: Any, qtbot: Any
) -> None:
    """In the hours field Alt+4 ticks the fourth DigComp area (Safety) and the keyboard stays;
    the digit alone is typed into the hours."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    screen = _screen(window, qtbot, 1)
    form = screen.form
    form.hours.setFocus()
    form.hours.clear()
    assert "safety" not in form.topics.codes()
    QTest.keyClick(form.hours, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(form.hours, Qt.Key.Key_8)
    assert QApplication.focusWidget() is form.hours
    assert form.hours.text() == "8"
    assert "safety" in form.topics.codes()
