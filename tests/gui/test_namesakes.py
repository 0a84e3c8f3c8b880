"""Two people of one name in a list a librarian picks from show what tells them apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from libtrainer.services import attendance, groups, participants
from libtrainer.store.store import Store
from tests.conftest import make_store
from tests.gui.conftest import WAIT_MS, BranchData, fill_branch, idle, open_store, open_window


@pytest.fixture
def twins(tmp_path: Path) -> tuple[BranchData, dict[int, str]]:
    """The branch's group with two Dalia Šimkienė (born 1957 and 1950) besides its three
    people; both were present at today's session."""
    store = make_store(tmp_path / "data")
    try:
        branch = fill_branch(store)
        born = {year: _person(store, "Dalia", "Šimkienė", birth_year=year) for year in (1957, 1950)}
        with store.uow() as uow:
            groups.enrol(uow, branch.group_id, list(born.values()))
        with store.uow() as uow:
            attendance.record_attendance(
                uow, branch.session_id, dict.fromkeys(born.values(), "present")
            )
        return branch, born
    finally:
        store.close()


def _person(store: Store, given: str, family: str, **fields: Any) -> str:
    with store.uow() as uow:
        return str(
            participants.create_participant(uow, given, family, **fields).first("participant")
        )


def _texts(view: Any) -> list[str]:
    model = view.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _sheet(window: Any, qtbot: Any, rows: int) -> Any:
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_model.rowCount() >= 1, timeout=WAIT_MS)
    idle(qtbot, window)
    screen.sessions.setCurrentIndex(screen.session_model.index(0, 0))
    qtbot.mouseClick(screen.attend, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == rows, timeout=WAIT_MS)
    return dialog


def test_the_attendance_sheet_shows_the_birth_year_of_namesakes_only(
    twins: Any, make_state: Any, qtbot: Any
) -> None:
    """The two Dalia Šimkienė read "(born 1950)" and "(born 1957)"; the others as before.
    Typing the year finds her, and Space unticks the one meant."""
    branch, born = twins
    window = open_window(branch.data_dir, make_state, qtbot)
    dialog = _sheet(window, qtbot, 5)
    texts = _texts(dialog.list)
    assert "Šimkienė Dalia (born 1950)" in texts and "Šimkienė Dalia (born 1957)" in texts
    assert "Čepienė Ona" in texts and "Žemaitis Šarūnas" in texts
    dialog.list.setFocus()
    QTest.keyClicks(dialog.list, "1950")
    assert _texts(dialog.list) == ["Šimkienė Dalia (born 1950)"]
    QTest.keyClick(dialog.list, Qt.Key.Key_Space)
    assert dialog.marks()[born[1950]] == "absent"
    assert dialog.marks()[born[1957]] == "present"


def test_a_namesake_added_on_the_sheet_tells_both_apart(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """Adding a second "Ona Čepienė" (born 1961) on purpose: both rows now show their years,
    and the excused mark of the first stays as it was."""
    window = open_window(branch.data_dir, make_state, qtbot)
    dialog = _sheet(window, qtbot, 3)
    ona = branch.people["Ona Čepienė"]
    item = next(i for i in dialog._items() if i.data(Qt.ItemDataRole.UserRole + 1) == ona)
    dialog.set_mark(item, "excused")
    row = dialog.new_row
    row.given.setText("Ona")
    row.family.setText("Čepienė")
    row.year.setText("1961")
    QTest.keyClick(row.year, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)
    texts = _texts(dialog.list)
    assert "Čepienė Ona (born 1950) — excused" in texts
    assert "Čepienė Ona (born 1961)" in texts
    assert dialog.marks()[ona] == "excused"


def test_finishing_and_taking_out_show_what_tells_namesakes_apart(
    twins: Any, make_state: Any, qtbot: Any
) -> None:
    """Finish the group (who gets a certificate) and Take out list the two Dalia Šimkienė
    with their birth years."""
    branch, born = twins
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_model.rowCount() >= 1, timeout=WAIT_MS)
    idle(qtbot, window)
    for button, name in ((screen.finish, "finishGroupDialog"), (screen.take_out, "takeOutDialog")):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda n=name: screen.dialog is not None and screen.dialog.objectName() == n,
            timeout=WAIT_MS,
        )
        dialog = screen.dialog
        texts = [dialog.people.item(i).text() for i in range(dialog.people.count())]
        assert any(t.startswith("Šimkienė Dalia (born 1950)") for t in texts), texts
        assert any(t.startswith("Šimkienė Dalia (born 1957)") for t in texts), texts
        assert any(t.startswith("Čepienė Ona") and "born" not in t for t in texts), texts
        dialog.reject()
        idle(qtbot, window)


def test_the_consultation_picker_offers_both_namesakes_of_one_year(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """Two Ona Čepienė born 1950: the completer offers both (one of them could not be chosen
    before), told apart by their codes' last characters, never the whole code."""
    store = open_store(branch.data_dir)
    try:
        twin = _person(store, "Ona", "Čepienė", birth_year=1950, code="45001019876")
    finally:
        store.close()
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    screen.person.setFocus()
    QTest.keyClicks(screen.person, "cep")
    qtbot.waitUntil(lambda: screen.completions.rowCount() == 2, timeout=WAIT_MS)
    labels = screen.completions.stringList()
    assert "Ona Čepienė (1950, code …9876)" in labels
    assert "45001019876" not in " ".join(labels)
    screen.completer.activated[str].emit("Ona Čepienė (1950, code …9876)")
    assert screen.person_id == twin
