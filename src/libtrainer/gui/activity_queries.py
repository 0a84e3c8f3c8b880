"""Read-only queries of the Consultations and E-scouts screens: consultation ids and rows,
volunteers, referrals waiting for an e-scout. Rules as in :mod:`libtrainer.gui.queries`
(worker thread only; Core statements, bound parameters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from libtrainer.i18n.collation import sort_key
from libtrainer.i18n.format import format_short_date
from libtrainer.store.models import (
    Consultation,
    EScoutVisit,
    Participant,
    Staff,
    Volunteer,
)

from libtrainer.gui import labels as L
from libtrainer.gui.queries import chunks

# --- consultations ---------------------------------------------------------------------------


def consultation_ids(db: Session, branch_id: str | None, since: dt.date) -> list[str]:
    """Consultations since ``since`` (of a branch), newest first."""
    stmt = select(Consultation.id).where(Consultation.date >= since)
    if branch_id:
        stmt = stmt.where(Consultation.branch_id == branch_id)
    stmt = stmt.order_by(Consultation.date.desc(), Consultation.id.desc())
    return list(db.execute(stmt).scalars())


def consultation_rows(db: Session, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """Display rows: date, person (or anonymous: age band), topics, minutes, outcome, helper."""
    found: dict[str, tuple[Any, ...]] = {}
    for part in chunks(ids):
        stmt = (
            select(
                Consultation,
                Participant.given_name,
                Participant.family_name,
                Staff.given_name,
                Staff.family_name,
                Volunteer.given_name,
            )
            .outerjoin(Participant, Participant.id == Consultation.participant_id)
            .outerjoin(Staff, Staff.id == Consultation.staff_id)
            .outerjoin(Volunteer, Volunteer.id == Consultation.volunteer_id)
            .where(Consultation.id.in_(part))
        )
        for c, pg, pf, sg, sf, vg in db.execute(stmt):
            person = (
                f"{pg} {pf}"
                if pf
                else f"{L.label(L.AGE_BANDS, c.age_band)} · {L.label(L.GENDERS, c.gender)}"
            )
            helper = f"{sg or ''} {sf or ''}".strip() or (vg or "")
            found[c.id] = (
                format_short_date(c.date),
                person,
                L.labels(L.TOPICS, c.topics.split(",")),
                c.minutes,
                L.label(L.OUTCOMES, c.outcome),
                helper,
            )
    return found


# --- e-scouts --------------------------------------------------------------------------------


def volunteer_rows(db: Session, branch_id: str | None) -> list[tuple[str, tuple[Any, ...]]]:
    """E-scouts with their visit counts and people helped, by name."""
    visits = (
        select(func.count())
        .select_from(EScoutVisit)
        .where(EScoutVisit.volunteer_id == Volunteer.id)
        .scalar_subquery()
    )
    helped = (
        select(func.coalesce(func.sum(EScoutVisit.people_helped), 0))
        .where(EScoutVisit.volunteer_id == Volunteer.id)
        .scalar_subquery()
    )
    stmt = select(Volunteer, visits, helped).where(Volunteer.archived.is_(False))
    if branch_id:
        stmt = stmt.where(Volunteer.branch_id == branch_id)
    rows = sorted(
        db.execute(stmt),
        key=lambda r: (sort_key(r[0].family_name), sort_key(r[0].given_name)),
    )
    return [(v.id, (v.family_name, v.given_name, v.birth_year, n, h)) for v, n, h in rows]


def referrals_waiting(db: Session, branch_id: str | None, since: dt.date) -> int:
    """Consultations since ``since`` that referred the person to an e-scout."""
    where = [Consultation.referred_to_escout.is_(True), Consultation.date >= since]
    if branch_id:
        where.append(Consultation.branch_id == branch_id)
    return int(
        db.execute(select(func.count()).select_from(Consultation).where(and_(*where))).scalar_one()
    )
