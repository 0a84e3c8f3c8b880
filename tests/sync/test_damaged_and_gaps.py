"""Half-copied bundles and gaps, as a coordinator reads about them: the bundle's number is
shown, an entry goes once the whole bundle merged or the file is gone, a half file that stays
the same for hours is called damaged, and a gap says "bundle 6" and what happens next."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from libtrainer.store.models import Quarantined
from libtrainer.store.store import Store
from libtrainer.sync import chain, quarantine
from libtrainer.sync.chain import Gap, Link
from libtrainer.sync.ingest import FileIngest
from libtrainer.sync.quarantine_view import overview
from libtrainer.sync.session import synchronise
from libtrainer.sync.summary import describe_quarantine, gap_line
from libtrainer.sync.target import StoreTarget
from tests.sync.regionkit import NAMES, Region, add_participants


def _half_copied(region: Region) -> tuple[Path, bytes]:
    """The branch's bundle 1 on the share cut short, with an old modification time (cp -a)."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    synchronise(branch, region.root)
    (path,) = (region.share(branch).base / "outbox" / branch.device_id).iterdir()
    whole = path.read_bytes()
    path.write_bytes(whole[:1000])
    old = path.stat().st_mtime - 20 * 60
    os.utime(path, (old, old))
    return path, whole


def _entries(store: Store) -> list[quarantine.Entry]:
    with store.read() as conn:
        return quarantine.entries(conn)


def test_half_copied_bundle_shows_its_number_and_goes_once_the_whole_one_merged(
    region: Region,
) -> None:
    """The entry names bundle 1 (not "bundle ?") and is removed after the full copy merged."""
    path, whole = _half_copied(region)
    synchronise(region.coordinator, region.root)
    (entry,) = _entries(region.coordinator)
    assert entry.reason == "truncated" and entry.seq == 1
    with region.coordinator.read() as conn:
        lines = describe_quarantine(overview(conn))
    assert any("bundle 1;" in line for line in lines)
    path.write_bytes(whole)  # the whole file copied over it, old time kept
    os.utime(path, (path.stat().st_mtime - 20 * 60,) * 2)
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None and len(summary.ingest.merged) == 1
    assert _entries(region.coordinator) == []
    with region.coordinator.read() as conn:
        assert describe_quarantine(overview(conn))[0].startswith("Nothing is quarantined")


def test_entry_of_a_half_file_that_is_gone_is_settled(region: Region) -> None:
    """A half-copied file deleted from the share no longer stays in the quarantine list."""
    path, _whole = _half_copied(region)
    synchronise(region.coordinator, region.root)
    assert len(_entries(region.coordinator)) == 1
    path.unlink()
    synchronise(region.coordinator, region.root)
    assert _entries(region.coordinator) == []


def test_half_file_unchanged_for_hours_is_damaged_and_the_sender_writes_it_again(
    region: Region,
) -> None:
    """After hours of the same half file it is called damaged; the branch's next sync repairs it."""
    path, whole = _half_copied(region)
    synchronise(region.coordinator, region.root)
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=7)).isoformat(timespec="seconds")
    with region.coordinator.uow() as uow:
        uow.connection.execute(update(Quarantined).values(first_wall=long_ago))
        uow.commit()
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None
    assert [q.reason for q in summary.ingest.quarantined] == ["incomplete"]
    assert "has not changed for 6 hours" in summary.ingest.quarantined[0].message
    with region.coordinator.read() as conn:
        view = overview(conn)
    (item,) = view.items
    assert item.needs_person and "writes it to the shared folder again" in item.advice
    assert "bundle 1;" in describe_quarantine(view)[1]
    synchronise(region.branches[0], region.root)  # sees its own bundle cut short: writes it again
    merged = synchronise(region.coordinator, region.root)
    assert merged.ingest is not None and len(merged.ingest.merged) == 1
    assert merged.ingest.quarantined == [] and _entries(region.coordinator) == []
    assert path.read_bytes() == whole[:1000]  # the half file itself is never overwritten


def test_gap_of_one_bundle_says_bundle_and_what_to_do() -> None:
    """ "bundle 6", not "bundles 6–6", and the advice; a run keeps "bundles 2–4"."""
    one = gap_line(Gap("dev", "changes", 6, 6), lambda d: "“PC-1”")
    assert one.startswith("From “PC-1”, bundle 6 has not arrived yet;")
    assert "again at its next sync" in one and "6–6" not in one
    run = gap_line(Gap("dev", "changes", 2, 4), lambda d: "“PC-1”")
    assert run.startswith("From “PC-1”, bundles 2–4 have not arrived yet;")


def test_missing_older_catalogue_is_not_a_gap(store: Store) -> None:
    """A branch that merged catalogue 3 lacks nothing: catalogue bundles are whole snapshots."""
    with store.uow() as uow:
        link = Link("c" * 64, "11111111-1111-4111-8111-111111111111", "catalogue", 3, "b" * 64)
        chain.record(uow.connection, link, created_hlc=1, changes=1, restamped=False)
        uow.commit()
    with store.read() as conn:
        assert chain.gaps(conn) == []


def test_whether_a_half_file_is_still_there_is_asked_outside_the_store_transaction(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow drive must not hold the store's write lock while damaged entries are settled."""
    path, _whole = _half_copied(region)
    synchronise(region.coordinator, region.root)
    path.unlink()
    writing = [False]
    asked: list[bool] = []
    real_transaction = StoreTarget.transaction
    real_exists = FileIngest._exists

    @contextmanager
    def transaction(self: StoreTarget) -> Iterator[Any]:
        with real_transaction(self) as conn:
            writing[0] = True
            try:
                yield conn
            finally:
                writing[0] = False

    def exists(self: FileIngest, rel: str) -> bool:
        asked.append(writing[0])
        return real_exists(self, rel)

    monkeypatch.setattr(StoreTarget, "transaction", transaction)
    monkeypatch.setattr(FileIngest, "_exists", exists)
    synchronise(region.coordinator, region.root)
    assert _entries(region.coordinator) == []
    assert asked and not any(asked)
