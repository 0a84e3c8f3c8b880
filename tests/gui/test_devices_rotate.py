"""Changing the coordinator's keys from the Devices screen (``trust rotate`` from the window):
a question first, the result in plain words, the key backup offered at once; refused in plain
words when the shared folder is away or the list moved on."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from libtrainer.sync import devices
from libtrainer.sync.errors import TrustError
from tests.gui.conftest import WAIT_MS, add_account, idle, open_window, set_share, sign_in
from tests.gui.test_accessibility import _unnamed
from tests.sync.regionkit import make_region, merge_branch_work


@pytest.fixture
def coordinator(tmp_path: Path) -> tuple[Path, Path]:
    """A coordinator's folder (an administrator account) on a region share, and the share."""
    region = make_region(tmp_path)
    try:
        merge_branch_work(region)
        add_account(region.coordinator, "ruta", "admin")
    finally:
        region.close()
    set_share(tmp_path / "coord", str(region.root))
    return tmp_path / "coord", region.root


def _screen(data_dir: Path, make_state: Any, qtbot: Any) -> tuple[Any, Any]:
    win = open_window(data_dir, make_state, qtbot)
    screen = win.go("devices")
    assert screen is not None
    qtbot.waitUntil(lambda: screen.overview is not None, timeout=WAIT_MS)
    idle(qtbot, win)
    return win, screen


def test_change_the_keys_then_make_the_backup_offered(
    coordinator: tuple[Path, Path], make_state: Any, qtbot: Any, tmp_path: Path
) -> None:
    """Cancel changes nothing; confirming names the new version and code, then the backup."""
    data_dir, _share = coordinator
    win, screen = _screen(data_dir, make_state, qtbot)
    box = screen.keys
    assert box.button.isEnabled() and _unnamed(box) == []
    assert "stolen" in box.findChild(QLabel, "rotateKeysWhen").text()
    question = box.ask()
    assert question is not None and question.cancel.isDefault()
    assert "backup" in question.text.text()
    before = screen.overview.version
    qtbot.mouseClick(question.cancel, Qt.MouseButton.LeftButton)
    idle(qtbot, win)
    assert screen.overview.version == before
    question = box.ask()
    assert question is not None
    qtbot.mouseClick(question.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: box.dialog is not None and box.dialog.objectName() == "rotatedDialog",
        timeout=WAIT_MS,
    )
    idle(qtbot, win)
    result = box.dialog
    assert f"version {before + 1}" in result.text.text()
    qtbot.waitUntil(lambda: screen.overview.version == before + 1, timeout=WAIT_MS)
    own = screen._device(screen.state.device.device_id)
    assert f"code is now {own.code}" in result.text.text()
    assert "new code" in screen.banner.text()
    assert "Make a new key backup" in result.text.text() and result.backup.isDefault()
    qtbot.mouseClick(result.backup, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: box.dialog is not None and box.dialog.objectName() == "keyBackupDialog",
        timeout=WAIT_MS,
    )
    form = box.dialog
    target = tmp_path / "stick" / "keys.ltkeys"
    target.parent.mkdir()
    form.path.setText(str(target))
    form.passphrase.setText("trumpa")
    form.repeat.setText("trumpa")
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.field_error("passphrase") != "", timeout=WAIT_MS)
    assert not target.exists()
    form.passphrase.setText("Ąžuolas ir liepa")
    form.repeat.setText("Ąžuolas ir liepa")
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "were written to" in screen.banner.text(), timeout=WAIT_MS)
    idle(qtbot, win)
    assert target.stat().st_size > 0


def test_without_the_shared_folder_the_keys_are_not_changed(
    coordinator: tuple[Path, Path], make_state: Any, qtbot: Any, tmp_path: Path
) -> None:
    """The button is off when the folder is away; gone after loading, the banner says so."""
    data_dir, share = coordinator
    win, screen = _screen(data_dir, make_state, qtbot)
    aside = tmp_path / "aside"
    shutil.move(share, aside)
    question = screen.keys.ask()
    assert question is not None
    qtbot.mouseClick(question.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not changed" in screen.banner.text(), timeout=WAIT_MS)
    idle(qtbot, win)
    assert "not reachable" in screen.banner.text()
    assert screen.keys.dialog is None
    screen.refresh()
    idle(qtbot, win)
    assert not screen.keys.button.isEnabled()
    shutil.move(aside, share)


def test_a_list_changed_meanwhile_says_try_again(
    coordinator: tuple[Path, Path], make_state: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another coordinator wrote the next version first: the banner says to try again."""
    data_dir, _share = coordinator
    win, screen = _screen(data_dir, make_state, qtbot)

    def moved_on(store: Any, share: Any) -> Any:
        raise TrustError(
            "conflict",
            "Another coordinator changed the trust list at the same "
            "moment. Nothing was overwritten: try again.",
        )

    monkeypatch.setattr(devices, "rotate_keys", moved_on)
    question = screen.keys.ask()
    assert question is not None
    qtbot.mouseClick(question.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "try again" in screen.banner.text(), timeout=WAIT_MS)
    idle(qtbot, win)
    assert "The keys were not changed." in screen.banner.text()


def test_a_change_of_keys_whose_result_never_came_does_not_refuse_the_next(
    coordinator: tuple[Path, Path], make_state: Any, qtbot: Any
) -> None:
    """The app began closing as the change was asked for (its operation never ran, so no
    result came back): changing the keys is not refused afterwards."""
    data_dir, _share = coordinator
    win, screen = _screen(data_dir, make_state, qtbot)
    question = screen.keys.ask()
    win.state.tasks.closed = True  # shutting down: nothing new runs
    try:
        qtbot.mouseClick(question.confirm, Qt.MouseButton.LeftButton)
    finally:
        win.state.tasks.closed = False
    assert not screen.sharing
    assert screen.keys.ask() is not None


def test_a_screen_built_again_knows_a_change_of_keys_runs(
    coordinator: tuple[Path, Path],
    make_state: Any,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Locked and signed in again while the change runs: the new Devices screen refuses a
    second change until the first has ended."""
    data_dir, _share = coordinator
    release = threading.Event()

    def slow(store: Any, share: Any) -> Any:
        release.wait(WAIT_MS / 1000)
        raise TrustError("conflict", "Another coordinator changed the trust list. Try again.")

    monkeypatch.setattr(devices, "rotate_keys", slow)
    win, screen = _screen(data_dir, make_state, qtbot)
    try:
        qtbot.mouseClick(screen.keys.ask().confirm, Qt.MouseButton.LeftButton)
        win.lock()
        sign_in(qtbot, win)
        qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
        again = win.go("devices")
        assert again is not screen and again.sharing and again.keys.ask() is None
        release.set()
        qtbot.waitUntil(lambda: not again.sharing, timeout=WAIT_MS)
        assert again.keys.ask() is not None
    finally:
        release.set()
