"""Read-only queries of a delete: the record named for people, and who recorded it.

Rules as in :mod:`libtrainer.gui.queries`: worker thread only, Core statements with bound
parameters. The names read here are shown in the question and the undo bar, never logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import _
from libtrainer.i18n.format import format_date
from libtrainer.store.models import (
    Consultation,
    EScoutVisit,
    Participant,
    Programme,
    TrainingGroup,
    TrainingSession,
    Volunteer,
)

from libtrainer.gui import labels as L
from libtrainer.gui.queries import programme_title

#: The tables the window offers to delete from.
TABLES = ("training_session", "training_group", "consultation", "escout_visit", "participant")


@dataclass(frozen=True)
class Target:
    """One record about to be deleted: its fields as shown (formatted in the language of the
    window) and the staff recorded on it (a session's lecturer, a consultation's helper…)."""

    table: str
    row_id: str
    fields: Mapping[str, str] = field(default_factory=dict)
    owners: frozenset[str | None] = frozenset()


def target(db: Session, table: str, row_id: str) -> Target:
    """The record ``row_id`` of ``table`` (one of :data:`TABLES`) as a :class:`Target`."""
    read = _READERS[table]
    found = read(db, row_id)
    if found is None:
        raise LibtrainerError(N_("This record is not there any more (deleted meanwhile?)."))
    fields, owners = found
    return Target(table, row_id, fields, frozenset(owners))


Found = tuple[dict[str, str], set[str | None]] | None


def _when(day: dt.date, start: dt.time | None) -> str:
    return f"{format_date(day)}, {start.strftime('%H:%M')}" if start else format_date(day)


def _session(db: Session, row_id: str) -> Found:
    row = db.execute(
        select(TrainingSession, TrainingGroup.name)
        .outerjoin(TrainingGroup, TrainingGroup.id == TrainingSession.group_id)
        .where(TrainingSession.id == row_id)
    ).first()
    if row is None:
        return None
    s, group = row
    return {"when": _when(s.date, s.start_time), "group": group or s.topic or ""}, {s.lecturer_id}


def _group(db: Session, row_id: str) -> Found:
    row = db.execute(
        select(TrainingGroup, Programme)
        .join(Programme, Programme.id == TrainingGroup.programme_id)
        .where(TrainingGroup.id == row_id)
    ).first()
    if row is None:
        return None
    group, programme = row
    leads = set(
        db.execute(
            select(TrainingSession.lecturer_id).where(TrainingSession.group_id == row_id)
        ).scalars()
    )
    fields = {"name": group.name, "programme": programme_title(programme)}
    return fields, {group.lecturer_id, *leads}


def _consultation(db: Session, row_id: str) -> Found:
    row = db.execute(
        select(Consultation, Participant.given_name, Participant.family_name)
        .outerjoin(Participant, Participant.id == Consultation.participant_id)
        .where(Consultation.id == row_id)
    ).first()
    if row is None:
        return None
    c, given, family = row
    person = (
        f"{given} {family}"
        if family
        else _("anonymous: {age} · {gender}").format(
            age=L.label(L.AGE_BANDS, c.age_band), gender=L.label(L.GENDERS, c.gender)
        )
    )
    return {"date": format_date(c.date), "person": person}, {c.staff_id}


def _visit(db: Session, row_id: str) -> Found:
    row = db.execute(
        select(EScoutVisit, Volunteer.given_name, Volunteer.family_name)
        .join(Volunteer, Volunteer.id == EScoutVisit.volunteer_id)
        .where(EScoutVisit.id == row_id)
    ).first()
    if row is None:
        return None
    v, given, family = row
    return {"name": f"{given} {family}", "when": _when(v.date, v.start_time)}, set()


def _participant(db: Session, row_id: str) -> Found:
    p = db.get(Participant, row_id)
    if p is None:
        return None
    fields = {"name": f"{p.given_name} {p.family_name}", "year": str(p.birth_year or "")}
    return fields, set()


_READERS: dict[str, Callable[[Session, str], Any]] = {
    "training_session": _session,
    "training_group": _group,
    "consultation": _consultation,
    "escout_visit": _visit,
    "participant": _participant,
}
