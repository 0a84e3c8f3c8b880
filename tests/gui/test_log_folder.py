"""The app logs to the data folder it actually uses — the one remembered from the first run,
or the one the first-run wizard just made — and the About box names that log."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from libtrainer.paths import ENV_DATA_DIR
from libtrainer.paths import data_dir as default_data_dir
from tests.gui.conftest import WAIT_MS
from tests.gui.test_firstrun import _account, _fill

from libtrainer.gui import app as gui_app
from libtrainer.gui.settings import GuiSettings


def _log_file_handlers() -> list[Path]:
    root = logging.getLogger("libtrainer")
    return [h.lt_path for h in root.handlers if getattr(h, "lt_file", False)]  # type: ignore[attr-defined]


def _logged_to(path: Path) -> bool:
    logging.getLogger("libtrainer.gui").error("log-folder-test record")
    for handler in logging.getLogger("libtrainer").handlers:
        handler.flush()
    return path.is_file() and "log-folder-test record" in path.read_text(encoding="utf-8")


def test_the_folder_remembered_from_the_first_run_gets_the_log(
    tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started without --data-dir, the app uses the folder in the settings: records go to its
    log (not the default folder's) and that path is the one the About box shows."""
    monkeypatch.delenv(ENV_DATA_DIR)
    default = default_data_dir(None)
    default.mkdir(parents=True)
    chosen = tmp_path / "D-drive" / "libtrainer"
    chosen.mkdir(parents=True)
    settings = GuiSettings(tmp_path / "settings.ini")
    settings.data_dir = str(chosen)
    state = gui_app.start(qapp, default, settings, [], log_path=default / "logs" / "libtrainer.log")
    try:
        expected = chosen / "logs" / "libtrainer.log"
        assert state.log_path == expected
        assert _log_file_handlers() == [expected]
        assert _logged_to(expected)
        assert not (default / "logs" / "libtrainer.log").exists()
    finally:
        for shown in (state.wizard, state.window):
            if shown is not None:
                shown.close()
        gui_app.shutdown(state)


def test_the_folder_the_wizard_makes_gets_the_log(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """On a fresh computer the data folder does not exist when the app starts; once the
    first-run wizard has made it, records go to its log and About names it."""
    folder = tmp_path / "branch-data"
    state = make_state(folder)
    wizard = gui_app.launch(state, keyring_available=True)
    _fill(wizard, folder)
    _account(wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.user is not None, timeout=WAIT_MS)
    expected = folder / "logs" / "libtrainer.log"
    assert state.log_path == expected
    assert _log_file_handlers() == [expected]
    assert _logged_to(expected)
