"""Sessions: one meeting of a group (or a one-off seminar with no group) on one day.

Hours are academic hours (45 minutes), more than 0 and at most 12 in one session, stored to
2 decimals as typed; a length given in minutes instead (``minutes=50``) is stored as
minutes ÷ 45 to 6 decimals, so that lengths of 50 minutes add up (docs/decisions/0404). A
session of a group takes the group's programme, branch and lecturer unless told otherwise; a session
without a group belongs to this device's branch unless told otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import select

from libtrainer.domain import rules
from libtrainer.domain.enums import PlaceKind
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import new_id
from libtrainer.services import common
from libtrainer.services.results import Changed
from libtrainer.store.models import (
    Attendance,
    Branch,
    Programme,
    Staff,
    TrainingGroup,
    TrainingSession,
)
from libtrainer.store.uow import UnitOfWork


@dataclass(frozen=True)
class SessionInfo:
    id: str
    date: dt.date
    start_time: dt.time | None
    academic_hours: float
    place_kind: str
    place: str | None
    topic: str | None
    group_id: str | None
    programme_id: str | None
    branch_id: str
    lecturer_id: str | None


def _optional_text(field: str) -> common.Rule:
    return lambda v: rules.clean_name(field, v, required=False) or None


RULES: dict[str, common.Rule] = {
    "date": partial(rules.check_date, "date"),
    "academic_hours": partial(rules.check_hours, "academic_hours"),
    "minutes": partial(rules.hours_from_minutes, "minutes"),
    "start_time": partial(rules.check_time, "start_time"),
    "place_kind": common.enum("place_kind", PlaceKind),
    "place": _optional_text("place"),
    "topic": _optional_text("topic"),
    "lecturer_id": common.optional(str),
    "group_id": common.optional(str),
    "programme_id": common.optional(str),
    "branch_id": common.optional(str),
}


def plan_session(
    uow: UnitOfWork, date: dt.date, academic_hours: float | None = None, **fields: Any
) -> Changed:
    """Plan (or record) a session. Fields: minutes (the length instead of academic hours),
    start_time, place_kind (branch, off-site, home visit, online), place, topic, lecturer_id,
    group_id, programme_id, branch_id."""
    if "minutes" not in fields:
        fields["academic_hours"] = academic_hours
    elif academic_hours is not None:
        raise TypeError("give the length as academic_hours or as minutes, not both")
    values = _length(common.validate(RULES, {"date": date, **fields}))
    group_id = values.get("group_id")
    changed = Changed()
    if group_id is not None:
        group = common.get(uow, TrainingGroup, group_id)
        values.setdefault("programme_id", group.programme_id)
        values.setdefault("branch_id", group.branch_id)
        values.setdefault("lecturer_id", group.lecturer_id)
        _group_covers(uow, group, values["date"], changed)
    if values.get("branch_id") is None:
        values["branch_id"] = common.home_branch(uow)
    if values["branch_id"] is None:
        raise ValidationError("branch_id", N_("{field_label} must not be empty."))
    _check_refs(uow, values)
    row = TrainingSession(id=new_id(), **values)
    uow.session.add(row)
    uow.commit()
    return changed.add("created", "training_session", row.id)


def _group_covers(uow: UnitOfWork, group: TrainingGroup, day: dt.date, changed: Changed) -> None:
    """A group's dates cover its sessions (decision 0102, as a register's sessions do: 0407):
    a session after a finished group's end is refused; an open group's end (or start) moves
    to the new session's day."""
    if group.end_date is not None and day > group.end_date:
        if group.finished:
            raise ValidationError(
                "date",
                N_("{field_label}: the group ended on {end}; its sessions cannot come after it."),
                end=group.end_date.isoformat(),
            )
        common.edited(uow, group, {"end_date": day}, changed)
    if group.start_date is not None and day < group.start_date:
        common.edited(uow, group, {"start_date": day}, changed)


def edit_session(uow: UnitOfWork, session_id: str, **changes: Any) -> Changed:
    """Change the fields given (as :func:`plan_session`); only differing values are written."""
    if "minutes" in changes and "academic_hours" in changes:
        raise TypeError("give the length as academic_hours or as minutes, not both")
    values = _length(common.validate(RULES, changes))
    if "branch_id" in values and values["branch_id"] is None:
        raise ValidationError("branch_id", N_("{field_label} must not be empty."))
    row = common.get(uow, TrainingSession, session_id)
    _check_refs(uow, values)
    day = values.get("date", row.date)
    if day != row.date:
        _check_move(uow, row, day)
    changed = common.edited(uow, row, values, Changed())
    uow.commit()
    return changed


def _length(values: dict[str, Any]) -> dict[str, Any]:
    """The values with a length given in minutes as the academic hours it is."""
    if "minutes" in values:
        values["academic_hours"] = values.pop("minutes")
    return values


def _check_move(uow: UnitOfWork, row: TrainingSession, day: dt.date) -> None:
    """A session keeps its marks when it moves, so it cannot move to a day that has not come
    while people are marked present (decision 0103), nor after its finished group's end
    (decision 0102)."""
    if day > rules.today():
        present = uow.session.execute(
            select(Attendance.id)
            .where(Attendance.session_id == row.id, Attendance.mark == "present")
            .limit(1)
        ).first()
        if present is not None:
            raise ValidationError(
                "date",
                N_(
                    "{field_label}: people are marked present at this session, so it cannot "
                    "move to {value}, a day that has not come yet."
                ),
                value=day.isoformat(),
            )
    group = uow.session.get(TrainingGroup, row.group_id) if row.group_id else None
    if group is not None and group.end_date is not None and day > group.end_date:
        raise ValidationError(
            "date",
            N_("{field_label}: the group ended on {end}; its sessions cannot come after it."),
            end=group.end_date.isoformat(),
        )


def _check_refs(uow: UnitOfWork, values: dict[str, Any]) -> None:
    common.require(uow, TrainingGroup, values.get("group_id"))
    common.require(uow, Programme, values.get("programme_id"))
    common.require(uow, Branch, values.get("branch_id"))
    common.require(uow, Staff, values.get("lecturer_id"))


def _info(s: TrainingSession) -> SessionInfo:
    return SessionInfo(
        s.id,
        s.date,
        s.start_time,
        s.academic_hours,
        s.place_kind,
        s.place,
        s.topic,
        s.group_id,
        s.programme_id,
        s.branch_id,
        s.lecturer_id,
    )


def session_info(uow: UnitOfWork, session_id: str) -> SessionInfo:
    """The session's fields as :func:`edit_session` takes them (to fill a form)."""
    return _info(common.get(uow, TrainingSession, session_id))


def sessions_of_group(uow: UnitOfWork, group_id: str) -> list[SessionInfo]:
    """The group's sessions in date and time order."""
    common.get(uow, TrainingGroup, group_id)
    stmt = select(TrainingSession).where(TrainingSession.group_id == group_id)
    found = [_info(s) for s in uow.session.execute(stmt).scalars()]
    return sorted(found, key=lambda s: (s.date, s.start_time or dt.time(0), s.id))
