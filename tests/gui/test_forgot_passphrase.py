"""A forgotten passphrase in the window: "Forgot the passphrase?" on the sign-in panel sets a
new one with the recovery code (a store moved from the keyring), or says honestly that a store
locked with a passphrase from the start has no way back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from libtrainer.services import keysource, recovery, setup, storefile
from tests.gui.conftest import PASSWORD, WAIT_MS, fill_branch

from libtrainer.gui import app as gui_app
from libtrainer.gui import appearance
from libtrainer.gui.forgot_passphrase import ForgotPassphraseDialog
from libtrainer.gui.password_dialogs import ForgotPasswordDialog

OLD = "Lentvario rytas 2026"
NEW = "Trakų vakaras 2027"


def _child(parent: Any, cls: type) -> Any:
    found = [w for w in parent.findChildren(cls) if w.isVisible()]
    return found[-1] if found else None


def _moved(branch: Any) -> str:
    """The branch store with a recovery code, moved to the passphrase OLD; returns the code."""
    code = recovery.make_code(branch.data_dir)
    keysource.use_passphrase(branch.data_dir, OLD)
    return code


def _asked(win: Any, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: win.sign_in.passphrase.isVisibleTo(win), timeout=WAIT_MS)


def _forgot(win: Any, qtbot: Any) -> Any:
    _asked(win, qtbot)
    assert win.sign_in.forgot_phrase.isVisibleTo(win)
    qtbot.mouseClick(win.sign_in.forgot_phrase, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _child(win, ForgotPassphraseDialog) is not None, timeout=WAIT_MS)
    return _child(win, ForgotPassphraseDialog)


def _sign_in_with(win: Any, qtbot: Any, phrase: str) -> None:
    panel = win.sign_in
    panel.login.setText("ruta")
    panel.password.setText(PASSWORD)
    panel.passphrase.setText(phrase)
    panel.button.click()


def test_the_link_shows_only_when_the_passphrase_is_asked(
    window: Any, branch: Any, make_state: Any, qtbot: Any
) -> None:
    """A keyring store's sign-in has no passphrase field and no "Forgot the passphrase?"."""
    window.lock()
    assert not window.sign_in.forgot_phrase.isVisibleTo(window)
    assert not window.sign_in.passphrase.isVisibleTo(window)


def test_the_recovery_code_sets_a_new_passphrase(branch: Any, make_state: Any, qtbot: Any) -> None:
    """A wrong code is said in plain words and changes nothing; the right one and a new
    passphrase typed twice: the panel says so, and the records open with the new one."""
    code = _moved(branch)
    win = gui_app.launch(make_state(branch.data_dir))
    dialog = _forgot(win, qtbot)
    assert dialog.code.isVisible() and dialog.ok.isVisible()
    before = (branch.data_dir / "store.json").read_bytes()
    dialog.code.setText(recovery.shown(recovery.new_code()))
    dialog.phrase.setText(NEW)
    dialog.repeat.setText(NEW + "x")
    dialog.submit()
    assert "differ" in dialog.message.text() and dialog.repeat.text() == ""
    dialog.repeat.setText(NEW)
    dialog.submit()
    qtbot.waitUntil(lambda: "does not open these records" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert (branch.data_dir / "store.json").read_bytes() == before
    dialog.code.setText(code)
    dialog.phrase.setText("trumpa")
    dialog.repeat.setText("trumpa")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.field_error("passphrase") != "", timeout=WAIT_MS)
    assert (branch.data_dir / "store.json").read_bytes() == before
    dialog.phrase.setText(NEW)
    dialog.repeat.setText(NEW)
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert "new passphrase" in win.sign_in.message.text()
    assert win.sign_in.passphrase.hasFocus() or not win.isActiveWindow()
    _sign_in_with(win, qtbot, NEW)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)


def test_a_store_locked_with_a_passphrase_from_the_start_is_told_honestly(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """The wizard's passphrase store has no recovery code: the dialog says nothing can replace
    the passphrase and who holds what was sent; no form, only Close."""
    data = tmp_path / "from-start"
    store = storefile.create(data, passphrase=OLD)
    setup.initialise(
        store,
        region="Alytaus apskritis",
        library="Lazdijų r. savivaldybės viešoji biblioteka",
        branch="Lentvario filialas",
        device_name="Skaitykla PC-2",
        role="branch",
    )
    fill_branch(store)
    store.close()
    win = gui_app.launch(make_state(data))
    dialog = _forgot(win, qtbot)
    text = dialog.findChild(object, "forgotPassphraseNoCode").text()
    assert "no recovery code" in text and "coordinator" in text
    assert not dialog.ok.isVisible() and not dialog.code.isVisible()
    dialog.reject()


def test_forgot_password_before_the_passphrase_says_what_to_do_first(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """A moved store has a code, but its records open only with the passphrase: "Forgot your
    password?" does not wait for ever; it says to type the passphrase first."""
    code = _moved(branch)
    win = gui_app.launch(make_state(branch.data_dir))
    _asked(win, qtbot)
    qtbot.mouseClick(win.sign_in.forgot, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _child(win, ForgotPasswordDialog) is not None, timeout=WAIT_MS)
    dialog = _child(win, ForgotPasswordDialog)
    dialog.code.setText(code)
    dialog.login.setText("ruta")
    dialog.new.setText("naujas slaptažodis")
    dialog.repeat.setText("naujas slaptažodis")
    dialog.submit()
    qtbot.waitUntil(lambda: "needed first" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.ok.isEnabled()
    dialog.reject()


def test_forgot_password_with_a_moved_stores_code_once_the_records_are_open(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """The passphrase typed with a wrong password opens the records; then the moved store's
    recovery code sets the administrator's password."""
    code = _moved(branch)
    win = gui_app.launch(make_state(branch.data_dir))
    _asked(win, qtbot)
    panel = win.sign_in
    panel.login.setText("ruta")
    panel.password.setText("ne tas slaptažodis")
    panel.passphrase.setText(OLD)
    panel.button.click()
    qtbot.waitUntil(lambda: win.state.store_open and panel.button.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(panel.forgot, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _child(win, ForgotPasswordDialog) is not None, timeout=WAIT_MS)
    dialog = _child(win, ForgotPasswordDialog)
    dialog.code.setText(code)
    dialog.login.setText("ruta")
    dialog.new.setText("naujas slaptažodis")
    dialog.repeat.setText("naujas slaptažodis")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert "“ruta”" in panel.message.text()


@pytest.mark.parametrize("lang", ["en", "lt", "lv"])
def test_the_dialog_has_one_alt_letter_per_field(qapp: Any, tmp_path: Path, lang: str) -> None:
    """Recovery code, new passphrase, repeat and Set: different Alt+letters in each language."""
    from tests.gui.test_mnemonics import clashes, reachable

    appearance.apply_language(qapp, lang)
    try:
        dialog = ForgotPassphraseDialog(None, data_dir=tmp_path, can_reset=True)
        assert clashes(reachable(dialog, visible_only=False)) == {}
        dialog.deleteLater()
    finally:
        appearance.apply_language(qapp, "en")
