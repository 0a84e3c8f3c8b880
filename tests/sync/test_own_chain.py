"""A device's history never forks by accident, and it is told when it did (decision 0323)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.services import storefile
from libtrainer.store.models import Ingested, Published
from libtrainer.store.store import Store
from libtrainer.sync import chain, ownchain, publish, quarantine, suspension
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import parse_bundle_name
from libtrainer.sync.summary import as_json, describe
from tests.sync.forkkit import copy_store, names, restored_branch, unnoticed
from tests.sync.regionkit import Region, add_participants


def _own_seqs(region: Region, store: Store) -> list[int]:
    folder = region.share(store).base / "outbox" / store.device_id
    found = [parse_bundle_name(p.name) for p in folder.iterdir() if not p.name.startswith(".")]
    return sorted(p[0] for p in found if p is not None)


def test_restored_branch_sends_nothing_and_is_told_to_take_a_new_identity(
    region: Region, tmp_path: Path
) -> None:
    """No second bundle 2: the branch says it was restored, the way out, and fails."""
    restored = restored_branch(region, tmp_path)
    try:
        summary = synchronise(restored, region.root)
        assert summary.own is not None and summary.own.note == "restored"
        assert summary.own.seq == 2
        assert summary.published_changes == 0
        assert summary.failed
        lines = describe(summary)
        assert any("restored from an older copy" in line for line in lines)
        assert any("libtrainer enroll SHARE --new-device" in line for line in lines)
        assert "Nothing new to send." not in lines
        assert as_json(summary)["own_chain"]["state"] == "restored"
        assert as_json(summary)["failed"] is True
        assert _own_seqs(region, restored) == [1, 2]
        after = synchronise(region.coordinator, region.root)
        assert after.ingest is not None and after.ingest.quarantined == []
        with region.coordinator.read() as conn:
            assert chain.suspended_devices(conn) == []
    finally:
        restored.close()


def test_branch_whose_history_already_split_is_told_so(region: Region, tmp_path: Path) -> None:
    """Its own bundle 2 is on the share twice: the branch says so instead of "Nothing new"."""
    restored = restored_branch(region, tmp_path)
    try:
        share_files = region.share(restored).base
        aside = tmp_path / "aside"
        shutil.move(share_files / "outbox", aside / "outbox")  # a stale copy of the stick
        shutil.move(share_files / "acks", aside / "acks")
        synchronise(restored, region.root)  # writes its own bundle 2
        for part in ("outbox", "acks"):
            shutil.copytree(aside / part, share_files / part, dirs_exist_ok=True)
        synchronise(region.coordinator, region.root)  # the fork: suspended at the coordinator
        add_participants(restored, [("Aistė", "Čiurlionytė")])
        with unnoticed(region.root, restored.device_id):  # before the coordinator's notice
            summary = synchronise(restored, region.root)
        assert summary.own is not None and summary.own.note == "restored"
        assert summary.own.seq == 2
        assert summary.failed
        assert _own_seqs(region, restored) == [1, 2, 2]
        told = synchronise(restored, region.root)  # the notice says the same (decision 0333)
        assert told.paused is not None and told.paused.own_bundle and told.failed
        assert _own_seqs(region, restored) == [1, 2, 2]
    finally:
        restored.close()


def _restored_coordinator(region: Region, tmp_path: Path) -> Store:
    """The coordinator sent bundle 1, was backed up, sent bundle 2 (“Coord”), and a new PC
    runs the old copy of its data folder (same id and keys)."""
    coordinator = region.coordinator
    add_participants(coordinator, [("Ona", "Ąžuolaitė")])
    synchronise(coordinator, region.root)
    synchronise(coordinator, region.root)
    backup = copy_store(coordinator, tmp_path / "backup")
    backup.close()
    add_participants(coordinator, [("Coord", "Pirmoji")])
    synchronise(coordinator, region.root)
    synchronise(coordinator, region.root)
    return storefile.open_store(tmp_path / "backup")


def test_restored_coordinator_continues_after_its_own_bundles_on_the_share(
    region: Region, tmp_path: Path
) -> None:
    """Its old bundle 2 is merged first; its new change goes in bundle 3, never another 2."""
    restored = _restored_coordinator(region, tmp_path)
    try:
        add_participants(restored, [("Coord3", "Antroji")])
        summary = synchronise(restored, region.root)
        assert summary.own is not None and summary.own.note == "continued"
        assert summary.own.upto == 2 and not summary.own.replaced
        assert not summary.failed
        assert any("continue after them" in line for line in describe(summary))
        assert _own_seqs(region, restored) == [1, 2, 3]
        again = synchronise(restored, region.root)
        assert again.ingest is not None and again.ingest.quarantined == []
        assert {"Coord", "Coord3"} <= names(restored)
        with restored.read() as conn:
            assert chain.suspended_devices(conn) == []
        synchronise(restored, region.root)
        with restored.read() as conn:
            assert publish.unconfirmed(conn) == 0
    finally:
        restored.close()


def test_coordinator_that_forked_itself_continues_after_its_merged_history(
    region: Region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fork made before this check: the coordinator numbers on after its merged bundle 2,
    says to lift its own suspension, and after `trust resume` its changes merge."""
    restored = _restored_coordinator(region, tmp_path)
    try:
        monkeypatch.setattr(ownchain, "check", lambda *a, **k: ownchain.Verdict())
        synchronise(restored, region.root)  # merges its own old bundle 2
        add_participants(restored, [("Coord3", "Antroji")])
        synchronise(restored, region.root)  # the old behaviour: another bundle 2
        synchronise(restored, region.root)  # ... which it sets aside as a fork of itself
        monkeypatch.undo()
        with restored.read() as conn:
            assert chain.suspension(conn, restored.device_id) is not None
        summary = synchronise(restored, region.root)
        assert summary.own is not None and summary.own.note == "continued"
        assert summary.own.replaced and summary.own.seq == 2
        assert summary.own_suspended and summary.failed
        assert any(f"trust resume {restored.device_id}" in line for line in describe(summary))
        assert _own_seqs(region, restored) == [1, 2, 2, 3]
        suspension.resume(restored, region.share(restored), restored.device_id)
        synchronise(restored, region.root)
        final = synchronise(restored, region.root)
        assert not final.own_suspended and not final.failed
        with restored.read() as conn:
            merged = dict(
                conn.execute(
                    select(Ingested.seq, Ingested.bundle_hash).where(
                        Ingested.device == restored.device_id
                    )
                ).all()
            )
            top = conn.execute(
                select(Published.seq)
                .where(Published.kind == "changes")
                .order_by(Published.seq.desc())
                .limit(1)
            ).scalar()
            held = [e.reason for e in quarantine.entries(conn)]
        assert 3 in merged and top == 3
        assert held == ["fork"]
        assert {"Coord", "Coord3"} <= names(restored)
    finally:
        restored.close()
