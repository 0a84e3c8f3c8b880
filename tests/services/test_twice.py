"""Sessions entered twice: look-alike sessions listed, "different" remembered, and a merge
that moves the marks and makes the funders' figures count the session once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from libtrainer.domain.errors import LibtrainerError, NotFoundError, ValidationError
from libtrainer.domain.ids import fact_id
from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import attendance, groups, org, programmes, sessions, twice, twice_merge
from libtrainer.store.models import Enrolment, Outbox, SessionDecision
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world, causal_length, counts

TEN = dt.time(10, 0)


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store, people=4)


def plan(store: Store, day: dt.date = DAY, hours: float = 2, **fields: Any) -> str:
    with store.uow() as uow:
        return sessions.plan_session(uow, day, hours, **fields).first("training_session")


def mark(store: Store, session_id: str, marks: dict[str, str]) -> None:
    with store.uow() as uow:
        attendance.record_attendance(uow, session_id, marks)


def listed(store: Store) -> set[frozenset[str]]:
    with store.read() as conn:
        return {frozenset((p.first.id, p.second.id)) for p in twice.find(conn).pairs}


def figures(store: Store) -> dict[str, float]:
    filters = ReportFilters(dt.date(DAY.year, 1, 1), dt.date(DAY.year, 12, 31))
    report = run_report(store, "summary", filters, by=("year",))
    return {r.key: float(r.values[1]) for r in report.sections[0].rows}


def twin(store: Store, world: World) -> tuple[str, str]:
    """The group's session at 10:00 for 2 hours, entered twice (a second one at 10:30)."""
    with store.uow() as uow:
        sessions.edit_session(uow, world.session_id, start_time=TEN, academic_hours=2)
    return world.session_id, plan(store, group_id=world.group_id, start_time=dt.time(10, 30))


def test_the_same_groups_overlapping_sessions_of_one_day_are_listed_with_what_decides(
    store: Store, world: World
) -> None:
    """Two sessions of one group, one day, overlapping times: one pair, showing place,
    time, group, programme, lecturer, marks, the people marked at both and the computer."""
    first, second = twin(store, world)
    a, b, c, _d = world.people
    mark(store, first, {a: "present", b: "absent"})
    mark(store, second, {a: "present", b: "present", c: "present"})
    with store.read() as conn:
        found = twice.find(conn)
    (pair,) = found.pairs
    assert not found.more and {pair.first.id, pair.second.id} == {first, second}
    sides = {pair.first.id: pair.first, pair.second.id: pair.second}
    one = sides[first]
    assert (one.branch, one.date, one.start_time, one.academic_hours) == (
        "Būdviečio padalinys",
        DAY,
        TEN,
        2.0,
    )
    assert one.group == "Būdviečio bendruomenė, pavasaris"
    assert one.programme == "Viešosios paslaugos internetu kiekvienam"
    assert one.lecturer == "Rūta Kavaliauskienė"
    assert (one.marks, one.present) == (2, 1) and (sides[second].marks, sides[second].present) == (
        3,
        3,
    )
    assert pair.shared == 2
    assert one.device == "Skaitykla PC-1" and one.entered is not None
    assert pair.suggested.id == second  # more people present


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        ({"start_time": dt.time(10, 0)}, True),  # the same start
        ({"start_time": dt.time(11, 29)}, True),  # starts before 10:00 + 2 × 45 min
        ({"start_time": dt.time(11, 30)}, False),  # starts when the first ends
        ({"start_time": dt.time(8, 0)}, False),  # 8:00 + 1.5 h ends before 10:00
        ({"start_time": dt.time(8, 0), "hours": 3}, True),  # 8:00 + 2 h 15 min
        ({}, True),  # no start time: any time that day
        ({"day": DAY + dt.timedelta(days=1)}, False),  # another day
    ],
)
def test_times_and_days_decide_whether_two_sessions_are_listed(
    store: Store, world: World, other: dict[str, Any], expected: bool
) -> None:
    """Sessions of one group overlap when they start together, their spans of hours × 45
    minutes overlap, or one has no start time; another day never pairs."""
    with store.uow() as uow:
        sessions.edit_session(uow, world.session_id, start_time=TEN, academic_hours=2)
    second = plan(
        store,
        other.get("day", DAY),
        other.get("hours", 2),
        group_id=world.group_id,
        start_time=other.get("start_time"),
    )
    assert listed(store) == ({frozenset((world.session_id, second))} if expected else set())


def test_another_branch_or_programme_is_not_the_same_session(store: Store, world: World) -> None:
    """The same day and time at another branch, or of another programme, is not listed."""
    with store.uow() as uow:
        library = org.find_branches(uow)[0].library_id
    with store.uow() as uow:
        elsewhere = org.add_branch(uow, library, "Kapčiamiesčio padalinys").id
    with store.uow() as uow:
        other_programme = programmes.create_programme(uow, 4, title_lt="Išmanusis telefonas").first(
            "programme"
        )
    plan(store, hours=4, programme_id=world.programme_id, branch_id=elsewhere)
    plan(store, hours=4, programme_id=other_programme)
    assert listed(store) == set()


def test_groups_of_one_programme_and_sessions_without_a_group_pair_up(
    store: Store, world: World
) -> None:
    """A second group of the same course, and a one-off session of its programme, pair with
    the group's session; one-off sessions without a programme pair with each other."""
    with store.uow() as uow:
        other_group = groups.create_group(uow, world.programme_id, "Senjorai (laptop)").first(
            "training_group"
        )
    in_other_group = plan(store, group_id=other_group)
    one_off = plan(store, programme_id=world.programme_id)
    bare = [plan(store, DAY + dt.timedelta(days=3)) for _ in range(2)]
    pairs = {
        frozenset(p) for p in ((world.session_id, in_other_group), (world.session_id, one_off))
    }
    pairs |= {frozenset((in_other_group, one_off)), frozenset(bare)}
    assert listed(store) == pairs


def test_different_sessions_are_not_listed_again(store: Store, world: World) -> None:
    """ "Different sessions" is remembered locally (nothing to sync) and ends the listing."""
    first, second = twin(store, world)
    before = counts(store)
    with store.uow() as uow:
        assert twice.mark_different(uow.connection, second, first)
        uow.commit()
    with store.uow() as uow:
        assert not twice.mark_different(uow.connection, first, second)  # said already
        uow.commit()
    assert listed(store) == set() and counts(store) == before
    with store.read() as conn:
        notes = conn.execute(select(SessionDecision.decision)).scalars().all()
    assert notes == ["different"]
    with store.uow() as uow, pytest.raises(NotFoundError):
        twice.mark_different(uow.connection, first, fact_id("session", "nothing"))


def test_merging_moves_the_marks_and_the_figures_count_one_session(
    store: Store, world: World
) -> None:
    """Marks missing at the kept session move there, "present" wins over "absent", the
    dropped session is deleted (tombstones to sync); the summary report then counts one
    session, its hours once, and each person's hours once."""
    keep, drop = twin(store, world)
    a, b, c, _d = world.people
    mark(store, keep, {a: "present", b: "absent"})
    mark(store, drop, {a: "present", b: "present", c: "excused"})
    before = figures(store)
    assert (before["sessions"], before["academic_hours"]) == (2, 4)
    assert before["participant_hours"] == 6  # a twice, b once: 3 × 2 hours
    with store.uow() as uow:
        planned = twice_merge.plan_merge(uow, keep, drop)
    assert (planned.moved, planned.made_present, planned.enrolled) == (1, 1, 0)
    with store.uow() as uow:
        changed = twice_merge.merge_sessions(uow, keep, drop)
    assert changed.deleted["training_session"] == [drop]
    assert changed.created["attendance"] == [fact_id("attendance", keep, c)]
    with store.uow() as uow:
        marks = {m.participant_id: m.mark for m in attendance.marks_of_session(uow, keep)}
    assert marks == {a: "present", b: "present", c: "excused"}
    assert causal_length(store, "training_session", drop) == 2
    with store.read() as conn:
        deletes = conn.execute(
            select(Outbox.tbl).where(Outbox.op == "d", Outbox.row_id == drop)
        ).all()
        assert len(deletes) == 1
        note = conn.execute(select(SessionDecision)).one()
    assert (note.session_id, note.other_id, note.decision) == (drop, keep, "merged")
    after = figures(store)
    assert (after["sessions"], after["academic_hours"], after["participant_hours"]) == (1, 2, 4)
    assert listed(store) == set()


def test_a_mark_moved_to_another_group_enrols_the_person_there(store: Store, world: World) -> None:
    """Merging into a session of another group of the course enrols the people whose marks
    moved (status and date of their old enrolment), so the kept group's register lists them."""
    a, b, _c, _d = world.people
    with store.uow() as uow:
        laptop_group = groups.create_group(uow, world.programme_id, "Senjorai (laptop)").first(
            "training_group"
        )
    keep = plan(store, group_id=laptop_group)
    with store.uow() as uow:
        groups.enrol(uow, laptop_group, [a])
    mark(store, keep, {a: "present"})
    mark(store, world.session_id, {a: "present", b: "present"})
    with store.uow() as uow:
        changed = twice_merge.merge_sessions(uow, keep, world.session_id)
    assert changed.created["enrolment"] == [fact_id("enrolment", laptop_group, b)]
    with store.read() as conn:
        row = conn.execute(
            select(Enrolment).where(Enrolment.id == fact_id("enrolment", laptop_group, b))
        ).one()
    assert (row.status, row.enrolled_on) == ("enrolled", DAY)


@pytest.mark.parametrize("what", ["branch", "date", "programme", "same", "missing"])
def test_a_merge_of_sessions_that_cannot_be_one_is_refused_and_writes_nothing(
    store: Store, world: World, what: str
) -> None:
    """Other branches, days or programmes, one session twice, a missing session: refused with
    a message, nothing written."""
    if what == "branch":
        with store.uow() as uow:
            library = org.find_branches(uow)[0].library_id
        with store.uow() as uow:
            elsewhere = org.add_branch(uow, library, "Kapčiamiesčio padalinys").id
        other = plan(store, hours=4, programme_id=world.programme_id, branch_id=elsewhere)
    elif what == "date":
        other = plan(store, DAY + dt.timedelta(days=7), group_id=world.group_id)
    elif what == "programme":
        with store.uow() as uow:
            prog = programmes.create_programme(uow, 4, title_lt="Kita").first("programme")
        other = plan(store, programme_id=prog)
    elif what == "same":
        other = world.session_id
    else:
        other = fact_id("session", "nothing")
    mark(store, world.session_id, {world.people[0]: "present"})
    before = counts(store)
    errors = {
        "same": ValidationError,
        "missing": NotFoundError,
    }
    with store.uow() as uow, pytest.raises(errors.get(what, LibtrainerError)) as caught:
        twice_merge.merge_sessions(uow, world.session_id, other)
    assert counts(store) == before
    if what == "date":
        assert "different days (2025-03-21 and 2025-03-14)" in caught.value.render()


def test_later_marks_for_a_merged_session_are_recorded_at_the_kept_one(
    store: Store, world: World
) -> None:
    """A mark held for the dropped session (its computer went on marking it) is recorded at
    the kept session; "present" replaces "absent"; a second run changes nothing."""
    from libtrainer.store.models import Held  # noqa: PLC0415

    keep, drop = twin(store, world)
    a, b, c, _d = world.people
    mark(store, keep, {a: "present", b: "absent"})
    with store.uow() as uow:
        twice_merge.merge_sessions(uow, keep, drop)
    with store.uow() as uow:
        for person, value in ((b, "present"), (c, "present"), (a, "absent")):
            uow.session.add(
                Held(
                    tbl="attendance",
                    row_id=fact_id("attendance", drop, person),
                    data=f'{{"session_id": "{drop}", "participant_id": "{person}", '
                    f'"mark": "{value}"}}',
                    wait_tbl="training_session",
                    wait_id=drop,
                )
            )
        uow.commit()
    with store.uow() as uow:
        changed = twice_merge.follow_merged(uow)
    assert changed.created["attendance"] == [fact_id("attendance", keep, c)]
    with store.uow() as uow:
        marks = {m.participant_id: m.mark for m in attendance.marks_of_session(uow, keep)}
        assert twice_merge.follow_merged(uow).empty
    assert marks == {a: "present", b: "present", c: "present"}
