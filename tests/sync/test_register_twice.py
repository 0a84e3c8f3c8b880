"""The same register imported on the coordinator (for a branch) and on the branch itself counts
each person once after sync, whichever imports first (docs/decisions/0405)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services.register import import_register
from libtrainer.store.models import Attendance, Participant
from libtrainer.store.store import Store
from libtrainer.sync import publish
from libtrainer.sync.session import synchronise
from tests.services.register.support import DAY, row, write_register
from tests.sync.regionkit import Region, make_region

PLACE = {
    "region": "Alytaus apskritis",
    "library": "Lazdijų r. savivaldybės viešoji biblioteka",
    "branch": "Padalinys Nr. 0",
}
PEOPLE = (("Janutė", "Žemaitė", 1951), ("Petras", "Kazlauskas", 1948), ("Ona", "Jonaitė", None))


def _register(path: Path, days: int = 2, people: Any = PEOPLE) -> Path:
    """The branch's register: every person at each of ``days`` weekly sessions, no codes."""
    rows = [
        row(**PLACE, date=DAY + dt.timedelta(days=7 * d), given_name=g, family_name=f, birth_year=y)
        for d in range(days)
        for g, f, y in people
    ]
    return write_register(path, rows)


def _import(store: Store, path: Path) -> None:
    result = import_register(store, path)
    assert result.errors == [] and result.written


def _send(region: Region) -> None:
    """The branch publishes, the coordinator merges everything."""
    for branch in region.branches:
        publish.publish(branch, region.share(branch))
    synchronise(region.coordinator, region.root)


def _unique_residents(store: Store) -> int:
    report = run_report(store, "esf", ReportFilters(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    return int({r.key: r.values[1] for r in report.section("indicators").rows}["total"])


def _people(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(Participant)).scalar_one())


def _marks(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(Attendance)).scalar_one())


def test_coordinator_first_then_branch_counts_people_once(tmp_path: Path) -> None:
    """The coordinator imports for the branch, later the branch imports the same file."""
    path = _register(tmp_path / "register.xlsx")
    region = make_region(tmp_path)
    try:
        _import(region.coordinator, path)
        synchronise(region.coordinator, region.root)
        _import(region.branches[0], path)
        _send(region)
        coordinator = region.coordinator
        assert (_people(coordinator), _marks(coordinator)) == (3, 6)
        assert _unique_residents(coordinator) == 3
    finally:
        region.close()


def test_branch_first_then_coordinator_counts_people_once(tmp_path: Path) -> None:
    """The branch imports and syncs first; the coordinator imports the same file after."""
    path = _register(tmp_path / "register.xlsx")
    region = make_region(tmp_path)
    try:
        _import(region.branches[0], path)
        _send(region)
        _import(region.coordinator, path)
        _send(region)
        assert (_people(region.coordinator), _marks(region.coordinator)) == (3, 6)
        assert _unique_residents(region.coordinator) == 3
    finally:
        region.close()
