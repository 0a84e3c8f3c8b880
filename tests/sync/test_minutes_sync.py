"""A session length given in minutes (six decimals of academic hours) reaches the coordinator
exactly, in its own SQLite store and in a central PostgreSQL store: no sync schema change is
needed for it (docs/decisions/0404)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import sessions
from libtrainer.store.models import TrainingSession
from libtrainer.store.store import Store
from libtrainer.sync import publish
from libtrainer.sync.central import central_target
from libtrainer.sync.session import synchronise
from tests.sync.regionkit import make_region

MARCH = [dt.date(2025, 3, day) for day in range(1, 10)]


def _plan(branch: Store) -> dict[str, float]:
    """Nine 50-minute sessions and one typed as 1.11 hours: id → the length expected."""
    expected = {}
    for day in MARCH:
        with branch.uow() as uow:
            sid = sessions.plan_session(uow, day, minutes=50).first("training_session")
        expected[sid] = 50 / 45
    with branch.uow() as uow:
        sid = sessions.plan_session(uow, dt.date(2025, 3, 20), 1.11).first("training_session")
    expected[sid] = 1.11
    return expected


@pytest.mark.postgres
def test_lengths_in_minutes_reach_a_central_postgresql_store_exactly(
    central_url: str, tmp_path: Path
) -> None:
    """Merged into a central PostgreSQL store (sync --central), 50 minutes stay 50 / 45 exactly."""
    region = make_region(tmp_path)
    try:
        branch = region.branches[0]
        expected = _plan(branch)
        synchronise(branch, region.root)
        coordinator = region.coordinator
        with central_target(central_url, coordinator.identity.clock, coordinator) as target:
            summary = synchronise(coordinator, region.root, target=target)
        assert summary.ingest is not None and summary.ingest.quarantined == []
        engine = create_engine(central_url)
        try:
            with engine.connect() as conn:
                query = select(TrainingSession.id, TrainingSession.academic_hours)
                got = {row.id: row.academic_hours for row in conn.execute(query)}
        finally:
            engine.dispose()
        assert got == expected
    finally:
        region.close()


def test_lengths_in_minutes_reach_the_coordinator_exactly(tmp_path: Path) -> None:
    """Branch → coordinator (SQLite): 50 / 45 and 1.11 kept exactly; the report counts 11.11."""
    region = make_region(tmp_path)
    try:
        branch = region.branches[0]
        expected = _plan(branch)
        publish.publish(branch, region.share(branch))
        synchronise(region.coordinator, region.root)
        with region.coordinator.read() as conn:
            query = select(TrainingSession.id, TrainingSession.academic_hours)
            got = {row.id: row.academic_hours for row in conn.execute(query)}
        assert got == expected
        report = run_report(
            region.coordinator,
            "summary",
            ReportFilters(dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
        )
        totals = {r.key: r.values[1] for r in report.sections[0].rows}
        assert (totals["sessions"], totals["academic_hours"]) == (10, 11.11)
    finally:
        region.close()
