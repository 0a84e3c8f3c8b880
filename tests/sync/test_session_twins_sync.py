"""Two coordinators deciding about one session typed on two computers end with the same store
and the same reports, whatever the order of their decisions and of the bundles
(docs/decisions/0402)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import insert, select

from libtrainer.domain.ids import fact_id
from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import session_twins
from libtrainer.store.dump import canonical_dump
from libtrainer.store.models import Attendance, Participant, SessionTwin, TrainingSession
from libtrainer.store.store import Store
from tests.sync.ingest_support import BASE_BRANCH
from tests.sync.sim_world import SimDevice, SimWorld, uid

DAY = dt.date(2026, 3, 3)
YEAR = ReportFilters(dt.date(2026, 1, 1), dt.date(2026, 12, 31), as_of=dt.date(2026, 12, 31))
PEOPLE = [uid(90 + n, "a") for n in range(3)]


@pytest.fixture
def world() -> Iterator[SimWorld]:
    """A laptop, a branch PC and three coordinators; the laptop and the PC each enter the
    same session with the same three people, and every coordinator merges both."""
    built = SimWorld(devices=5, coordinators=0)
    laptop, pc = built.devices[:2]
    for who, device in enumerate((laptop, pc)):
        if who == 0:
            for n, pid in enumerate(PEOPLE):
                device.write(
                    insert(Participant).values(
                        id=pid, given_name=f"Ona {n}", family_name="Žemaitė", name_key=f"ona {n}"
                    )
                )
        else:
            bundle = publish(built, laptop)
            assert bundle is not None
            device.receive(bundle)
        sid = session_of(device)
        device.write(
            insert(TrainingSession).values(
                id=sid,
                branch_id=BASE_BRANCH,
                date=DAY,
                start_time=dt.time(10, 0),
                academic_hours=2.0,
            )
        )
        for pid in PEOPLE:
            device.write(
                insert(Attendance).values(
                    id=fact_id("attendance", sid, pid),
                    session_id=sid,
                    participant_id=pid,
                    mark="present",
                )
            )
    deliver(built, pc, coordinators(built))
    deliver(built, laptop, coordinators(built))
    try:
        yield built
    finally:
        built.close()


def publish(world: SimWorld, device: SimDevice) -> Any:
    """``device``'s unpublished changes as a bundle, kept in ``world`` (None: nothing new)."""
    bundle = device.publish()
    if bundle is not None:
        world.bundles.append(bundle)
    return bundle


def session_of(device: SimDevice) -> str:
    return uid(80 + device.index, "b")


def coordinators(world: SimWorld) -> list[SimDevice]:
    return world.devices[2:]


def deliver(world: SimWorld, source: SimDevice, targets: list[SimDevice]) -> None:
    """Publish what ``source`` has not published yet and merge it into ``targets``."""
    bundle = publish(world, source)
    for target in targets:
        for old in world.bundles:
            if old.device == source.id:
                target.receive(old)
        if bundle is not None:
            target.receive(bundle)


def figures(store: Store) -> dict[str, Any]:
    report = run_report(store, "summary", YEAR, by=("month",))
    return {r.key: r.values[1] for r in report.sections[0].rows}


def dump(store: Store) -> Any:
    with store.read() as conn:
        return canonical_dump(conn)


def decide(device: SimDevice, action: str, first: str, second: str) -> None:
    with device.store.uow() as uow:
        getattr(session_twins, action)(uow, first, second)


def sessions(world: SimWorld) -> tuple[str, str]:
    laptop, pc = world.devices[:2]
    return session_of(laptop), session_of(pc)


def test_opposite_orders_make_one_decision(world: SimWorld) -> None:
    """Coordinator 1 says same(laptop, PC), coordinator 2 same(PC, laptop) before seeing the
    other: one row after the exchange, the same dump and one session with three people."""
    c1, c2, c3 = coordinators(world)
    a, b = sessions(world)
    assert figures(c1.store)["sessions"] == 2
    decide(c1, "same_session", a, b)
    world.now += 1000
    decide(c2, "same_session", b, a)
    deliver(world, c1, [c2, c3])
    deliver(world, c2, [c1, c3])
    for c in (c1, c2, c3):
        with c.store.read() as conn:
            assert conn.execute(select(SessionTwin.id)).scalars().all() == [
                session_twins.pair_id(a, b)
            ]
    assert dump(c1.store) == dump(c2.store) == dump(c3.store)
    got = figures(c1.store)
    assert (got["sessions"], got["participants"], got["attendances"]) == (1, 3, 3)
    assert figures(c2.store) == figures(c3.store) == got


@pytest.mark.parametrize("c2_first", [True, False])
def test_concurrent_same_and_not_same_converge_to_the_later(
    world: SimWorld, c2_first: bool
) -> None:
    """Coordinator 1 says "same", coordinator 2 (later, not having seen it) "not the same":
    every coordinator ends with "not the same" and two sessions, whichever bundle comes first."""
    c1, c2, c3 = coordinators(world)
    a, b = sessions(world)
    decide(c1, "same_session", a, b)
    world.now += 60_000
    decide(c2, "not_same", a, b)
    order = [(c2, [c1, c3]), (c1, [c2, c3])] if c2_first else [(c1, [c2, c3]), (c2, [c1, c3])]
    for source, targets in order:
        deliver(world, source, targets)
    assert dump(c1.store) == dump(c2.store) == dump(c3.store)
    for c in (c1, c2, c3):
        with c.store.read() as conn:
            assert conn.execute(select(SessionTwin.decision)).scalars().all() == ["different"]
        assert figures(c.store)["sessions"] == 2


def test_separate_on_another_coordinator_travels(world: SimWorld) -> None:
    """Coordinator 1 says "same"; coordinator 2 receives it and separates; after coordinator 1
    receives that, both count two sessions again, and a later mark on either counts."""
    c1, c2, c3 = coordinators(world)
    a, b = sessions(world)
    decide(c1, "same_session", a, b)
    deliver(world, c1, [c2, c3])
    assert figures(c2.store)["sessions"] == 1
    world.now += 60_000
    decide(c2, "separate", a, b)
    deliver(world, c2, [c1, c3])
    assert dump(c1.store) == dump(c2.store) == dump(c3.store)
    assert [figures(c.store)["sessions"] for c in (c1, c2, c3)] == [2, 2, 2]
