"""The same register imported on two devices creates the same places, programmes, groups and
sessions (natural-key ids, docs/decisions/0005), so the coordinator's merge makes them one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from libtrainer.services import natural, records, setup
from libtrainer.services.register import import_register
from libtrainer.store.models import Base, TrainingGroup, TrainingSession
from libtrainer.store.store import Store
from tests.conftest import make_store

from .support import DAY, alpha, counts, merged, row, write_register

SHARED = (
    "region",
    "library",
    "branch",
    "programme",
    "training_group",
    "training_session",
    "participant",
    "enrolment",
    "attendance",
)


def _lecturer_file(path: Path) -> Path:
    """A lecturer's register: a group at home, a group elsewhere, and a one-off seminar."""
    later = DAY + dt.timedelta(days=7)
    rows: list[dict[str, Any]] = []
    for day in (DAY, later):
        for n, code in enumerate(("LT-1", "LT-2")):
            rows.append(row(date=day, participant_code=code, given_name=f"Asmuo{alpha(n)}"))
            rows.append(
                row(
                    date=day,
                    region="ALYTAUS APSKRITIS",
                    library="Lazdiju r. savivaldybes viesoji biblioteka",
                    branch="Seiliūnų padalinys",
                    group="Seiliūnai 1",
                    participant_code=code,
                    given_name=f"Asmuo{alpha(n)}",
                )
            )
    rows.append(
        row(
            region="Ogres reģions",
            library="Ogres Centrālā bibliotēka",
            branch="Ogres filiāle",
            programme="E-pakalpojumi un e-rīki",
            group="",
            start=None,
            participant_code="LV-9",
            given_name="Māris",
            family_name="Krastiņš",
        )
    )
    return write_register(path, rows)


def _ids(store: Store) -> dict[str, set[str]]:
    with store.read() as conn:
        return {
            t: set(conn.execute(select(Base.metadata.tables[t].c.id)).scalars()) for t in SHARED
        }


def _two_devices(tmp_path: Path) -> list[Store]:
    return [make_store(tmp_path / n, device_name=f"PC-{n}") for n in ("a", "b")]


def test_same_file_on_two_devices_gives_the_same_ids(tmp_path: Path) -> None:
    """Places, programmes, groups, sessions, people and facts have equal id sets on both."""
    path = _lecturer_file(tmp_path / "register.xlsx")
    stores = _two_devices(tmp_path)
    try:
        for store in stores:
            result = import_register(store, path)
            assert result.errors == [] and result.written
        first, second = (_ids(s) for s in stores)
        me = setup.identity(stores[0])
    finally:
        for store in stores:
            store.close()
    assert first == second
    assert len(first["training_session"]) == 5 and len(first["training_group"]) == 2
    ogre = natural.region_id("LT", "Ogres reģions")
    assert first["region"] == {me.region_id, ogre}
    seiliunai = natural.branch_id(me.library_id, "Seiliūnų padalinys")
    assert seiliunai in first["branch"]


def test_replaying_both_devices_gives_one_of_each(tmp_path: Path) -> None:
    """Both outboxes replayed into one empty store: one row per place, group and session."""
    path = _lecturer_file(tmp_path / "register.csv")
    stores = _two_devices(tmp_path)
    target = None
    try:
        for store in stores:
            assert import_register(store, path).written
        single = counts(stores[0])
        target = merged(tmp_path / "coordinator", stores)
        both = counts(target)
        with target.read() as conn:
            sessions = conn.execute(
                select(TrainingSession.group_id, TrainingSession.date, TrainingSession.start_time)
            ).all()
    finally:
        if target is not None:
            target.close()
        for store in stores:
            store.close()
    assert {t: both[t] for t in SHARED} == {t: single[t] for t in SHARED}
    assert (both["region"], both["library"], both["training_session"]) == (2, 2, 5)
    assert len(set(sessions)) == len(sessions)
    assert both["staff"] == 2  # lecturers are people: the coordinator matches them (DESIGN §5)


def test_a_renamed_group_is_not_added_again_on_reimport(store: Store, tmp_path: Path) -> None:
    """After the imported group is renamed, re-importing the file finds it by its id."""
    path = write_register(tmp_path / "r.csv", [row(participant_code="LT-5")])
    import_register(store, path)
    with store.uow() as uow:
        uow.connection.execute(update(TrainingGroup).values(name="TAU 1 (pavasaris)"))
        uow.commit()
    before = counts(store)
    again = import_register(store, path)
    assert again.errors == [] and again.plan.created["groups"] == []
    assert counts(store) == before


def test_a_moved_session_is_not_added_again_on_reimport(store: Store, tmp_path: Path) -> None:
    """A session moved to another day after import is found by its id, not recorded twice."""
    path = write_register(tmp_path / "r.csv", [row(participant_code="LT-5")])
    import_register(store, path)
    with store.uow() as uow:
        uow.connection.execute(update(TrainingSession).values(date=DAY + dt.timedelta(days=1)))
        uow.commit()
    before = counts(store)
    again = import_register(store, path)
    assert again.errors == [] and again.plan.sessions_created == 0
    assert counts(store) == before


def test_a_deleted_session_comes_back_under_its_id(store: Store, tmp_path: Path) -> None:
    """Re-importing a file asking to bring deleted records back restores the same session id."""
    path = write_register(tmp_path / "r.csv", [row(participant_code="LT-5")])
    import_register(store, path)
    with store.read() as conn:
        session_id = conn.execute(select(TrainingSession.id)).scalar_one()
    with store.uow() as uow:
        records.delete(uow, "training_session", session_id)
    again = import_register(store, path, restore_deleted=True)
    with store.read() as conn:
        assert conn.execute(select(TrainingSession.id)).scalars().all() == [session_id]
    assert again.plan.sessions_created == 1 and counts(store)["attendance"] == 1
