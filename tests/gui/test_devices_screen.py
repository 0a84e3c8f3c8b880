"""The Devices screen on the coordinator's computer: approve a waiting computer by its code,
revoke one, all through the widgets; branch computers do not get the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from libtrainer.sync import enroll, publish
from libtrainer.sync.share import Share
from tests.conftest import make_store
from tests.gui.conftest import WAIT_MS, add_account, idle, open_store, open_window, set_share
from tests.gui.test_accessibility import _unnamed
from tests.sync.regionkit import add_participants, make_region, merge_branch_work


@pytest.fixture
def coordinator(tmp_path: Path) -> tuple[Path, Path, str, str]:
    """A region on a share: the coordinator's store (with an administrator account), a branch
    whose work was merged, and a newcomer that asked to join. Returns (coordinator folder,
    share, branch device, newcomer's code)."""
    region = make_region(tmp_path)
    try:
        branch = merge_branch_work(region)
        add_account(region.coordinator, "ruta", "admin")
        branch_device = branch.meta("device_id") or ""
    finally:
        region.close()
    newcomer = make_store(tmp_path / "new", branch="Veisiejų padalinys", device_name="PC-Veisiejai")
    try:
        code = enroll.request_enrolment(newcomer, Share.for_store(region.root, newcomer)).code
    finally:
        newcomer.close()
    set_share(tmp_path / "coord", str(region.root))
    return tmp_path / "coord", region.root, branch_device, code


def _screen(data_dir: Path, make_state: Any, qtbot: Any) -> tuple[Any, Any]:
    win = open_window(data_dir, make_state, qtbot)
    screen = win.go("devices")
    assert screen is not None
    qtbot.waitUntil(lambda: screen.overview is not None, timeout=WAIT_MS)
    idle(qtbot, win)
    return win, screen


def test_approve_a_waiting_computer_by_its_code(
    coordinator: tuple[Path, Path, str, str], make_state: Any, qtbot: Any, tmp_path: Path
) -> None:
    """The request shows its code; Approve asks first (Cancel is the default), then enrols."""
    data_dir, share, _branch, code = coordinator
    win, screen = _screen(data_dir, make_state, qtbot)
    assert _unnamed(screen) == []
    assert screen.pending.rowCount() == 1
    assert screen.pending.data(screen.pending.index(0, 0)) == code
    assert screen.enrolled.rowCount() == 2
    dialog = screen.ask_approve()
    assert dialog is not None and code in dialog.text.text() and dialog.cancel.isDefault()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: code in screen.banner.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.enrolled.rowCount() == 3, timeout=WAIT_MS)
    idle(qtbot, win)
    assert screen.pending.rowCount() == 0
    newcomer = open_store(tmp_path / "new")
    try:
        assert enroll.request_enrolment(newcomer, Share.for_store(share, newcomer)).state == (
            "enrolled"
        )
    finally:
        newcomer.close()


def test_revoke_keeps_merged_work_and_cancel_changes_nothing(
    coordinator: tuple[Path, Path, str, str], make_state: Any, qtbot: Any
) -> None:
    """Cancel leaves the device enrolled; Revoke refuses its later bundles only."""
    data_dir, _share, branch, _code = coordinator
    win, screen = _screen(data_dir, make_state, qtbot)
    row = screen.enrolled.row_of(branch)
    screen.enrolled_view.setCurrentIndex(screen.enrolled.index(row, 0))
    assert screen.enrolled.data(screen.enrolled.index(row, 4)).endswith(", bundle 1")
    assert screen.summary.text().startswith("Region Alytaus apskritis: trust list version")
    dialog = _revoke_question(screen, qtbot)
    assert "after its bundle 1:" in dialog.text.text()
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    idle(qtbot, win)
    assert screen._device(branch).revoked_after is None
    dialog = _revoke_question(screen, qtbot)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Revoked" in screen.banner.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen._device(branch).revoked_after == 1, timeout=WAIT_MS)
    idle(qtbot, win)
    own = screen.state.device.device_id
    screen.enrolled_view.setCurrentIndex(screen.enrolled.index(screen.enrolled.row_of(own), 0))
    assert not screen.revoke_button.isEnabled(), "a coordinator cannot revoke its own computer"


def _revoke_question(screen: Any, qtbot: Any) -> Any:
    """Ask to revoke the selected computer; the question once it has read the shared folder."""
    screen.dialog = None
    screen.ask_revoke()
    qtbot.waitUntil(lambda: screen.dialog is not None, timeout=WAIT_MS)
    return screen.dialog


def test_the_revoke_question_names_bundles_on_the_share_not_merged_yet(
    coordinator: tuple[Path, Path, str, str], make_state: Any, qtbot: Any, tmp_path: Path
) -> None:
    """A bundle the branch sent that is not merged here yet is named and stays valid."""
    data_dir, share, branch, _code = coordinator
    store = open_store(tmp_path / "b0")
    try:
        add_participants(store, [("Rūta", "Žukauskienė")])
        publish.publish(store, Share.for_store(share, store))
    finally:
        store.close()
    win, screen = _screen(data_dir, make_state, qtbot)
    screen.enrolled_view.setCurrentIndex(screen.enrolled.index(screen.enrolled.row_of(branch), 0))
    dialog = _revoke_question(screen, qtbot)
    assert "after its bundle 2:" in dialog.text.text()
    assert "1 of those bundles is on the shared folder" in dialog.text.text()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen._device(branch).revoked_after == 2, timeout=WAIT_MS)
    idle(qtbot, win)


def test_branch_computers_have_no_devices_screen(window: Any) -> None:
    """Even an administrator on a branch PC does not get the Devices screen."""
    assert "devices" not in window.workspace.screen_keys()
    assert window.go("devices") is None


def test_a_coordinator_request_is_named_as_such_before_approval(
    coordinator: tuple[Path, Path, str, str], make_state: Any, qtbot: Any, tmp_path: Path
) -> None:
    """A computer asking to join as a coordinator is approved only after a question that
    says so in plain words; a branch computer's question does not."""
    data_dir, share, _branch, _code = coordinator
    second = make_store(tmp_path / "coord2", role="coordinator", device_name="Koordinatorius 2")
    try:
        code = enroll.request_enrolment(second, Share.for_store(share, second)).code
    finally:
        second.close()
    win, screen = _screen(data_dir, make_state, qtbot)
    row = next(r for r in range(screen.pending.rowCount()) if screen.pending.id_at(r) == code)
    screen.pending_view.selectRow(row)
    dialog = screen.ask_approve()
    assert dialog is not None and "COORDINATOR" in dialog.text.text()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: code in screen.banner.text(), timeout=WAIT_MS)
    other = next(r for r in range(screen.pending.rowCount()) if screen.pending.id_at(r) != code)
    screen.pending_view.selectRow(other)
    dialog = screen.ask_approve()
    assert dialog is not None and "COORDINATOR" not in dialog.text.text()


def test_a_request_replacing_an_enrolled_key_is_named_before_approval(
    coordinator: tuple[Path, Path, str, str], make_state: Any, qtbot: Any, tmp_path: Path
) -> None:
    """A request of a computer already enrolled with another key (a copied data folder) is
    approved only after a question saying a working computer's key is replaced."""
    data_dir, share, _branch, _code = coordinator
    branch = open_store(tmp_path / "b0")
    try:
        code = enroll.request_enrolment(branch, Share.for_store(share, branch), new_key=True).code
    finally:
        branch.close()
    win, screen = _screen(data_dir, make_state, qtbot)
    row = next(r for r in range(screen.pending.rowCount()) if screen.pending.id_at(r) == code)
    screen.pending_view.selectRow(row)
    dialog = screen.ask_approve()
    assert dialog is not None and "already enrolled with another key" in dialog.text.text()
    assert "--new-device" in dialog.text.text()
    dialog.reject()
    idle(qtbot, win)


def test_a_suspended_identity_replaced_by_a_new_one_is_told_so(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """The earlier identity of a copied branch computer reads "suspended since bundle 2 …;
    replaced by “PC-0” (code)", listed last; the new one "enrolled; new identity of …"."""
    from tests.sync.test_renewed_identity_state import first_sync, make_renewed  # noqa: PLC0415

    renewed = make_renewed(tmp_path)
    try:
        first_sync(renewed)
        add_account(renewed.coordinator, "ruta", "admin")
        old, new = renewed.old, renewed.renewed.device
    finally:
        renewed.copy.close()
        renewed.region.close()
    set_share(tmp_path / "coord", str(renewed.region.root))
    _win, screen = _screen(tmp_path / "coord", make_state, qtbot)
    model = screen.enrolled
    states = {model.id_at(r): model.data(model.index(r, 6)) for r in range(model.rowCount())}
    assert states[old].startswith("suspended since bundle 2; replaced by “PC-0” (")
    assert states[new].startswith("enrolled; new identity of “PC-0” (")
    assert model.id_at(model.rowCount() - 1) == old
    assert screen.state_note.isHidden()
    screen.enrolled_view.setCurrentIndex(model.index(model.row_of(old), 0))
    assert not screen.state_note.isHidden()
    assert "its history split, later bundles set aside" in screen.state_note.text()
