"""Participants screen: changing a coded person's code asks first and moves the person; a
coordinator's computer refuses it; the import then refuses the old code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from libtrainer.services import attendance, participants
from libtrainer.services.register.codes import participant_id_for_code
from libtrainer.store.models import Attendance
from tests.conftest import make_store
from tests.gui.conftest import WAIT_MS, fill_branch, idle, open_store, open_window
from tests.services.register.support import row, write_register

from libtrainer.gui.models import ID_ROLE

OLD = participant_id_for_code("LT-0042")
NEW = participant_id_for_code("LT-0099")


def _prepare(tmp_path: Path, role: str = "branch") -> tuple[Path, str]:
    """A branch (or coordinator) store with Ona Kazlauskienė, code LT-0042, enrolled and
    present at the group's session."""
    store = make_store(tmp_path / "data", role=role)
    try:
        data = fill_branch(store)
        with store.uow() as uow:
            pid = participants.create_participant(
                uow, "Ona", "Kazlauskienė", code="LT-0042", birth_year=1962
            ).first("participant")
        from libtrainer.services import groups

        with store.uow() as uow:
            groups.enrol(uow, data.group_id, [pid])
        with store.uow() as uow:
            attendance.record_attendance(uow, data.session_id, {pid: "present"})
        return data.data_dir, data.session_id
    finally:
        store.close()


def _open_person(window: Any, qtbot: Any, family: str) -> Any:
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.model.total == 4, timeout=WAIT_MS)
    model = screen.model
    qtbot.waitUntil(lambda: all(model.cached(r) for r in range(4)), timeout=WAIT_MS)
    row_no = next(r for r in range(4) if model.index(r, 0).data() == family)
    screen.table.selectRow(row_no)
    qtbot.waitUntil(lambda: screen.form.family.text() == family, timeout=WAIT_MS)
    idle(qtbot, window)
    return screen


def _marked(data_dir: Path, session_id: str) -> set[str]:
    store = open_store(data_dir)
    try:
        with store.read() as conn:
            stmt = select(Attendance.participant_id).where(Attendance.session_id == session_id)
            return set(conn.execute(stmt).scalars())
    finally:
        store.close()


@pytest.fixture
def coded(tmp_path: Path) -> tuple[Path, str]:
    return _prepare(tmp_path)


def test_changing_the_code_asks_first_and_moves_the_person(
    coded: tuple[Path, str], make_state: Any, qtbot: Any
) -> None:
    """A new code in the form and Save: a question (Cancel the default) explains the move;
    Cancel changes nothing, "Change the code" moves the person and their attendance to the
    new code and the old record leaves the list."""
    data_dir, session_id = coded
    window = open_window(data_dir, make_state, qtbot)
    screen = _open_person(window, qtbot, "Kazlauskienė")
    screen.form.code.setText("LT-0099")
    screen.save()
    question = screen.code_question
    assert question is not None and question.isVisible()
    assert question.cancel.isDefault() and not question.confirm.isDefault()
    text = question.text.text()
    assert "“LT-0042” to “LT-0099”" in text and "whoever else has it" in text
    question.cancel.click()
    idle(qtbot, window)
    assert screen.current_id == OLD and screen.banner.text() != "Saved."
    assert _marked(data_dir, session_id) == {OLD}

    screen.save()
    with qtbot.waitSignal(window.state.changed, timeout=WAIT_MS):
        screen.code_question.confirm.click()
    qtbot.waitUntil(lambda: "“LT-0099”" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.current_id == NEW

    def listed() -> set[str]:
        return {screen.model.index(r, 0).data(ID_ROLE) for r in range(screen.model.rowCount())}

    qtbot.waitUntil(lambda: NEW in listed(), timeout=WAIT_MS)
    assert OLD not in listed() and screen.model.total == 4
    assert NEW in _marked(data_dir, session_id) and OLD not in _marked(data_dir, session_id)


def test_a_coordinators_computer_refuses_without_a_question(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """On the coordinator's computer the new code is refused next to the code field with a
    reason, without asking; the record keeps its code."""
    data_dir, session_id = _prepare(tmp_path, role="coordinator")
    window = open_window(data_dir, make_state, qtbot)
    screen = _open_person(window, qtbot, "Kazlauskienė")
    screen.form.code.setText("LT-0099")
    screen.save()
    assert screen.code_question is None
    qtbot.waitUntil(lambda: "coordinator's computer" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.current_id == OLD
    assert OLD in _marked(data_dir, session_id)


def test_the_import_then_refuses_a_row_with_the_old_code(
    coded: tuple[Path, str], make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """After the change, a register row with the old code is listed as a mistake on its
    participant code, saying what the code was changed to."""
    data_dir, _session = coded
    window = open_window(data_dir, make_state, qtbot)
    screen = _open_person(window, qtbot, "Kazlauskienė")
    screen.form.code.setText("LT-0099")
    screen.save()
    with qtbot.waitSignal(window.state.changed, timeout=WAIT_MS):
        screen.code_question.confirm.click()
    idle(qtbot, window)
    register = write_register(
        tmp_path / "kovas.xlsx",
        [
            row(
                participant_code="LT-0042",
                given_name="Ona",
                family_name="Kazlauskienė",
                birth_year=1962,
                date=dt.date(2025, 3, 14),
            )
        ],
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(register), ""))
    )
    window._actions["import_register"].trigger()
    dialog = window.import_dialog
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT_MS)
    idle(qtbot, window)
    assert dialog.errors.rowCount() == 1
    reason = dialog.errors.item(0, 2).text()
    assert "“LT-0042” was changed to “LT-0099” on this computer" in reason
    assert not dialog.import_button.isEnabled()
