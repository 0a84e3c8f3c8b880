"""The recovery code in the window: shown once by the wizard, typed in when the keyring lost
the store key, renewed in Settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from libtrainer.services import recovery, storefile
from libtrainer.sync import keys
from tests.conftest import MemoryKeyring
from tests.gui.conftest import WAIT_MS, open_window, sign_in
from tests.gui.test_firstrun import _account, _fill

from libtrainer.gui import app as gui_app
from libtrainer.gui.recovery_dialogs import EnterRecoveryCodeDialog, RecoveryCodeDialog

CODE = re.compile(r"([A-Z2-7]{4}-){5}[A-Z2-7]{4}")


def _child(parent: Any, cls: type) -> Any:
    """The visible dialog of ``cls`` opened by ``parent`` (not one left by another test)."""
    found = [w for w in parent.findChildren(cls) if w.isVisible()]
    return found[-1] if found else None


def _lose_key(backend: MemoryKeyring, data: Path) -> None:
    uid = storefile.read_config(data).store_uid
    backend.delete_password(keys.SERVICE, keys.store_key_name(uid))


def test_the_wizard_shows_the_recovery_code_once_and_it_opens_the_store(
    tmp_path: Path, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """After Finish the code is shown; the dialog stays until "written down" is ticked; the
    code shown is the one that brings a lost key back."""
    folder = tmp_path / "branch-data"
    state = make_state(folder)
    wizard = gui_app.launch(state, keyring_available=True)
    _fill(wizard, folder)
    _account(wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: state.window is not None and _child(state.window, RecoveryCodeDialog) is not None,
        timeout=WAIT_MS,
    )
    dialog = _child(state.window, RecoveryCodeDialog)
    code = dialog.code.text()
    assert CODE.fullmatch(code)
    assert not dialog.ok.isEnabled()
    dialog.reject()  # Esc does not close it before the tick
    assert dialog.isVisible()
    dialog.written.setChecked(True)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert code not in (folder / storefile.CONFIG_FILE).read_text(encoding="utf-8")
    assert state.window is not None and state.user is not None
    gui_app.shutdown(state)
    _lose_key(memory_keyring, folder)
    recovery.recover(folder, code)
    storefile.open_store(folder).close()


def test_a_lost_key_is_brought_back_from_the_sign_in_panel(
    tmp_path: Path, branch: Any, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """The keyring lost the store key: the panel says so and offers the recovery code; a wrong
    code is refused with a message, the right one makes signing in work again."""
    code = recovery.make_code(branch.data_dir)
    _lose_key(memory_keyring, branch.data_dir)
    win = gui_app.launch(make_state(branch.data_dir))
    panel = win.sign_in
    qtbot.waitUntil(lambda: panel.recover.isVisible(), timeout=WAIT_MS)
    assert "recovery code" in panel.message.text()
    assert "libtrainer keys" not in panel.message.text()  # a window names no command line
    assert "keyring" not in panel.message.text()
    qtbot.mouseClick(panel.recover, Qt.MouseButton.LeftButton)
    dialog = _child(win, EnterRecoveryCodeDialog)
    dialog.field.setText("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    dialog.accept()
    qtbot.waitUntil(lambda: "does not open the records" in panel.message.text(), timeout=WAIT_MS)
    qtbot.mouseClick(panel.recover, Qt.MouseButton.LeftButton)
    dialog = _child(win, EnterRecoveryCodeDialog)
    dialog.field.setText(code.lower())
    dialog.accept()
    qtbot.waitUntil(lambda: not panel.recover.isVisible(), timeout=WAIT_MS)
    sign_in(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)


def test_settings_makes_a_new_code_after_asking(
    branch: Any, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """An administrator makes a new code in Settings (after a question); it is kept once
    written down, then the old one stops working."""
    old = recovery.make_code(branch.data_dir)
    win = open_window(branch.data_dir, make_state, qtbot)
    screen = win.go("settings")
    qtbot.mouseClick(screen.new_code, Qt.MouseButton.LeftButton)
    question = screen.findChild(object, "newRecoveryCodeDialog")
    question.accept()
    qtbot.waitUntil(lambda: _child(screen, RecoveryCodeDialog) is not None, timeout=WAIT_MS)
    shown = _child(screen, RecoveryCodeDialog)
    new = shown.code.text()
    assert CODE.fullmatch(new) and new != old
    before = (branch.data_dir / storefile.CONFIG_FILE).read_bytes()
    shown.written.setChecked(True)
    shown.accept()
    qtbot.waitUntil(lambda: "is kept" in screen.banner.text(), timeout=WAIT_MS)
    assert (branch.data_dir / storefile.CONFIG_FILE).read_bytes() != before
    assert CODE.fullmatch(new) and new != old
    _lose_key(memory_keyring, branch.data_dir)
    try:
        recovery.recover(branch.data_dir, old)
    except Exception as refused:  # noqa: BLE001 - the message is checked below
        assert "does not open" in str(getattr(refused, "msgid", ""))
    else:
        raise AssertionError("the old code still worked")
    recovery.recover(branch.data_dir, new)


def test_a_new_code_not_written_down_before_the_lock_changes_nothing(
    branch: Any, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """The idle lock closes the new code's dialog before "written down": the code on paper
    still opens the store."""
    old = recovery.make_code(branch.data_dir)
    win = open_window(branch.data_dir, make_state, qtbot)
    screen = win.go("settings")
    qtbot.mouseClick(screen.new_code, Qt.MouseButton.LeftButton)
    screen.findChild(object, "newRecoveryCodeDialog").accept()
    qtbot.waitUntil(lambda: _child(screen, RecoveryCodeDialog) is not None, timeout=WAIT_MS)
    win.lock()
    _lose_key(memory_keyring, branch.data_dir)
    recovery.recover(branch.data_dir, old)


def _finish_wizard(folder: Path, make_state: Any, qtbot: Any) -> tuple[Any, Any]:
    """The wizard finished: (state, the recovery code dialog it left open)."""
    state = make_state(folder)
    wizard = gui_app.launch(state, keyring_available=True)
    _fill(wizard, folder)
    _account(wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: state.window is not None and _child(state.window, RecoveryCodeDialog) is not None,
        timeout=WAIT_MS,
    )
    return state, _child(state.window, RecoveryCodeDialog)


def _status_says_code(folder: Path) -> bool:
    from libtrainer.services import status  # noqa: PLC0415

    store = storefile.open_store(folder)
    try:
        return bool(status.status(store, folder)["recovery_code"])
    finally:
        store.close()


def test_a_lock_before_the_first_code_is_written_down_shows_it_again_at_sign_in(
    tmp_path: Path, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """The idle lock closes the wizard's code dialog before the tick: no code is kept (status
    says so); the same code is shown at the next sign-in and kept once written down."""
    folder = tmp_path / "branch-data"
    state, dialog = _finish_wizard(folder, make_state, qtbot)
    code = dialog.code.text()
    win = state.window
    win.lock()
    assert not recovery.has_code(folder) and recovery.owed(folder)
    assert code not in (folder / storefile.CONFIG_FILE).read_text(encoding="utf-8")
    sign_in(qtbot, win, "ruta", "ilgas slaptažodis")
    qtbot.waitUntil(lambda: _child(win, RecoveryCodeDialog) is not None, timeout=WAIT_MS)
    again = _child(win, RecoveryCodeDialog)
    assert again.code.text() == code
    again.written.setChecked(True)
    qtbot.mouseClick(again.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: recovery.has_code(folder), timeout=WAIT_MS)
    assert not recovery.owed(folder)
    gui_app.shutdown(state)
    _lose_key(memory_keyring, folder)
    recovery.recover(folder, code)


def test_closing_before_the_first_code_is_written_down_keeps_none_and_shows_a_new_one(
    tmp_path: Path, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """The window closes with the code unconfirmed: status says there is no code; the next
    administrator sign-in shows a new code, which is the one that opens the store."""
    folder = tmp_path / "branch-data"
    state, dialog = _finish_wizard(folder, make_state, qtbot)
    first = dialog.code.text()
    state.window.close()
    gui_app.shutdown(state)
    assert not _status_says_code(folder)
    win = gui_app.launch(make_state(folder))
    sign_in(qtbot, win, "ruta", "ilgas slaptažodis")
    qtbot.waitUntil(lambda: _child(win, RecoveryCodeDialog) is not None, timeout=WAIT_MS)
    shown = _child(win, RecoveryCodeDialog)
    second = shown.code.text()
    assert CODE.fullmatch(second) and second != first
    shown.written.setChecked(True)
    shown.accept()
    qtbot.waitUntil(lambda: recovery.has_code(folder), timeout=WAIT_MS)
    assert _status_says_code(folder)
    _lose_key(memory_keyring, folder)
    try:
        recovery.recover(folder, first)
    except Exception as refused:  # noqa: BLE001 - the message is checked below
        assert "does not open" in str(getattr(refused, "msgid", ""))
    else:
        raise AssertionError("the code nobody confirmed opened the store")
    recovery.recover(folder, second)


def test_esc_after_the_tick_keeps_the_first_code_written_down(
    tmp_path: Path, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """Ticked "written down", then Esc or the close button: the code on paper is kept."""
    folder = tmp_path / "branch-data"
    state, dialog = _finish_wizard(folder, make_state, qtbot)
    code = dialog.code.text()
    dialog.written.setChecked(True)
    dialog.reject()  # what Esc and the title bar's close button call
    qtbot.waitUntil(lambda: recovery.has_code(folder), timeout=WAIT_MS)
    assert not dialog.isVisible() and not recovery.owed(folder)
    gui_app.shutdown(state)
    _lose_key(memory_keyring, folder)
    recovery.recover(folder, code)


def test_a_lock_after_the_tick_keeps_the_first_code_written_down(
    tmp_path: Path, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """Ticked "written down", then the idle lock closes the dialog: the code is kept."""
    folder = tmp_path / "branch-data"
    state, dialog = _finish_wizard(folder, make_state, qtbot)
    code = dialog.code.text()
    dialog.written.setChecked(True)
    state.window.lock()
    qtbot.waitUntil(lambda: recovery.has_code(folder), timeout=WAIT_MS)
    gui_app.shutdown(state)
    _lose_key(memory_keyring, folder)
    recovery.recover(folder, code)


def test_esc_after_the_tick_keeps_a_new_code_from_settings(
    branch: Any, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """Settings ▸ new code, ticked, then Esc: the new code replaces the old one."""
    old = recovery.make_code(branch.data_dir)
    win = open_window(branch.data_dir, make_state, qtbot)
    screen = win.go("settings")
    qtbot.mouseClick(screen.new_code, Qt.MouseButton.LeftButton)
    screen.findChild(object, "newRecoveryCodeDialog").accept()
    qtbot.waitUntil(lambda: _child(screen, RecoveryCodeDialog) is not None, timeout=WAIT_MS)
    dialog = _child(screen, RecoveryCodeDialog)
    new = dialog.code.text()
    dialog.written.setChecked(True)
    dialog.reject()
    _lose_key(memory_keyring, branch.data_dir)
    qtbot.waitUntil(lambda: _opens(branch.data_dir, new), timeout=WAIT_MS)
    assert not _opens(branch.data_dir, old)


def _opens(folder: Path, code: str) -> bool:
    from libtrainer.domain.errors import KeyStoreError  # noqa: PLC0415

    try:
        recovery.recover(folder, code)
    except KeyStoreError:
        return False
    return True
