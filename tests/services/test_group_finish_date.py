"""Finishing a group dates it by its last session held, so its completions count in the report
period of that session, not in the month somebody pressed "Finish group" (decision 0359)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from libtrainer.domain import rules
from libtrainer.domain.errors import ValidationError
from libtrainer.i18n import render
from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import attendance, groups, sessions
from libtrainer.store.models import TrainingGroup
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world, counts

LAST = DAY + dt.timedelta(days=14)


@pytest.fixture
def world(store: Store) -> World:
    """The support world (one session on DAY) with two more sessions, the last on LAST,
    everyone present at all three."""
    built = build_world(store)
    ids = [built.session_id]
    for days in (7, 14):
        with store.uow() as uow:
            ids.append(
                sessions.plan_session(
                    uow, DAY + dt.timedelta(days=days), 4, group_id=built.group_id
                ).first("training_session")
            )
    for session_id in ids:
        with store.uow() as uow:
            attendance.record_attendance(uow, session_id, dict.fromkeys(built.people, "present"))
    return built


def _end(store: Store, group_id: str) -> dt.date | None:
    with store.read() as conn:
        return conn.execute(
            select(TrainingGroup.end_date).where(TrainingGroup.id == group_id)
        ).scalar_one()


def _completions(store: Store, start: dt.date, end: dt.date) -> object:
    report = run_report(store, "summary", ReportFilters(start, end), by=("year",))
    return {r.key: r.values[1] for r in report.sections[0].rows}["completions"]


def test_the_suggested_end_date_is_the_last_session_held(store: Store, world: World) -> None:
    """The Finish group window suggests the date of the group's last session held."""
    with store.uow() as uow:
        dates = groups.finish_dates(uow, world.group_id)
    assert (dates.last_session, dates.suggested, dates.latest) == (LAST, LAST, rules.today())


def test_completions_count_in_the_period_of_the_last_session(store: Store, world: World) -> None:
    """Finished without an end date, months later: the group ends on its last session, and
    its completions count in that quarter, none in the quarter of the day it was finished."""
    with store.uow() as uow:
        groups.finish_group(uow, world.group_id)
    assert _end(store, world.group_id) == LAST
    assert _completions(store, dt.date(2025, 1, 1), dt.date(2025, 3, 31)) == 3
    today = rules.today()
    assert _completions(store, today.replace(day=1), today) == 0


def test_without_sessions_held_the_planned_end_is_suggested(store: Store, world: World) -> None:
    """A group with no session held suggests its planned end when that has passed, else
    today."""
    planned = DAY + dt.timedelta(days=30)
    with store.uow() as uow:
        passed = groups.create_group(
            uow, world.programme_id, "Rudens", start_date=DAY, end_date=planned
        ).first("training_group")
    with store.uow() as uow:
        coming = groups.create_group(
            uow, world.programme_id, "Ateitis", end_date=rules.today() + dt.timedelta(days=9)
        ).first("training_group")
    with store.uow() as uow:
        first, second = (groups.finish_dates(uow, g) for g in (passed, coming))
    assert (first.last_session, first.suggested) == (None, planned)
    assert (second.last_session, second.suggested) == (None, rules.today())


def test_an_end_date_after_today_is_refused(store: Store, world: World) -> None:
    """An end date that has not come yet is refused under the end date, and nothing is
    written: the completions would count in a period not yet reported."""
    later = rules.today() + dt.timedelta(days=2)
    before = counts(store)
    with store.uow() as uow, pytest.raises(ValidationError) as refused:
        groups.finish_group(uow, world.group_id, end_date=later)
    assert refused.value.field == "end_date"
    assert later.isoformat() in render(refused.value)
    assert counts(store) == before


def test_an_end_date_before_the_last_session_is_refused(store: Store, world: World) -> None:
    """An end date before the last session is refused, naming that session's date."""
    with store.uow() as uow, pytest.raises(ValidationError) as refused:
        groups.finish_group(uow, world.group_id, end_date=LAST - dt.timedelta(days=1))
    assert LAST.isoformat() in render(refused.value)
