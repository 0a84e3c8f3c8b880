"""Acks lost or damaged on the shared folder are written again, so a branch is confirmed and
prunes its outbox instead of waiting for ever (decision 0320, eleventh session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from libtrainer.store.models import Outbox, Published
from libtrainer.store.store import Store
from libtrainer.sync import publish
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from libtrainer.sync.summary import as_json, describe
from tests.sync.regionkit import NAMES, Region, add_participants


def _kept(store: Store) -> list[int]:
    with store.read() as conn:
        return list(
            conn.execute(
                select(Published.seq).where(
                    Published.kind == "changes", Published.data.is_not(None)
                )
            ).scalars()
        )


def _unconfirmed(store: Store) -> int:
    with store.read() as conn:
        return publish.unconfirmed(conn)


def _ack_folder(region: Region, branch: Store) -> Path:
    coordinator = region.coordinator.device_id
    return region.share(branch).base / "acks" / coordinator / branch.device_id


def _outbox(region: Region, branch: Store) -> list[Path]:
    return sorted((region.share(branch).base / "outbox" / branch.device_id).iterdir())


def _sent_and_acked(region: Region) -> Store:
    """The branch sends bundle 1 and the coordinator merges and acknowledges it; the branch
    has not read the ack yet."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    assert len(list(_ack_folder(region, branch).iterdir())) == 1
    return branch


def test_an_ack_folder_tidied_away_is_written_again_and_the_branch_confirmed(
    region: Region,
) -> None:
    """A person deletes the acks folder: the coordinator's next sync writes the ack again."""
    branch = _sent_and_acked(region)
    shutil.rmtree(region.share(branch).base / "acks")
    again = synchronise(region.coordinator, region.root)
    assert again.acked >= 1  # the branch's, and the coordinator's own
    assert any(_ack_folder(region, branch).iterdir())
    synchronise(branch, region.root)
    assert _kept(branch) == [] and _unconfirmed(branch) == 0
    for n in range(3):  # later work is confirmed and pruned as before
        add_participants(branch, NAMES[2 + n : 3 + n])
        synchronise(branch, region.root)
        synchronise(region.coordinator, region.root)
    synchronise(branch, region.root)
    with branch.read() as conn:
        assert conn.execute(select(func.count()).select_from(Outbox)).scalar_one() == 1
    assert _unconfirmed(branch) == 0


def test_the_coordinator_reads_no_ack_file_when_its_acks_are_there(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking that its acks to the branches are still there lists folders only: no ack file
    is read (the coordinator reads only the acks of its own bundles, as every device does)."""
    branch = _sent_and_acked(region)
    read: list[Path] = []
    real = Share.read

    def counting(self: Share, path: Path, limit: int) -> bytes:
        read.append(path)
        return real(self, path, limit)

    monkeypatch.setattr(Share, "read", counting)
    summary = synchronise(region.coordinator, region.root)
    assert summary.acked == 0
    assert not [path for path in read if path.parent == _ack_folder(region, branch)]


@pytest.mark.parametrize("damage", ["empty", "cut"])
def test_a_damaged_ack_is_asked_for_once_and_written_again(region: Region, damage: str) -> None:
    """A zero-byte or cut-off ack: the branch writes its bundle once more under a new name and
    says it waits; the coordinator then writes a valid ack and the branch is confirmed."""
    branch = _sent_and_acked(region)
    (ack,) = _ack_folder(region, branch).iterdir()
    ack.write_bytes(b"" if damage == "empty" else ack.read_bytes()[:40])
    first = synchronise(branch, region.root)
    assert first.ack_damaged == [1] and len(_outbox(region, branch)) == 2
    text = " ".join(describe(first))
    assert "confirm 1 bundle again" in text and "damaged" in text
    assert as_json(first)["ack_damaged"] == [1]
    second = synchronise(branch, region.root)
    assert second.ack_damaged == [1] and len(_outbox(region, branch)) == 2, "asked once only"
    assert synchronise(region.coordinator, region.root).acked == 1
    done = synchronise(branch, region.root)
    assert done.ack_damaged == [] and done.pruned > 0
    assert _kept(branch) == [] and _unconfirmed(branch) == 0
    assert not any("damaged" in line for line in describe(done))
