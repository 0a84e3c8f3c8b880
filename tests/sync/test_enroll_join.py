"""Joining a region: as soon as the coordinator approves the device, its first sync brings the
region's catalogue, so the librarian sees the region's programmes instead of an empty list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.services import programmes
from libtrainer.store.models import Programme
from libtrainer.store.store import Store
from libtrainer.sync import enroll
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from tests.conftest import make_store

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
