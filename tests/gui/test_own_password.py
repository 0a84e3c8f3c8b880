"""After an administrator set someone's password, the window asks them for their own first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from shiboken6 import isValid
from sqlalchemy import select

from libtrainer.domain.errors import LibtrainerError
from libtrainer.services import accounts, password_reset
from libtrainer.store.models import Account
from tests.gui.conftest import WAIT_MS, idle, open_store, sign_in

from libtrainer.gui import app as gui_app
from libtrainer.gui.password_dialogs import ChooseOwnPasswordDialog, SetPasswordDialog

SET = "administratorės žodis"
OWN = "mano paties žodis 3"


def _reset(data_dir: Path, login: str = "jonas") -> None:
    store = open_store(data_dir)
    try:
        with store.uow() as uow:
            password_reset.set_password_for_login(uow, login, SET)
    finally:
        store.close()


def _marked(win: Any, login: str) -> bool:
    with win.state.tasks.store.read() as conn:
        query = select(Account.must_change_password).where(Account.login == login)
        return bool(conn.execute(query).scalar_one())


def _signs_in(win: Any, login: str, password: str) -> bool:
    with win.state.tasks.store.read() as conn:
        try:
            accounts.verify(conn, login, password)
        except LibtrainerError:
            return False
    return True


def _asked(branch: Any, make_state: Any, qtbot: Any) -> tuple[Any, Any]:
    """Jonas's password was reset; he signs in with it: the dialog, and nothing else."""
    _reset(branch.data_dir)
    win = gui_app.launch(make_state(branch.data_dir))
    sign_in(qtbot, win, "jonas", SET)
    qtbot.waitUntil(lambda: win.own_password.dialog is not None, timeout=WAIT_MS)
    dialog = win.own_password.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return win, dialog


def _gone(dialog: Any) -> bool:
    return not isValid(dialog) or not dialog.isVisible()


def _not_signed_in(win: Any) -> bool:
    return win.workspace is None and win.state.user is None and win.go("today") is None


def test_a_reset_password_asks_for_ones_own_before_the_window_opens(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Two different entries and the password just used are refused in the dialog; the
    person's own password opens the window, clears the mark and is the one that signs in."""
    win, dialog = _asked(branch, make_state, qtbot)
    assert isinstance(dialog, ChooseOwnPasswordDialog) and _not_signed_in(win)
    assert not win.sign_in.button.isEnabled()
    dialog.new.setText(OWN)
    dialog.repeat.setText(OWN + "x")
    dialog.submit()
    assert "differ" in dialog.message.text() and _not_signed_in(win)
    dialog.new.setText(SET)
    dialog.repeat.setText(SET)
    dialog.submit()
    qtbot.waitUntil(lambda: "other than the one" in dialog.field_error("password"), timeout=WAIT_MS)
    assert dialog.isVisible() and _not_signed_in(win) and _marked(win, "jonas")
    dialog.new.setText(OWN)
    dialog.repeat.setText(OWN)
    dialog.submit()
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    assert win.state.user.login == "jonas" and not win.state.user.must_change_password
    assert _gone(dialog) and win.own_password.dialog is None
    assert not _marked(win, "jonas")
    assert _signs_in(win, "jonas", OWN) and not _signs_in(win, "jonas", SET)


def test_cancel_signs_out_and_the_next_sign_in_asks_again(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Cancel: back to the sign-in panel (login kept, a message), nothing opened or changed;
    signing in again with the same password asks again."""
    win, dialog = _asked(branch, make_state, qtbot)
    dialog.reject()
    qtbot.waitUntil(lambda: win.own_password.dialog is None, timeout=WAIT_MS)
    assert _not_signed_in(win) and win.pages.currentWidget() is win.sign_in
    assert "Signed out" in win.sign_in.message.text()
    assert win.sign_in.login.text() == "jonas" and win.sign_in.password.text() == ""
    assert win.sign_in.button.isEnabled() and not win.idle.armed
    assert _marked(win, "jonas") and _signs_in(win, "jonas", SET)
    sign_in(qtbot, win, "jonas", SET)
    qtbot.waitUntil(lambda: win.own_password.dialog is not None, timeout=WAIT_MS)
    assert _not_signed_in(win)


def test_the_idle_lock_closes_the_dialog_as_cancel(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Left open on a shared PC: the idle lock signs out, as Cancel does."""
    win, dialog = _asked(branch, make_state, qtbot)
    assert win.idle.armed
    win.idle.set_interval_ms(50)
    qtbot.waitUntil(lambda: win.own_password.dialog is None, timeout=WAIT_MS)
    assert _gone(dialog) and _not_signed_in(win)
    assert win.pages.currentWidget() is win.sign_in and _marked(win, "jonas")


def test_an_unmarked_account_opens_the_window_at_once(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """No reset: no dialog, the window opens as before."""
    win = gui_app.launch(make_state(branch.data_dir))
    sign_in(qtbot, win, "jonas")
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    assert win.own_password.dialog is None and not win.findChildren(ChooseOwnPasswordDialog)


def test_the_accounts_list_shows_who_has_not_chosen_their_own(window: Any, qtbot: Any) -> None:
    """Settings ▸ Staff accounts: after "Set a new password…" the account's state says its
    own password is not chosen yet; the administrator's own row stays active."""
    panel = window.go("settings").accounts
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT_MS)
    states = lambda: {  # noqa: E731
        panel.model.index(r, 0).data(): panel.model.index(r, 3).data()
        for r in range(panel.model.rowCount())
    }
    assert states() == {"jonas": "active", "ruta": "active"}
    row = next(r for r in range(2) if panel.model.index(r, 0).data() == "jonas")
    panel.view.selectRow(row)
    qtbot.mouseClick(panel.reset, Qt.MouseButton.LeftButton)
    dialog = next(d for d in panel.findChildren(SetPasswordDialog) if d.isVisible())
    assert "asked to choose their own" in dialog.findChild(object, "setPasswordIntro").text()
    dialog.new.setText(SET)
    dialog.repeat.setText(SET)
    dialog.submit()
    qtbot.waitUntil(
        lambda: states() == {"jonas": "own password not chosen yet", "ruta": "active"},
        timeout=WAIT_MS,
    )
    idle(qtbot, window)


def test_an_account_added_by_an_administrator_asks_for_its_owners_own(
    window: Any, qtbot: Any
) -> None:
    """Settings ▸ Staff accounts ▸ Add: the first password was the administrator's choice, so
    the new account is marked to choose its own at its first sign-in."""
    panel = window.go("settings").accounts
    idle(qtbot, window)
    panel.given.setText("Lina")
    panel.family.setText("Naujokė")
    panel.login.setText("lina")
    panel.password.setText("labai-slaptas-1")
    qtbot.mouseClick(panel.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.message.text() != "", timeout=WAIT_MS)
    idle(qtbot, window)
    assert "asked to choose their own" in panel.message.text()
    assert _marked(window, "lina")
    assert not _marked(window, "ruta")
