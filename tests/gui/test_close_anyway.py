"""Closing waits for work on the shared folder only so long: a Devices change that hangs on a
dead network drive gets "Close anyway" after a while, saying nothing saved is lost and what
becomes of the change; a store save is still waited for; a hanging progress dialog can be
left ("Don't wait") so the window can be closed at all."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from libtrainer.sync import devices
from libtrainer.sync.errors import ShareUnreachable
from tests.gui.conftest import WAIT_MS, idle, open_window
from tests.gui.test_devices_rotate import coordinator  # noqa: F401 - the fixture

from libtrainer.gui import close_anyway, operations
from libtrainer.gui.close_anyway import CloseAnywayDialog

PATIENCE = 60


@pytest.fixture(autouse=True)
def _short_patience(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(close_anyway, "PATIENCE_MS", PATIENCE)
    monkeypatch.setattr(operations, "SHARE_PATIENCE_MS", PATIENCE)


def _hanging_rotation(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Changing the keys blocks (a dead network drive) until the event is set."""
    release = threading.Event()

    def hangs(store: Any, share: Any) -> Any:
        release.wait(WAIT_MS / 1000)
        raise ShareUnreachable(0, path=str(share))

    monkeypatch.setattr(devices, "rotate_keys", hangs)
    return release


def _rotating(data_dir: Path, make_state: Any, qtbot: Any) -> tuple[Any, Any]:
    """A coordinator's window whose Devices screen is changing the keys (hanging)."""
    win = open_window(data_dir, make_state, qtbot)
    win.autosync.stop()  # nothing else on the share thread
    screen = win.go("devices")
    qtbot.waitUntil(lambda: screen.overview is not None, timeout=WAIT_MS)
    idle(qtbot, win)
    question = screen.keys.ask()
    qtbot.mouseClick(question.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.state.share_running("rotate"), timeout=WAIT_MS)
    return win, screen


def _offered(win: Any) -> CloseAnywayDialog | None:
    dialog = win.findChild(CloseAnywayDialog, "closeAnywayDialog")
    return dialog if dialog is not None and dialog.isVisible() else None


def test_a_hanging_change_of_keys_offers_close_anyway(
    coordinator: tuple[Path, Path],  # noqa: F811
    make_state: Any,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Closing waits, then says the folder is not answering, that nothing saved is lost and
    what becomes of the change of keys; "Close anyway" closes the window."""
    release = _hanging_rotation(monkeypatch)
    win, _screen = _rotating(coordinator[0], make_state, qtbot)
    try:
        assert win.close() is False
        assert "shared folder" in win.statusBar().currentMessage()
        qtbot.waitUntil(lambda: _offered(win) is not None, timeout=WAIT_MS)
        dialog = _offered(win)
        text = dialog.text.text()
        assert "not answering" in text and "nothing is lost" in text
        assert "keeps its keys" in text and dialog.close_button.isDefault()
        assert dialog.close_button.text().replace("&", "") == "Close anyway"
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not win.isVisible(), timeout=WAIT_MS)
    finally:
        release.set()


def test_keep_waiting_then_the_window_closes_when_the_work_ends(
    coordinator: tuple[Path, Path],  # noqa: F811
    make_state: Any,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "Keep waiting" hides the offer; once the change ends the window closes by itself."""
    release = _hanging_rotation(monkeypatch)
    win, _screen = _rotating(coordinator[0], make_state, qtbot)
    try:
        win.close()
        qtbot.waitUntil(lambda: _offered(win) is not None, timeout=WAIT_MS)
        qtbot.mouseClick(_offered(win).wait_button, Qt.MouseButton.LeftButton)
        assert _offered(win) is None and win.isVisible()
        release.set()
        qtbot.waitUntil(lambda: not win.isVisible(), timeout=WAIT_MS)
    finally:
        release.set()


def test_a_store_save_is_still_waited_for(
    coordinator: tuple[Path, Path],  # noqa: F811
    make_state: Any,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While a store save runs beside the hanging change, nothing offers to close: the save
    is waited for; once it has ended, "Close anyway" is offered for the shared folder."""
    release = _hanging_rotation(monkeypatch)
    win, _screen = _rotating(coordinator[0], make_state, qtbot)
    saving = win.go("participants")
    try:
        saving.busy = True  # a Save being written
        win.close()
        qtbot.wait(PATIENCE * 5)
        assert _offered(win) is None and win.isVisible()
        assert "Saving" in win.statusBar().currentMessage()
        saving.busy = False
        qtbot.waitUntil(lambda: _offered(win) is not None, timeout=WAIT_MS)
        qtbot.mouseClick(_offered(win).close_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not win.isVisible(), timeout=WAIT_MS)
    finally:
        saving.busy = False
        release.set()


def test_a_hanging_progress_dialog_can_be_left(
    coordinator: tuple[Path, Path],  # noqa: F811
    make_state: Any,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The change's window-modal progress dialog (which keeps the window from closing) says
    the folder is not answering and offers "Don't wait"; the change goes on and its outcome
    is still shown."""
    release = _hanging_rotation(monkeypatch)
    win, screen = _rotating(coordinator[0], make_state, qtbot)
    try:

        def dont_wait() -> QPushButton | None:
            dialog = win.findChild(QProgressDialog, "progressDialog")
            if dialog is None or not dialog.isVisible():
                return None
            button = dialog.findChild(QPushButton)
            return button if button is not None and "wait" in button.text() else None

        qtbot.waitUntil(lambda: dont_wait() is not None, timeout=WAIT_MS)
        dialog = win.findChild(QProgressDialog, "progressDialog")
        assert "not answering yet" in dialog.labelText()
        qtbot.mouseClick(dont_wait(), Qt.MouseButton.LeftButton)
        assert not dialog.isVisible() and win.state.share_running("rotate")
        release.set()
        qtbot.waitUntil(lambda: "not changed" in screen.banner.text(), timeout=WAIT_MS)
    finally:
        release.set()
