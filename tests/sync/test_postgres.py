"""The merged store on a real PostgreSQL server: same ingest code, same canonical dump as SQLite.

The server is started by the test session (``pgserver``); these tests run in CI, never skipped
there.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from libtrainer.store.dump import canonical_dump
from libtrainer.store.hlc import HybridClock
from libtrainer.store.models import Held, Pending
from libtrainer.sync.central import CentralError, central_target, central_url, open_central
from libtrainer.sync.ingest import merge_one
from libtrainer.sync.session import synchronise
from libtrainer.sync.target import EngineTarget, StoreTarget
from tests.sync.ingest_support import insert_base_rows, memory_store, release
from tests.sync.regionkit import add_participants, make_region
from tests.sync.sim_world import START_MS, SimWorld, random_run

pytestmark = pytest.mark.postgres


def _waiting(conn) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    held = sorted(conn.execute(select(Held.tbl, Held.row_id, Held.data)).all())
    pending = sorted(
        set(conn.execute(select(Pending.tbl, Pending.row_id, Pending.cl, Pending.hlc)).all())
    )
    return [tuple(r) for r in held], [tuple(r) for r in pending]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_bundles_same_dump_on_sqlite_and_postgres(central_url: str, seed: int) -> None:
    """Random edits of four devices, delivered shuffled and twice: PostgreSQL equals SQLite."""
    world = SimWorld(devices=4, coordinators=0)
    try:
        bundles = random_run(world, seed, steps=150)
        delivery = bundles + random.Random(seed).sample(bundles, len(bundles))
        random.Random(seed + 1).shuffle(delivery)
        lite = memory_store("00000000-0000-4000-8c00-000000000001", wall=lambda: START_MS)
        engine = open_central(central_url)
        with engine.begin() as conn:
            insert_base_rows(conn)
        central = EngineTarget(engine, HybridClock(wall=lambda: START_MS))
        try:
            for bundle in delivery:
                merge_one(StoreTarget(lite), bundle, now_ms=world.now)
                merge_one(central, bundle, now_ms=world.now)
            with lite.read() as a, engine.connect() as b:
                expected, got = canonical_dump(a), canonical_dump(b)
                assert sum(len(rows) for rows in expected["tables"].values()) > 20
                assert got == expected
                assert _waiting(b) == _waiting(a)
        finally:
            engine.dispose()
            release(lite)
    finally:
        world.close()


def test_sync_into_central_store_equals_sync_into_own_store(
    central_url: str, tmp_path: Path
) -> None:
    """``sync --central``: the share merged into PostgreSQL gives the coordinator's own result."""
    region = make_region(tmp_path, branches=2)
    try:
        for branch in region.branches:
            add_participants(branch)
            synchronise(branch, region.root)
        coordinator = region.coordinator
        with central_target(central_url, coordinator.identity.clock, coordinator) as target:
            summary = synchronise(coordinator, region.root, target=target)
        assert summary.ingest is not None and summary.ingest.quarantined == []
        synchronise(coordinator, region.root)
        engine = create_engine(central_url)
        try:
            with coordinator.read() as a, engine.connect() as b:
                local, central = canonical_dump(a), canonical_dump(b)
            assert len(central["tables"]["participant"]) == 10
            assert central["tables"]["participant"] == local["tables"]["participant"]
        finally:
            engine.dispose()
    finally:
        region.close()


def test_two_ingests_into_one_central_store_take_turns(central_url: str) -> None:
    """While one computer merges into the central store, a second is told to try later."""
    clock = HybridClock()
    with (
        central_target(central_url, clock),
        pytest.raises(CentralError),
        central_target(central_url, clock),
    ):
        pass


def test_central_address_must_be_postgresql() -> None:
    """A SQLite or malformed address is refused in plain words; postgresql:// means psycopg."""
    with pytest.raises(CentralError):
        central_url("sqlite:///x.db")
    with pytest.raises(CentralError):
        central_url("not a url")
    assert central_url("postgresql://u@h/db").startswith("postgresql+psycopg://")


def test_sync_command_with_central_option(
    central_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``libtrainer sync SHARE --central URL`` merges the branches' bundles into PostgreSQL."""
    from libtrainer.cli import main

    region = make_region(tmp_path, branches=1)
    add_participants(region.branches[0])
    synchronise(region.branches[0], region.root)
    coord_dir = Path(region.coordinator.path).parent
    region.close()
    assert (
        main(
            [
                "--data-dir",
                str(coord_dir),
                "--lang",
                "lt",
                "sync",
                str(region.root),
                "--central",
                central_url,
            ]
        )
        == 0
    )
    assert "Sujungt" in capsys.readouterr().out
    engine = create_engine(central_url)
    try:
        with engine.connect() as conn:
            assert len(canonical_dump(conn)["tables"]["participant"]) == 5
    finally:
        engine.dispose()
