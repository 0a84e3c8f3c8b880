"""Crashes: a publishing and an ingesting process killed (SIGKILL) at random points, again and
again; afterwards a clean run loses no change, applies none twice, and the stores agree.

The processes are forked from the test (after closing every store), so each kill costs no
interpreter start-up; the child opens the stores from their files like a fresh process and
runs the same code as ``libtrainer sync``. Each kill lands at a random moment of its run:
while rows are written, a bundle is built or written, acks are read, the outbox is pruned,
a bundle is merged or acknowledged.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from libtrainer.services import storefile
from libtrainer.store.dump import canonical_dump
from libtrainer.store.models import Ingested, Participant, Quarantined
from libtrainer.store.store import Store
from libtrainer.sync import chain
from libtrainer.sync.session import synchronise
from tests.sync.regionkit import add_participants, make_region

KILLS = int(os.environ.get("LIBTRAINER_CRASH_KILLS", "50"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL"),
]


def _timed(work: Callable[[], None]) -> float:
    """Seconds one uninterrupted run of ``work`` takes in a child (to aim the kills)."""
    killed, seconds = _run_and_kill(work, random.Random(0), longest=0, kill=False)
    assert not killed
    return seconds


class Aim:
    """Where the kills land: a random moment within the length of a whole run, re-measured
    whenever a run ends before its kill (the machine got faster, or the first measure was
    taken under load), so nearly every run is killed on a busy and on a quiet machine."""

    def __init__(self, work: Callable[[], None], rng: random.Random) -> None:
        self.longest = _timed(work)
        self.rng = rng
        self.kills = 0

    def run(self, work: Callable[[], None]) -> None:
        killed, seconds = _run_and_kill(work, self.rng, self.longest)
        if killed:
            self.kills += 1
        else:
            self.longest = seconds


def _run_and_kill(
    work: Callable[[], None], rng: random.Random, longest: float, kill: bool = True
) -> tuple[bool, float]:
    """Run ``work`` in a forked child and SIGKILL it after a random delay: (killed, seconds
    the child lived)."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: no pytest, no cleanup, just the work
        code = 0
        try:
            work()
        except BaseException:  # noqa: BLE001 - report through the exit status only
            code = 3
        os._exit(code)
    if kill:
        time.sleep(rng.uniform(0, longest))
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    seconds = time.perf_counter() - start
    if os.WIFEXITED(status):
        assert os.WEXITSTATUS(status) == 0, "the child failed before it was killed"
        return False, seconds
    return os.WTERMSIG(status) == signal.SIGKILL, seconds


def _names(store: Store) -> list[str]:
    with store.read() as conn:
        return sorted(conn.execute(select(Participant.given_name)).scalars())


def _count(store: Store, model: type) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_killed_publishing_loses_nothing_and_forks_nothing(tmp_path: Path) -> None:
    """A branch adding people and syncing, killed ≥ 50 times: all it kept reaches coordinator."""
    region = make_region(tmp_path, branches=1)
    branch_dir, root = Path(region.branches[0].path).parent, region.root
    region.close()
    rng = random.Random(11)

    def work(i: int) -> Callable[[], None]:
        def run() -> None:
            store = storefile.open_store(branch_dir)
            add_participants(store, [(f"P{i:03d}a", "Ąžuolaitė"), (f"P{i:03d}b", "Žemaitė")])
            synchronise(store, root)
            store.close()

        return run

    aim, i = Aim(work(0), rng), 0
    while aim.kills < KILLS and i < KILLS * 4:
        i += 1
        aim.run(work(i))
    assert aim.kills >= KILLS
    branch = storefile.open_store(branch_dir)
    coordinator = storefile.open_store(Path(tmp_path / "coord"))
    try:
        synchronise(branch, root)
        summary = synchronise(coordinator, root)
        assert summary.ingest is not None and summary.ingest.quarantined == []
        kept = _names(branch)
        assert len(kept) > KILLS // 2
        assert _names(coordinator) == kept  # nothing lost, nothing twice
        with coordinator.read() as conn:
            assert chain.gaps(conn) == []
            assert _count(coordinator, Quarantined) == 0
        synchronise(branch, root)
        synchronise(branch, root)
        assert _count(branch, Participant) == len(kept)
    finally:
        branch.close()
        coordinator.close()


def test_killed_ingest_applies_everything_exactly_once(tmp_path: Path) -> None:
    """A coordinator killed ≥ 50 times while merging fresh bundles ends equal to a clean merge."""
    region = make_region(tmp_path, branches=2)
    roots = [Path(b.path).parent for b in region.branches]
    coord_dir, root = Path(region.coordinator.path).parent, region.root
    region.close()
    rng = random.Random(5)

    def work() -> None:
        store = storefile.open_store(coord_dir)
        synchronise(store, root)
        store.close()

    def more(i: int) -> None:
        branch = storefile.open_store(roots[i % 2])
        add_participants(
            branch, [(f"N{i:03d}-{k}", "Šimkūnienė") for k in range(rng.randint(1, 40))]
        )
        synchronise(branch, root)
        branch.close()

    more(0)
    aim, i = Aim(work, rng), 0
    while aim.kills < KILLS and i < KILLS * 4:
        i += 1
        more(i)
        aim.run(work)
    assert aim.kills >= KILLS
    coordinator = storefile.open_store(coord_dir)
    branches = [storefile.open_store(r) for r in roots]
    try:
        for branch in branches:
            synchronise(branch, root)
        summary = synchronise(coordinator, root)
        assert summary.ingest is not None and summary.ingest.quarantined == []
        expected = sorted(n for b in branches for n in _names(b))
        assert _names(coordinator) == expected
        with coordinator.read() as conn:
            before = canonical_dump(conn)
            assert chain.gaps(conn) == []
            assert chain.unacked(conn) == []
            merged = conn.execute(select(func.count()).select_from(Ingested)).scalar_one()
        published = sum(
            len(list((root / "libtrainer").rglob(f"outbox/{b.device_id}/*.ltb"))) for b in branches
        )
        assert merged >= published
        synchronise(coordinator, root)
        with coordinator.read() as conn:
            assert canonical_dump(conn) == before
    finally:
        coordinator.close()
        for branch in branches:
            branch.close()
