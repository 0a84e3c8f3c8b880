"""Zero rows only for places whose records this computer holds (decision 0357, update): a
branch computer knows its region's branches from the catalogue but not their records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters, resolve_scope
from libtrainer.services import org, setup
from libtrainer.services.register import import_register
from libtrainer.store.store import Store
from libtrainer.sync import publish
from libtrainer.sync.session import synchronise
from tests.conftest import make_store
from tests.services.register.support import row, write_register
from tests.sync.regionkit import catalogue_programme, make_region

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
PLACE = {
    "region": "Alytaus apskritis",
    "library": "Lazdijų r. savivaldybės viešoji biblioteka",
    "branch": "Padalinys Nr. 0",
}


def _by_branch(store: Store, scope: str | None) -> dict[str, object]:
    with store.read() as conn:
        sc = resolve_scope(conn, scope)
    report = run_report(store, "summary", ReportFilters(*YEAR, scope=sc), by=("branch",))
    return {str(r.values[0]): r.values[1] for r in report.section("branch").rows}


def test_branch_computer_has_no_zero_rows_for_other_branches(tmp_path: Path) -> None:
    """Branch Nr. 0's region and whole-store reports list only itself; the coordinator all."""
    region = make_region(tmp_path, branches=2)
    try:
        b0, b1 = region.branches
        catalogue_programme(region)
        for b in region.branches:
            publish.publish(b, region.share(b))
        synchronise(region.coordinator, region.root)
        for b in region.branches:
            synchronise(b, region.root)
        one = row(**{**PLACE, "branch": "Padalinys Nr. 1"})
        assert import_register(b1, write_register(tmp_path / "r1.xlsx", [one])).errors == []
        own = row(**PLACE, given_name="Ona")
        assert import_register(b0, write_register(tmp_path / "r0.xlsx", [own])).errors == []
        for b in region.branches:
            publish.publish(b, region.share(b))
        synchronise(region.coordinator, region.root)
        synchronise(b0, region.root)
        assert _by_branch(b0, "region") == {"Padalinys Nr. 0": 1}
        assert _by_branch(b0, None) == {"Padalinys Nr. 0": 1}
        at_coordinator = _by_branch(region.coordinator, "region")
        assert at_coordinator["Padalinys Nr. 1"] == 1
        assert at_coordinator["Centrinė biblioteka"] == 0
    finally:
        region.close()


def test_computer_in_no_region_lists_every_branch_kept_here(tmp_path: Path) -> None:
    """A library using the app on its own holds every branch it added: each is a zero row."""
    store = make_store(tmp_path / "alone")
    try:
        me = setup.identity(store)
        with store.uow() as uow:
            org.add_branch(uow, me.library_id, "Seiliūnų padalinys")
        assert _by_branch(store, None) == {"Būdviečio padalinys": 0, "Seiliūnų padalinys": 0}
    finally:
        store.close()
