"""A PC put back at every restart keeps its key to the records: the first-run wizard proposes a
passphrase there (and lets anyone choose one), and Settings moves a keyring store to one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from libtrainer.services import storefile
from libtrainer.sync import keys
from tests.conftest import MemoryKeyring
from tests.gui.conftest import PASSWORD, WAIT_MS, sign_in

from libtrainer.gui import app as gui_app
from libtrainer.gui import firstrun, opening
from libtrainer.gui.firstrun import FirstRunWizard

PHRASE = "Lentvario rytas 2026"


def _to_key_page(wizard: Any, folder: Path) -> None:
    wizard.next()
    place = wizard.place
    for edit in (place.region, place.library, place.branch, place.device_name):
        edit.setText("Lentvario filialas")
    wizard.next()
    wizard.folder.folder.setText(str(folder))
    wizard.folder.accept_risk.setChecked(True)  # test folders are under the system temp folder
    wizard.next()
    wizard.next()  # no shared folder yet
    assert wizard.currentId() == firstrun.KEY


def _finish(wizard: Any, state: Any, qtbot: Any) -> None:
    page = wizard.account
    for edit, text in (
        (page.given, "Rasa"),
        (page.family, "Žilinskienė"),
        (page.login, "rasa"),
        (page.password, PASSWORD),
        (page.repeat, PASSWORD),
    ):
        edit.setText(text)
    wizard.next()
    assert wizard.currentId() == firstrun.DONE
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.user is not None, timeout=WAIT_MS)


def test_restore_software_found_makes_the_wizard_propose_a_passphrase(
    tmp_path: Path, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """Deep Freeze installed: the key page says why and has the tick on; the store made asks
    for the passphrase, and nothing of it is in the keyring."""
    folder = tmp_path / "kept"
    state = make_state(folder)
    wizard = FirstRunWizard(state, keyring_available=True, restore=["Deep Freeze"])
    state.wizard = wizard
    wizard.show()
    _to_key_page(wizard, folder)
    page = wizard.key
    assert page.shared_pc.isChecked() and page.uses_passphrase()
    assert "Deep Freeze" in page.detected.text() and page.detected.isVisibleTo(page)
    wizard.next()
    assert wizard.currentId() == firstrun.KEY  # a passphrase is needed first
    assert "10 characters" in page.message.text()
    page.phrase.setText(PHRASE)
    page.repeat.setText(PHRASE)
    wizard.next()
    assert wizard.currentId() == firstrun.ACCOUNT
    wizard.completed.connect(lambda user: setattr(state, "user", user))
    _finish(wizard, state, qtbot)
    config = json.loads((folder / "store.json").read_text(encoding="utf-8"))
    assert config["key_source"] == "passphrase"
    assert not any("store-key" in name for _service, name in memory_keyring.secrets)
    assert opening.check_store(folder) is None  # the passphrase is asked at the next start
    assert opening.check_store(folder, PHRASE) is not None


def test_anyone_can_tick_the_passphrase_and_unticking_under_restore_warns(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """No restore software found: the tick is off and the key is kept by Windows; ticking it
    asks for the passphrase. With restore software, unticking it says what that costs."""
    plain = FirstRunWizard(make_state(tmp_path / "a"), keyring_available=True, restore=[])
    page = plain.key
    assert not page.shared_pc.isChecked() and not page.uses_passphrase()
    assert not page.phrase.isEnabled() and page.validatePage()
    qtbot.mouseClick(page.shared_text, Qt.MouseButton.LeftButton)  # its wrapped text ticks it
    assert page.shared_pc.isChecked()
    assert page.uses_passphrase() and page.phrase.isEnabled()
    assert not page.validatePage()
    frozen = FirstRunWizard(make_state(tmp_path / "b"), keyring_available=True, restore=["Shield"])
    frozen.key.shared_pc.setChecked(False)
    assert "recovery code" in frozen.key.without.text()
    assert frozen.answers().passphrase is None


def test_without_a_keyring_there_is_no_tick_and_a_passphrase_is_needed(
    tmp_path: Path, make_state: Any
) -> None:
    """No keyring: the passphrase is the only way, so the tick is not offered."""
    wizard = FirstRunWizard(make_state(tmp_path / "n"), keyring_available=False, restore=[])
    assert wizard.key.uses_passphrase()
    assert not wizard.key.shared_pc.isVisibleTo(wizard.key)
    assert "cannot keep the key" in wizard.key.intro.text()


def _settings(window: Any) -> Any:
    return window.go("settings")


def test_settings_moves_a_keyring_store_to_a_passphrase_asked_at_the_next_start(
    window: Any, qtbot: Any, make_state: Any, memory_keyring: MemoryKeyring
) -> None:
    """An administrator: a short passphrase is refused under its field with nothing changed;
    a good one moves the key out of the keyring; the next start asks for it and signs in."""
    data_dir = window.branch.data_dir
    screen = _settings(window)
    assert screen.use_passphrase.isVisible()
    before = (data_dir / "store.json").read_bytes()
    qtbot.mouseClick(screen.use_passphrase, Qt.MouseButton.LeftButton)
    dialog = screen.passphrase_dialog
    dialog.phrase.setText("trumpa")
    dialog.repeat.setText("trumpa")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.field_error("passphrase") != "", timeout=WAIT_MS)
    assert (data_dir / "store.json").read_bytes() == before
    dialog.phrase.setText(PHRASE)
    dialog.repeat.setText(PHRASE)
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert storefile.read_config(data_dir).key_source == "passphrase"
    uid = storefile.read_config(data_dir).store_uid
    assert memory_keyring.get_password(keys.SERVICE, keys.store_key_name(uid)) is None
    assert not screen.use_passphrase.isVisible() and not screen.new_code.isVisible()
    assert "passphrase" in screen.banner.text()
    window.close()
    later = gui_app.launch(make_state(data_dir))
    qtbot.waitUntil(lambda: later.sign_in.passphrase.isVisibleTo(later), timeout=WAIT_MS)
    later.sign_in.login.setText("ruta")
    later.sign_in.password.setText(PASSWORD)
    later.sign_in.passphrase.setText(PHRASE)
    later.sign_in.button.click()
    qtbot.waitUntil(lambda: later.workspace is not None, timeout=WAIT_MS)


def test_a_librarian_is_not_offered_the_passphrase(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Only an administrator moves the key; a librarian's Settings has no such button."""
    win = gui_app.launch(make_state(branch.data_dir))
    sign_in(qtbot, win, login="jonas", password=PASSWORD)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    assert getattr(_settings(win), "use_passphrase", None) is None
