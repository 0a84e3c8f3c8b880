"""Groups & sessions on a coordinator's computer: every branch's groups with a Branch column and
a branch choice; another branch's group is printed there, not changed (decision 0114)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from libtrainer.services import groups, org, participants, programmes, sessions
from tests.conftest import make_store
from tests.gui.conftest import WAIT_MS, fill_branch, idle, open_window

from libtrainer.gui.screens import groups as groups_screen

OTHER = "Šeštokų padalinys"


@pytest.fixture
def coordinator(tmp_path: Path) -> tuple[Path, str, str]:
    """A coordinator's store: its own branch's group (fill_branch) and a group of another
    branch with one person and a session. Returns (data folder, own group, other group)."""
    store = make_store(tmp_path / "data", role="coordinator")
    try:
        own = fill_branch(store)
        with store.uow() as uow:
            placed = org.ensure_branch(
                uow,
                region="Alytaus apskritis",
                library="Lazdijų r. savivaldybės viešoji biblioteka",
                branch=OTHER,
            )
        with store.uow() as uow:
            prog = programmes.list_programmes(uow)[0].id
        with store.uow() as uow:
            group = groups.create_group(
                uow,
                prog,
                "Užimtumo tarnybos grupė Nr. 4",
                branch_id=placed.branch_id,
                start_date=dt.date.today() - dt.timedelta(days=400),
            ).first("training_group")
        with store.uow() as uow:
            person = participants.create_participant(
                uow, "Aldona", "Šeštokienė", birth_year=1958, branch_id=placed.branch_id
            ).first("participant")
        with store.uow() as uow:
            groups.enrol(uow, group, [person])
        with store.uow() as uow:
            sessions.plan_session(uow, dt.date.today() - dt.timedelta(days=399), 2, group_id=group)
        return own.data_dir, own.group_id, group
    finally:
        store.close()


def _screen(coordinator: Any, make_state: Any, qtbot: Any) -> tuple[Any, Any]:
    data_dir, _own, _other = coordinator
    window = open_window(data_dir, make_state, qtbot)
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.group_model.rowCount() == 2, timeout=WAIT_MS)
    idle(qtbot, window)
    return window, screen


def _choose(screen: Any, qtbot: Any, group_id: str) -> None:
    screen.groups.selectRow(screen.group_model.row_of(group_id))
    qtbot.waitUntil(lambda: screen.session_id() is not None, timeout=WAIT_MS)


def test_a_coordinator_sees_every_branchs_groups_with_their_branch(
    coordinator: Any, make_state: Any, qtbot: Any
) -> None:
    """Both branches' groups are listed, each with its branch; choosing a branch lists its
    groups only, "All branches" every one again."""
    _window, screen = _screen(coordinator, make_state, qtbot)
    model = screen.group_model
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Branch"
    branches = {model.index(r, 1).data() for r in range(2)}
    assert branches == {"Būdviečio padalinys", OTHER}
    combo = screen.branch_choice.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All branches",
        "Būdviečio padalinys",
        OTHER,
    ]
    combo.setCurrentIndex(combo.findText(OTHER))
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
    assert model.index(0, 0).data() == "Užimtumo tarnybos grupė Nr. 4"
    combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=WAIT_MS)


def test_another_branchs_group_is_printed_not_changed(
    coordinator: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """Another branch's group: only the printing buttons work, a note says who keeps it, the
    Delete key and Ctrl+T do nothing but say so; the sign-in sheet is made. The
    coordinator's own group keeps every button, and its sheet opens."""
    _data, own, other = coordinator
    window, screen = _screen(coordinator, make_state, qtbot)
    opened: list[Path] = []
    monkeypatch.setattr(groups_screen, "open_document", opened.append)
    _choose(screen, qtbot, other)
    changing = (
        screen.change_group,
        screen.take_out,
        screen.finish,
        screen.delete_group,
        screen.plan,
        screen.change_session,
        screen.delete_session,
        screen.attend,
    )
    assert not any(button.isEnabled() for button in changing)
    assert screen.print_sheet.isEnabled() and screen.print_certificates.isEnabled()
    assert OTHER in screen.kept_note.text() and not screen.kept_note.isHidden()
    QTest.keyClick(screen.groups, Qt.Key.Key_Delete)
    assert screen.deleting.dialog is None
    assert screen.take_attendance() is None and screen.dialog is None
    assert "kept by" in screen.banner.text()
    screen.print_sign_in(str(tmp_path / "lapas.pdf"))
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    assert opened[0].read_bytes().startswith(b"%PDF")
    idle(qtbot, window)
    _choose(screen, qtbot, own)
    assert all(button.isEnabled() for button in changing)
    assert screen.kept_note.isHidden()
    qtbot.mouseClick(screen.attend, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.dialog is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.dialog.model.rowCount() == 3, timeout=WAIT_MS)


def test_certificates_of_another_branchs_unfinished_group_name_that_branch(
    coordinator: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """Certificates of another branch's group nobody completed yet: the banner names the
    branch that finishes it (Finish is off here), and no PDF is made or opened."""
    _data, _own, other = coordinator
    window, screen = _screen(coordinator, make_state, qtbot)
    opened: list[Path] = []
    monkeypatch.setattr(groups_screen, "open_document", opened.append)
    _choose(screen, qtbot, other)
    assert not screen.finish.isEnabled()
    screen.print_certificates_of(str(tmp_path / "pazymejimai.pdf"))
    qtbot.waitUntil(lambda: OTHER in screen.banner.text(), timeout=WAIT_MS)
    assert "Finish group" in screen.banner.text() and "belongs to" in screen.banner.text()
    idle(qtbot, window)
    assert opened == [] and not (tmp_path / "pazymejimai.pdf").exists()


def test_a_branch_computer_has_no_branch_column_or_choice(window: Any, qtbot: Any) -> None:
    """A branch computer's list stays as it was: its groups, no Branch column, no choice."""
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.group_model.rowCount() == 1, timeout=WAIT_MS)
    assert screen.branch_choice is None
    assert screen.group_model.columnCount() == 5
    assert screen.kept_here() and screen.change_group.isEnabled()


def test_a_groups_session_count_leaves_out_archived_sessions(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """The Sessions column counts what the session list shows: an archived session is in
    neither (the list and its count agree, as in `groups list`)."""
    from libtrainer.services import records  # noqa: PLC0415
    from tests.gui.conftest import open_store  # noqa: PLC0415

    store = open_store(branch.data_dir)
    try:
        with store.uow() as uow:
            sessions.plan_session(uow, dt.date.today(), 2, group_id=branch.group_id)
        with store.uow() as uow:
            records.archive(uow, "training_session", branch.session_id)
    finally:
        store.close()
    win = open_window(branch.data_dir, make_state, qtbot)
    screen = win.go("groups")
    qtbot.waitUntil(lambda: screen.group_model.rowCount() == 1, timeout=WAIT_MS)
    screen.groups.selectRow(0)
    idle(qtbot, win)
    shown = screen.session_model.rowCount()
    counted = screen.group_model.index(0, screen.group_model.columnCount() - 1).data()
    assert shown == 1 and str(counted) == "1"
