"""Staff: people kept from the window — added without a sign-in account, changed, archived and
brought back; read-only for librarians and, on a region's branch computer, for other branches'
people (docs/decisions/0111); the group, session and consultation choices follow the list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from libtrainer.services import accounts, org, records, sessions
from libtrainer.store.models import Staff
from libtrainer.sync import enroll
from tests.gui.conftest import PASSWORD, WAIT_MS, add_account, idle, open_store, open_window


def _rows(data_dir: Path) -> dict[str, Any]:
    store = open_store(data_dir)
    try:
        with store.read() as conn:
            return {f"{s.given_name} {s.family_name}": s for s in conn.execute(select(Staff))}
    finally:
        store.close()


def _screen(window: Any, qtbot: Any, rows: int) -> Any:
    screen = window.go("staff")
    qtbot.waitUntil(lambda: screen.model.rowCount() == rows, timeout=WAIT_MS)
    idle(qtbot, window)
    return screen


def _choose(screen: Any, name: str) -> None:
    """Choose the person called ``name`` in the list (the form shows them)."""
    for row in range(screen.model.rowCount()):
        if f"{screen.model.index(row, 1).data()} {screen.model.index(row, 0).data()}" == name:
            screen.table.setCurrentIndex(screen.model.index(row, 0))
            return
    raise AssertionError(f"{name} is not listed")


def _helpers(window: Any, qtbot: Any) -> list[str]:
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    idle(qtbot, window)
    return [screen.helper.itemText(i) for i in range(screen.helper.count())]


def _lecturers_to_plan(window: Any, qtbot: Any) -> list[str]:
    """The lecturer choices of Plan sessions (the dialog is closed again)."""
    groups = window.go("groups")
    qtbot.waitUntil(lambda: groups.group_id() is not None, timeout=WAIT_MS)
    idle(qtbot, window)
    qtbot.mouseClick(groups.plan, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: groups.dialog is not None and groups.dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = groups.dialog
    choices = [dialog.lecturer.itemText(i) for i in range(dialog.lecturer.count())]
    dialog.reject()
    groups.dialog = None
    return choices


def test_a_person_added_by_keyboard_is_offered_as_helper_and_lecturer(
    window: Any, qtbot: Any
) -> None:
    """Ctrl+Shift+L opens Staff; a guest consultant is typed and saved with Enter: listed
    with this branch and no sign-in account, and offered in consultations and Plan sessions."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    QTest.keyClick(
        window,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    screen = window.current_screen()
    assert screen is not None and screen.key == "staff"
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=WAIT_MS)
    assert screen.may_edit and screen.save_button.isVisible()
    form = screen.form
    form.given.setFocus()
    QTest.keyClicks(form.given, "Aldona")
    QTest.keyClick(form.given, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.family
    form.family.setText("Vaitkienė")  # QTest types ASCII only
    form.role.set_code("consultant")
    form.email.setText("aldona@example.lt")
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        QTest.keyClick(form.email, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=WAIT_MS)
    assert "Added: Aldona Vaitkienė" in screen.banner.text() and form.given.text() == ""
    _choose(screen, "Aldona Vaitkienė")
    row = screen.model.row_of(screen.current_id)
    cells = [screen.model.index(row, c).data() for c in range(6)]
    assert cells == [
        "Vaitkienė",
        "Aldona",
        "Digital consultant",
        "Būdviečio padalinys",
        "aldona@example.lt",
        "",
    ]
    assert "No sign-in account" in form.account.text()
    saved = _rows(window.state.data_dir)["Aldona Vaitkienė"]
    assert (saved.role, saved.branch_id) == ("consultant", window.state.device.branch_id)
    assert "Aldona Vaitkienė" in _helpers(window, qtbot)
    assert "Aldona Vaitkienė" in _lecturers_to_plan(window, qtbot)


def test_a_bad_email_and_a_namesake_show_on_their_fields(window: Any, qtbot: Any) -> None:
    """An e-mail without a domain is reported under the e-mail field, which gets the cursor;
    the name of someone already listed is reported under the family name; nothing is written."""
    window.show()
    screen = _screen(window, qtbot, 2)
    form = screen.form
    form.given.setText("Ona")
    form.family.setText("Kita")
    form.email.setText("ona@")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    error = screen.findChild(type(screen.note), "error_email")
    qtbot.waitUntil(error.isVisible, timeout=WAIT_MS)
    assert "e-mail address" in error.text() and QApplication.focusWidget() is form.email
    form.email.clear()
    form.given.setText("JONAS")
    form.family.setText("lektorius")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    family_error = screen.findChild(type(screen.note), "error_family_name")
    qtbot.waitUntil(family_error.isVisible, timeout=WAIT_MS)
    assert "already" in family_error.text() and not error.isVisible()
    assert QApplication.focusWidget() is form.family
    idle(qtbot, window)
    assert len(_rows(window.state.data_dir)) == 2


def test_an_account_holders_details_are_changed_and_the_account_kept(
    window: Any, qtbot: Any
) -> None:
    """The lecturer with a sign-in account gets a new family name and role: the list still
    shows the login, the sign-in still works with the new name and the old sign-in role;
    archiving them is refused while the account is enabled."""
    screen = _screen(window, qtbot, 2)
    _choose(screen, "Jonas Lektorius")
    assert "“jonas”" in screen.form.account.text()
    screen.form.family.setText("Lektoriukas")
    screen.form.role.set_code("consultant")
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.banner.text() == "Saved.", timeout=WAIT_MS)
    idle(qtbot, window)
    row = screen.model.row_of(screen.current_id)
    assert screen.model.index(row, 0).data() == "Lektoriukas"
    assert screen.model.index(row, 5).data() == "jonas"
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            user = accounts.verify(conn, "jonas", PASSWORD)
    finally:
        store.close()
    assert (user.family_name, user.role) == ("Lektoriukas", "lecturer")
    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "“jonas”" in screen.banner.text(), timeout=WAIT_MS)
    assert not _rows(window.state.data_dir)["Jonas Lektoriukas"].archived


def test_an_archived_lecturer_leaves_the_choices_but_stays_on_past_sessions(
    window: Any, qtbot: Any
) -> None:
    """A guest lecturer who led a session is archived: gone from the list, Plan sessions and
    the consultation helpers, still named on the session; shown with "Show archived" and
    brought back, offered again."""
    data = window.state.data_dir
    store = open_store(data)
    try:
        with store.uow() as uow:
            guest = org.add_staff(uow, "Aldona", "Vaitkienė", "lecturer").first("staff")
        with store.uow() as uow:
            sessions.plan_session(
                uow, dt.date.today(), 2, group_id=window.branch.group_id, lecturer_id=guest
            )
    finally:
        store.close()
    screen = _screen(window, qtbot, 3)
    _choose(screen, "Aldona Vaitkienė")
    assert screen.archive_button.text() == "Ar&chive"
    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=WAIT_MS)
    assert "no longer offered as lecturer or helper" in screen.banner.text()
    assert "Aldona Vaitkienė" not in _helpers(window, qtbot)
    assert "Aldona Vaitkienė" not in _lecturers_to_plan(window, qtbot)
    groups = window.go("groups")
    qtbot.waitUntil(lambda: groups.session_model.rowCount() == 2, timeout=WAIT_MS)
    lecturers = {groups.session_model.index(r, 4).data() for r in range(2)}
    assert "Aldona Vaitkienė" in lecturers
    screen = _screen(window, qtbot, 2)
    screen.show_archived.setChecked(True)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=WAIT_MS)
    assert not screen.table.isColumnHidden(6)
    _choose(screen, "Aldona Vaitkienė")
    assert screen.archive_button.text() == "Bring bac&k"
    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Brought back" in screen.banner.text(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert "Aldona Vaitkienė" in _helpers(window, qtbot)


def test_a_librarian_reads_the_list_and_a_lecturer_does_not_get_it(
    window: Any, make_state: Any, qtbot: Any
) -> None:
    """A librarian sees the staff list with every field closed and no buttons; a lecturer's
    navigation has no Staff screen."""
    data = window.state.data_dir
    store = open_store(data)
    try:
        add_account(store, "laima", "librarian")
    finally:
        store.close()
    window.lock()
    librarian = open_window(data, make_state, qtbot, "laima")
    screen = _screen(librarian, qtbot, 3)
    assert not screen.may_edit and "Administrators and coordinators" in screen.note.text()
    _choose(screen, "Jonas Lektorius")
    assert not screen.form.family.isEnabled() and not screen.save_button.isVisible()
    librarian.lock()
    lecturer = open_window(data, make_state, qtbot, "jonas")
    assert "staff" not in lecturer.workspace.screen_keys()


def test_a_regions_branch_computer_shows_other_branches_people_read_only(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Once the computer asked to join a region, a lecturer of another branch is shown but
    not changeable (kept by the coordinator); this branch's people still are, at this branch."""
    store = open_store(branch.data_dir)
    try:
        with store.uow() as uow:
            other = org.ensure_branch(
                uow,
                region="Alytaus apskritis",
                library="Lazdijų r. savivaldybės viešoji biblioteka",
                branch="Seiliūnų padalinys",
            ).branch_id
        with store.uow() as uow:
            org.add_staff(uow, "Dalia", "Rimkutė", "lecturer", branch_id=other)
        with store.uow() as uow:
            org.add_staff(uow, "Ieva", "Kazlauskė", "lecturer")
        store.set_meta(enroll.META_JOINING, "1")
    finally:
        store.close()
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = _screen(window, qtbot, 4)
    assert "the other branches' staff come from the region's coordinator" in screen.note.text()
    _choose(screen, "Dalia Rimkutė")
    assert "kept by the region's coordinator" in screen.form.title()
    assert not screen.form.given.isEnabled() and not screen.save_button.isEnabled()
    assert not screen.archive_button.isEnabled()
    _choose(screen, "Ieva Kazlauskė")
    assert screen.form.given.isEnabled() and screen.save_button.isEnabled()
    assert not screen.form.branch.isEnabled()
    assert screen.form.branch.currentText() == "Būdviečio padalinys"


def test_the_signed_in_person_archived_elsewhere_stays_the_default_helper(
    window: Any, qtbot: Any
) -> None:
    """When a sync archived the person signed in here, a new consultation still names them
    as its helper instead of quietly the first name of the list."""
    store = open_store(window.state.data_dir)
    try:
        with store.uow() as uow:
            records.archive(uow, "staff", window.state.staff_id)
    finally:
        store.close()
    window.state.notify(None)
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    idle(qtbot, window)
    assert screen.helper.code() == f"staff:{window.state.staff_id}"
    assert screen.helper.currentText() == "Rūta Žukauskienė"


def test_a_computer_on_its_own_chooses_the_branch_and_keeps_a_missing_one(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """On a computer in no region the branch is chosen in the form: a person is added at
    another branch; a lecturer without a branch keeps none when only the e-mail changes."""
    store = open_store(branch.data_dir)
    try:
        with store.uow() as uow:
            org.ensure_branch(
                uow,
                region="Alytaus apskritis",
                library="Lazdijų r. savivaldybės viešoji biblioteka",
                branch="Seiliūnų padalinys",
            )
    finally:
        store.close()
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = _screen(window, qtbot, 2)
    form = screen.form
    assert form.branch.isEnabled() and form.branch.currentText() == "Būdviečio padalinys"
    form.given.setText("Dalia")
    form.family.setText("Rimkutė")
    form.branch.setCurrentIndex(form.branch.findText("Seiliūnų padalinys"))
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=WAIT_MS)
    _choose(screen, "Jonas Lektorius")
    assert form.branch.currentText() == "—"
    form.email.setText("jonas@example.lt")
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    rows = _rows(branch.data_dir)
    assert rows["Jonas Lektorius"].branch_id is None
    assert rows["Jonas Lektorius"].email == "jonas@example.lt"
    places = {b.id: b.name for b in _branches(branch.data_dir)}
    assert places[rows["Dalia Rimkutė"].branch_id] == "Seiliūnų padalinys"


def _branches(data_dir: Path) -> list[Any]:
    store = open_store(data_dir)
    try:
        with store.uow() as uow:
            return org.find_branches(uow, include_archived=True)
    finally:
        store.close()
