"""A session length given in minutes (six decimals of academic hours) reaches the coordinator
exactly: no sync schema change is needed for it (docs/decisions/0404)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import sessions
from libtrainer.store.models import TrainingSession
from libtrainer.sync import publish
from libtrainer.sync.session import synchronise
from tests.sync.regionkit import make_region

MARCH = [dt.date(2025, 3, day) for day in range(1, 10)]


def test_lengths_in_minutes_reach_the_coordinator_exactly(tmp_path: Path) -> None:
    """Nine 50-minute sessions and one of 1.11 typed hours, published by a branch and merged
    by the coordinator, keep 1.111111 and 1.11; the coordinator's report counts 10 + 1.11."""
    region = make_region(tmp_path)
    try:
        branch = region.branches[0]
        ids = {}
        for day in MARCH:
            with branch.uow() as uow:
                ids[day] = sessions.plan_session(uow, day, minutes=50).first("training_session")
        with branch.uow() as uow:
            typed = sessions.plan_session(uow, dt.date(2025, 3, 20), 1.11).first("training_session")
        publish.publish(branch, region.share(branch))
        synchronise(region.coordinator, region.root)
        with region.coordinator.read() as conn:
            query = select(TrainingSession.id, TrainingSession.academic_hours)
            got = {row.id: row.academic_hours for row in conn.execute(query)}
        assert got == {**dict.fromkeys(ids.values(), 1.111111), typed: 1.11}
        report = run_report(
            region.coordinator,
            "summary",
            ReportFilters(dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
        )
        totals = {r.key: r.values[1] for r in report.sections[0].rows}
        assert (totals["sessions"], totals["academic_hours"]) == (10, 11.11)
    finally:
        region.close()
