"""Joining a region: as soon as the coordinator approves the device, its first sync brings the
region's catalogue, so the librarian sees the region's programmes instead of an empty list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.services import programmes, status
from libtrainer.store.models import Programme
from libtrainer.store.store import Store
from libtrainer.sync import enroll, trustops
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from libtrainer.sync.summary import describe
from tests.conftest import make_store
from tests.sync.regionkit import add_participants

TITLES = {"Viešosios paslaugos internetu", "Saugus internetas senjorams", "Išmanusis telefonas"}


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[Store]:
    """A coordinator with three programmes, enrolled and synced before any branch joined."""
    store = make_store(
        tmp_path / "coord", role="coordinator", branch="Centrinė biblioteka", device_name="Koord"
    )
    for i, title in enumerate(sorted(TITLES)):
        with store.uow() as uow:
            programmes.create_programme(uow, 8 + i, title_lt=title, code=f"P-{i}")
    (tmp_path / "share").mkdir()
    enroll.join(store, tmp_path / "share")
    synchronise(store, tmp_path / "share")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def newcomer(tmp_path: Path) -> Iterator[Store]:
    store = make_store(tmp_path / "new", branch="Šventežerio padalinys", device_name="PC-Ū")
    try:
        yield store
    finally:
        store.close()


def _titles(store: Store) -> set[str]:
    with store.read() as conn:
        return {str(t) for t in conn.execute(select(Programme.title_lt)).scalars()}


def test_joined_device_sees_the_catalogue_programmes_after_its_first_sync(
    tmp_path: Path, coordinator: Store, newcomer: Store
) -> None:
    """Join → pending (nothing yet) → coordinator approves → the device's first sync, run as
    soon as it is trusted, merges the catalogue published before it joined."""
    root = tmp_path / "share"
    outcome = enroll.join(newcomer, root)
    assert outcome.state == "pending" and outcome.synced is None
    assert enroll.joining(newcomer)
    assert enroll.finish_join(newcomer, root) is None  # not approved yet: nothing to do
    assert not TITLES & _titles(newcomer)

    admitted = enroll.admit(coordinator, Share.for_store(root, coordinator), outcome.code)
    assert admitted.catalogue is not None

    joined = enroll.finish_join(newcomer, root)
    assert joined is not None and joined.synced is not None
    assert joined.state == "enrolled" and joined.programmes >= len(TITLES)
    assert joined.synced.ingest is not None and joined.synced.ingest.quarantined == []
    assert _titles(newcomer) >= TITLES
    assert not enroll.joining(newcomer)
    assert enroll.finish_join(newcomer, root) is None


def test_join_when_already_approved_syncs_at_once(
    tmp_path: Path, coordinator: Store, newcomer: Store
) -> None:
    """Asking again after the approval (``libtrainer enroll SHARE``) runs the first sync at once."""
    root = tmp_path / "share"
    code = enroll.join(newcomer, root).code
    enroll.admit(coordinator, Share.for_store(root, coordinator), code)
    again = enroll.join(newcomer, root)
    assert again.state == "enrolled" and again.synced is not None
    assert _titles(newcomer) >= TITLES and again.has_catalogue


def test_plain_approval_without_the_new_catalogue_leaves_the_device_waiting(
    tmp_path: Path, coordinator: Store, newcomer: Store
) -> None:
    """Why ``admit`` publishes: a catalogue encrypted before the device was enrolled is not
    readable by it, so until the coordinator publishes again the device keeps "joining"; the
    coordinator's next sync publishes it and the device's next check merges it."""
    root = tmp_path / "share"
    code = enroll.join(newcomer, root).code
    enroll.approve(coordinator, Share.for_store(root, coordinator), code)
    joined = enroll.finish_join(newcomer, root)
    assert joined is not None and not TITLES & _titles(newcomer)
    assert enroll.joining(newcomer)
    synchronise(coordinator, root)
    joined = enroll.finish_join(newcomer, root)
    assert joined is not None and _titles(newcomer) >= TITLES
    assert not enroll.joining(newcomer)


def test_a_plain_sync_ends_the_join_once_the_catalogue_arrived(
    tmp_path: Path, coordinator: Store, newcomer: Store
) -> None:
    """``libtrainer sync`` (not only the window's first sync) clears the joining mark."""
    root = tmp_path / "share"
    code = enroll.join(newcomer, root).code
    synchronise(newcomer, root)  # not approved yet: still joining
    assert enroll.joining(newcomer)
    enroll.admit(coordinator, Share.for_store(root, coordinator), code)
    synchronise(newcomer, root)
    assert _titles(newcomer) >= TITLES and not enroll.joining(newcomer)
    assert enroll.finish_join(newcomer, root) is None, "no second welcome"


def test_a_revoked_computer_is_told_so_and_never_welcomed(
    tmp_path: Path, coordinator: Store, newcomer: Store
) -> None:
    """Revoked before its first sync: no "enrolled" first sync; sync, enroll and status say
    the coordinator stopped accepting its changes after bundle N; nothing is quarantined."""
    root = tmp_path / "share"
    code = enroll.join(newcomer, root).code
    share = Share.for_store(root, coordinator)
    entry = enroll.admit(coordinator, share, code).entry
    trustops.revoke(coordinator, share, entry.device, 0)
    synchronise(coordinator, root)  # a catalogue not encrypted for the revoked computer
    joined = enroll.finish_join(newcomer, root)
    assert joined is not None and joined.state == "revoked" and joined.revoked_after == 0
    assert joined.synced is None and not enroll.joining(newcomer)
    add_participants(newcomer, [("Rūta", "Žukauskienė")])
    summary = synchronise(newcomer, root)
    assert summary.revoked_after == 0 and summary.publish_note == "revoked"
    assert summary.ingest is None, "catalogues made for others are not tried"
    told = describe(summary)
    assert told[0].startswith("The coordinator has stopped accepting this computer's changes")
    assert "after bundle 0" in told[0] and "not enrolled" not in " ".join(told)
    again = enroll.join(newcomer, root)
    assert again.state == "revoked" and again.revoked_after == 0
    info = status.status(newcomer, tmp_path / "new")
    assert info["revoked_after"] == 0
    assert any("stopped accepting" in line for line in status.describe(info))


def test_asking_twice_is_not_an_error(tmp_path: Path, coordinator: Store, newcomer: Store) -> None:
    """``enroll`` run again on a waiting computer: the request already there counts."""
    root = tmp_path / "share"
    first = enroll.join(newcomer, root)
    again = enroll.join(newcomer, root)
    assert (again.state, again.code, again.again) == ("pending", first.code, True)
    waiting = enroll.overview(coordinator, Share.for_store(root, coordinator))["pending"]
    assert [p["code"] for p in waiting] == [first.code]
