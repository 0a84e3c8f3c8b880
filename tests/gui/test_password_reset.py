"""A forgotten password set again in the window: Settings ▸ Staff accounts, and "Forgot your
password?" on the sign-in panel with the store's recovery code."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from libtrainer.domain.errors import LibtrainerError
from libtrainer.i18n import _
from libtrainer.services import accounts, recovery
from tests.conftest import MemoryKeyring
from tests.gui.conftest import PASSWORD, WAIT_MS, idle, sign_in
from tests.gui.test_recovery_code import _lose_key

from libtrainer.gui import app as gui_app
from libtrainer.gui.password_dialogs import ForgotPasswordDialog, SetPasswordDialog

NEW = "naujas slaptažodis"


def _child(parent: Any, cls: type) -> Any:
    found = [w for w in parent.findChildren(cls) if w.isVisible()]
    return found[-1] if found else None


def _signs_in(win: Any, login: str, password: str) -> bool:
    store = win.state.tasks.store
    with store.read() as conn:
        try:
            accounts.verify(conn, login, password)
        except LibtrainerError:
            return False
    return True


def _accounts_panel(win: Any, qtbot: Any) -> Any:
    panel = win.go("settings").accounts
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT_MS)
    return panel


def _select(panel: Any, login: str) -> None:
    for row in range(panel.model.rowCount()):
        if panel.model.index(row, 0).data() == login:
            panel.view.selectRow(row)
            return
    raise AssertionError(login)


def test_the_person_column_has_its_own_header(window: Any, qtbot: Any) -> None:
    """In Lithuanian the staff accounts table heads a person's name „Vardas ir pavardė“, not
    a thing's „Pavadinimas“ (the msgid "Name")."""
    window.set_language("lt")
    panel = _accounts_panel(window, qtbot)
    header = panel.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert header == "Vardas ir pavardė" == _("Given and family name")


def test_an_administrator_sets_a_new_password_for_another_account(window: Any, qtbot: Any) -> None:
    """Settings ▸ Staff accounts ▸ Set a new password…: two different entries are refused in
    the dialog; then the lecturer signs in with the new password only."""
    panel = _accounts_panel(window, qtbot)
    _select(panel, "jonas")
    qtbot.mouseClick(panel.reset, Qt.MouseButton.LeftButton)
    dialog = _child(panel, SetPasswordDialog)
    assert "jonas" in dialog.findChild(object, "setPasswordIntro").text()
    dialog.new.setText(NEW)
    dialog.repeat.setText(NEW + "x")
    dialog.submit()
    assert "differ" in dialog.message.text() and dialog.isVisible()
    dialog.repeat.setText(NEW)
    dialog.submit()
    qtbot.waitUntil(lambda: "is set" in panel.message.text(), timeout=WAIT_MS)
    assert not dialog.isVisible()
    assert _signs_in(window, "jonas", NEW) and not _signs_in(window, "jonas", PASSWORD)


def test_a_short_password_is_refused_under_its_field(window: Any, qtbot: Any) -> None:
    """Too short: the message is under the password field and nothing changes."""
    panel = _accounts_panel(window, qtbot)
    _select(panel, "jonas")
    qtbot.mouseClick(panel.reset, Qt.MouseButton.LeftButton)
    dialog = _child(panel, SetPasswordDialog)
    dialog.new.setText("short")
    dialog.repeat.setText("short")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.field_error("password")), timeout=WAIT_MS)
    assert dialog.isVisible() and _signs_in(window, "jonas", PASSWORD)


def test_an_administrator_is_sent_to_my_password_for_their_own(window: Any, qtbot: Any) -> None:
    """Their own row: no dialog; the panel says to use My password."""
    panel = _accounts_panel(window, qtbot)
    _select(panel, "ruta")
    qtbot.mouseClick(panel.reset, Qt.MouseButton.LeftButton)
    assert _child(panel, SetPasswordDialog) is None
    assert "My password" in panel.message.text()


def _forgot(win: Any, qtbot: Any, *, ready: bool = True) -> Any:
    if ready:
        qtbot.waitUntil(lambda: win.sign_in_ready, timeout=WAIT_MS)
    qtbot.mouseClick(win.sign_in.forgot, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _child(win, ForgotPasswordDialog) is not None, timeout=WAIT_MS)
    return _child(win, ForgotPasswordDialog)


def test_the_recovery_code_sets_a_forgotten_administrator_password(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Forgot your password?: a wrong code is refused in the dialog and changes nothing; the
    store's code sets a new password and signing in with it works."""
    code = recovery.make_code(branch.data_dir)
    win = gui_app.launch(make_state(branch.data_dir))
    dialog = _forgot(win, qtbot)
    assert dialog.code.isVisible() and dialog.ok.isVisible()
    dialog.code.setText("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    dialog.login.setText("ruta")
    dialog.new.setText(NEW)
    dialog.repeat.setText(NEW)
    dialog.submit()
    qtbot.waitUntil(lambda: "does not open the records" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.isVisible() and _signs_in(win, "ruta", PASSWORD)
    dialog.code.setText(code.lower())
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert "“ruta”" in win.sign_in.message.text()
    assert win.sign_in.login.text() == "ruta"
    sign_in(qtbot, win, "ruta", NEW)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)


def test_the_code_sets_no_password_for_a_lecturer(branch: Any, make_state: Any, qtbot: Any) -> None:
    """A lecturer's login with the right code: refused, an administrator sets theirs."""
    code = recovery.make_code(branch.data_dir)
    win = gui_app.launch(make_state(branch.data_dir))
    dialog = _forgot(win, qtbot)
    dialog.code.setText(code)
    dialog.login.setText("jonas")
    dialog.new.setText(NEW)
    dialog.repeat.setText(NEW)
    dialog.submit()
    qtbot.waitUntil(lambda: "not an administrator" in dialog.message.text(), timeout=WAIT_MS)
    assert _signs_in(win, "jonas", PASSWORD)


def test_without_a_code_the_dialog_only_explains(branch: Any, make_state: Any, qtbot: Any) -> None:
    """A store with no recovery code: ask an administrator (or the command line); no form."""
    win = gui_app.launch(make_state(branch.data_dir))
    dialog = _forgot(win, qtbot)
    assert "no recovery code" in dialog.findChild(object, "forgotMore").text()
    assert not dialog.ok.isVisible() and not dialog.code.isVisible()
    dialog.reject()
    idle(qtbot, win)


def _fill(dialog: Any, code: str, login: str = "ruta") -> None:
    dialog.code.setText(code)
    dialog.login.setText(login)
    dialog.new.setText(NEW)
    dialog.repeat.setText(NEW)


def _lost_key_window(branch: Any, make_state: Any, qtbot: Any, keyring: MemoryKeyring) -> Any:
    """The keyring lost the store key; the sign-in panel offers the recovery code."""
    code = recovery.make_code(branch.data_dir)
    _lose_key(keyring, branch.data_dir)
    win = gui_app.launch(make_state(branch.data_dir))
    qtbot.waitUntil(lambda: win.sign_in.recover.isVisible(), timeout=WAIT_MS)
    return win, code


def test_forgot_with_the_code_brings_a_lost_key_back_and_sets_the_password(
    branch: Any, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """Keyring emptied: the code typed in "Forgot your password?" puts the key back, then sets
    the password; the sign-in panel says both."""
    win, code = _lost_key_window(branch, make_state, qtbot, memory_keyring)
    dialog = _forgot(win, qtbot, ready=False)
    _fill(dialog, code)
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    text = win.sign_in.message.text()
    assert "key back" in text and "“ruta”" in text
    assert not win.sign_in.recover.isVisible()
    sign_in(qtbot, win, "ruta", NEW)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)


def test_forgot_with_a_wrong_code_and_a_lost_key_says_why_in_the_dialog(
    branch: Any, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """Keyring emptied, wrong code: the dialog says so and stays usable; nothing changed."""
    win, code = _lost_key_window(branch, make_state, qtbot, memory_keyring)
    dialog = _forgot(win, qtbot, ready=False)
    _fill(dialog, "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    dialog.submit()
    qtbot.waitUntil(lambda: "does not open the records" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert win.sign_in.recover.isVisible() and not dialog.key_back
    recovery.recover(branch.data_dir, code)  # the code on paper still works


def test_a_cancelled_forgot_dialog_never_sets_the_password(
    branch: Any, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """Cancelled while it waited for the store: the store opens later, the password is kept."""
    win, code = _lost_key_window(branch, make_state, qtbot, memory_keyring)
    dialog = _forgot(win, qtbot, ready=False)
    _fill(dialog, code)
    dialog.submit()
    dialog.reject()  # before the key is back and the store open
    recovery.recover(branch.data_dir, code)  # then "Enter the recovery code…" does this
    win._check_store(None)
    qtbot.waitUntil(lambda: win.state.store_open, timeout=WAIT_MS)
    idle(qtbot, win)
    assert _signs_in(win, "ruta", PASSWORD) and not _signs_in(win, "ruta", NEW)
