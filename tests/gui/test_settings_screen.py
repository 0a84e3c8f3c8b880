"""Settings screen: device settings (admin only), accounts, password change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import PASSWORD, WAIT_MS, open_store, sign_in

from libtrainer.gui import app as gui_app


def test_admin_sets_idle_lock_and_shared_folder(window: Any, qtbot: Any, tmp_path: Any) -> None:
    """Saving the device settings changes the idle timer at once and the Sync screen's share."""
    screen = window.go("settings")
    screen.idle.setValue(2)
    screen.share.setText(str(tmp_path))
    qtbot.mouseClick(screen.save_device, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.idle.interval_ms == 120_000, timeout=WAIT_MS)
    assert window.state.share_path == str(tmp_path)


def test_admin_adds_an_account_that_can_sign_in(window: Any, qtbot: Any) -> None:
    """A new librarian account appears in the list and, after a lock, signs in by choosing
    its own password first (the administrator chose the first one)."""
    screen = window.go("settings")
    panel = screen.accounts
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT_MS)
    panel.given.setText("Ona")
    panel.family.setText("Bibliotekininkė")
    panel.login.setText("ona")
    panel.role.set_code("librarian")
    panel.password.setText("ona-slaptažodis")
    qtbot.mouseClick(panel.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=WAIT_MS)
    window.lock()
    sign_in(qtbot, window, login="ona", password="ona-slaptažodis")
    qtbot.waitUntil(lambda: window.own_password.dialog is not None, timeout=WAIT_MS)
    dialog = window.own_password.dialog
    assert window.workspace is None
    dialog.new.setText("onos pačios žodis")
    dialog.repeat.setText("onos pačios žodis")
    dialog.submit()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)
    assert window.state.role == "librarian"


def test_a_librarian_cannot_change_device_settings(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Non-administrators see the device settings disabled and no accounts panel."""
    win = gui_app.launch(make_state(branch.data_dir))
    sign_in(qtbot, win, login="jonas", password=PASSWORD)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    screen = win.go("settings")
    assert not screen.save_device.isEnabled()
    assert getattr(screen, "accounts", None) is None


def test_changing_my_password(window: Any, qtbot: Any) -> None:
    """The new password works at the next sign-in."""
    screen = window.go("settings")
    screen.old.setText(PASSWORD)
    screen.new.setText("visai naujas")
    screen.repeat.setText("visai naujas")
    screen._change_password()
    qtbot.waitUntil(lambda: "changed" in screen.banner.text(), timeout=WAIT_MS)
    window.lock()
    sign_in(qtbot, window, password="visai naujas")
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)


class FakeScheduler:
    """The system's scheduler, faked: records commands, answers with ``status``."""

    def __init__(self, status: int = 0, output: str = "") -> None:
        self.calls: list[list[str]] = []
        self.answer = (status, output)

    def __call__(self, args: Any) -> tuple[int, str]:
        self.calls.append(list(args))
        return self.answer


def test_admin_turns_on_the_hourly_send(window: Any, qtbot: Any, monkeypatch: Any) -> None:
    """Ticking the box and saving registers the task and keeps the choice in the store."""
    from libtrainer.services import settings as device
    from libtrainer.sync import scheduled

    system = FakeScheduler()
    monkeypatch.setattr(scheduled, "run_command", system)
    monkeypatch.setattr(scheduled.sys, "platform", "linux")
    screen = window.go("settings")
    screen.scheduled.setChecked(True)
    qtbot.mouseClick(screen.save_device, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.state.scheduled_send, timeout=WAIT_MS)
    assert any(call[:3] == ["systemctl", "--user", "enable"] for call in system.calls)
    with window.state.tasks.store.read() as conn:
        assert device.read(conn).scheduled_send


def test_a_refused_hourly_send_says_why_and_keeps_nothing(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """The system's reason is shown, the box is unticked again, the choice is not stored."""
    from libtrainer.services import settings as device
    from libtrainer.sync import scheduled

    monkeypatch.setattr(scheduled, "run_command", FakeScheduler(1, "Access is denied."))
    monkeypatch.setattr(scheduled.sys, "platform", "linux")
    screen = window.go("settings")
    screen.scheduled.setChecked(True)
    qtbot.mouseClick(screen.save_device, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Access is denied." in screen.banner.text(), timeout=WAIT_MS)
    assert not screen.scheduled.isChecked() and not window.state.scheduled_send
    with window.state.tasks.store.read() as conn:
        assert not device.read(conn).scheduled_send


def test_sign_in_registers_the_chosen_send_again(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """Reboot-restore removed the task: the first sign-in registers it again, once."""
    from libtrainer.services import settings as device
    from libtrainer.sync import scheduled

    store = open_store(branch.data_dir)
    try:
        with store.uow() as uow:
            device.save(uow, scheduled_send=True)
    finally:
        store.close()
    system = FakeScheduler()
    monkeypatch.setattr(scheduled, "run_command", system)
    monkeypatch.setattr(scheduled.sys, "platform", "linux")
    win = gui_app.launch(make_state(branch.data_dir))
    sign_in(qtbot, win)
    qtbot.waitUntil(lambda: len(system.calls) >= 2, timeout=WAIT_MS)
    enabled = [c for c in system.calls if c[:3] == ["systemctl", "--user", "enable"]]
    win.lock()
    sign_in(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    assert len(enabled) == 1
    assert len([c for c in system.calls if c[:3] == ["systemctl", "--user", "enable"]]) == 1


def test_an_unreachable_shared_folder_is_saved_with_a_warning(
    window: Any, qtbot: Any, tmp_path: Any
) -> None:
    """A folder that is not there is kept (a USB stick comes and goes), and the banner says
    it cannot be reached now."""
    screen = window.go("settings")
    missing = tmp_path / "neegzistuoja"
    screen.share.setText(str(missing))
    qtbot.mouseClick(screen.save_device, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cannot be reached now" in screen.banner.text(), timeout=WAIT_MS)
    assert window.state.share_path == str(missing)


def test_a_shared_folder_without_its_drive_is_not_saved(
    window: Any, qtbot: Any, tmp_path: Any
) -> None:
    """ "usb" is refused with a line asking for the whole path; the folder set before stays."""
    screen = window.go("settings")
    screen.share.setText(str(tmp_path))
    qtbot.mouseClick(screen.save_device, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.state.share_path == str(tmp_path), timeout=WAIT_MS)
    screen.share.setText("usb")
    qtbot.mouseClick(screen.save_device, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "whole path" in screen.banner.text(), timeout=WAIT_MS)
    assert window.state.share_path == str(tmp_path)


def test_coordinator_screens_are_not_in_a_branch_pcs_menu(window: Any) -> None:
    """A branch computer's Go menu has no greyed-out Duplicates and Devices entries."""
    actions = window._actions
    assert not actions["go_duplicates"].isVisible() and not actions["go_devices"].isVisible()
    assert actions["go_participants"].isVisible()


def test_other_device_settings_do_not_touch_the_scheduler(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """Changing only the idle time saves without asking the system's scheduler anything (a
    scheduler that refuses cannot block it)."""
    from libtrainer.sync import scheduled

    system = FakeScheduler(1, "Access is denied.")
    monkeypatch.setattr(scheduled, "run_command", system)
    screen = window.go("settings")
    screen.idle.setValue(3)
    qtbot.mouseClick(screen.save_device, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.idle.interval_ms == 180_000, timeout=WAIT_MS)
    assert system.calls == []
