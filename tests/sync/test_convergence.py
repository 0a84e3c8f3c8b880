"""Convergence: any delivery of any bundles leaves every coordinator with the same store.

A Hypothesis state machine runs 3–6 devices that create, edit, delete, restore and alias rows
(sharing rows through each other's bundles, so edits really conflict) with wall clocks a year
ahead, a year behind, stuck or running backwards, and 2–3 coordinators that receive the
bundles shuffled, duplicated, late, or never. At the end every coordinator — one merging in
bulk, one change by change — must hold the same canonical dump, the same held rows and the
same pending changes, equal to the reference model of the merge rule; merging everything once
more changes nothing.

Examples: ``LIBTRAINER_CONVERGENCE_EXAMPLES`` (default 2000, what CI runs).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from libtrainer.store.capture import capture_suspended
from libtrainer.store.dump import canonical_dump
from libtrainer.store.hlc import pack
from libtrainer.sync import fastpath
from libtrainer.sync.merge import FUTURE_LIMIT_MS
from tests.sync.ingest_support import expected_state, raw_state
from tests.sync.sim_world import EDITS, KINDS, SimWorld

EXAMPLES = int(os.environ.get("LIBTRAINER_CONVERGENCE_EXAMPLES", "2000"))
PICK = st.integers(0, 60)
WHO = st.integers(0, 5)


class Region(RuleBasedStateMachine):
    """Devices edit and publish; coordinators merge in any order; all must agree."""

    world: SimWorld | None = None

    @initialize(devices=st.integers(3, 6), coordinators=st.integers(2, 3))
    def start(self, devices: int, coordinators: int) -> None:
        self.world = SimWorld(devices, coordinators)

    def dev(self, who: int):  # type: ignore[no-untyped-def]
        assert self.world is not None
        return self.world.devices[who % len(self.world.devices)]

    @rule(who=WHO, kind=st.sampled_from(KINDS), pick=PICK)
    def create(self, who: int, kind: str, pick: int) -> None:
        self.dev(who).create(kind, pick)

    @rule(who=WHO, kind=st.sampled_from(sorted(EDITS)), pick=PICK, choice=st.integers(0, 3))
    def edit(self, who: int, kind: str, pick: int, choice: int) -> None:
        self.dev(who).edit(kind, pick, choice)

    @rule(who=WHO, kind=st.sampled_from(KINDS), pick=PICK)
    def delete(self, who: int, kind: str, pick: int) -> None:
        self.dev(who).delete(kind, pick)

    @rule(who=WHO, pick=PICK)
    def restore(self, who: int, pick: int) -> None:
        self.dev(who).restore(pick)

    @rule(who=WHO, pick=PICK)
    def alias(self, who: int, pick: int) -> None:
        self.dev(who).create("participant_alias", pick)

    @rule(who=WHO)
    def publish(self, who: int) -> None:
        assert self.world is not None
        bundle = self.dev(who).publish()
        if bundle is not None:
            self.world.bundles.append(bundle)

    @rule(who=WHO, which=PICK)
    def exchange(self, who: int, which: int) -> None:
        assert self.world is not None
        if self.world.bundles:
            self.dev(who).receive(self.world.bundles[which % len(self.world.bundles)])

    @rule(coordinator=WHO, which=PICK)
    def deliver(self, coordinator: int, which: int) -> None:
        world = self.world
        assert world is not None
        if not world.bundles:
            return
        index = which % len(world.bundles)
        if index not in world.lost:
            world.delivered.add(index)
            node = world.coordinators[coordinator % len(world.coordinators)]
            node.receive(world.bundles[index], world.now)

    @rule(which=PICK)
    def lose(self, which: int) -> None:
        world = self.world
        assert world is not None
        if world.bundles and which % len(world.bundles) not in world.delivered:
            world.lost.add(which % len(world.bundles))

    @rule(who=WHO, mode=st.sampled_from(["normal", "ahead", "behind", "stuck", "backwards"]))
    def clock(self, who: int, mode: str) -> None:
        self.dev(who).set_mode(mode)

    @rule(ms=st.integers(1, 6 * 3600 * 1000))
    def tick(self, ms: int) -> None:
        assert self.world is not None
        self.world.now += ms

    def teardown(self) -> None:
        if self.world is None:
            return
        try:
            check_convergence(self.world)
        finally:
            self.world.close()


def check_convergence(world: SimWorld) -> None:
    for device in world.devices:
        bundle = device.publish()
        if bundle is not None:
            world.bundles.append(bundle)
    wanted = [b for i, b in enumerate(world.bundles) if i not in world.lost]
    for n, node in enumerate(world.coordinators):
        order = wanted[::-1] if n % 2 == 0 else wanted
        for bundle in [*order, *order[: len(order) // 2]]:
            node.receive(bundle, world.now)
    limit = pack(world.now) + pack(FUTURE_LIMIT_MS)
    accepted = [b for b in wanted if b.newest_hlc <= limit]
    first = world.coordinators[0].store
    with first.read() as conn:
        assert canonical_dump(conn) == expected_state(c for b in accepted for c in b.changes)
    states = [raw_state(node.store) for node in world.coordinators]
    for state in states[1:]:
        assert state == states[0]
    with first.uow() as uow, capture_suspended(uow.connection):
        for bundle in accepted:
            fastpath.apply_bundle(uow.connection, bundle.changes)
        uow.commit()
    assert raw_state(first) == states[0]


Region.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestConvergence = pytest.mark.slow(Region.TestCase)
TestConvergence.__doc__ = "Every coordinator converges to the reference model (Hypothesis)."
