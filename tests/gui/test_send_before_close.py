"""Closing the window sends this computer's waiting changes first, and never makes anyone wait."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from libtrainer.domain.errors import LibtrainerError
from tests.gui.conftest import WAIT_MS, open_window, set_share
from tests.sync.regionkit import add_participants, make_region

from libtrainer.gui import app as gui_app
from libtrainer.gui import close_anyway, sync_runner


def _fake_send(monkeypatch: Any, calls: list[str], **behaviour: Any) -> threading.Event:
    """Replace the send with one that records its thread, then waits for ``release`` (when
    asked to block), raises ``error`` or returns ``sent``."""
    release = threading.Event()
    if not behaviour.get("block"):
        release.set()

    def send(store: Any, share_path: str | None) -> int | None:
        calls.append(threading.current_thread().name)
        release.wait(WAIT_MS / 1000)
        if behaviour.get("error") is not None:
            raise behaviour["error"]
        return int(behaviour.get("sent", 3))

    monkeypatch.setattr(sync_runner, "send_before_close", send)
    return release


def _with_share(branch: Any, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    set_share(branch.data_dir, str(share))


def test_closing_sends_the_waiting_changes_off_the_gui_thread_then_closes(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """Signed in with a shared folder: the close waits for the send (on a worker), then the
    window closes by itself."""
    _with_share(branch, tmp_path)
    calls: list[str] = []
    _fake_send(monkeypatch, calls)
    win = open_window(branch.data_dir, make_state, qtbot)
    assert win.close() is False  # not yet: sending first
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=WAIT_MS)
    assert len(calls) == 1 and calls[0] != threading.current_thread().name


def test_a_slow_send_can_be_left_to_the_next_sync(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """A slow shared folder: a dialog says what is happening and "Close without sending"
    closes the window at once."""
    _with_share(branch, tmp_path)
    calls: list[str] = []
    release = _fake_send(monkeypatch, calls, block=True)
    win = open_window(branch.data_dir, make_state, qtbot)
    try:
        win.close()
        qtbot.waitUntil(lambda: win.findChild(QProgressDialog, "sendBeforeCloseDialog") is not None)
        dialog = win.findChild(QProgressDialog, "sendBeforeCloseDialog")
        assert dialog.isVisible() and "before closing" in dialog.labelText()
        assert win.isVisible()
        button = dialog.findChild(QPushButton)
        assert button.text() == "Close without sending"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert not win.isVisible()
    finally:
        release.set()
    qtbot.waitUntil(lambda: not win.state.tasks.busy, timeout=WAIT_MS)
    assert not win.isVisible()


def test_a_send_that_does_not_answer_says_close_anyway_loses_nothing(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """After a while the dialog says the shared folder is not answering, that nothing saved
    is lost and that the changes are sent again with the next sync; "Close anyway" closes."""
    monkeypatch.setattr(close_anyway, "PATIENCE_MS", 60)
    _with_share(branch, tmp_path)
    calls: list[str] = []
    release = _fake_send(monkeypatch, calls, block=True)
    win = open_window(branch.data_dir, make_state, qtbot)
    try:
        win.close()

        def button() -> QPushButton | None:
            dialog = win.findChild(QProgressDialog, "sendBeforeCloseDialog")
            found = dialog.findChild(QPushButton) if dialog is not None else None
            return found if found is not None and "anyway" in found.text() else None

        qtbot.waitUntil(lambda: button() is not None, timeout=WAIT_MS)
        text = win.findChild(QProgressDialog, "sendBeforeCloseDialog").labelText()
        assert "not answering" in text and "nothing is lost" in text and "next sync" in text
        assert win.isVisible()
        qtbot.mouseClick(button(), Qt.MouseButton.LeftButton)
        assert not win.isVisible()
    finally:
        release.set()
    qtbot.waitUntil(lambda: not win.state.tasks.busy, timeout=WAIT_MS)


def test_closing_during_an_automatic_sync_waits_for_it(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The automatic sync running then sends the changes: closing waits for it (no second
    send) and closes when it ends."""
    _with_share(branch, tmp_path)
    calls: list[str] = []
    _fake_send(monkeypatch, calls)
    win = open_window(branch.data_dir, make_state, qtbot)
    win.autosync.running = True  # as while its operation runs
    assert win.close() is False
    assert win.isVisible()
    win.autosync.running = False
    win.autosync.finished.emit(None)
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=WAIT_MS)
    assert calls == []


def test_a_failed_send_closes_quietly(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """Disk full on the share (or any failure): no message box, the window closes."""
    _with_share(branch, tmp_path)
    calls: list[str] = []
    _fake_send(monkeypatch, calls, error=LibtrainerError("The shared folder is full."))
    win = open_window(branch.data_dir, make_state, qtbot)
    win.close()
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=WAIT_MS)
    assert calls and win.findChild(QMessageBox) is None


def test_no_shared_folder_or_nobody_signed_in_closes_at_once(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """Without a shared folder, or when nobody has signed in since the app started, closing
    does not try to send."""
    calls: list[str] = []
    _fake_send(monkeypatch, calls)
    win = open_window(branch.data_dir, make_state, qtbot)
    assert win.close() is True
    _with_share(branch, tmp_path)
    fresh = gui_app.launch(make_state(branch.data_dir))
    qtbot.waitUntil(lambda: fresh.sign_in_ready, timeout=WAIT_MS)
    assert fresh.close() is True
    assert calls == []


def test_closing_a_locked_window_still_sends_first(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The idle lock came after the last attendance was marked: closing the locked window
    (or shutting the PC down) still sends what is waiting."""
    _with_share(branch, tmp_path)
    calls: list[str] = []
    _fake_send(monkeypatch, calls)
    win = open_window(branch.data_dir, make_state, qtbot)
    win.lock()
    assert win.close() is False
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=WAIT_MS)
    assert len(calls) == 1


def test_the_send_publishes_what_is_waiting(tmp_path: Path) -> None:
    """On an enrolled branch: the waiting changes go to the share as a bundle; with nothing
    waiting or the folder unreachable nothing is attempted and nothing is lost."""
    region = make_region(tmp_path)
    try:
        branch = region.branches[0]
        unreachable = str(tmp_path / "usb-stick-not-inserted")
        with branch.read() as conn:
            before = sync_runner.waiting_quick(conn)
        assert sync_runner.send_before_close(branch, str(region.root)) == before
        assert sync_runner.send_before_close(branch, unreachable) == 0
        add_participants(branch)
        with branch.read() as conn:
            waiting = sync_runner.waiting_quick(conn)
        assert waiting > 0
        assert sync_runner.send_before_close(branch, unreachable) is None
        with branch.read() as conn:
            assert sync_runner.waiting_quick(conn) == waiting
        assert sync_runner.send_before_close(branch, str(region.root)) == waiting
        with branch.read() as conn:
            assert sync_runner.waiting_quick(conn) == 0
        outbox = region.share(branch).base / "outbox" / branch.device_id
        assert any(outbox.iterdir())
    finally:
        region.close()
