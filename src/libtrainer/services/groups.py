"""Training groups: a cohort of a programme at a branch, and who is enrolled in it.

An enrolment has the deterministic id ``fact_id("enrolment", group, participant)``: the same
person enrolled in the same group on two devices is one row. Dropping out and finishing change
the enrolment's status (``enrolled`` → ``dropped`` / ``completed``); they never delete it, so
the history reaches the reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import Any

from sqlalchemy import func, select

from libtrainer.domain import rules
from libtrainer.domain.enums import EnrolmentStatus, Referrer
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import fact_id, new_id
from libtrainer.i18n.collation import sort_key
from libtrainer.services import common
from libtrainer.services.results import Changed
from libtrainer.store.models import (
    Branch,
    Enrolment,
    Participant,
    Programme,
    Staff,
    TrainingGroup,
    TrainingSession,
)
from libtrainer.store.uow import UnitOfWork


class Language(StrEnum):
    """Languages a group can be taught in."""

    LT = "lt"
    LV = "lv"
    EN = "en"
    RU = "ru"
    PL = "pl"
    UK = "uk"


RULES: dict[str, common.Rule] = {
    "name": partial(rules.clean_name, "name"),
    "programme_id": str,
    "branch_id": common.optional(str),
    "lecturer_id": common.optional(str),
    "referrer": common.enum("referrer", Referrer),
    "referrer_name": lambda v: rules.clean_name("referrer_name", v, required=False) or None,
    "language": common.enum("language", Language),
    "start_date": partial(rules.check_date, "start_date", required=False),
    "end_date": partial(rules.check_date, "end_date", required=False),
}


def enrolment_id(group_id: str, participant_id: str) -> str:
    return fact_id("enrolment", group_id, participant_id)


def create_group(uow: UnitOfWork, programme_id: str, name: str, **fields: Any) -> Changed:
    """A group of ``programme_id``. Fields: branch_id (default: this device's branch),
    lecturer_id, referrer (employment service, University of the Third Age, …),
    referrer_name, language, start_date, end_date."""
    values = common.validate(RULES, {"programme_id": programme_id, "name": name, **fields})
    rules.check_date_order("end_date", values.get("start_date"), values.get("end_date"))
    values.setdefault("branch_id", common.home_branch(uow))
    _check_refs(uow, values)
    row = TrainingGroup(id=new_id(), **values)
    uow.session.add(row)
    uow.commit()
    return Changed().add("created", "training_group", row.id)


def edit_group(uow: UnitOfWork, group_id: str, **changes: Any) -> Changed:
    """Change the fields given (as :func:`create_group`); only differing values are written.
    A new programme is taken by the group's sessions that had the old one; a finished group's
    end date may not come before one of its sessions (see :func:`finish_group`)."""
    values = common.validate(RULES, changes)
    row = common.get(uow, TrainingGroup, group_id)
    rules.check_date_order(
        "end_date", values.get("start_date", row.start_date), values.get("end_date", row.end_date)
    )
    if row.finished and values.get("end_date") is not None:
        _check_no_session_after(uow, group_id, values["end_date"])
    _check_refs(uow, values)
    old_programme = row.programme_id
    changed = common.edited(uow, row, values, Changed())
    if row.programme_id != old_programme:
        _sessions_follow(uow, group_id, old_programme, row.programme_id, changed)
    uow.commit()
    return changed


def _sessions_follow(uow: UnitOfWork, group_id: str, old: str, new: str, changed: Changed) -> None:
    """The group's sessions that had its old programme take the new one."""
    stmt = select(TrainingSession).where(
        TrainingSession.group_id == group_id, TrainingSession.programme_id == old
    )
    for session in uow.session.execute(stmt).scalars():
        common.edited(uow, session, {"programme_id": new}, changed)


def _check_no_session_after(uow: UnitOfWork, group_id: str, end: dt.date) -> None:
    """A group does not end before one of its sessions: a later planned session would stay on
    Today and could still be marked after the group was finished."""
    stmt = (
        select(TrainingSession.date)
        .where(
            TrainingSession.group_id == group_id,
            TrainingSession.date > end,
            TrainingSession.archived.is_(False),
        )
        .order_by(TrainingSession.date)
        .limit(1)
    )
    later = uow.session.execute(stmt).scalar_one_or_none()
    if later is not None:
        raise ValidationError(
            "end_date",
            N_(
                "{field_label}: the group has a session on {date}, after this date. Choose a "
                "later end date, or change the date of the later sessions or delete them first."
            ),
            date=later.isoformat(),
        )


def _check_refs(uow: UnitOfWork, values: dict[str, Any]) -> None:
    common.require(uow, Programme, values.get("programme_id"))
    common.require(uow, Branch, values.get("branch_id"))
    common.require(uow, Staff, values.get("lecturer_id"))


def _participants(uow: UnitOfWork, participant_ids: Iterable[str]) -> list[str]:
    """The ids, de-duplicated in order, each checked to exist."""
    ids = list(dict.fromkeys(participant_ids))
    for participant_id in ids:
        common.get(uow, Participant, participant_id)
    return ids


def _enrolments(uow: UnitOfWork, group_id: str) -> dict[str, Enrolment]:
    rows = uow.session.execute(select(Enrolment).where(Enrolment.group_id == group_id)).scalars()
    return {row.participant_id: row for row in rows}


def enrol(
    uow: UnitOfWork, group_id: str, participant_ids: Iterable[str], *, on: Any = None
) -> Changed:
    """Enrol participants (a dropped one is enrolled again); the already enrolled are left."""
    day = rules.check_date("enrolled_on", on or rules.today())
    common.get(uow, TrainingGroup, group_id)
    ids = _participants(uow, participant_ids)
    have = _enrolments(uow, group_id)
    changed = Changed()
    for participant_id in ids:
        row = have.get(participant_id)
        if row is None:
            row = Enrolment(
                id=enrolment_id(group_id, participant_id),
                group_id=group_id,
                participant_id=participant_id,
                status=EnrolmentStatus.ENROLLED.value,
                enrolled_on=day,
            )
            uow.session.add(row)
            changed.add("created", "enrolment", row.id)
        elif row.status == EnrolmentStatus.DROPPED.value:
            common.edited(uow, row, {"status": EnrolmentStatus.ENROLLED.value}, changed)
    uow.commit()
    return changed


def drop(uow: UnitOfWork, group_id: str, participant_ids: Iterable[str]) -> Changed:
    """Mark participants as dropped out of the group (their enrolment stays, as history)."""
    common.get(uow, TrainingGroup, group_id)
    ids = _participants(uow, participant_ids)
    have = _enrolments(uow, group_id)
    changed = Changed()
    for participant_id in ids:
        row = have.get(participant_id)
        if row is None:
            raise common.not_found("enrolment", enrolment_id(group_id, participant_id))
        common.edited(uow, row, {"status": EnrolmentStatus.DROPPED.value}, changed)
    uow.commit()
    return changed


@dataclass(frozen=True)
class FinishDates:
    """The end date a group is finished with (decision 0359): its completions count in the
    report period of that date, so it is the day of the last session held, not the day
    somebody finishes the group."""

    #: the group's last session held (dated today or earlier), None when none is
    last_session: dt.date | None
    #: the end date suggested: the last session held; without one the planned end when it has
    #: passed, else today (never before the group's start)
    suggested: dt.date
    #: the latest end date allowed: today
    latest: dt.date


def finish_dates(uow: UnitOfWork, group_id: str) -> FinishDates:
    """The dates the Finish group window starts from (see :class:`FinishDates`)."""
    group = common.get(uow, TrainingGroup, group_id)
    today = rules.today()
    stmt = select(func.max(TrainingSession.date)).where(
        TrainingSession.group_id == group_id,
        TrainingSession.archived.is_(False),
        TrainingSession.date <= today,
    )
    last = uow.session.execute(stmt).scalar_one_or_none()
    if last is not None:
        suggested = last
    elif group.end_date is not None and group.end_date <= today:
        suggested = group.end_date
    else:
        suggested = max(today, group.start_date or today)
    return FinishDates(last, suggested, today)


def finish_group(
    uow: UnitOfWork,
    group_id: str,
    completed: Iterable[str] | None = None,
    *,
    certificates: bool = False,
    end_date: Any = None,
) -> Changed:
    """Finish a group: mark enrolments completed (``completed`` participants, or everyone still
    enrolled when None), optionally with certificates issued, and the group finished.

    ``end_date`` defaults to :func:`finish_dates`' suggestion (the last session held); a date
    after today, or before one of the group's sessions, is refused."""
    end = rules.check_date("end_date", end_date, required=False)
    group = common.get(uow, TrainingGroup, group_id)
    if end is None:
        end = finish_dates(uow, group_id).suggested
    elif end > rules.today():
        raise ValidationError(
            "end_date",
            N_(
                "{field_label}: {date} has not come yet. A group ends on the day of its last "
                "session: choose that day, or today at the latest."
            ),
            date=end.isoformat(),
        )
    rules.check_date_order("end_date", group.start_date, end)
    _check_no_session_after(uow, group_id, end)
    have = _enrolments(uow, group_id)
    if completed is None:
        who = [p for p, e in have.items() if e.status == EnrolmentStatus.ENROLLED.value]
    else:
        who = _participants(uow, completed)
    changed = Changed()
    for participant_id in who:
        row = have.get(participant_id)
        if row is None:
            raise common.not_found("enrolment", enrolment_id(group_id, participant_id))
        done: dict[str, Any] = {"status": EnrolmentStatus.COMPLETED.value}
        if certificates:
            done["certificate_issued"] = True
        common.edited(uow, row, done, changed)
    common.edited(uow, group, {"finished": True, "end_date": end}, changed)
    uow.commit()
    return changed


@dataclass(frozen=True)
class GroupInfo:
    id: str
    programme_id: str
    branch_id: str
    lecturer_id: str | None
    name: str
    referrer: str
    referrer_name: str | None
    language: str
    start_date: dt.date | None
    end_date: dt.date | None
    finished: bool


def group_info(uow: UnitOfWork, group_id: str) -> GroupInfo:
    """The group's fields as :func:`edit_group` takes them (to fill a form)."""
    g = common.get(uow, TrainingGroup, group_id)
    return GroupInfo(
        g.id,
        g.programme_id,
        g.branch_id,
        g.lecturer_id,
        g.name,
        g.referrer,
        g.referrer_name,
        g.language,
        g.start_date,
        g.end_date,
        g.finished,
    )


@dataclass(frozen=True)
class Member:
    """One person on a group's roster; birth year, code and phone tell namesakes apart
    (:mod:`libtrainer.domain.namesakes`)."""

    participant_id: str
    given_name: str
    family_name: str
    status: str
    certificate_issued: bool
    birth_year: int | None = None
    code: str | None = None
    phone: str | None = None


def roster(uow: UnitOfWork, group_id: str) -> list[Member]:
    """Everyone enrolled in the group (dropped too), sorted by the current language."""
    common.get(uow, TrainingGroup, group_id)
    stmt = (
        select(Enrolment, Participant)
        .join(Participant, Enrolment.participant_id == Participant.id)
        .where(Enrolment.group_id == group_id)
    )
    members = [
        Member(
            p.id,
            p.given_name,
            p.family_name,
            e.status,
            e.certificate_issued,
            p.birth_year,
            p.code,
            p.phone,
        )
        for e, p in uow.session.execute(stmt)
    ]
    return sorted(
        members, key=lambda m: (sort_key(m.family_name), sort_key(m.given_name), m.participant_id)
    )
