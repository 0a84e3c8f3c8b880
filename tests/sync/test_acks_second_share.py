"""Acks a coordinator wrote on one shared folder are written again on another one the device
uses (a lecturer carrying bundles between buildings on two USB sticks), so the device reads
them there and prunes (decision 0333). Write-once: nothing there is overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from libtrainer.store.models import Outbox
from libtrainer.store.store import Store
from libtrainer.sync import publish
from libtrainer.sync.session import synchronise
from tests.sync.regionkit import NAMES, Region, add_participants


def _stick(region: Region, root: Path) -> Path:
    """A second shared folder (a USB stick) prepared with the region's trust list only."""
    base = region.share(region.coordinator).base
    there = root / base.relative_to(region.root)
    shutil.copytree(base / "trust", there / "trust")
    return root


def _acks(region: Region, root: Path, device: str) -> dict[str, bytes]:
    base = root / region.share(region.coordinator).base.relative_to(region.root)
    folder = base / "acks" / region.coordinator.device_id / device
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.ack"))}


def _outbox_rows(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(Outbox)).scalar_one())


def _unconfirmed(store: Store) -> int:
    with store.read() as conn:
        return publish.unconfirmed(conn)


def test_acks_of_the_first_stick_are_written_on_the_second_and_the_laptop_prunes(
    region: Region, tmp_path: Path
) -> None:
    """Bundle 1 acknowledged on stick A (and pruned there), bundle 2 sent on stick B: the
    coordinator's sync with B writes the acks of both there, so the laptop is confirmed."""
    laptop = region.branches[0]
    add_participants(laptop, NAMES[:2])
    synchronise(laptop, region.root)
    synchronise(region.coordinator, region.root)
    assert synchronise(laptop, region.root).pruned > 0  # bundle 1 confirmed on stick A
    stick = _stick(region, tmp_path / "stick-b")
    add_participants(laptop, NAMES[2:4])
    synchronise(laptop, stick)  # bundle 2 only: bundle 1's bytes are gone since its ack
    assert [name[:12] for name in _acks(region, stick, laptop.device_id)] == []
    summary = synchronise(region.coordinator, stick)
    names = _acks(region, stick, laptop.device_id)
    assert sorted(name[:12] for name in names) == [f"{1:012d}", f"{2:012d}"]
    assert summary.acked >= 2  # and the coordinator's own bundle's ack
    done = synchronise(laptop, stick)
    assert done.pruned > 0 and _unconfirmed(laptop) == 0
    assert _outbox_rows(laptop) == 1  # only the newest row is ever kept

    again = synchronise(region.coordinator, stick)  # idempotent, and nothing rewritten
    assert again.acked == 0
    assert _acks(region, stick, laptop.device_id) == names


def test_a_file_already_under_an_ack_name_is_not_overwritten(
    region: Region, tmp_path: Path
) -> None:
    """Write-once: a file holding an ack's name on the second stick stays as it is (the
    device's damaged-ack path asks for it again under a second name, decision 0320)."""
    laptop = region.branches[0]
    add_participants(laptop, NAMES[:1])
    synchronise(laptop, region.root)
    synchronise(region.coordinator, region.root)
    synchronise(laptop, region.root)
    first = _acks(region, region.root, laptop.device_id)
    stick = _stick(region, tmp_path / "stick-b")
    add_participants(laptop, NAMES[1:2])
    synchronise(laptop, stick)
    base = stick / region.share(region.coordinator).base.relative_to(region.root)
    folder = base / "acks" / region.coordinator.device_id / laptop.device_id
    folder.mkdir(parents=True)
    (name,) = first
    (folder / name).write_bytes(b"not an ack")
    synchronise(region.coordinator, stick)
    assert (folder / name).read_bytes() == b"not an ack"
    assert sorted(p.name[:12] for p in folder.glob("*.ack")) == [f"{1:012d}", f"{2:012d}"]


def test_no_acks_are_written_for_devices_without_an_outbox_on_the_stick(
    region: Region, tmp_path: Path
) -> None:
    """A stick only one laptop uses gets only that laptop's acks (and the coordinator's own)."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:1])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    stick = _stick(region, tmp_path / "stick-b")
    synchronise(region.coordinator, stick)
    assert _acks(region, stick, branch.device_id) == {}
