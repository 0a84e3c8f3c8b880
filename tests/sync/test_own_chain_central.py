"""A restored coordinator whose merged records live only in PostgreSQL (decisions 0313, 0323)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from libtrainer.i18n import set_language
from libtrainer.services import storefile
from libtrainer.store.models import Ingested
from libtrainer.store.store import Store
from libtrainer.sync import publish
from libtrainer.sync.central import central_target
from libtrainer.sync.session import SyncSummary, synchronise
from libtrainer.sync.share import parse_bundle_name
from libtrainer.sync.summary import as_json, describe
from tests.sync.forkkit import copy_store
from tests.sync.regionkit import Region, add_participants, make_region


@pytest.fixture
def region(tmp_path: Path) -> Iterator[Region]:
    reg = make_region(tmp_path)
    yield reg
    reg.close()


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def _central_sync(store: Store, region: Region, url: str) -> SyncSummary:
    """``libtrainer sync SHARE --central URL``."""
    with central_target(url, store.identity.clock, store) as target:
        return synchronise(store, region.root, target=target)


def _own_seqs(region: Region, store: Store) -> list[int]:
    folder = region.share(store).base / "outbox" / store.device_id
    found = [parse_bundle_name(p.name) for p in folder.iterdir() if not p.name.startswith(".")]
    return sorted(p[0] for p in found if p is not None)


def _central_merged(url: str, device: str) -> dict[int, str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Ingested.seq, Ingested.bundle_hash).where(
                    Ingested.device == device, Ingested.kind == "changes"
                )
            ).all()
    finally:
        engine.dispose()
    return {int(s): str(h) for s, h in rows}


def _central_given_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT given_name FROM participant").all()
    finally:
        engine.dispose()
    return {str(r[0]) for r in rows}


def _restored_central_coordinator(region: Region, tmp_path: Path, url: str) -> Store:
    """The coordinator merges only into PostgreSQL: it sent bundle 1, was backed up, sent
    bundle 2 (“Coord”, merged into PostgreSQL), and a new PC runs the old copy of its folder."""
    coordinator = region.coordinator
    add_participants(coordinator, [("Ona", "Ąžuolaitė")])
    _central_sync(coordinator, region, url)
    backup = copy_store(coordinator, tmp_path / "backup")
    backup.close()
    add_participants(coordinator, [("Coord", "Pirmoji")])
    _central_sync(coordinator, region, url)
    _central_sync(coordinator, region, url)
    assert set(_central_merged(url, coordinator.device_id)) == {1, 2}
    return storefile.open_store(tmp_path / "backup")


def test_restored_central_coordinator_continues_after_bundles_merged_in_postgresql(
    region: Region, tmp_path: Path, central_url: str
) -> None:
    """Its bundle 2 is merged in PostgreSQL only: the new change goes in bundle 3, merged."""
    restored = _restored_central_coordinator(region, tmp_path, central_url)
    try:
        with restored.read() as conn:  # its own store never merged anything
            assert conn.execute(select(Ingested.seq)).first() is None
        add_participants(restored, [("Coord3", "Antroji")])
        summary = _central_sync(restored, region, central_url)
        assert summary.own is not None and summary.own.note == "continued", describe(summary)
        assert summary.own.upto == 2
        assert as_json(summary)["own_chain"]["merged_upto"] == 2
        assert not summary.failed
        assert _own_seqs(region, restored) == [1, 2, 3]
        again = _central_sync(restored, region, central_url)
        assert again.ingest is not None and again.ingest.quarantined == []
        assert set(_central_merged(central_url, restored.device_id)) == {1, 2, 3}
        assert {"Ona", "Coord", "Coord3"} <= _central_given_names(central_url)
    finally:
        restored.close()


def test_restored_central_coordinator_sends_nothing_without_its_central_store(
    region: Region, tmp_path: Path, central_url: str
) -> None:
    """A plain send (no --central): it cannot know what PostgreSQL merged, so it sends
    nothing, never a second bundle 2, and names ``--central`` as the way out."""
    restored = _restored_central_coordinator(region, tmp_path, central_url)
    try:
        add_participants(restored, [("Coord3", "Antroji")])
        result = publish.publish(restored, region.share(restored))
        assert result.own is not None and result.own.stops
        assert _own_seqs(region, restored) == [1, 2]
    finally:
        restored.close()


def test_sync_command_with_central_store_continues_a_restored_coordinator(
    region: Region, tmp_path: Path, central_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``sync SHARE --central URL --json``: exit 0, ``own_chain`` continued after bundle 2."""
    from libtrainer.cli import main

    restored = _restored_central_coordinator(region, tmp_path, central_url)
    add_participants(restored, [("Coord3", "Antroji")])
    restored.close()
    args = ["--data-dir", str(tmp_path / "backup"), "sync", str(region.root)]
    code = main([*args, "--central", central_url, "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["failed"] is False
    assert report["own_chain"]["state"] == "continued"
    assert report["own_chain"]["merged_upto"] == 2
    assert main([*args, "--central", central_url]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "backup"), "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["own_chain"] is None
