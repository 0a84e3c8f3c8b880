"""What the Sync and Today screens ask the store: counts of changes waiting."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

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


def _failing_writes(monkeypatch: pytest.MonkeyPatch, err: int) -> None:
    """Every bundle written to an outbox fails with ``err`` (a full or write-protected stick),
    where the shared folder's code opens the file."""
    import builtins  # noqa: PLC0415
    import errno as errno_mod  # noqa: PLC0415

    from libtrainer.sync import share as share_mod  # noqa: PLC0415

    def failing(path: Any, mode: str = "r", *args: Any, **kw: Any) -> Any:
        if "x" in mode and "outbox" in str(path):
            raise OSError(err, errno_mod.errorcode[err], str(path))
        return builtins.open(path, mode, *args, **kw)

    monkeypatch.setattr(share_mod, "open", failing, raising=False)


@pytest.mark.parametrize(
    ("err", "words"),
    [
        (28, ("is full", "make room on it")),  # ENOSPC
        (30, ("is write-protected", "lock switch")),  # EROFS
    ],
)
def test_a_failed_write_is_reported_to_the_window_as_the_command_line_says_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int, words: tuple[str, str]
) -> None:
    """A full or write-protected stick: the window's result carries the problem (what
    happened, what helps, the folder as the person chose it, not a file path inside it) and
    how many changes stay here; a write-protected stick is not told to try later."""
    from tests.sync.regionkit import NAMES, add_participants, make_region  # noqa: PLC0415

    region = make_region(tmp_path)
    branch = region.branches[0]
    try:
        add_participants(branch, NAMES[:2])
        _failing_writes(monkeypatch, err)
        result = sync_runner.sync_now(branch, str(region.root), _Job())
    finally:
        region.close()
    assert result.send_failed and result.unsent > 0 and result.sent_changes == 0
    assert result.problems[0] == (
        f"{result.unsent} changes could not be sent this time; they are kept on this computer."
    )
    (problem,) = result.problems[1:]
    assert all(word in problem for word in words)
    assert str(region.root) in problem and "outbox" not in problem and ".ltb" not in problem
    if err == 30:
        assert "try again later" not in problem and "does not help" in problem


def test_a_bundle_not_written_counts_as_waiting_not_as_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a failed write the Sync panel, the quick count and ``status`` count the bundle
    that never reached the stick as waiting to be sent, not as sent and unconfirmed; once it
    is written it is sent and unconfirmed."""
    from libtrainer.services import status as status_mod  # noqa: PLC0415
    from tests.sync.regionkit import NAMES, add_participants, make_region  # noqa: PLC0415

    region = make_region(tmp_path)
    branch = region.branches[0]
    try:
        add_participants(branch, NAMES[:2])
        with branch.read() as conn:
            captured = sync_runner.waiting(conn)
        _failing_writes(monkeypatch, 28)
        sync_runner.sync_now(branch, str(region.root), _Job())
        shown = sync_runner.status(branch, str(region.root))
        assert (shown.waiting, shown.unconfirmed) == (captured, 0)
        assert shown.last_sent is None, "nothing was sent"
        with branch.read() as conn:
            assert sync_runner.waiting_quick(conn) == captured
        info = status_mod.status(branch, tmp_path / "b0")
        assert info["pending_changes"] == info["not_written_changes"] == captured
        assert info["unconfirmed_changes"] == 0
        monkeypatch.undo()
        sync_runner.sync_now(branch, str(region.root), _Job())
        shown = sync_runner.status(branch, str(region.root))
        assert (shown.waiting, shown.unconfirmed) == (0, captured)
        assert shown.last_sent is not None
        info = status_mod.status(branch, tmp_path / "b0")
        assert (info["pending_changes"], info["unconfirmed_changes"]) == (0, captured)
    finally:
        region.close()


def test_a_stick_pulled_out_leaves_a_folder_that_is_not_reachable(tmp_path: Path) -> None:
    """The empty folder a USB stick leaves behind (its mount point) is not the shared folder
    of an enrolled branch computer: not reachable. A coordinator's computer may make a blank
    folder its region's again, so for it the folder is reachable."""
    import shutil  # noqa: PLC0415

    from tests.sync.regionkit import make_region  # noqa: PLC0415

    region = make_region(tmp_path)
    try:
        assert sync_runner.status(region.branches[0], str(region.root)).reachable
        shutil.rmtree(region.root / "libtrainer")  # what is left: the empty mount point
        assert not sync_runner.status(region.branches[0], str(region.root)).reachable
        assert sync_runner.status(region.coordinator, str(region.root)).reachable
    finally:
        region.close()


def test_a_clock_that_ran_ahead_is_told_in_the_window(tmp_path: Path) -> None:
    """A branch whose clock ran ahead is told so with the Sync screen's result (to tell the
    coordinator and to correct the computer's date and time), as the command line does."""
    from libtrainer.store.hlc import pack, wall_ms  # noqa: PLC0415
    from tests.sync.regionkit import NAMES, add_participants, make_region  # noqa: PLC0415

    region = make_region(tmp_path)
    branch = region.branches[0]
    try:
        branch.identity.clock.observe(pack(wall_ms() + 365 * 86_400_000))
        add_participants(branch, NAMES[:1])
        result = sync_runner.sync_now(branch, str(region.root), _Job())
    finally:
        region.close()
    (line,) = [line for line in result.notices if "clock ran ahead" in line]
    assert "365 days ahead" in line and "tell the coordinator" in line and "correct" in line


def test_a_share_remembered_without_its_drive_is_not_used_by_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder remembered as "share" (an older enrolment): the Sync screen says it is not
    reachable and why, though the app started where a folder of that name is; syncing from
    the window refuses, naming it; the automatic sync does nothing (decision 0331)."""
    from libtrainer.i18n import render  # noqa: PLC0415
    from libtrainer.sync.errors import ShareNotFullPath  # noqa: PLC0415
    from tests.sync.regionkit import make_region  # noqa: PLC0415

    region = make_region(tmp_path)
    monkeypatch.chdir(tmp_path)
    try:
        branch = region.branches[0]
        shown = sync_runner.status(branch, "share")
        assert not shown.reachable and shown.share_incomplete and shown.share == "share"
        assert sync_runner.auto_sync(branch, "share", _Job()) is None
        with pytest.raises(ShareNotFullPath) as caught:
            sync_runner.sync_now(branch, "share", _Job())
        assert "“share”" in render(caught.value) and "Settings" in render(caught.value)
    finally:
        region.close()
    assert not list((tmp_path / "share").rglob("*.ltb"))
