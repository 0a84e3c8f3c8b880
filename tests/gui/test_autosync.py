"""Automatic sync from sign-in until the window closes (also while locked): in the background,
quiet, only with a reachable share."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox

from libtrainer.domain.errors import LibtrainerError
from tests.gui.conftest import WAIT_MS, open_window, set_share, sign_in

from libtrainer.gui import app as gui_app
from libtrainer.gui import sync_runner
from libtrainer.gui.autosync import FIRST_DELAY_MS


def _fake_sync(monkeypatch: Any, calls: list[str], error: Exception | None = None) -> None:
    def sync_now(store: Any, share_path: str | None, job: Any) -> Any:
        calls.append(threading.current_thread().name)
        if error is not None:
            raise error
        return sync_runner.SyncResult(1, 5, 2, None)

    monkeypatch.setattr(sync_runner, "sync_now", sync_now)


def test_first_automatic_sync_is_planned_at_sign_in_and_goes_on_when_locked(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Signing in plans the first automatic sync a minute later; the idle lock keeps it (the
    last marks are still sent); closing the window stops it."""
    win = open_window(branch.data_dir, make_state, qtbot)
    assert win.autosync.timer.isActive()
    assert win.autosync.timer.interval() == FIRST_DELAY_MS
    win.lock()
    assert win.autosync.active and win.autosync.timer.isActive()
    win.close()
    assert not win.autosync.active and not win.autosync.timer.isActive()


def test_automatic_sync_runs_while_the_window_is_locked(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Any
) -> None:
    """A sync due while the window is locked runs (quietly) and plans the next one."""
    set_share(branch.data_dir, str(tmp_path))
    calls: list[str] = []
    _fake_sync(monkeypatch, calls)
    win = open_window(branch.data_dir, make_state, qtbot)
    win.lock()
    with qtbot.waitSignal(win.autosync.finished, timeout=WAIT_MS):
        win.autosync.run()
    assert len(calls) == 1 and win.autosync.timer.isActive()


def test_automatic_sync_runs_off_the_gui_thread_and_plans_the_next(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """With a reachable shared folder the sync runs on a worker, screens are told, and the
    next one is planned after the interval."""
    share = tmp_path / "share"
    share.mkdir()
    set_share(branch.data_dir, str(share))
    calls: list[str] = []
    _fake_sync(monkeypatch, calls)
    win = open_window(branch.data_dir, make_state, qtbot)
    told: list[Any] = []
    win.state.changed.connect(told.append)
    with qtbot.waitSignal(win.autosync.finished, timeout=WAIT_MS) as done:
        win.autosync.run()
    assert done.args[0].sent_changes == 5
    assert calls and calls[0] != threading.current_thread().name
    assert told
    assert win.autosync.timer.isActive()
    assert win.autosync.timer.interval() == win.autosync.minutes * 60_000


def test_automatic_sync_does_nothing_without_a_reachable_share(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """A shared folder that is not there (a USB stick not inserted): nothing is sent, nothing
    is shown, and the next attempt is planned."""
    set_share(branch.data_dir, str(tmp_path / "usb-stick-not-inserted"))
    calls: list[str] = []
    _fake_sync(monkeypatch, calls)
    win = open_window(branch.data_dir, make_state, qtbot)
    with qtbot.waitSignal(win.autosync.finished, timeout=WAIT_MS) as done:
        win.autosync.run()
    assert done.args[0] is None
    assert calls == []
    assert win.autosync.timer.isActive()


def test_failed_automatic_sync_is_quiet_and_tried_again(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """A sync that fails shows no message box; the next attempt is planned."""
    share = tmp_path / "share"
    share.mkdir()
    set_share(branch.data_dir, str(share))
    calls: list[str] = []
    _fake_sync(monkeypatch, calls, error=LibtrainerError("the share went away"))
    win = open_window(branch.data_dir, make_state, qtbot)
    with qtbot.waitSignal(win.autosync.failed, timeout=WAIT_MS):
        win.autosync.run()
    assert calls
    assert not [box for box in win.findChildren(QMessageBox) if box.isVisible()]
    assert win.autosync.timer.isActive()
    assert not win.autosync.running


def test_automatic_sync_can_be_turned_off(branch: Any, make_state: Any, qtbot: Any) -> None:
    """An interval of 0 minutes plans no automatic sync."""
    state = make_state(branch.data_dir)
    state.settings.auto_sync_minutes = 0
    win = gui_app.launch(state)
    sign_in(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    assert not win.autosync.timer.isActive()


def test_the_interval_is_chosen_in_settings_and_zero_turns_it_off(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Settings ▸ "Sync automatically every": kept at once, the running automatic sync follows
    it, and 0 ("only with Sync now") plans nothing."""
    win = open_window(branch.data_dir, make_state, qtbot)
    spin = win.go("settings").auto_sync
    assert spin.value() == 10
    spin.setValue(25)
    assert win.state.settings.auto_sync_minutes == 25
    assert win.autosync.timer.isActive()
    assert win.autosync.timer.interval() == 25 * 60_000
    spin.setValue(0)
    assert win.state.settings.auto_sync_minutes == 0
    assert not win.autosync.timer.isActive()
    assert spin.text() == spin.specialValueText()
    spin.setValue(5)
    assert win.autosync.timer.interval() == 5 * 60_000


def test_a_save_goes_through_while_an_automatic_sync_hangs(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """A network drive that stops answering mid-sync does not hold up the librarian: a record
    saved meanwhile is in the store before the sync ends."""
    from libtrainer.store.store import read_meta, write_meta

    from libtrainer.gui.operations import Operation

    share = tmp_path / "share"
    share.mkdir()
    set_share(branch.data_dir, str(share))
    release, started = threading.Event(), threading.Event()

    def hanging(store: Any, share_path: str | None, job: Any) -> Any:
        started.set()
        assert release.wait(30)
        return None

    monkeypatch.setattr(sync_runner, "sync_now", hanging)
    win = open_window(branch.data_dir, make_state, qtbot)
    win.autosync.run()
    try:
        qtbot.waitUntil(started.is_set, timeout=WAIT_MS)

        def save(job: Any) -> None:
            with job.store.uow() as uow:
                write_meta(uow.connection, "test_saved_during_sync", "yes")
                uow.commit()

        done: list[bool] = []
        Operation(win, save).success(lambda _r: done.append(True)).run_in_background()
        qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
        assert win.autosync.running
        with win.state.tasks.store.read() as conn:
            assert read_meta(conn, "test_saved_during_sync") == "yes"
    finally:
        release.set()
    qtbot.waitUntil(lambda: not win.autosync.running, timeout=WAIT_MS)
