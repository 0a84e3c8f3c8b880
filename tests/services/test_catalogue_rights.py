"""Who keeps the programme catalogue: the coordinator's computer, a computer on its own, but
never a computer that receives the region's catalogue (docs/decisions/0110)."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.domain.errors import LibtrainerError
from libtrainer.services import catalogue_rights as rights
from libtrainer.services import programmes
from libtrainer.store.store import Store
from libtrainer.sync import enroll
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from tests.conftest import make_store


def _source(store: Store) -> str:
    with store.read() as conn:
        return rights.catalogue_source(conn)


def test_a_computer_on_its_own_keeps_its_catalogue(store: Store) -> None:
    """A branch computer that never joined a region keeps its own catalogue; its
    administrator (and a coordinator) may change it, a librarian or lecturer may not."""
    assert _source(store) == rights.OWN
    assert rights.may_edit(rights.OWN, "admin") and rights.may_edit(rights.OWN, "coordinator")
    assert not rights.may_edit(rights.OWN, "librarian")
    assert not rights.may_edit(rights.OWN, "lecturer")
    with store.read() as conn:
        assert rights.require_kept_here(conn) == rights.OWN


def test_joining_a_region_hands_the_catalogue_to_the_coordinator(tmp_path: Path) -> None:
    """Asking to join makes the catalogue the coordinator's at once, and it stays so after
    the first sync brought it (when the "joining" mark is gone); the coordinator's computer
    keeps it, for coordinators and administrators only."""
    root = tmp_path / "share"
    root.mkdir()
    coordinator = make_store(tmp_path / "coord", role="coordinator", device_name="Koord")
    branch = make_store(tmp_path / "branch", branch="Šventežerio padalinys", device_name="PC-2")
    try:
        with coordinator.uow() as uow:
            programmes.add_programme(uow, 8, title_lt="Išmanusis telefonas", code="IT-1")
        enroll.join(coordinator, root)
        synchronise(coordinator, root)
        assert _source(coordinator) == rights.COORDINATOR
        assert rights.may_edit(rights.COORDINATOR, "coordinator")
        assert not rights.may_edit(rights.COORDINATOR, "librarian")
        assert _source(branch) == rights.OWN
        outcome = enroll.join(branch, root)
        assert _source(branch) == rights.REGION
        enroll.admit(coordinator, Share.for_store(root, coordinator), outcome.code)
        assert enroll.finish_join(branch, root) is not None
        assert not enroll.joining(branch)
        assert _source(branch) == rights.REGION
        assert not rights.may_edit(rights.REGION, "admin")
        with branch.read() as conn, pytest.raises(LibtrainerError) as error:
            rights.require_kept_here(conn)
        assert "coordinator" in str(error.value)
    finally:
        coordinator.close()
        branch.close()
