"""Ingest from the share: merge, re-delivery, conflict copies, acks and pruning, gaps, clocks."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from libtrainer.store.dump import canonical_dump
from libtrainer.store.hlc import pack, wall_ms
from libtrainer.store.models import Clock, Outbox, Participant
from libtrainer.store.store import HLC_FLOOR, Store
from libtrainer.sync.session import synchronise
from tests.sync.regionkit import Region, add_participants, make_region


@pytest.fixture
def region(tmp_path: Path) -> Iterator[Region]:
    r = make_region(tmp_path, branches=2)
    try:
        yield r
    finally:
        r.close()


def _count(store: Store, model: type) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def _dump(store: Store) -> dict:
    with store.read() as conn:
        return canonical_dump(conn)


def _outbox_files(region: Region, store: Store) -> list[Path]:
    return sorted((region.share(store).base / "outbox" / store.device_id).glob("*.ltb"))


def test_branch_changes_reach_the_coordinator_with_their_device(region: Region) -> None:
    """Participants added on two branches reach the coordinator, traceable to each device."""
    for branch in region.branches:
        add_participants(branch)
        synchronise(branch, region.root)
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None and not summary.ingest.quarantined
    assert _count(region.coordinator, Participant) == 10
    with region.coordinator.read() as conn:
        devices = set(
            conn.execute(
                select(Clock.device).where(Clock.tbl == "participant", Clock.field == "*")
            ).scalars()
        )
    assert devices == {b.device_id for b in region.branches}
    names = {r["given_name"] for r in _dump(region.coordinator)["tables"]["participant"]}
    assert "Žydrūnė" in names and "Līga" in names


def test_second_sync_merges_nothing_and_changes_nothing(region: Region) -> None:
    """Ingesting the same share twice is a no-op: bundles are known by their hash."""
    add_participants(region.branches[0])
    synchronise(region.branches[0], region.root)
    synchronise(region.coordinator, region.root)
    before = _dump(region.coordinator)
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None and summary.ingest.merged == []
    assert _dump(region.coordinator) == before


@pytest.mark.parametrize(
    "suffix",
    [
        " (1)",
        "-DESKTOP-7Q2",
        ".sync-conflict-20261121-101010-ABCDEFG",
        " (Ona's conflicted copy 2026-11-21)",
        " (Case Conflict)",
    ],
)
def test_conflict_copies_are_not_merged_twice(region: Region, suffix: str) -> None:
    """A sync client's copy of a bundle under another name is recognised by content."""
    branch = region.branches[0]
    add_participants(branch)
    synchronise(branch, region.root)
    original = _outbox_files(region, branch)[0]
    shutil.copy(original, original.with_name(original.stem + suffix + original.suffix))
    synchronise(region.coordinator, region.root)
    assert _count(region.coordinator, Participant) == 5
    with region.coordinator.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM lt_ingested").scalar_one() == 2


def test_ingested_rows_are_not_captured_again(region: Region) -> None:
    """Merged writes do not land in the coordinator's own outbox."""
    before = _count(region.coordinator, Outbox)
    add_participants(region.branches[0])
    synchronise(region.branches[0], region.root)
    synchronise(region.coordinator, region.root)
    with region.coordinator.read() as conn:
        rows = conn.execute(select(Outbox.tbl)).scalars().all()
    assert "participant" not in rows
    assert _count(region.coordinator, Outbox) >= before


def test_branch_prunes_its_outbox_only_after_an_ack(region: Region) -> None:
    """The outbox keeps everything until the coordinator's signed ack arrives, then is pruned."""
    branch = region.branches[0]
    add_participants(branch)
    synchronise(branch, region.root)
    kept = _count(branch, Outbox)
    synchronise(branch, region.root)
    assert _count(branch, Outbox) == kept  # published, not acknowledged yet
    synchronise(region.coordinator, region.root)
    summary = synchronise(branch, region.root)
    assert summary.pruned == kept  # every change sent is confirmed
    assert _count(branch, Outbox) == 1  # the newest row is always kept
    assert int(branch.meta(HLC_FLOOR) or 0) >= branch.identity.clock.last - pack(1000)


def test_confirmed_count_is_the_changes_sent(region: Region) -> None:
    """Each sync's "confirmed receiving N changes" equals what was sent, every time."""
    branch = region.branches[0]
    for names in ([("Ona", "Ąžuolaitė")], [("Rūta", "Žemaitė"), ("Jonas", "Šimkus")]):
        add_participants(branch, names)
        sent = synchronise(branch, region.root).published_changes
        synchronise(region.coordinator, region.root)
        assert synchronise(branch, region.root).pruned == sent > 0
        assert synchronise(branch, region.root).pruned == 0  # told once


def test_a_lost_ack_prunes_nothing_after_it(region: Region) -> None:
    """Pruning stops at the first bundle without an ack."""
    branch = region.branches[0]
    add_participants(branch, [("Ona", "Ąžuolaitė")])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    add_participants(branch, [("Rūta", "Žemaitė")])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    acks = sorted((region.share(branch).base / "acks").rglob(f"*{branch.device_id}*/*.ack"))
    assert len(acks) == 2
    first_ack = [a for a in acks if a.name.startswith("000000000001")][0]
    first_ack.unlink()
    assert synchronise(branch, region.root).pruned == 0


def test_missing_bundle_is_a_reported_gap_and_later_merged(region: Region) -> None:
    """Bundle 2 missing: 1 and 3 are merged, the gap is reported, 2 is merged when it comes."""
    branch = region.branches[0]
    for given in ("Ona", "Rūta", "Ieva"):
        add_participants(branch, [(given, "Šimkutė")])
        synchronise(branch, region.root)
    files = _outbox_files(region, branch)
    assert len(files) == 3
    parked = files[1].with_name(".parked")
    files[1].rename(parked)
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None
    gaps = [(g.first, g.last) for g in summary.ingest.gaps if g.device == branch.device_id]
    assert gaps == [(2, 2)]
    assert _count(region.coordinator, Participant) == 2
    parked.rename(files[1])
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None and summary.ingest.gaps == []
    assert _count(region.coordinator, Participant) == 3


def test_coordinator_clock_absorbs_a_branch_clock_ahead(region: Region) -> None:
    """A branch two hours ahead: the coordinator's clock (and its persisted floor) follow it."""
    branch = region.branches[0]
    ahead = pack(wall_ms() + 2 * 3600 * 1000)
    branch.identity.clock.observe(ahead)
    add_participants(branch)
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    assert region.coordinator.identity.clock.last > ahead
    assert int(region.coordinator.meta(HLC_FLOOR) or 0) > ahead


def test_young_truncated_file_is_still_arriving_old_one_is_quarantined(region: Region) -> None:
    """A half-copied bundle is retried later; one that stays half for long is quarantined."""
    import os

    branch = region.branches[0]
    add_participants(branch)
    synchronise(branch, region.root)
    original = _outbox_files(region, branch)[0]
    data = original.read_bytes()
    original.unlink()
    partial = original.with_name(original.name)
    partial.write_bytes(data[: len(data) // 2])
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None
    assert summary.ingest.arriving == [partial.name] and summary.ingest.quarantined == []
    old = partial.stat().st_mtime - 3600
    os.utime(partial, (old, old))
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None
    assert [q.reason for q in summary.ingest.quarantined] == ["truncated"]
    assert _count(region.coordinator, Participant) == 0
    partial.write_bytes(data)
    synchronise(region.coordinator, region.root)
    assert _count(region.coordinator, Participant) == 5


def test_an_empty_file_left_by_a_write_cut_short_is_skipped_and_filled_later(
    region: Region,
) -> None:
    """Without hard links a write claims its name with an empty file before the data is
    renamed over it; the app ended between the two (a dead share, "Close anyway"): readers
    skip the empty file, however old (never quarantined), and the writer's next sync fills
    it, which is then merged."""
    import os

    branch = region.branches[0]
    add_participants(branch)
    synchronise(branch, region.root)
    original = _outbox_files(region, branch)[0]
    original.write_bytes(b"")
    old = original.stat().st_mtime - 24 * 3600
    os.utime(original, (old, old))
    for _ in range(2):
        summary = synchronise(region.coordinator, region.root)
        assert summary.ingest is not None
        assert summary.ingest.arriving == [] and summary.ingest.quarantined == []
    assert _count(region.coordinator, Participant) == 0
    synchronise(branch, region.root)
    assert original.stat().st_size > 0
    synchronise(region.coordinator, region.root)
    assert _count(region.coordinator, Participant) == 5


def test_half_copy_dated_ahead_of_a_merged_bundle_is_not_arriving(region: Region) -> None:
    """A half copy of a merged bundle, its file dated a year ahead, is a copy: never "arriving"."""
    import os

    branch = region.branches[0]
    add_participants(branch)
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    original = _outbox_files(region, branch)[0]
    copy = original.with_name(original.stem + " (1)" + original.suffix)
    copy.write_bytes(original.read_bytes()[:200])
    ahead = copy.stat().st_mtime + 365 * 86400
    os.utime(copy, (ahead, ahead))
    for _ in range(2):
        summary = synchronise(region.coordinator, region.root)
        assert summary.ingest is not None
        assert summary.ingest.arriving == [] and summary.ingest.quarantined == []


def test_truncated_file_dated_ahead_is_not_arriving_for_ever(region: Region) -> None:
    """A half bundle whose file is dated in the future is set aside, not "still arriving"."""
    import os

    branch = region.branches[0]
    add_participants(branch)
    synchronise(branch, region.root)
    original = _outbox_files(region, branch)[0]
    original.write_bytes(original.read_bytes()[:300])
    ahead = original.stat().st_mtime + 365 * 86400
    os.utime(original, (ahead, ahead))
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None and summary.ingest.arriving == []
    assert [q.reason for q in summary.ingest.quarantined] == ["truncated"]


def test_vanished_or_unreadable_files_lose_nothing(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that cannot be read is reported in plain words and merged on a later sync."""
    from libtrainer.sync.share import Share

    branch = region.branches[0]
    add_participants(branch)
    synchronise(branch, region.root)
    real_read = Share.read

    def denied(self: Share, path: Path, limit: int) -> bytes:
        if path.suffix == ".ltb":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(self, path, limit)

    def wrapped(self: Share, path: Path, limit: int) -> bytes:
        from libtrainer.sync.share import os_error

        try:
            return denied(self, path, limit)
        except OSError as exc:
            raise os_error(exc, path) from exc

    monkeypatch.setattr(Share, "read", wrapped)
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None and summary.ingest.unreadable
    assert "access" in summary.ingest.unreadable[0] and ".ltb]" in summary.ingest.unreadable[0]
    monkeypatch.setattr(Share, "read", real_read)
    synchronise(region.coordinator, region.root)
    assert _count(region.coordinator, Participant) == 5


def test_full_disk_stops_the_merge_cleanly(region: Region, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's disk full mid-merge: a plain message, nothing half merged, merged next time."""
    from sqlalchemy.exc import OperationalError

    from libtrainer.sync import fastpath

    add_participants(region.branches[0])
    synchronise(region.branches[0], region.root)
    real = fastpath.apply_bundle

    def full(conn, changes, **options):  # type: ignore[no-untyped-def]
        real(conn, changes, **options)
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(fastpath, "apply_bundle", full)
    summary = synchronise(region.coordinator, region.root)
    assert summary.failed and "no space left" in summary.problems[0]
    assert _count(region.coordinator, Participant) == 0
    monkeypatch.setattr(fastpath, "apply_bundle", real)
    assert not synchronise(region.coordinator, region.root).failed
    assert _count(region.coordinator, Participant) == 5
