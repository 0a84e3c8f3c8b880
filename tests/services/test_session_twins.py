"""Sessions entered twice: look-alike sessions offered, "same session" / "not the same" /
"separate" recorded as one synced row per pair, nothing deleted, and the reports following."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from libtrainer.domain.errors import ValidationError
from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import attendance, groups, participants, session_twins, sessions
from libtrainer.store.models import Attendance, Clock, Outbox, SessionTwin, TrainingSession
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world

T9 = dt.time(9, 0)


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store, people=3)


def plan(store: Store, world: World, start: dt.time | None, **fields: object) -> str:
    """A session of a new copy of the world's group (as a second computer would have it)."""
    day = fields.pop("date", DAY)
    group = fields.pop("group_id", None)
    if group is None:
        with store.uow() as uow:
            group = groups.create_group(uow, world.programme_id, "Kopija").first("training_group")
    with store.uow() as uow:
        return sessions.plan_session(uow, day, 2, group_id=group, start_time=start, **fields).first(
            "training_session"
        )


def mark(store: Store, session: str, people: list[str]) -> None:
    with store.uow() as uow:
        attendance.record_attendance(uow, session, dict.fromkeys(people, "present"))


def both(store: Store, world: World, copy: str) -> None:
    """The world's first person marked present at its session and at ``copy``."""
    mark(store, world.session_id, world.people[:1])
    mark(store, copy, world.people[:1])


def offered(store: Store) -> list[tuple[str, str]]:
    with store.uow() as uow:
        return [(p.first.id, p.second.id) for p in session_twins.candidates(uow).pairs]


def key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def held(store: Store) -> int:
    filters = ReportFilters(dt.date(DAY.year, 1, 1), dt.date(DAY.year, 12, 31))
    report = run_report(store, "summary", filters, by=("year",))
    return int({r.key: r.values[1] for r in report.sections[0].rows}["sessions"])


def set_start(store: Store, session: str, start: dt.time) -> None:
    with store.uow() as uow:
        sessions.edit_session(uow, session, start_time=start)


def test_overlapping_sessions_of_two_groups_on_one_day_are_offered(
    store: Store, world: World
) -> None:
    """Same branch and day, overlapping times, another group, someone at both: offered; a
    session that does not overlap, one on another day and one of the same group and computer
    are not."""
    set_start(store, world.session_id, T9)
    copy = plan(store, world, dt.time(10, 0))  # 9:00–12:00 (4 h) and 10:00–11:30 overlap
    both(store, world, copy)
    plan(store, world, dt.time(14, 0))  # after both end
    plan(store, world, T9, date=DAY + dt.timedelta(days=1))
    plan(store, world, dt.time(11, 45), group_id=world.group_id)  # same group and computer
    assert offered(store) == [key(world.session_id, copy)]


def test_a_session_without_a_start_time_may_be_the_same(store: Store, world: World) -> None:
    """An unknown start time cannot prove two sessions apart: the pair is offered."""
    copy = plan(store, world, None)
    both(store, world, copy)
    assert offered(store) == [key(world.session_id, copy)]


def test_two_groups_need_someone_marked_at_both(store: Store, world: World) -> None:
    """Two groups' sessions at one time with nobody at both are two classes, not offered;
    a person's record at both, or a look-alike record typed on the other computer, is
    evidence; a look-alike decided "not the same" is not."""
    from libtrainer.services import duplicates  # noqa: PLC0415

    copy = plan(store, world, None)
    mark(store, world.session_id, world.people[:2])
    assert offered(store) == []
    with store.uow() as uow:  # typed again on the laptop, birth year left out
        alike = participants.create_participant(uow, "Sarunas", "ZEMAITIS").first("participant")
    mark(store, copy, [alike])
    assert offered(store) == [key(world.session_id, copy)]
    with store.uow() as uow:
        (pair,) = session_twins.candidates(uow).pairs
    assert pair.shared == 1
    with store.uow() as uow:
        duplicates.not_same(uow, world.people[0], alike)
    assert offered(store) == []
    mark(store, copy, world.people[1:2])
    assert offered(store) == [key(world.session_id, copy)]


def test_a_namesake_with_another_birth_year_is_no_evidence(store: Store, world: World) -> None:
    """Šarūnas Žemaitis born 1961 and one born 1990 are two people: not offered."""
    copy = plan(store, world, None)
    mark(store, world.session_id, world.people[:1])
    with store.uow() as uow:
        namesake = participants.create_participant(
            uow, "Šarūnas", "Žemaitis", birth_year=1990
        ).first("participant")
    mark(store, copy, [namesake])
    assert offered(store) == []


def test_the_same_group_from_another_computer_needs_no_marks(store: Store, world: World) -> None:
    """One group's session entered on a second computer is offered before anyone is marked;
    the same two sessions from one computer are not."""
    other = plan(store, world, None, group_id=world.group_id)
    assert offered(store) == []
    with store.uow() as uow:
        uow.session.execute(
            update(Clock)
            .where(Clock.tbl == "training_session", Clock.row_id == other, Clock.field == "*")
            .values(device="01900000-0000-7000-8000-00000000a1a1")
        )
        uow.commit()
    assert offered(store) == [key(world.session_id, other)]


def test_pairs_are_ranked_by_the_people_marked_at_both(store: Store, world: World) -> None:
    """The pair with more people marked at both sessions comes first, with its count."""
    mark(store, world.session_id, world.people)
    few = plan(store, world, None)
    many = plan(store, world, None)
    mark(store, few, world.people[:1])
    mark(store, many, world.people)
    with store.uow() as uow:
        pairs = session_twins.candidates(uow).pairs
    assert {pairs[0].first.id, pairs[0].second.id} == {world.session_id, many}
    assert pairs[0].shared == 3 and pairs[0].first.present == 3


def test_same_session_counts_once_and_deletes_nothing(store: Store, world: World) -> None:
    """ "Same session": one synced row (either order gives its id), one session held in the
    reports, every session and mark still there, no delete captured, no longer offered."""
    mark(store, world.session_id, world.people)
    copy = plan(store, world, None)
    mark(store, copy, world.people[:2])
    assert held(store) == 2
    with store.uow() as uow:
        changed = session_twins.same_session(uow, copy, world.session_id)
    assert changed.created["session_twin"] == [session_twins.pair_id(world.session_id, copy)]
    assert held(store) == 1 and offered(store) == []
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(TrainingSession)).scalar() == 2
        assert conn.execute(select(func.count()).select_from(Attendance)).scalar() == 5
        assert conn.execute(select(SessionTwin.decision)).scalars().all() == ["same"]
        deletes = select(func.count()).select_from(Outbox).where(Outbox.op == "d")
        assert conn.execute(deletes).scalar() == 0
    with store.uow() as uow:
        (pair,) = session_twins.counted_as_one(uow)
    assert {pair.first.id, pair.second.id} == {world.session_id, copy} and pair.shared == 2
    with store.uow() as uow, pytest.raises(ValidationError, match="already counted as one"):
        session_twins.same_session(uow, world.session_id, copy)


def test_separate_counts_two_again_and_offers_the_pair(store: Store, world: World) -> None:
    """ "Separate" writes the same row's decision: two sessions again, offered again."""
    copy = plan(store, world, None)
    both(store, world, copy)
    with store.uow() as uow:
        session_twins.same_session(uow, world.session_id, copy)
    with store.uow() as uow:
        changed = session_twins.separate(uow, copy, world.session_id)
    assert changed.updated["session_twin"] == [session_twins.pair_id(copy, world.session_id)]
    assert held(store) == 2 and offered(store) == [key(world.session_id, copy)]
    with store.read() as conn:
        assert conn.execute(select(SessionTwin.decision)).scalars().all() == ["separate"]


def test_not_the_same_is_not_offered_again(store: Store, world: World) -> None:
    """ "Not the same": the pair is no longer offered and both sessions count."""
    copy = plan(store, world, None)
    with store.uow() as uow:
        session_twins.not_same(uow, world.session_id, copy)
    assert offered(store) == [] and held(store) == 2


def test_sessions_whose_times_do_not_overlap_are_refused(store: Store, world: World) -> None:
    """9:00–12:00 and 14:00–15:30 cannot be one session: refused with both times, nothing
    written; another day is refused too."""
    set_start(store, world.session_id, T9)
    later = plan(store, world, dt.time(14, 0))
    other_day = plan(store, world, T9, date=DAY + dt.timedelta(days=1))
    with store.uow() as uow, pytest.raises(ValidationError) as refused:
        session_twins.same_session(uow, world.session_id, later)
    assert "09:00–12:00" in str(refused.value) and "14:00–15:30" in str(refused.value)
    with store.uow() as uow, pytest.raises(ValidationError, match="different days"):
        session_twins.same_session(uow, world.session_id, other_day)
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(SessionTwin)).scalar() == 0


def test_decisions_that_do_not_apply_are_refused(store: Store, world: World) -> None:
    """One session twice, separating an undecided pair, "not the same" on sessions counted
    as one, and a chain separated by the pair it does not hold: each refused."""
    a = world.session_id
    b, c = plan(store, world, None), plan(store, world, None)
    with store.uow() as uow, pytest.raises(ValidationError, match="two different sessions"):
        session_twins.same_session(uow, a, a)
    with store.uow() as uow, pytest.raises(ValidationError, match="not counted as one"):
        session_twins.separate(uow, a, b)
    with store.uow() as uow:
        session_twins.same_session(uow, a, b)
    with store.uow() as uow:
        session_twins.same_session(uow, b, c)
    assert held(store) == 1
    with store.uow() as uow, pytest.raises(ValidationError, match="Separate them first"):
        session_twins.not_same(uow, a, c)
    with store.uow() as uow, pytest.raises(ValidationError, match="through another session"):
        session_twins.separate(uow, a, c)


def test_a_person_recorded_twice_marked_at_both_sessions_counts_once(
    store: Store, world: World
) -> None:
    """A resident typed in on each computer (two records, confirmed one person) and marked at
    each copy of the session: one attendance."""
    with store.uow() as uow:
        twin = participants.create_participant(uow, "Šarūnas", "Žemaitis", birth_year=1961).first(
            "participant"
        )
    mark(store, world.session_id, world.people[:1])
    copy = plan(store, world, None)
    mark(store, copy, [twin])
    from libtrainer.services import duplicates  # noqa: PLC0415

    with store.uow() as uow:
        duplicates.same_person(uow, world.people[0], twin)
    with store.uow() as uow:
        session_twins.same_session(uow, world.session_id, copy)
    filters = ReportFilters(dt.date(DAY.year, 1, 1), dt.date(DAY.year, 12, 31))
    report = run_report(store, "summary", filters, by=("year",))
    totals = {r.key: r.values[1] for r in report.sections[0].rows}
    assert (totals["participants"], totals["attendances"], totals["sessions"]) == (1, 1, 1)
