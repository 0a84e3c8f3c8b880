"""Sync screen: state of the shared folder, Sync now in the background, its errors."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, open_window, set_share

from libtrainer.gui import sync_runner


def test_unreachable_share_is_shown_and_sync_keeps_changes(
    branch: Any, make_state: Any, qtbot: Any, tmp_path: Path
) -> None:
    """With the shared folder missing, the screen says "no", and Sync now explains that the
    changes are safe on this computer; the changes-waiting count stays."""
    missing = tmp_path / "usb-stick-not-inserted"
    set_share(branch.data_dir, str(missing))
    win = open_window(branch.data_dir, make_state, qtbot)
    screen = win.go("sync")
    qtbot.waitUntil(lambda: screen.status is not None, timeout=WAIT_MS)
    assert screen.labels["reachable"].text().startswith("no")
    assert screen.labels["share"].text() == str(missing)
    waiting = screen.labels["waiting"].text()
    assert int(waiting) > 0
    qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not reachable" in screen.banner.text(), timeout=WAIT_MS)
    assert "are safe on this computer" in screen.banner.text()
    assert screen.sync_button.isEnabled()
    qtbot.waitUntil(lambda: screen.labels["waiting"].text() == waiting, timeout=WAIT_MS)


def test_sync_without_a_shared_folder_says_where_to_set_it(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """No shared folder at all: the screen says it is not set and Sync now points to Settings."""
    win = open_window(branch.data_dir, make_state, qtbot)
    screen = win.go("sync")
    qtbot.waitUntil(lambda: screen.status is not None, timeout=WAIT_MS)
    assert "not set" in screen.labels["share"].text()
    screen.sync_now()
    qtbot.waitUntil(lambda: "Settings" in screen.banner.text(), timeout=WAIT_MS)


def test_gui_keeps_processing_events_while_a_sync_runs(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """While a (stand-in for a large) sync is running on the worker, timers still fire, the
    participants screen still searches, and the result arrives when the sync ends."""
    release = threading.Event()
    started = threading.Event()

    def slow_sync(store: Any, share: Any, job: Any) -> Any:
        started.set()
        assert release.wait(30)
        return sync_runner.SyncResult(1, 1234, 0, None)

    monkeypatch.setattr(sync_runner, "sync_now", slow_sync)
    win = open_window(branch.data_dir, make_state, qtbot)
    screen = win.go("sync")
    screen.sync_now()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    ticks = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=WAIT_MS)
    people = win.go("participants")
    qtbot.waitUntil(lambda: people.model.total == 3, timeout=WAIT_MS)
    assert not release.is_set()
    release.set()
    timer.stop()
    win.go("sync")
    qtbot.waitUntil(lambda: "1234 changes sent" in screen.banner.text(), timeout=WAIT_MS)


def test_a_line_to_act_on_is_shown_under_the_sync_result(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """A sync that found a participant code given to two people shows, under the counts,
    where to decide it (a warning); an ordinary sync shows the counts only."""
    notice = "1 participant code was given to two different people: see Duplicates."
    results = [
        sync_runner.SyncResult(1, 3, 5, None, notices=[notice]),
        sync_runner.SyncResult(1, 2, 0, None),
    ]
    monkeypatch.setattr(sync_runner, "sync_now", lambda *_args: results.pop(0))
    win = open_window(branch.data_dir, make_state, qtbot)
    screen = win.go("sync")
    screen.sync_now()
    qtbot.waitUntil(lambda: notice in screen.banner.text(), timeout=WAIT_MS)
    assert screen.banner.text().splitlines() == [
        "Sync finished: 3 changes sent, 5 received.",
        notice,
    ]
    qtbot.waitUntil(screen.sync_button.isEnabled, timeout=WAIT_MS)
    screen.sync_now()
    qtbot.waitUntil(lambda: "2 changes sent" in screen.banner.text(), timeout=WAIT_MS)
    assert notice not in screen.banner.text()


def test_a_coordinator_not_yet_enrolled_is_told_to_start_the_trust_list(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """A coordinator's computer that syncs before any trust list exists is told to press the
    enrolment button itself (it starts the region's trust list), not to wait for someone."""
    from tests.conftest import make_store  # noqa: PLC0415
    from tests.gui.conftest import fill_branch  # noqa: PLC0415

    store = make_store(tmp_path / "data", role="coordinator")
    try:
        data = fill_branch(store)
    finally:
        store.close()
    share = tmp_path / "share"
    share.mkdir()
    set_share(data.data_dir, str(share))
    win = open_window(data.data_dir, make_state, qtbot)
    screen = win.go("sync")
    qtbot.waitUntil(lambda: screen.status is not None, timeout=WAIT_MS)
    screen.sync_now()
    qtbot.waitUntil(lambda: "not enrolled" in screen.banner.text(), timeout=WAIT_MS)
    text = screen.banner.text()
    assert "first coordinator" in text
    assert screen.enrol_button.text().replace("&", "") in text


def test_a_sync_that_could_not_write_is_a_warning_with_the_problem(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """Nothing reached a full stick: the banner is a warning that says so and what to do
    (never "Sync finished"), with what a person should act on under it."""
    problems = [
        "3 changes could not be sent this time; they are kept on this computer.",
        "The shared folder E:\\ is full. Nothing was lost: make room on it.",
    ]
    notice = "This computer's clock ran ahead: tell the coordinator."
    result = sync_runner.SyncResult(
        0, 0, 2, None, notices=[notice], problems=problems, send_failed=True, unsent=3
    )
    monkeypatch.setattr(sync_runner, "sync_now", lambda *_args: result)
    win = open_window(branch.data_dir, make_state, qtbot)
    screen = win.go("sync")
    screen.sync_now()
    qtbot.waitUntil(lambda: "is full" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.banner.text().splitlines() == [
        "Sync ran into a problem: 0 changes sent, 2 received.",
        *problems,
        notice,
    ]
    assert screen.banner.accessibleName() == "Warning"
    assert "Sync finished" not in screen.banner.text()


def test_the_panel_shows_what_is_sent_and_not_yet_confirmed(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """The state box shows changes waiting to be sent and, apart, those on the shared folder
    that the coordinator has not confirmed yet."""
    real = sync_runner.status

    def status(store: Any, share: Any) -> Any:
        shown = real(store, share)
        shown.unconfirmed = 11
        return shown

    monkeypatch.setattr(sync_runner, "status", status)
    win = open_window(branch.data_dir, make_state, qtbot)
    screen = win.go("sync")
    qtbot.waitUntil(lambda: screen.status is not None, timeout=WAIT_MS)
    assert screen.labels["unconfirmed"].text() == "11"
    assert screen.labels["unconfirmed"].accessibleName() == (
        "Sent, not yet confirmed by the coordinator"
    )
