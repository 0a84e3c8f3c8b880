"""The appearance kept with the records: a fresh Windows profile (reboot-restore) gets the
language, high contrast and text size last used on them; a per-user setting still wins."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from libtrainer.i18n import get_language
from libtrainer.services import storefile
from tests.gui.conftest import WAIT_MS, sign_in

from libtrainer.gui import app as gui_app
from libtrainer.gui import appearance, firstrun
from libtrainer.gui.settings import GuiSettings
from libtrainer.gui.state import AppState

LOOK = {"language": "lt", "high_contrast": True, "font_points": 16}


def _kept(data_dir: Path) -> Any:
    return json.loads((data_dir / "store.json").read_text(encoding="utf-8")).get("appearance")


@pytest.fixture
def start(qapp: QApplication) -> Iterator[Callable[..., AppState]]:
    """``gui_app.start`` as ``libtrainer`` runs it (own settings file); all shut down after,
    and the app's language and appearance put back."""
    started: list[AppState] = []

    def run(folder: Path, settings: GuiSettings) -> AppState:
        state = gui_app.start(qapp, folder, settings, [])
        started.append(state)
        return state

    yield run
    for state in started:
        for widget in (state.window, state.wizard):
            if isinstance(widget, QWidget):
                widget.close()
                widget.deleteLater()
        QApplication.processEvents()
        gui_app.shutdown(state)
    appearance.apply_language(qapp, "en")
    appearance.apply_appearance(qapp, high_contrast=False, font_points=0)


def test_opening_the_records_keeps_the_appearance_with_them(window: Any, qtbot: Any) -> None:
    """Signed in: store.json holds the language, contrast and text size in force; changing
    the text size in Settings keeps the new one there too."""
    data_dir = window.branch.data_dir
    qtbot.waitUntil(lambda: _kept(data_dir) is not None, timeout=WAIT_MS)
    assert _kept(data_dir) == {"language": "en", "high_contrast": False, "font_points": 0}
    screen = window.go("settings")
    screen.font_size.setValue(15)
    qtbot.waitUntil(lambda: _kept(data_dir)["font_points"] == 15, timeout=WAIT_MS)
    window.close()
    appearance.apply_appearance(QApplication.instance(), high_contrast=False, font_points=0)


def test_a_fresh_profile_starts_with_the_appearance_kept_with_the_records(
    branch: Any, start: Any, tmp_path: Path
) -> None:
    """No per-user settings (the profile was put back): Lithuanian, high contrast and 16 pt
    from store.json, before the sign-in panel shows; the profile keeps them from now on."""
    storefile.keep_appearance(branch.data_dir, LOOK)
    settings = GuiSettings(tmp_path / "fresh.ini")
    state = start(branch.data_dir, settings)
    assert get_language() == "lt"
    assert settings.language == "lt" and settings.high_contrast and settings.font_points == 16
    assert round(QApplication.font().pointSizeF()) == 16
    assert state.window is not None


def test_the_per_user_settings_win_over_the_records(
    branch: Any, start: Any, tmp_path: Path
) -> None:
    """A profile that chose Latvian and normal contrast keeps them; only what it lacks (the
    text size) comes from the records."""
    storefile.keep_appearance(branch.data_dir, LOOK)
    settings = GuiSettings(tmp_path / "own.ini")
    settings.language = "lv"
    settings.high_contrast = False
    start(branch.data_dir, settings)
    assert get_language() == "lv"
    assert not settings.high_contrast and settings.font_points == 16


def test_the_wizard_opening_found_records_puts_their_appearance_back(
    branch: Any, make_state: Any, qtbot: Any, tmp_path: Path
) -> None:
    """The wizard of a fresh profile opens records found elsewhere: their language and text
    size come with them, and sign-in works."""
    storefile.keep_appearance(branch.data_dir, LOOK)
    state = make_state(tmp_path / "profile-default")
    wizard = gui_app.launch(state, keyring_available=True)
    assert wizard.currentId() == firstrun.LANGUAGE
    wizard.found.try_folder(branch.data_dir)
    qtbot.waitUntil(lambda: state.window is not None, timeout=WAIT_MS)
    assert get_language() == "lt" and state.settings.font_points == 16
    sign_in(qtbot, state.window)
    qtbot.waitUntil(lambda: state.window.workspace is not None, timeout=WAIT_MS)
    appearance.apply_appearance(QApplication.instance(), high_contrast=False, font_points=0)


def test_the_wizard_made_store_keeps_the_language_chosen_in_it(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """Lithuanian chosen on the wizard's first page is in the new store.json."""
    from tests.gui.test_firstrun import _account, _fill

    folder = tmp_path / "new"
    state = make_state(folder)
    wizard = gui_app.launch(state, keyring_available=True)
    _fill(wizard, folder, lang="lt")
    _account(wizard)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.user is not None, timeout=WAIT_MS)
    assert _kept(folder)["language"] == "lt"


def test_the_wizard_of_a_fresh_profile_already_looks_as_the_records_found(
    start: Any, tmp_path: Path, isolated_env: Path
) -> None:
    """No folder remembered, records found in the default folder: the wizard itself is in
    their language and text size, before anything is chosen."""
    import os

    from tests.conftest import make_store

    default = Path(os.environ["LIBTRAINER_DATA_DIR"])
    make_store(default).close()
    storefile.finish_setup(default, branch="Lentvario miesto filialas")
    storefile.keep_appearance(default, LOOK)
    state = start(tmp_path / "elsewhere", GuiSettings(tmp_path / "fresh.ini"))
    assert isinstance(state.wizard, firstrun.FirstRunWizard)
    assert get_language() == "lt"
    assert round(QApplication.font().pointSizeF()) == 16
    assert state.wizard.found.buttons


def test_a_fresh_profile_searches_for_records_once_and_off_the_gui_thread(
    start: Any, tmp_path: Path, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start's search (which also looks on USB sticks) is the wizard's: it runs once, on
    a thread of its own, and the wizard offers what it found."""
    import os
    import threading

    from libtrainer.services import storefind
    from tests.conftest import make_store

    default = Path(os.environ["LIBTRAINER_DATA_DIR"])
    make_store(default).close()
    storefile.finish_setup(default, branch="Lentvario miesto filialas")
    searches: list[threading.Thread] = []
    real = storefind.find_stores

    def counted(*args: Any, **kwargs: Any) -> Any:
        searches.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(storefind, "find_stores", counted)
    state = start(tmp_path / "elsewhere", GuiSettings(tmp_path / "fresh.ini"))
    assert isinstance(state.wizard, firstrun.FirstRunWizard)
    assert len(searches) == 1
    assert searches[0] is not threading.main_thread()
    assert [store.folder for store in state.wizard.found.found] == [default]


def test_a_remembered_folder_that_vanished_is_not_searched_for_at_start(
    start: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The profile names a folder that holds no records now: its page says so, and no search
    of the drives delays it."""
    from libtrainer.services import storefind

    calls: list[object] = []
    monkeypatch.setattr(storefind, "find_stores", lambda *a, **k: calls.append(a) or [])
    settings = GuiSettings(tmp_path / "kept.ini")
    settings.data_dir = str(tmp_path / "gone")
    state = start(tmp_path / "gone", settings)
    assert not isinstance(state.wizard, firstrun.FirstRunWizard)
    assert calls == []
