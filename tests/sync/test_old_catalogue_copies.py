"""Conflict copies of a catalogue made before a device was enrolled are settled with it: no
"set aside" lines on the branch (decision 0317; sync clients copy files under new names)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from libtrainer.services import programmes
from libtrainer.store.store import Store
from libtrainer.sync import enroll
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from libtrainer.sync.summary import describe
from tests.conftest import make_store

COPIES = [
    "{stem}-DESKTOP-1{ext}",
    "{stem} (conflicted copy 2026-11-23 102233){ext}",
    "{stem}.sync-conflict-20261123-102233-ABCDEFG{ext}",
    "{stem} (Jonas's conflicted copy 2026-11-23){ext}",
]


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """A coordinator whose first catalogue was published before the branch joined."""
    coordinator = make_store(
        tmp_path / "coord", role="coordinator", branch="Centrinė biblioteka", device_name="Koord"
    )
    with coordinator.uow() as uow:
        programmes.create_programme(uow, 8, title_lt="Saugus internetas senjorams", code="P-1")
    (tmp_path / "share").mkdir()
    enroll.join(coordinator, tmp_path / "share")
    synchronise(coordinator, tmp_path / "share")
    branch = make_store(tmp_path / "b", branch="Šventežerio padalinys", device_name="PC-Ū")
    try:
        yield coordinator, branch
    finally:
        branch.close()
        coordinator.close()


def test_conflict_copies_of_an_old_catalogue_are_not_set_aside(
    tmp_path: Path, stores: tuple[Store, Store]
) -> None:
    """Four sync clients' copies of the catalogue the branch cannot read: nothing reported."""
    coordinator, branch = stores
    root = tmp_path / "share"
    code = enroll.join(branch, root).code
    enroll.admit(coordinator, Share.for_store(root, coordinator), code)
    first = synchronise(branch, root)
    assert first.ingest is not None and first.ingest.quarantined == []
    folder = Share.for_store(root, branch).base / "catalogue" / coordinator.device_id
    old = min(folder.iterdir())
    for pattern in COPIES:
        shutil.copy2(old, folder / pattern.format(stem=old.stem, ext=old.suffix))
    again = synchronise(branch, root)
    assert again.ingest is not None and again.ingest.quarantined == []
    assert not any("set aside" in line for line in describe(again))
