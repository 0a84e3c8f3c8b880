"""Test helper: a region whose branch device forked (its store was copied to a second computer).

The coordinator merges the branch's own bundles first, so the history it keeps is the real
device's; the copy's bundles are the other branch of the fork.
"""

from __future__ import annotations

import shutil
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

    def close(self) -> None:
        self.clone.close()
        self.region.close()


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
