"""Correcting groups and sessions without losing marks; attendance when finishing a group."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from libtrainer.domain.errors import ValidationError
from libtrainer.i18n import render
from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import attendance, completion, groups, programmes, sessions
from libtrainer.store.models import Attendance, Enrolment, TrainingGroup, TrainingSession
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_marked_world, build_world, counts

YEAR = (dt.date(DAY.year, 1, 1), dt.date(DAY.year, 12, 31))


@pytest.fixture
def world(store: Store) -> World:
    return build_marked_world(store)


def _marks(store: Store) -> list[tuple[str, str, str, str]]:
    with store.read() as conn:
        stmt = select(
            Attendance.id, Attendance.session_id, Attendance.participant_id, Attendance.mark
        )
        return sorted(tuple(r) for r in conn.execute(stmt))  # type: ignore[misc]


def _totals(store: Store) -> dict[str, object]:
    report = run_report(store, "summary", ReportFilters(*YEAR), by=("year",))
    return {r.key: r.values[1] for r in report.sections[0].rows}


def test_moving_a_session_to_another_day_and_time_keeps_its_marks(
    store: Store, world: World
) -> None:
    """Editing a marked session's date, time and hours writes the session only: every mark
    stays, with the same id, and the report counts them on the new day."""
    marks = _marks(store)
    with store.uow() as uow:
        changed = sessions.edit_session(
            uow,
            world.session_id,
            date=DAY + dt.timedelta(days=2),
            start_time=dt.time(14, 30),
            academic_hours=3,
        )
    assert changed.updated == {"training_session": [world.session_id]}
    assert _marks(store) == marks and len(marks) == 3
    with store.uow() as uow:
        info = sessions.session_info(uow, world.session_id)
    assert (info.date, info.start_time, info.academic_hours) == (
        DAY + dt.timedelta(days=2),
        dt.time(14, 30),
        3,
    )
    assert _totals(store)["attendances"] == 3


def test_a_dropped_persons_past_marks_still_count_in_reports(store: Store, world: World) -> None:
    """Taking a person out changes their enrolment only: their mark stays and the summary
    still counts them and their attendance."""
    before = _totals(store)
    with store.uow() as uow:
        groups.drop(uow, world.group_id, [world.people[0]])
    assert len(_marks(store)) == 3
    after = _totals(store)
    assert (after["participants"], after["attendances"]) == (3, 3)
    assert after["participant_hours"] == before["participant_hours"]
    with store.read() as conn:
        statuses = sorted(conn.execute(select(Enrolment.status)).scalars())
    assert statuses == ["dropped", "enrolled", "enrolled"]


def test_finishing_refuses_an_end_date_before_a_session_and_writes_nothing(
    store: Store, world: World
) -> None:
    """A group cannot end before one of its sessions: the end date is refused, naming the
    session's date, and no enrolment or group field changes."""
    with store.uow() as uow:
        sessions.plan_session(uow, DAY + dt.timedelta(days=12), 2, group_id=world.group_id)
    before = counts(store)
    with store.uow() as uow, pytest.raises(ValidationError) as caught:
        groups.finish_group(uow, world.group_id, end_date=DAY + dt.timedelta(days=5))
    assert caught.value.field == "end_date"
    assert (DAY + dt.timedelta(days=12)).isoformat() in render(caught.value)
    assert counts(store) == before
    with store.read() as conn:
        assert conn.execute(select(TrainingGroup.finished)).scalar_one() is False
        assert set(conn.execute(select(Enrolment.status)).scalars()) == {"enrolled"}
    with store.uow() as uow:
        groups.finish_group(uow, world.group_id, end_date=DAY + dt.timedelta(days=12))


def test_a_finished_groups_end_date_cannot_move_before_its_sessions(
    store: Store, world: World
) -> None:
    """Changing a finished group's end date to before its last session is refused."""
    with store.uow() as uow:
        groups.finish_group(uow, world.group_id, end_date=DAY + dt.timedelta(days=1))
    with store.uow() as uow, pytest.raises(ValidationError) as caught:
        groups.edit_group(uow, world.group_id, end_date=DAY - dt.timedelta(days=1))
    assert caught.value.field == "end_date"


def test_changing_the_programme_takes_the_groups_sessions_along(store: Store, world: World) -> None:
    """A group moved to another programme: its sessions that had the old one follow, and
    nothing else about them changes."""
    with store.uow() as uow:
        other = programmes.create_programme(uow, 4, title_lt="Išmanusis telefonas").first(
            "programme"
        )
    with store.uow() as uow:
        changed = groups.edit_group(uow, world.group_id, programme_id=other, name="Nauja")
    assert changed.updated == {
        "training_group": [world.group_id],
        "training_session": [world.session_id],
    }
    with store.uow() as uow:
        info = groups.group_info(uow, world.group_id)
        session = uow.session.get(TrainingSession, world.session_id)
        assert session is not None and session.programme_id == other
    assert (info.programme_id, info.name, info.lecturer_id) == (
        other,
        "Nauja",
        world.lecturer_id,
    )


def test_an_unchanged_group_or_session_writes_nothing(store: Store, world: World) -> None:
    """Saving the values a group and a session already have changes nothing."""
    with store.uow() as uow:
        info = groups.group_info(uow, world.group_id)
        session = sessions.session_info(uow, world.session_id)
    before = counts(store)
    with store.uow() as uow:
        assert groups.edit_group(uow, world.group_id, name=info.name).empty
    with store.uow() as uow:
        assert sessions.edit_session(uow, world.session_id, date=session.date).empty
    assert counts(store) == before


def test_standings_count_present_marks_of_held_sessions_only(store: Store) -> None:
    """Attendance is counted over sessions held by ``as_of``; excused is not present; three
    quarters of the held hours is enough, less is not."""
    world = build_world(store, people=4)
    dates = [DAY + dt.timedelta(days=7 * n) for n in range(1, 4)]  # 4 held with DAY's
    ids = [world.session_id]
    for day in dates:
        with store.uow() as uow:
            ids.append(
                sessions.plan_session(uow, day, 4, group_id=world.group_id).first(
                    "training_session"
                )
            )
    with store.uow() as uow:  # planned after as_of: not held
        sessions.plan_session(uow, DAY + dt.timedelta(days=60), 4, group_id=world.group_id)
    a, b, c, d = world.people
    plan = {a: "pppp", b: "ppp-", c: "ppe-", d: "----"}
    for n, session_id in enumerate(ids):
        marks = {
            pid: {"p": "present", "e": "excused"}[m[n]] for pid, m in plan.items() if m[n] != "-"
        }
        with store.uow() as uow:
            attendance.record_attendance(uow, session_id, marks)
    with store.uow() as uow:
        found = {
            s.participant_id: s for s in completion.standings(uow, world.group_id, as_of=dates[-1])
        }
    assert [(found[p].sessions_present, found[p].sessions_held) for p in (a, b, c, d)] == [
        (4, 4),
        (3, 4),
        (2, 4),
        (0, 4),
    ]
    assert [found[p].attended_enough for p in (a, b, c, d)] == [True, True, False, False]
    assert found[b].hours_present == 12 and found[b].hours_held == 16


def test_nobody_has_attended_enough_of_a_group_with_no_session_held(store: Store) -> None:
    """With no session held yet, nobody is taken as having completed."""
    world = build_world(store)
    with store.uow() as uow:
        found = completion.standings(uow, world.group_id, as_of=DAY - dt.timedelta(days=1))
    assert [(s.sessions_held, s.attended_enough) for s in found] == [(0, False)] * 3


def test_a_session_with_people_present_cannot_move_to_a_day_not_come_yet(
    store: Store, world: World
) -> None:
    """Moving a marked session into the future is refused on its date (its present marks would
    sit at a session not held yet); moving it to another past day is fine; nothing is written
    when refused."""
    later = dt.date.today() + dt.timedelta(days=7)
    with store.uow() as uow, pytest.raises(ValidationError) as refused:
        sessions.edit_session(uow, world.session_id, date=later)
    assert refused.value.field == "date" and "has not come yet" in render(refused.value)
    with store.uow() as uow:
        assert sessions.session_info(uow, world.session_id).date == DAY


def test_a_session_cannot_move_after_its_finished_groups_end(store: Store, world: World) -> None:
    """Once the group is finished on a day, its session cannot be moved after that day."""
    with store.uow() as uow:
        groups.finish_group(uow, world.group_id, end_date=DAY + dt.timedelta(days=3))
    with store.uow() as uow, pytest.raises(ValidationError) as refused:
        sessions.edit_session(uow, world.session_id, date=DAY + dt.timedelta(days=5))
    assert "the group ended on" in render(refused.value)
    with store.uow() as uow:
        sessions.edit_session(uow, world.session_id, date=DAY + dt.timedelta(days=2))
