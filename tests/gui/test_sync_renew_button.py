"""Sync screen, "This computer was restored or copied — take a new identity…": a branch PC the
coordinator suspended after a fork takes a new device id from the screen (renew_and_join),
behind a confirmation; nothing changes when it is cancelled or refused."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from libtrainer.store.models import Outbox
from libtrainer.sync import enroll, identity
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from tests.gui.conftest import (
    WAIT_MS,
    add_account,
    idle,
    open_store,
    open_sync_screen,
    set_share,
)
from tests.sync.forkkit import Forked, make_forked, names
from tests.sync.regionkit import make_region


@dataclass(frozen=True)
class Identity:
    """What a renewal changes, read from the store on disk."""

    device: str
    code: str | None
    outbox_devices: set[str]
    outbox: int
    joining: bool


def _identity(data_dir: Path) -> Identity:
    store = open_store(data_dir)
    try:
        with store.read() as conn:
            devices = list(conn.execute(select(Outbox.device)).scalars())
        return Identity(
            store.device_id,
            identity.enrolment_code(store),
            set(devices),
            len(devices),
            enroll.joining(store),
        )
    finally:
        store.close()


def _open_dialog(screen: Any, qtbot: Any) -> Any:
    assert screen.renew.button.isVisibleTo(screen)
    qtbot.mouseClick(screen.renew.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.renew.dialog is not None and screen.renew.dialog.isVisible(),
        timeout=WAIT_MS,
    )
    return screen.renew.dialog


@pytest.fixture
def forked(tmp_path: Path) -> Iterator[Forked]:
    """The copied branch PC (its bundles refused as a fork) with an administrator 'ruta'."""
    f = make_forked(tmp_path)
    add_account(f.clone)
    set_share(Path(f.clone.path).parent, str(f.region.root))
    try:
        yield f
    finally:
        f.close()


def _clone_dir(forked: Forked) -> Path:
    return Path(forked.clone.path).parent


def test_no_renew_action_on_a_coordinators_computer(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """No action on the coordinator's computer; forced anyway, it is refused and nothing changes."""
    region = make_region(tmp_path, branches=1)
    try:
        add_account(region.coordinator)
        set_share(tmp_path / "coord", str(region.root))
        before = _identity(tmp_path / "coord")
        screen = open_sync_screen(tmp_path / "coord", make_state, qtbot)
        assert screen.status.coordinator
        assert not screen.renew.button.isVisibleTo(screen)
        assert screen.renew.ask() is None
        screen.renew.run()
        qtbot.waitUntil(
            lambda: "cannot take a new identity" in screen.banner.text(), timeout=WAIT_MS
        )
        assert screen.banner.accessibleName() == "Error"
        idle(qtbot, screen.state.window)
        assert _identity(tmp_path / "coord") == before
    finally:
        region.close()


def test_librarian_does_not_get_the_renew_action(
    forked: Forked, make_state: Any, qtbot: Any
) -> None:
    """On a branch computer a librarian sees the Sync screen but not "take a new identity"."""
    add_account(forked.clone, login="ona", role="librarian")
    screen = open_sync_screen(_clone_dir(forked), make_state, qtbot, login="ona")
    assert not screen.status.coordinator
    assert not screen.renew.button.isVisibleTo(screen)


def test_confirmed_renewal_gives_a_new_identity_and_code(
    forked: Forked, make_state: Any, qtbot: Any
) -> None:
    """Confirming renews: new device id and code shown and requested; the outbox carries the id."""
    data_dir = _clone_dir(forked)
    before = _identity(data_dir)
    assert before.outbox > 0
    screen = open_sync_screen(data_dir, make_state, qtbot)
    assert screen.labels["code"].text() == before.code
    dialog = _open_dialog(screen, qtbot)
    assert "only when your coordinator asks" in dialog.text.text()
    assert dialog.confirm.accessibleName() and dialog.cancel.accessibleName()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "has a new identity" in screen.banner.text(), timeout=WAIT_MS)
    idle(qtbot, screen.state.window)
    after = _identity(data_dir)
    assert after.device != before.device
    assert after.code is not None and after.code != before.code
    assert screen.labels["code"].text() == after.code
    assert after.code in screen.banner.text()
    assert f"{before.outbox} change" in screen.banner.text()
    assert after.outbox == before.outbox + 1  # and the new device's own row
    assert after.outbox_devices == {after.device}
    assert after.joining and screen.status.joining
    assert screen.state.device.device_id == after.device
    share = Share.for_store(forked.region.root, forked.coordinator)
    pending = enroll.overview(forked.coordinator, share)["pending"]
    assert after.code in [p["code"] for p in pending]


def test_after_approval_check_again_sends_everything(
    forked: Forked, make_state: Any, qtbot: Any
) -> None:
    """After the approval "Check again" sends everything: the coordinator merges the copy's work."""
    assert "Rūta" not in names(forked.coordinator)
    screen = open_sync_screen(_clone_dir(forked), make_state, qtbot)
    qtbot.mouseClick(_open_dialog(screen, qtbot).confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "has a new identity" in screen.banner.text(), timeout=WAIT_MS)
    idle(qtbot, screen.state.window)
    share = Share.for_store(forked.region.root, forked.coordinator)
    enroll.admit(forked.coordinator, share, screen.labels["code"].text())
    qtbot.mouseClick(screen.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "enrolled this computer" in screen.banner.text(), timeout=WAIT_MS)
    idle(qtbot, screen.state.window)
    synchronise(forked.coordinator, forked.region.root)
    assert {"Rūta", "Ona"} <= names(forked.coordinator)


def test_cancelling_the_dialog_changes_nothing(forked: Forked, make_state: Any, qtbot: Any) -> None:
    """Cancel closes the confirmation: same device id, code and outbox."""
    data_dir = _clone_dir(forked)
    before = _identity(data_dir)
    screen = open_sync_screen(data_dir, make_state, qtbot)
    dialog = _open_dialog(screen, qtbot)
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.renew.dialog is None, timeout=WAIT_MS)
    idle(qtbot, screen.state.window)
    assert not screen.state.tasks.busy
    assert _identity(data_dir) == before
    assert screen.labels["code"].text() == before.code
    assert "new identity" not in screen.banner.text()


def test_unreachable_share_shows_the_message_and_changes_nothing(
    forked: Forked, make_state: Any, qtbot: Any, tmp_path: Path
) -> None:
    """With the shared folder gone, confirming shows why in plain words; nothing changed."""
    data_dir = _clone_dir(forked)
    set_share(data_dir, str(tmp_path / "unplugged"))
    before = _identity(data_dir)
    screen = open_sync_screen(data_dir, make_state, qtbot)
    qtbot.mouseClick(_open_dialog(screen, qtbot).confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not reachable" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.banner.accessibleName() == "Error"
    idle(qtbot, screen.state.window)
    assert screen.renew.button.isEnabled()
    assert _identity(data_dir) == before
    assert screen.labels["code"].text() == before.code
