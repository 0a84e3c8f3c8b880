"""Re-delivery: a device keeps each bundle until a coordinator acknowledges it and writes it again
whenever its file is missing from the share (decisions/0320); what the summary says about it."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.services import status
from libtrainer.store.models import Participant, Published
from libtrainer.store.store import Store
from libtrainer.sync import chain, publish
from libtrainer.sync.bundle import bundle_hash
from libtrainer.sync.errors import ShareUnreachable
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share, os_error
from libtrainer.sync.summary import describe
from tests.sync.regionkit import NAMES, Region, add_participants

from libtrainer.gui.sync_runner import waiting


def _outbox(region: Region, store: Store) -> Path:
    return region.share(store).base / "outbox" / store.device_id


def _kept_seqs(store: Store, kind: str = "changes") -> list[int]:
    with store.read() as conn:
        return list(
            conn.execute(
                select(Published.seq)
                .where(Published.kind == kind, Published.data.is_not(None))
                .order_by(Published.seq)
            ).scalars()
        )


def _changes(store: Store, seq: int) -> int:
    with store.read() as conn:
        return int(
            conn.execute(
                select(Published.changes).where(Published.kind == "changes", Published.seq == seq)
            ).scalar_one()
        )


def _names(store: Store) -> set[str]:
    with store.read() as conn:
        return set(conn.execute(select(Participant.given_name)).scalars())


def test_bundle_lost_from_the_share_is_sent_again_and_reaches_the_coordinator(
    region: Region,
) -> None:
    """A stick restored from an old copy lacks bundle 1: the next sync writes the same bytes."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    synchronise(branch, region.root)
    (first,) = _outbox(region, branch).iterdir()
    original = first.read_bytes()
    shutil.rmtree(_outbox(region, branch))  # the stick was reformatted / an old copy put back
    add_participants(branch, NAMES[2:3])
    summary = synchronise(branch, region.root)
    assert first.read_bytes() == original  # same name, same bytes: never a fork
    assert sorted(p.name for p in _outbox(region, branch).iterdir())[0] == first.name
    n1, n2 = _changes(branch, 1), _changes(branch, 2)
    assert summary.published_changes == n2 and summary.resent_changes == n1
    lines = describe(summary)
    assert f"Sent {n2} change." in lines  # one field of one new person
    assert f"Sent {n1} changes from earlier syncs that were not on the shared folder." in lines
    assert "Nothing new to send." not in lines
    coordinator = synchronise(region.coordinator, region.root)
    assert coordinator.ingest is not None and coordinator.ingest.gaps == []
    assert coordinator.ingest.quarantined == []
    assert {g for g, _f in NAMES[:3]} <= _names(region.coordinator)


def test_bytes_are_kept_until_acknowledged_then_dropped(region: Region) -> None:
    """The store keeps a bundle's bytes only until an ack; an acknowledged bundle is not re-sent."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    synchronise(branch, region.root)
    assert _kept_seqs(branch) == [1]
    synchronise(branch, region.root)  # the file is there: nothing is written again
    assert len(list(_outbox(region, branch).iterdir())) == 1
    synchronise(region.coordinator, region.root)  # merges and acknowledges bundle 1
    summary = synchronise(branch, region.root)
    assert _kept_seqs(branch) == []  # the store does not grow with every bundle sent
    shutil.rmtree(_outbox(region, branch))
    again = synchronise(branch, region.root)
    assert again.resent_changes == 0 and not _outbox(region, branch).exists()
    assert describe(again)[0] == "Nothing new to send."
    assert summary.pruned >= 1


def test_truncated_copy_of_own_bundle_is_replaced_by_a_whole_one(region: Region) -> None:
    """A half-copied file of this device's bundle on the share gets a whole copy next to it."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    synchronise(branch, region.root)
    (first,) = _outbox(region, branch).iterdir()
    whole = first.read_bytes()
    first.write_bytes(whole[:200])
    synchronise(branch, region.root)
    copies = [p for p in _outbox(region, branch).iterdir() if p.read_bytes() == whole]
    assert len(copies) == 1 and copies[0].name.startswith(first.name.removesuffix(".ltb"))
    synchronise(region.coordinator, region.root)
    assert {g for g, _f in NAMES[:2]} <= _names(region.coordinator)


def test_newest_catalogue_is_written_again_when_missing(region: Region) -> None:
    """A coordinator writes its newest catalogue bundle again when the share lost it."""
    coordinator = region.coordinator
    synchronise(coordinator, region.root)
    folder = region.share(coordinator).base / "catalogue" / coordinator.device_id
    newest = max(folder.iterdir())
    data = newest.read_bytes()
    assert _kept_seqs(coordinator, "catalogue") == [int(newest.name[:12])]
    shutil.rmtree(folder)
    summary = synchronise(coordinator, region.root)
    assert newest.read_bytes() == data
    assert summary.catalogue_again
    assert (
        "The region's catalogue was missing from the shared folder and was written again."
        in describe(summary)
    )


def test_full_share_says_what_was_not_sent_and_the_retry_says_it_was_sent(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full stick: no "Nothing new to send"; after space is freed the retry reports the send."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:3])
    real = Share.write_once

    def full(self: Share, rel: str, data: bytes) -> Path:
        if rel.startswith("outbox/"):
            raise os_error(OSError(errno.ENOSPC, "No space left on device"), self.base / rel)
        return real(self, rel, data)

    monkeypatch.setattr(Share, "write_once", full)
    failed = synchronise(branch, region.root)
    lines = describe(failed)
    assert "Nothing new to send." not in lines
    n = _changes(branch, 1)
    assert f"{n} changes could not be sent this time; they are kept on this computer." in lines
    assert any("is full. Nothing was lost" in line for line in lines)
    monkeypatch.undo()
    retried = synchronise(branch, region.root)
    assert describe(retried)[0] == (
        f"Sent {n} changes from earlier syncs that were not on the shared folder."
    )
    (written,) = _outbox(region, branch).iterdir()
    with branch.read() as conn:
        recorded = conn.execute(select(Published.bundle_hash)).scalar_one()
    assert bundle_hash(written.read_bytes()) == recorded


def test_unreachable_after_a_failed_write_counts_the_changes_not_written(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full stick, then no stick: "your N changes are safe" counts the bundle not written."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:3])
    real = Share.write_once

    def full(self: Share, rel: str, data: bytes) -> Path:
        if rel.startswith("outbox/"):
            raise os_error(OSError(errno.ENOSPC, "No space left on device"), self.base / rel)
        return real(self, rel, data)

    monkeypatch.setattr(Share, "write_once", full)
    synchronise(branch, region.root)
    monkeypatch.undo()
    n = _changes(branch, 1)
    with pytest.raises(ShareUnreachable) as gone:
        synchronise(branch, region.root.parent / "no-stick")
    assert gone.value.params["n"] == n == branch.pending_changes() > 0
    synchronise(branch, region.root)  # written now
    assert branch.pending_changes() == 0


def test_gap_closes_once_the_missing_bundle_is_sent_again(region: Region) -> None:
    """The coordinator's gap report stops after the branch wrote the lost bundle again."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:1])
    synchronise(branch, region.root)
    (first,) = _outbox(region, branch).iterdir()
    first.unlink()
    add_participants(branch, NAMES[1:2])
    publish.publish(branch, region.share(branch))  # writes bundle 1 again, then bundle 2
    first.unlink()  # lost again before the coordinator came by
    gap = synchronise(region.coordinator, region.root)
    assert gap.ingest is not None and [(g.first, g.last) for g in gap.ingest.gaps] == [(1, 1)]
    synchronise(branch, region.root)
    closed = synchronise(region.coordinator, region.root)
    assert closed.ingest is not None and closed.ingest.gaps == []
    with region.coordinator.read() as conn:
        assert chain.gaps(conn) == []


def test_status_counts_waiting_and_unconfirmed_changes_like_the_sync_screen(
    region: Region, tmp_path: Path
) -> None:
    """`status`: waiting = not in any bundle (as the Sync screen); sent-unconfirmed until ack."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    with branch.read() as conn:
        captured = waiting(conn)
    info = status.status(branch, tmp_path / "b0")
    assert info["pending_changes"] == captured > 0 and info["unconfirmed_changes"] == 0
    synchronise(branch, region.root)
    info = status.status(branch, tmp_path / "b0")
    assert info["pending_changes"] == 0 and info["unconfirmed_changes"] == _changes(branch, 1)
    lines = status.describe(info)
    assert "Changes waiting to be sent: 0" in lines
    assert f"Sent, not yet confirmed by the coordinator: {_changes(branch, 1)}" in lines
    synchronise(region.coordinator, region.root)
    synchronise(branch, region.root)  # reads the ack; the newest outbox row stays
    info = status.status(branch, tmp_path / "b0")
    assert info["pending_changes"] == 0 and info["unconfirmed_changes"] == 0
    with branch.read() as conn:
        assert waiting(conn) == 0


def test_an_ack_lost_with_the_bundle_is_written_again(region: Region) -> None:
    """An old copy of the stick lacks both a merged bundle and its ack: the branch writes the
    bundle again, the coordinator (which merged it already) writes the ack again, and the
    branch then drops the bytes instead of re-sending them for ever."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)  # merged and acknowledged
    shutil.rmtree(_outbox(region, branch))
    acks = region.share(branch).base / "acks"
    shutil.rmtree(acks)  # the old copy had neither
    synchronise(branch, region.root)  # no ack seen: bundle 1 is written again
    assert _kept_seqs(branch) and any(_outbox(region, branch).iterdir())
    again = synchronise(region.coordinator, region.root)
    assert again.ingest is not None and again.ingest.duplicates >= 1
    assert again.acked >= 1
    synchronise(branch, region.root)
    assert _kept_seqs(branch) == []
    with branch.read() as conn:
        assert publish.unconfirmed(conn) == 0


def test_the_unreachable_message_counts_only_changes_not_sent(
    region: Region, tmp_path: Path
) -> None:
    """The message "your N changes are safe" counts changes not yet in any bundle, not those sent
    already and waiting for the coordinator's ack."""
    from libtrainer.sync.errors import ShareUnreachable

    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    synchronise(branch, region.root)  # sent; no ack yet
    assert branch.pending_changes() == 0
    add_participants(branch, NAMES[2:3])
    with branch.read() as conn:
        waiting = publish.unpublished(conn)
    with pytest.raises(ShareUnreachable) as unreachable:
        synchronise(branch, tmp_path / "gone")
    assert unreachable.value.params["n"] == waiting == branch.pending_changes() > 0


def test_a_sync_reads_the_bytes_of_missing_bundles_only(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept bundles already on the share are checked by size; only a missing one is read."""
    branch = region.branches[0]
    for name in NAMES[:3]:  # three bundles, none acknowledged (no coordinator sync)
        add_participants(branch, [name])
        synchronise(branch, region.root)
    assert len(_kept_seqs(branch)) == 3
    read: list[int] = []
    real = publish.kept_bytes

    def counting(store: Store, bundle: publish.Kept) -> bytes:
        read.append(bundle.seq)
        return real(store, bundle)

    monkeypatch.setattr(publish, "kept_bytes", counting)
    synchronise(branch, region.root)
    assert read == []
    second = next(p for p in _outbox(region, branch).iterdir() if "000002" in p.name)
    original = second.read_bytes()
    second.unlink()
    synchronise(branch, region.root)
    assert read == [2]
    assert second.read_bytes() == original
