"""Sessions: planned for a group or as a one-off seminar; hours, time and place."""

from __future__ import annotations

import datetime as dt

import pytest

from libtrainer.domain.errors import NotFoundError, ValidationError
from libtrainer.services import sessions
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world, counts


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def test_session_of_a_group_inherits_programme_branch_and_lecturer(
    store: Store, world: World
) -> None:
    """A group's session takes the group's programme, branch and lecturer by default."""
    with store.uow() as uow:
        [info] = sessions.sessions_of_group(uow, world.group_id)
    assert (info.programme_id, info.branch_id, info.lecturer_id) == (
        world.programme_id,
        world.branch_id,
        world.lecturer_id,
    )
    assert info.academic_hours == 4


def test_one_off_seminar_has_no_group(store: Store, world: World) -> None:
    """A session without a group belongs to the device's branch; seconds are dropped."""
    with store.uow() as uow:
        sid = sessions.plan_session(
            uow,
            DAY,
            1.5,
            start_time=dt.time(14, 30, 59),
            place_kind="off_site",
            place="Būdviečio kultūros namai",
            topic="Elektroninė bankininkystė",
        ).first("training_session")
    with store.uow() as uow:
        row = uow.session.get(sessions.TrainingSession, sid)
        assert row is not None
        assert row.group_id is None and row.branch_id == world.branch_id
        assert row.start_time == dt.time(14, 30) and row.place == "Būdviečio kultūros namai"


@pytest.mark.parametrize("hours", [0.25, 12])
def test_hours_limits_are_inclusive_of_twelve(store: Store, world: World, hours: float) -> None:
    """Any positive number of academic hours up to 12 is a valid session."""
    with store.uow() as uow:
        sessions.plan_session(uow, DAY, hours, group_id=world.group_id)


def test_noop_edit_writes_nothing(store: Store, world: World) -> None:
    """Re-saving a session unchanged writes nothing; a changed place is written."""
    before = counts(store)
    with store.uow() as uow:
        assert sessions.edit_session(uow, world.session_id, academic_hours=4, date=DAY).empty
    assert counts(store) == before
    with store.uow() as uow:
        changed = sessions.edit_session(uow, world.session_id, place_kind="home_visit")
    assert changed.updated == {"training_session": [world.session_id]}


def test_session_for_a_missing_group_is_not_found(store: Store, world: World) -> None:
    """Naming a group that does not exist fails and writes nothing."""
    before = counts(store)
    with pytest.raises(NotFoundError), store.uow() as uow:
        sessions.plan_session(uow, DAY, 2, group_id="missing")
    with pytest.raises(NotFoundError), store.uow() as uow:
        sessions.plan_session(uow, DAY, 2, lecturer_id="missing")
    assert counts(store) == before


def test_a_length_in_minutes_is_stored_to_six_decimals(store: Store, world: World) -> None:
    """Minutes planned or changed are stored ÷ 45 to 6 decimals; the same again writes nothing."""
    with store.uow() as uow:
        sid = sessions.plan_session(uow, DAY, minutes=50, group_id=world.group_id).first(
            "training_session"
        )
    with store.uow() as uow:
        assert sessions.session_info(uow, sid).academic_hours == 50 / 45
    with store.uow() as uow:
        assert sessions.edit_session(uow, sid, minutes=50).empty
    with store.uow() as uow:
        changed = sessions.edit_session(uow, world.session_id, minutes=100)
    assert changed.updated == {"training_session": [world.session_id]}
    with store.uow() as uow:
        assert sessions.session_info(uow, world.session_id).academic_hours == 100 / 45


def test_a_bad_length_in_minutes_is_refused_naming_minutes(store: Store, world: World) -> None:
    """Minutes over 540 are refused on the minutes field and nothing is written."""
    before = counts(store)
    with pytest.raises(ValidationError) as err, store.uow() as uow:
        sessions.plan_session(uow, DAY, minutes=600, group_id=world.group_id)
    assert err.value.field == "minutes"
    with pytest.raises(ValidationError) as err, store.uow() as uow:
        sessions.edit_session(uow, world.session_id, minutes=0)
    assert err.value.field == "minutes"
    assert counts(store) == before


def _group_dates(store: Store, group_id: str) -> tuple[dt.date | None, dt.date | None]:
    from libtrainer.store.models import TrainingGroup  # noqa: PLC0415

    with store.read() as conn:
        row = conn.execute(
            TrainingGroup.__table__.select().where(TrainingGroup.id == group_id)
        ).one()
    return row.start_date, row.end_date


def test_a_session_after_an_open_groups_end_moves_the_end(store: Store, world: World) -> None:
    """Planning a session after an open group's end (or before its start) moves the group's
    dates to cover it, as a register's sessions do (0102, 0407)."""
    from libtrainer.services import groups  # noqa: PLC0415

    with store.uow() as uow:
        groups.edit_group(uow, world.group_id, start_date=DAY, end_date=DAY)
    later, earlier = DAY + dt.timedelta(days=7), DAY - dt.timedelta(days=2)
    with store.uow() as uow:
        changed = sessions.plan_session(uow, later, 2, group_id=world.group_id)
    assert world.group_id in changed.updated.get("training_group", [])
    with store.uow() as uow:
        sessions.plan_session(uow, earlier, 2, group_id=world.group_id)
    assert _group_dates(store, world.group_id) == (earlier, later)


def test_a_session_after_a_finished_groups_end_is_refused(store: Store, world: World) -> None:
    """A finished group is not reopened by planning: a session after its end is refused on
    the date, naming the end, and nothing is written."""
    from libtrainer.services import groups  # noqa: PLC0415

    with store.uow() as uow:
        groups.edit_group(uow, world.group_id, start_date=DAY, end_date=DAY)
    with store.uow() as uow:
        groups.finish_group(uow, world.group_id)
    before = counts(store)
    with store.uow() as uow, pytest.raises(ValidationError) as refused:
        sessions.plan_session(uow, DAY + dt.timedelta(days=1), 2, group_id=world.group_id)
    assert refused.value.field == "date" and refused.value.params["end"] == DAY.isoformat()
    assert counts(store) == before
