"""A coordinator enrolled later cannot read the bundles made before it joined: it is told once,
plainly, with where their changes are, not at every sync (decision 0312, eleventh session)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.store.models import Participant
from libtrainer.store.store import Store
from libtrainer.sync import identity
from libtrainer.sync.quarantine_view import overview
from libtrainer.sync.session import synchronise
from libtrainer.sync.summary import as_json, describe
from tests.sync.regionkit import NAMES, Region, add_coordinator, add_participants


@pytest.fixture
def second(region: Region, tmp_path: Path) -> Iterator[Store]:
    """A second coordinator, enrolled after the branch sent bundle 1 (merged by the first)."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    store = add_coordinator(region, tmp_path / "c2")
    try:
        yield store
    finally:
        store.close()


def _names(store: Store) -> set[str]:
    with store.read() as conn:
        return set(conn.execute(select(Participant.given_name)).scalars())


def test_bundles_from_before_a_coordinator_joined_are_told_once_not_set_aside(
    region: Region, second: Store
) -> None:
    """One plain line with the count and where the changes are; no "set aside", no advice to
    act at every sync; later bundles of the branch are merged as usual."""
    first = synchronise(second, region.root)
    assert first.ingest is not None and first.ingest.quarantined == []
    # the branch's bundle, and the first coordinator's own
    assert first.before_coordinator == 2 and as_json(first)["before_coordinator"] == 2
    text = "\n".join(describe(first))
    assert "before this computer became a coordinator" in text
    assert "set aside" not in text and "not encrypted for any key" not in text
    again = synchronise(second, region.root)
    assert again.before_coordinator == 0
    assert not any("became a coordinator" in line for line in describe(again))
    with second.read() as conn:
        view = overview(conn)
    assert sum(1 for item in view.items if item.needs_person) == 0
    branch = region.branches[0]
    add_participants(branch, NAMES[2:3])
    synchronise(branch, region.root)
    later = synchronise(second, region.root)
    assert later.ingest is not None and len(later.ingest.merged) >= 1
    assert later.ingest.quarantined == [] and later.before_coordinator == 0
    assert NAMES[0][0] not in _names(second)


def test_restoring_the_first_coordinators_key_backup_reads_them(
    region: Region, second: Store, tmp_path: Path
) -> None:
    """The way the line points to works: with the first coordinator's keys added, the bundles
    made before are read at the next sync."""
    synchronise(second, region.root)
    backup = tmp_path / "first.keys"
    identity.backup_keys(region.coordinator, backup, "slaptažodis ąč")
    assert identity.restore_keys(second, backup, "slaptažodis ąč") == "decryption"
    summary = synchronise(second, region.root)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    assert NAMES[0][0] in _names(second)
