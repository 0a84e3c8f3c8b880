"""What the Today screen shows, read in one go: the figures and the sessions of the week.

Every figure and the list cover the same place, and the screen says which:

- a branch PC or a lecturer's laptop: its **branch** — consultations and sessions of the
  branch; the participants and open groups it holds are its own work (branches receive no
  other branch's people or groups, decision 0114);
- a coordinator's computer: the **whole region** — it holds every branch's merged work, and
  its own branch usually runs no groups, so a branch-only Today showed zeros beside
  region-wide people and groups. There the list has a Branch column (decision 0114 update).

Read-only, on the reader thread (see :mod:`libtrainer.gui.queries`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from libtrainer.i18n.format import format_date
from libtrainer.store import recoded
from libtrainer.store.models import (
    Consultation,
    Participant,
    Region,
    TrainingGroup,
    TrainingSession,
)

from libtrainer.gui import labels as L
from libtrainer.gui.queries import branch_names

#: At most this many sessions are listed (a region's week can hold thousands).
LIST_LIMIT = 1000


@dataclass(frozen=True)
class TodayCounts:
    consultations: int
    sessions: int
    participants: int
    groups_open: int


@dataclass(frozen=True)
class TodayView:
    """The figures and sessions of :attr:`region` (True) or of one branch."""

    counts: TodayCounts
    #: (session id, (date, time, [branch,] group or topic, place, marks)), by date and time
    rows: list[tuple[str, tuple[Any, ...]]]
    branch_of: dict[str, str]  # session id -> its branch id
    region: bool
    region_name: str = ""
    more: bool = False  # more sessions than LIST_LIMIT


def today_view(
    db: Session, branch_id: str | None, day: dt.date, days: int, *, region_id: str | None = None
) -> TodayView:
    """Today's figures and the sessions from ``day`` for ``days`` days: of ``branch_id``, or
    with ``region_id`` of every branch of the region (a coordinator's computer)."""
    region = region_id is not None
    where = None if region else branch_id
    rows, branch_of, more = sessions_on(db, where, day, days, with_branch=region)
    name = ""
    if region:
        name = str(db.execute(select(Region.name).where(Region.id == region_id)).scalar() or "")
    return TodayView(today_counts(db, where, day), rows, branch_of, region, name, more)


def today_counts(db: Session, branch_id: str | None, day: dt.date) -> TodayCounts:
    """Consultations and sessions today, participants and open groups: of ``branch_id``'s
    consultations and sessions (all when None), archived rows left out as the lists do."""

    def count(model: Any, *where: Any) -> int:
        return int(db.execute(select(func.count()).select_from(model).where(*where)).scalar_one())

    s = TrainingSession
    return TodayCounts(
        consultations=count(
            Consultation,
            Consultation.date == day,
            *([Consultation.branch_id == branch_id] if branch_id else []),
        ),
        sessions=count(
            s,
            s.date == day,
            s.archived.is_(False),
            *([s.branch_id == branch_id] if branch_id else []),
        ),
        participants=count(
            Participant, Participant.archived.is_(False), recoded.hidden(Participant.id)
        ),
        groups_open=count(
            TrainingGroup, TrainingGroup.finished.is_(False), TrainingGroup.archived.is_(False)
        ),
    )


def sessions_on(
    db: Session, branch_id: str | None, day: dt.date, days: int = 1, *, with_branch: bool = False
) -> tuple[list[tuple[str, tuple[Any, ...]]], dict[str, str], bool]:
    """Sessions from ``day`` for ``days`` days (of ``branch_id``; all when None): rows of
    (id, (date, time, [branch name,] group or topic, place, marks recorded)), each session's
    branch, and whether more than :data:`LIST_LIMIT` were left out."""
    from libtrainer.services import attendance  # noqa: PLC0415 - as grouplist, when read

    marked = attendance.marks_recorded()
    stmt = (
        select(TrainingSession, TrainingGroup.name, marked)
        .outerjoin(TrainingGroup, TrainingGroup.id == TrainingSession.group_id)
        .where(
            TrainingSession.date >= day,
            TrainingSession.date < day + dt.timedelta(days=days),
            TrainingSession.archived.is_(False),
        )
        .order_by(TrainingSession.date, TrainingSession.start_time, TrainingSession.id)
        .limit(LIST_LIMIT + 1)
    )
    if branch_id:
        stmt = stmt.where(TrainingSession.branch_id == branch_id)
    names = branch_names(db) if with_branch else {}
    rows, branch_of = [], {}
    for s, group, n_marked in db.execute(stmt):
        time = s.start_time.strftime("%H:%M") if s.start_time else ""
        place = s.place or L.label(L.PLACES, s.place_kind)
        where = (names.get(s.branch_id, ""),) if with_branch else ()
        cells = (format_date(s.date), time, *where, group or s.topic or "", place, n_marked)
        rows.append((s.id, cells))
        branch_of[s.id] = s.branch_id
    more = len(rows) > LIST_LIMIT
    return rows[:LIST_LIMIT], branch_of, more
