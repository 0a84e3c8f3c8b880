"""E-scout visits: a young volunteer meets residents at a branch at an agreed time and place.

A visit is planned first and later marked done (with the number of people helped), cancelled
or not turned up to. People helped are counted only for a visit that was done, and a visit
that took place (or that nobody came to) is not dated in the future; a planned one may be.
The e-scout's age (14–29) is checked when the volunteer is recorded
(:mod:`libtrainer.services.org`), not again for each visit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import select

from libtrainer.domain import rules
from libtrainer.domain.enums import VisitStatus
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import new_id
from libtrainer.services import common
from libtrainer.services.results import Changed
from libtrainer.store.models import Branch, EScoutVisit, Volunteer
from libtrainer.store.uow import UnitOfWork

MAX_PEOPLE_HELPED = 200


@dataclass(frozen=True)
class VisitInfo:
    id: str
    volunteer_id: str
    branch_id: str
    date: dt.date
    start_time: dt.time | None
    place: str | None
    status: str
    people_helped: int
    notes: str = ""


RULES: dict[str, common.Rule] = {
    "volunteer_id": str,
    "branch_id": common.optional(str),
    "date": partial(rules.check_date, "date"),
    "start_time": partial(rules.check_time, "start_time"),
    "place": lambda v: rules.clean_name("place", v, required=False) or None,
    "status": common.enum("status", VisitStatus),
    "people_helped": partial(common.check_count, "people_helped", limit=MAX_PEOPLE_HELPED),
    "notes": partial(rules.clean_text, "notes"),
}


def record_visit(uow: UnitOfWork, volunteer_id: str, date: dt.date, **fields: Any) -> Changed:
    """Record an e-scout visit. Fields: branch_id (default: this device's branch),
    start_time, place, status (planned, done, cancelled, no-show), people_helped, notes."""
    values = common.validate(RULES, {"volunteer_id": volunteer_id, "date": date, **fields})
    _check_outcome(
        values.get("status", VisitStatus.PLANNED.value),
        values["date"],
        values.get("people_helped", 0),
    )
    values.setdefault("branch_id", common.home_branch(uow))
    if values["branch_id"] is None:
        raise ValidationError("branch_id", N_("{field_label} must not be empty."))
    _check_refs(uow, values)
    row = EScoutVisit(id=new_id(), **values)
    uow.session.add(row)
    uow.commit()
    return Changed().add("created", "escout_visit", row.id)


def edit_visit(uow: UnitOfWork, visit_id: str, **changes: Any) -> Changed:
    """Change the fields given (e.g. ``status="done", people_helped=4``); only differing values
    are written."""
    values = common.validate(RULES, changes)
    if "branch_id" in values and values["branch_id"] is None:
        raise ValidationError("branch_id", N_("{field_label} must not be empty."))
    row = common.get(uow, EScoutVisit, visit_id)
    _check_outcome(
        values.get("status", row.status),
        values.get("date", row.date),
        values.get("people_helped", row.people_helped),
    )
    _check_refs(uow, values)
    changed = common.edited(uow, row, values, Changed())
    uow.commit()
    return changed


#: What became of a visit that has come: it took place, or nobody came.
HAPPENED = frozenset({VisitStatus.DONE.value, VisitStatus.NO_SHOW.value})


def _check_outcome(status: str, date: dt.date, people_helped: int) -> None:
    """People are helped only at a visit that took place (done); a visit that took place or
    that nobody came to is not in the future (a planned or cancelled one may be)."""
    if status != VisitStatus.DONE.value and people_helped:
        raise ValidationError(
            "people_helped",
            N_(
                "{field_label}: people are counted only for a visit that took place. Set the "
                "status to “Done”, or leave the number at 0."
            ),
        )
    if status in HAPPENED and date > rules.today():
        raise ValidationError(
            "date",
            N_(
                "{field_label} {value} is in the future: only a planned or cancelled visit can "
                "be. Keep the status “Planned” until the visit has taken place."
            ),
            value=date.isoformat(),
        )


def _check_refs(uow: UnitOfWork, values: dict[str, Any]) -> None:
    common.require(uow, Volunteer, values.get("volunteer_id"))
    common.require(uow, Branch, values.get("branch_id"))


def visits(
    uow: UnitOfWork, *, volunteer_id: str | None = None, branch_id: str | None = None
) -> list[VisitInfo]:
    """Visits, optionally of one e-scout or one branch, newest first."""
    stmt = select(EScoutVisit)
    if volunteer_id is not None:
        stmt = stmt.where(EScoutVisit.volunteer_id == volunteer_id)
    if branch_id is not None:
        stmt = stmt.where(EScoutVisit.branch_id == branch_id)
    found = [
        VisitInfo(
            v.id,
            v.volunteer_id,
            v.branch_id,
            v.date,
            v.start_time,
            v.place,
            v.status,
            v.people_helped,
            v.notes or "",
        )
        for v in uow.session.execute(stmt).scalars()
    ]
    return sorted(found, key=lambda v: (v.date, v.start_time or dt.time(0), v.id), reverse=True)
