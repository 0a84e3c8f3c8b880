"""The same register imported on the coordinator (for a branch) and on the branch itself counts
each person once after sync, whichever imports first (docs/decisions/0405)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import participants, records
from libtrainer.services.register import import_register
from libtrainer.store.models import Attendance, Participant
from libtrainer.store.store import Store
from libtrainer.sync import publish
from libtrainer.sync.session import synchronise
from tests.services.register.support import DAY, row, write_register
from tests.sync.regionkit import Region, catalogue_programme, make_region

PLACE = {
    "region": "Alytaus apskritis",
    "library": "Lazdijų r. savivaldybės viešoji biblioteka",
    "branch": "Padalinys Nr. 0",
}
PEOPLE = (
    ("Janutė", "Žemaitė", 1951),
    ("Ona", "Jonaitė", None),
    ("Jonas", "Petraitis", 1950),
    ("Jonas", "Petraitis", 1962),
    ("Jonas", "Petraitis", None),
)


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


def _ids(store: Store) -> tuple[set[str], set[str]]:
    with store.read() as conn:
        people = set(conn.execute(select(Participant.id)).scalars())
        return people, set(conn.execute(select(Attendance.id)).scalars())


def _coordinator_first(tmp_path: Path) -> Region:
    """The coordinator imports the first month for the branch; the branch, having installed
    libtrainer, imports next month's file, which repeats the first month's rows."""
    region = make_region(tmp_path)
    catalogue_programme(region)
    _import(region.coordinator, _register(tmp_path / "march.xlsx"))
    synchronise(region.coordinator, region.root)
    _import(region.branches[0], _register(tmp_path / "april.xlsx", days=3))
    _send(region)
    return region


def _branch_first(tmp_path: Path) -> Region:
    """The branch imports the first month and syncs; the coordinator then imports next
    month's file for it."""
    region = make_region(tmp_path)
    catalogue_programme(region)
    _import(region.branches[0], _register(tmp_path / "march.xlsx"))
    _send(region)
    _import(region.coordinator, _register(tmp_path / "april.xlsx", days=3))
    _send(region)
    return region


def test_coordinator_first_counts_each_resident_once(tmp_path: Path) -> None:
    """Five people (namesakes included) are five records and five residents after sync."""
    region = _coordinator_first(tmp_path)
    try:
        assert (_people(region.coordinator), _marks(region.coordinator)) == (5, 15)
        assert _unique_residents(region.coordinator) == 5
    finally:
        region.close()


def test_both_orders_give_the_same_people_and_marks(tmp_path: Path) -> None:
    """Branch first or coordinator first: the coordinator ends with the same ids."""
    one = _coordinator_first(tmp_path / "one")
    two = _branch_first(tmp_path / "two")
    try:
        first, second = _ids(one.coordinator), _ids(two.coordinator)
        assert (_people(two.coordinator), _marks(two.coordinator)) == (5, 15)
    finally:
        one.close()
        two.close()
    assert first == second


def test_importing_again_after_sync_changes_nothing(tmp_path: Path) -> None:
    """Both files imported again on both computers plan no person and no mark."""
    region = _coordinator_first(tmp_path)
    try:
        for store in (region.coordinator, region.branches[0]):
            for name in ("march.xlsx", "april.xlsx"):
                again = import_register(store, tmp_path / name)
                assert again.plan.participants_created == 0, (store, name)
                assert again.plan.attendance_written == 0, (store, name)
        _send(region)
        assert _unique_residents(region.coordinator) == 5
    finally:
        region.close()


def test_an_erasure_at_the_branch_keeps_the_coordinators_import_out(tmp_path: Path) -> None:
    """The branch erases Jonas (1962); the coordinator's re-import leaves his rows out."""
    region = _coordinator_first(tmp_path)
    try:
        branch = region.branches[0]
        with branch.read() as conn:
            jonas = conn.execute(
                select(Participant.id).where(Participant.birth_year == 1962)
            ).scalar_one()
        with branch.uow() as uow:
            records.delete(uow, "participant", jonas)
        _send(region)
        again = import_register(region.coordinator, tmp_path / "april.xlsx")
        assert again.written and len(again.plan.erased_rows) == 1
        assert _unique_residents(region.coordinator) == 4
    finally:
        region.close()


def test_an_erasure_at_the_coordinator_holds_when_the_branch_imports(tmp_path: Path) -> None:
    """The coordinator erases Jonas (1962) it imported; the branch's import later does not
    bring him back at the coordinator."""
    region = make_region(tmp_path)
    catalogue_programme(region)
    try:
        coordinator = region.coordinator
        _import(coordinator, _register(tmp_path / "march.xlsx"))
        with coordinator.read() as conn:
            jonas = conn.execute(
                select(Participant.id).where(Participant.birth_year == 1962)
            ).scalar_one()
        with coordinator.uow() as uow:
            records.delete(uow, "participant", jonas)
        synchronise(coordinator, region.root)
        _import(region.branches[0], _register(tmp_path / "april.xlsx", days=3))
        _send(region)
        assert _people(coordinator) == 4 and _unique_residents(coordinator) == 4
    finally:
        region.close()


def test_coordinator_first_then_branch_counts_people_once(tmp_path: Path) -> None:
    """The coordinator imports for the branch, later the branch imports the same file."""
    path = _register(tmp_path / "register.xlsx")
    region = make_region(tmp_path)
    catalogue_programme(region)
    try:
        _import(region.coordinator, path)
        synchronise(region.coordinator, region.root)
        _import(region.branches[0], path)
        _send(region)
        coordinator = region.coordinator
        assert (_people(coordinator), _marks(coordinator)) == (5, 10)
        assert _unique_residents(coordinator) == 5
    finally:
        region.close()


def test_branch_first_then_coordinator_counts_people_once(tmp_path: Path) -> None:
    """The branch imports and syncs first; the coordinator imports the same file after."""
    path = _register(tmp_path / "register.xlsx")
    region = make_region(tmp_path)
    catalogue_programme(region)
    try:
        _import(region.branches[0], path)
        _send(region)
        _import(region.coordinator, path)
        _send(region)
        assert (_people(region.coordinator), _marks(region.coordinator)) == (5, 10)
        assert _unique_residents(region.coordinator) == 5
    finally:
        region.close()


def _ona_at_branch_one(tmp_path: Path, **fields: Any) -> tuple[Region, Path]:
    """Branch Nr. 1's computer has a hand-typed Ona Jonaitė (1970) and imports branch Nr. 0's
    register, in which Ona Jonaitė (1970) comes twice without a code; so does the coordinator."""
    region = make_region(tmp_path, branches=2)
    catalogue_programme(region)
    laptop = region.branches[1]
    with laptop.uow() as uow:
        participants.create_participant(uow, "Ona", "Jonaitė", birth_year=1970, **fields)
    _send(region)
    synchronise(laptop, region.root)
    path = _register(tmp_path / "ona.xlsx", people=[("Ona", "Jonaitė", 1970)])
    _import(laptop, path)
    _import(region.coordinator, path)
    _send(region)
    return region, path


def _onas(store: Store) -> list[str | None]:
    with store.read() as conn:
        query = select(Participant.branch_id).where(Participant.name_key == "ona jonaite")
        return sorted(conn.execute(query).scalars(), key=str)


def test_another_branchs_namesake_does_not_split_a_resident(tmp_path: Path) -> None:
    """A branch's computer importing another branch's register takes none of its own people:
    the coordinator ends with one register person (two marks) and the typed namesake apart."""
    region, _path = _ona_at_branch_one(tmp_path)
    try:
        coordinator = region.coordinator
        assert _marks(coordinator) == 2 and len(_onas(coordinator)) == 2
        assert _unique_residents(coordinator) == 1  # the typed Ona has no marks
        with coordinator.read() as conn:
            marked = conn.execute(select(func.count(func.distinct(Attendance.participant_id))))
            assert marked.scalar_one() == 1
    finally:
        region.close()


def test_another_branchs_coded_namesake_does_not_split_a_resident(tmp_path: Path) -> None:
    """Rule 0403 on a branch's computer takes no coded person of another branch either."""
    region, _path = _ona_at_branch_one(tmp_path, code="LZ-7")
    try:
        coordinator = region.coordinator
        assert _marks(coordinator) == 2 and len(_onas(coordinator)) == 2
        with coordinator.read() as conn:
            marked = conn.execute(select(func.count(func.distinct(Attendance.participant_id))))
            assert marked.scalar_one() == 1
    finally:
        region.close()
