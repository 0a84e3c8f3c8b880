"""First run: the wizard creates the store, the administrator and the restart-check marker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from tests.gui.conftest import WAIT_MS

from libtrainer.gui import app as gui_app
from libtrainer.gui import firstrun, persistence


def _fill(wizard: Any, folder: Path, *, lang: str = "en") -> None:
    wizard.findChild(object, f"lang_{lang}").setChecked(True)
    wizard.next()
    place = wizard.place
    place.region.setText("Alytaus apskritis")
    place.library.setText("Lazdijų r. savivaldybės viešoji biblioteka")
    place.branch.setText("Būdviečio padalinys")
    place.device_name.setText("Skaitykla PC-1")
    wizard.next()
    wizard.folder.folder.setText(str(folder))
    wizard.folder.accept_risk.setChecked(True)  # test folders are under the system temp folder
    wizard.next()
    wizard.share.share.setText("")
    wizard.next()
    assert wizard.currentId() == firstrun.KEY  # how the records are locked: always asked
    if not wizard.key.uses_passphrase():  # the key kept by Windows: nothing to type
        wizard.next()


def _account(wizard: Any) -> None:
    page = wizard.account
    page.given.setText("Rūta")
    page.family.setText("Žukauskienė")
    page.login.setText("Ruta")
    page.password.setText("ilgas slaptažodis")
    page.repeat.setText("ilgas slaptažodis")
    wizard.next()


def test_first_run_creates_the_store_and_signs_the_administrator_in(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """Language, place, folder, account, Finish: the main window opens signed in, the
    marker file is in the data folder and remembered in the settings."""
    folder = tmp_path / "branch-data"
    state = make_state(folder)
    wizard = gui_app.launch(state, keyring_available=True)
    assert isinstance(wizard, firstrun.FirstRunWizard)
    _fill(wizard, folder)
    assert wizard.currentId() == firstrun.ACCOUNT  # the keyring kept the key: no passphrase
    _account(wizard)
    assert wizard.currentId() == firstrun.DONE
    assert "Būdviečio padalinys" in wizard.done_page.summary.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.user is not None, timeout=WAIT_MS)
    assert state.user.login == "ruta" and state.user.role == "admin"
    assert state.window.workspace is not None
    marker = folder / persistence.MARKER_NAME
    data = json.loads(marker.read_text())
    assert f"{data['written']}#{data['nonce']}" == state.settings.marker_written
    assert state.settings.data_dir == str(folder)
    assert gui_app.has_store(folder)


def test_temporary_folder_is_warned_about_and_needs_explicit_consent(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """A folder under the system temp folder shows a warning; Next is refused until the
    person ticks that they accept the risk."""
    folder = tmp_path / "in-temp"
    wizard = gui_app.launch(make_state(folder), keyring_available=True)
    wizard.next()
    place = wizard.place
    for edit, text in (
        (place.region, "R"),
        (place.library, "L"),
        (place.branch, "B"),
        (place.device_name, "D"),
    ):
        edit.setText(text)
    wizard.next()
    page = wizard.folder
    page.folder.setText(str(folder))
    assert "temporary folder" in page.warning.text()
    wizard.next()
    assert wizard.currentId() == firstrun.FOLDER
    assert "will probably not survive" in page.message.text()
    page.accept_risk.setChecked(True)
    wizard.next()
    assert wizard.currentId() == firstrun.SHARE


def test_without_a_keyring_the_wizard_asks_for_a_passphrase(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """No keyring: a passphrase page appears; the store is created passphrase-protected."""
    folder = tmp_path / "no-keyring"
    state = make_state(folder)
    wizard = gui_app.launch(state, keyring_available=False)
    _fill(wizard, folder)
    assert wizard.currentId() == firstrun.KEY
    wizard.key.phrase.setText("short")
    wizard.next()
    assert wizard.currentId() == firstrun.KEY
    wizard.key.phrase.setText("tai labai ilga frazė")
    wizard.key.repeat.setText("tai labai ilga frazė")
    wizard.next()
    _account(wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.user is not None, timeout=WAIT_MS)
    config = json.loads((folder / "store.json").read_text())
    assert config["key_source"] == "passphrase"


def test_choosing_latvian_translates_the_wizard_at_once(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """Choosing Latviešu on the first page changes the wizard's texts to Latvian."""
    wizard = gui_app.launch(make_state(tmp_path / "lv"), keyring_available=True)
    english = wizard.language_page.title()
    wizard.findChild(object, "lang_lv").setChecked(True)
    assert wizard.language_page.title() != english
    assert wizard.button(QWizard.WizardButton.NextButton).text() != "&Next >"


def test_a_failed_finish_leaves_no_half_made_store(
    tmp_path: Path, make_state: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """When creating the account fails after the store was made, the files are removed and
    the wizard stays open with the message."""
    from libtrainer.domain.errors import LibtrainerError
    from libtrainer.services import accounts

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise LibtrainerError("Refused by the test.")

    monkeypatch.setattr(accounts, "create_account", refuse)
    folder = tmp_path / "fails"
    state = make_state(folder)
    wizard = gui_app.launch(state, keyring_available=True)
    _fill(wizard, folder)
    _account(wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "Refused by the test." in wizard.done_page.message.text(), timeout=WAIT_MS
    )
    assert wizard.isVisible()
    assert not gui_app.has_store(folder)
    assert state.tasks.store is None


def test_a_wizard_stopped_half_way_starts_again_at_the_next_start(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """The app was killed after the store was made but before the administrator existed: the
    next start shows the wizard again (not a sign-in nobody can pass), and finishing it makes
    a working store."""
    from libtrainer.services import storefile

    folder = tmp_path / "branch-data"
    storefile.create(folder, setup_pending=True).close()
    state = make_state(folder)
    wizard = gui_app.launch(state, keyring_available=True)
    assert isinstance(wizard, firstrun.FirstRunWizard)
    _fill(wizard, folder)
    _account(wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.user is not None, timeout=WAIT_MS)
    assert gui_app.has_store(folder) and not storefile.unfinished(folder)


def test_the_shared_folder_page_wants_the_whole_path(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """ "usb" on the shared-folder page is refused with a line saying what to give; a whole
    path is kept folded (decision 0331)."""
    folder = tmp_path / "branch-data"
    wizard = gui_app.launch(make_state(folder), keyring_available=True)
    wizard.findChild(object, "lang_en").setChecked(True)
    wizard.next()
    place = wizard.place
    place.region.setText("Alytaus apskritis")
    place.library.setText("Lazdijų r. savivaldybės viešoji biblioteka")
    place.branch.setText("Būdviečio padalinys")
    place.device_name.setText("Skaitykla PC-1")
    wizard.next()
    wizard.folder.folder.setText(str(folder))
    wizard.folder.accept_risk.setChecked(True)
    wizard.next()
    assert wizard.currentId() == firstrun.SHARE
    wizard.share.share.setText("usb")
    wizard.next()
    assert wizard.currentId() == firstrun.SHARE
    assert "whole path" in wizard.share.message.text()
    wizard.share.share.setText(f"{tmp_path}/x/../usb/")
    wizard.next()
    assert wizard.currentId() == firstrun.KEY
    assert wizard.share.share.text() == str(tmp_path / "usb")
    wizard.close()
