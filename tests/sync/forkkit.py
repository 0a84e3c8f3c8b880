"""Test helper: a region whose branch device forked (its store was copied to a second computer).

The coordinator merges the branch's own bundles first, so the history it keeps is the real
device's; the copy's bundles are the other branch of the fork.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from libtrainer.services import storefile
from libtrainer.store.store import Store
from libtrainer.sync.session import SyncSummary, synchronise
from tests.sync.regionkit import Region, add_participants, make_region


@dataclass
class Forked:
    region: Region
    branch: Store  # the real device
    clone: Store  # the copied disk: same device id and keys, another history

    @property
    def coordinator(self) -> Store:
        return self.region.coordinator

    def sync(self, store: Store) -> SyncSummary:
        return synchronise(store, self.region.root)

    def sync_clone(self) -> SyncSummary:
        """The copy syncs through an old copy of the stick, not seeing the real device's
        bundles: it cannot fork knowingly any more (decision 0323), a stale stick still can."""
        with stale_copy(self.region.root, self.clone.device_id):
            return synchronise(self.clone, self.region.root)

    def sync_unnoticed(self, store: Store) -> SyncSummary:
        """``store`` syncs before it has read the coordinator's notice of the suspension
        (decision 0333): through a copy of the stick the coordinator has not been to since."""
        with unnoticed(self.region.root, store.device_id):
            return synchronise(store, self.region.root)

    def close(self) -> None:
        self.clone.close()
        self.region.close()


@contextmanager
def stale_copy(root: Path, device: str) -> Iterator[None]:
    """While the block runs the share is an old copy of the stick: ``device``'s bundles and the
    acks (and notices) addressed to it are not on it. Afterwards the copies are merged back (as
    a sync client would), so a fork made meanwhile is on the share (decision 0323 forbids
    making one knowingly)."""
    base = next((root / "libtrainer" / "v1").iterdir())
    with _aside(root, [base / "outbox" / device, *(base / "acks").glob(f"*/{device}")], device):
        yield


@contextmanager
def unnoticed(root: Path, device: str) -> Iterator[None]:
    """While the block runs the coordinators' notices to ``device`` are not on the share (it
    syncs as it did before the coordinator noticed the fork); they are put back afterwards."""
    base = next((root / "libtrainer" / "v1").iterdir())
    notices = sorted((base / "acks").glob(f"*/{device}/*.notice"))
    kept = [(path, path.read_bytes()) for path in notices]
    for path in notices:
        path.unlink()
    try:
        yield
    finally:
        for path, data in kept:
            path.write_bytes(data)


@contextmanager
def _aside(root: Path, hidden: list[Path], device: str) -> Iterator[None]:
    aside = root.parent / f"stale-{device}"
    moved = []
    for i, folder in enumerate(p for p in hidden if p.is_dir()):
        shutil.move(folder, aside / str(i))
        moved.append((aside / str(i), folder))
    try:
        yield
    finally:
        for saved, folder in moved:
            shutil.copytree(saved, folder, dirs_exist_ok=True)
        shutil.rmtree(aside, ignore_errors=True)


def make_forked(tmp_path: Path) -> Forked:
    """Branch bundle 1 merged, then copied; branch 2 merged; the copy's 2 is a fork."""
    region = make_region(tmp_path, branches=1)
    branch = region.branches[0]
    add_participants(branch, [("Ona", "Ąžuolaitė")])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    branch.engine.dispose()
    clone_dir = tmp_path / "clone"
    shutil.copytree(Path(branch.path).parent, clone_dir)
    clone = storefile.open_store(clone_dir)
    add_participants(branch, [("Ieva", "Šimkutė")])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    add_participants(clone, [("Rūta", "Žemaitė")])
    with stale_copy(region.root, clone.device_id):
        synchronise(clone, region.root)
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None
    assert [q.reason for q in summary.ingest.quarantined] == ["fork"]
    return Forked(region, branch, clone)


def names(store: Store) -> set[str]:
    """Given names of the participants in ``store``."""
    with store.read() as conn:
        rows = conn.exec_driver_sql("SELECT given_name FROM participant").all()
    return {str(r[0]) for r in rows}


def copy_store(store: Store, to: Path) -> Store:
    """A copy of ``store``'s data folder as it is now (a backup, a disk image), opened."""
    store.engine.dispose()
    shutil.copytree(Path(store.path).parent, to)
    return storefile.open_store(to)


def restored_branch(region: Region, tmp_path: Path) -> Store:
    """The branch sent bundle 1, was imaged, sent bundle 2 (merged, acknowledged), and is then
    put back from the image and records someone new."""
    branch = region.branches[0]
    add_participants(branch, [("Ona", "Ąžuolaitė")])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    image = copy_store(branch, tmp_path / "image")
    image.close()
    add_participants(branch, [("Ieva", "Šimkutė")])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    branch.close()
    restored = storefile.open_store(tmp_path / "image")
    add_participants(restored, [("Rūta", "Žemaitė")])
    return restored
