"""What the Sync and Today screens ask the store: counts of changes waiting."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from libtrainer.i18n import set_language
from libtrainer.services import participants
from libtrainer.store.store import Store

from libtrainer.gui import sync_runner


def test_quick_count_of_changes_waiting_equals_the_exact_one(store: Store) -> None:
    """Without any bundle yet, newest outbox number minus nothing = every change captured."""
    with store.uow() as uow:
        participants.create_participant(uow, "Šarūnas", "Žemaitis", birth_year=1957)
    with store.read() as conn:
        exact, quick = sync_runner.waiting(conn), sync_runner.waiting_quick(conn)
    assert exact == quick > 0


def test_status_without_a_shared_folder(store: Store) -> None:
    """No share set: not reachable, nothing sent yet, the changes counted."""
    status = sync_runner.status(store, None)
    assert status.share is None and not status.reachable
    assert status.last_sent is None and status.waiting > 0


def test_a_shared_folder_that_does_not_answer_reads_as_not_reachable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A listing that hangs (a dead network drive) answers "not reachable" after the wait;
    asking again while it still hangs starts no second look; a real folder answers yes."""
    release = threading.Event()
    looks: list[Path] = []
    real = sync_runner._reachable

    def hanging(root: Path) -> bool:
        looks.append(root)
        release.wait(30)
        return real(root)

    monkeypatch.setattr(sync_runner, "_reachable", hanging)
    try:
        assert sync_runner.reachable_within(tmp_path, seconds=0.05) is False
        assert sync_runner.reachable_within(tmp_path, seconds=0.05) is False
        assert looks == [tmp_path]
    finally:
        release.set()
    monkeypatch.setattr(sync_runner, "_reachable", real)
    for _ in range(600):  # the hanging look ends and forgets the folder
        if str(tmp_path) not in sync_runner._probing:
            break
        threading.Event().wait(0.05)
    assert sync_runner.reachable_within(tmp_path, seconds=5) is True
    assert sync_runner.reachable_within(tmp_path / "missing", seconds=5) is False


class _Job:
    def report(self, *_args: object) -> None:
        """Progress is not looked at here."""


def test_a_sync_from_the_window_points_to_the_duplicates_tab(tmp_path: Path) -> None:
    """A coordinator's sync from the window announces a participant code given to two people
    with the Duplicates screen's tab, not with a command to type, as a line to act on."""
    from libtrainer.sync import publish  # noqa: PLC0415
    from tests.sync.regionkit import make_region  # noqa: PLC0415

    region = make_region(tmp_path, branches=2)
    try:
        for branch, (given, year) in zip(region.branches, [("Jonas", 1950), ("Ona", 1962)]):
            with branch.uow() as uow:
                participants.create_participant(
                    uow, given, "Petraitė", code="LT-0042", birth_year=year
                )
            publish.publish(branch, region.share(branch))
        result = sync_runner.sync_now(region.coordinator, str(region.root), _Job())
    finally:
        region.close()
    (line,) = [line for line in result.lines if "participant code was given" in line]
    assert "see Duplicates, tab “One code, different people?”." in line
    assert "libtrainer" not in line
    assert result.notices == [line]  # shown with the Sync screen's result


def test_a_restored_branch_syncing_from_the_window_is_told_to_take_a_new_identity(
    tmp_path: Path,
) -> None:
    """The Sync screen's result says the computer was restored and points to its button."""
    from tests.sync.forkkit import restored_branch  # noqa: PLC0415
    from tests.sync.regionkit import make_region  # noqa: PLC0415

    region = make_region(tmp_path)
    restored = restored_branch(region, tmp_path)
    try:
        result = sync_runner.sync_now(restored, str(region.root), _Job())
    finally:
        restored.close()
        region.close()
    assert result.sent_changes == 0
    assert any("restored from an older copy" in line for line in result.notices)
    (way_out,) = [line for line in result.notices if "new identity" in line]
    assert "take a new identity” on this screen" in way_out
    assert "libtrainer" not in way_out


def test_last_sent_is_the_later_of_window_and_scheduled_sends_in_local_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A later bundle made by ``libtrainer sync`` wins over the window's own older sync, and
    the time is shown in local time for the language, not as raw UTC text."""
    monkeypatch.setenv("TZ", "Europe/Vilnius")
    time.tzset()
    try:
        set_language("lt")
        shown = sync_runner.last_sent("2026-11-20T08:00:00+00:00", "2026-11-23T00:09:49+00:00")
        assert shown == "2026-11-23 02:09"
        assert sync_runner.last_sent("2026-11-23 09:30", "2026-11-23T05:00:00+00:00") == (
            "2026-11-23 09:30"
        ), "the older local-time form of the window's own record still counts"
        set_language("lv")
        assert "2026" in (sync_runner.last_sent(None, "2026-11-23T00:09:49+00:00") or "")
        assert "T00:09" not in (sync_runner.last_sent(None, "2026-11-23T00:09:49+00:00") or "")
        assert sync_runner.last_sent(None, None) is None
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
