"""Read-only queries for the GUI's lists, where the services offer no list of their own:
device, groups and sessions, the attendance sheet's header (the Today screen:
:mod:`libtrainer.gui.today_queries`). Participants:
:mod:`libtrainer.gui.people_queries`; consultations and e-scouts:
:mod:`libtrainer.gui.activity_queries`.

The services own every write and the single-record reads; these modules only read, to fill lazy
lists (ids first, rows on demand) and summaries. Every function takes the session of a read unit
from :meth:`~libtrainer.gui.operations.Job.reader` and runs on a worker thread, never on
the GUI thread. Statements are SQLAlchemy Core with bound parameters only (no text from people
is ever part of SQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from libtrainer.domain.namesakes import Namesake
from libtrainer.i18n import get_language
from libtrainer.i18n.collation import sort_key
from libtrainer.i18n.format import format_date, format_hours
from libtrainer.store.models import (
    Branch,
    Library,
    Participant,
    Programme,
    Region,
    Staff,
    TrainingGroup,
    TrainingSession,
)
from libtrainer.store.store import read_meta

from libtrainer.gui import labels as L

CHUNK = 500


def chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def programme_title(row: Any) -> str:
    lang = get_language()
    order = {"lt": ("lt", "lv", "en"), "lv": ("lv", "lt", "en")}.get(lang, ("en", "lt", "lv"))
    for code in order:
        title = getattr(row, f"title_{code}", None)
        if title:
            return str(title)
    return str(getattr(row, "code", None) or "")


# --- device ----------------------------------------------------------------------------------


def device_meta(conn: Connection) -> dict[str, str]:
    """The identity written at set-up plus the branch's name and the region's country."""
    keys = ("device_id", "region_id", "library_id", "branch_id", "role", "device_name")
    meta = {k: read_meta(conn, k) or "" for k in keys}
    name = conn.execute(select(Branch.name).where(Branch.id == meta["branch_id"])).scalar()
    meta["branch_name"] = str(name or "")
    country = conn.execute(select(Region.country).where(Region.id == meta["region_id"])).scalar()
    meta["country"] = str(country or "")
    return meta


# --- groups and sessions ---------------------------------------------------------------------


def group_rows(
    db: Session, branch_id: str | None, *, finished: bool
) -> list[tuple[str, tuple[Any, ...]]]:
    """Groups (of a branch, or all) with programme, dates and counts, newest first."""
    return [(gid, cells) for gid, _branch, cells in _groups(db, branch_id, finished=finished)]


@dataclass(frozen=True)
class RegionGroups:
    """The coordinator's group list: every branch's groups (or one branch's)."""

    #: (group id, (name, branch, programme, start, people, sessions)), newest first
    rows: list[tuple[str, tuple[Any, ...]]]
    branch_of: dict[str, str]  # group id -> its branch's id
    #: (branch id, name) of every branch that has groups, in the language's order
    branches: list[tuple[str, str]]


def region_group_rows(db: Session, branch_id: str | None, *, finished: bool) -> RegionGroups:
    """:func:`group_rows` with each group's branch (a column, and for the window's rule of
    which groups are changed here), and the branches to choose from."""
    names = branch_names(db)
    rows, branch_of = [], {}
    for gid, branch, cells in _groups(db, branch_id, finished=finished):
        rows.append((gid, (cells[0], names.get(branch, ""), *cells[1:])))
        branch_of[gid] = branch
    having = set(
        db.execute(
            select(TrainingGroup.branch_id).where(TrainingGroup.archived.is_(False)).distinct()
        ).scalars()
    )
    branches = sorted(((b, names.get(b, "")) for b in having), key=lambda r: (sort_key(r[1]), r[0]))
    return RegionGroups(rows, branch_of, branches)


def branch_names(db: Session) -> dict[str, str]:
    """Branch id -> its name, with the library's name added where two branches share one."""
    rows = db.execute(
        select(Branch.id, Branch.name, Library.name).join(
            Library, Library.id == Branch.library_id, isouter=True
        )
    ).all()
    seen: dict[str, int] = {}
    for _bid, name, _library in rows:
        seen[name] = seen.get(name, 0) + 1
    return {
        bid: f"{name} ({library})" if seen[name] > 1 and library else name
        for bid, name, library in rows
    }


def _groups(
    db: Session, branch_id: str | None, *, finished: bool
) -> list[tuple[str, str, tuple[Any, ...]]]:
    """(group id, branch id, (name, programme, start, people, sessions)), newest first."""
    from libtrainer.services import grouplist  # noqa: PLC0415

    enrolled, sessions = grouplist.counts()
    stmt = (
        select(TrainingGroup, Programme, enrolled, sessions)
        .join(Programme, Programme.id == TrainingGroup.programme_id)
        .where(TrainingGroup.archived.is_(False), TrainingGroup.finished.is_(finished))
    )
    if branch_id:
        stmt = stmt.where(TrainingGroup.branch_id == branch_id)
    rows = []
    for group, prog, n_enrolled, n_sessions in db.execute(stmt):
        start = format_date(group.start_date) if group.start_date else ""
        rows.append(
            (
                group.start_date or dt.date.min,
                group.id,
                group.branch_id,
                (group.name, programme_title(prog), start, n_enrolled, n_sessions),
            )
        )
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return [(gid, branch, cells) for _d, gid, branch, cells in rows]


def session_rows(db: Session, group_id: str) -> list[tuple[str, tuple[Any, ...]]]:
    """A group's sessions: date, time, hours, place, lecturer, marks recorded."""
    from libtrainer.services import attendance  # noqa: PLC0415 - as grouplist, when read

    marked = attendance.marks_recorded()
    stmt = (
        select(TrainingSession, Staff.given_name, Staff.family_name, marked)
        .outerjoin(Staff, Staff.id == TrainingSession.lecturer_id)
        .where(TrainingSession.group_id == group_id, TrainingSession.archived.is_(False))
        .order_by(TrainingSession.date, TrainingSession.start_time)
    )
    out = []
    for s, given, family, n_marked in db.execute(stmt):
        place = s.place or L.label(L.PLACES, s.place_kind)
        lecturer = f"{given or ''} {family or ''}".strip()
        time = s.start_time.strftime("%H:%M") if s.start_time else ""
        out.append(
            (
                s.id,
                (
                    format_date(s.date),
                    time,
                    format_hours(s.academic_hours),
                    place,
                    lecturer,
                    n_marked,
                ),
            )
        )
    return out


@dataclass(frozen=True)
class SessionHeader:
    session_id: str
    group_id: str | None
    group_name: str
    date: dt.date
    start_time: dt.time | None
    lecturer_id: str | None


def session_header(db: Session, session_id: str) -> SessionHeader | None:
    """What the attendance sheet shows above the list."""
    row = db.execute(
        select(TrainingSession, TrainingGroup.name)
        .outerjoin(TrainingGroup, TrainingGroup.id == TrainingSession.group_id)
        .where(TrainingSession.id == session_id)
    ).first()
    if row is None:
        return None
    s, name = row
    return SessionHeader(
        s.id, s.group_id, name or s.topic or "", s.date, s.start_time, s.lecturer_id
    )


def people_named(db: Session, ids: Sequence[str]) -> list[Namesake]:
    """The participants ``ids`` with what tells namesakes apart, in the language's order."""
    found: list[Namesake] = []
    p = Participant
    for part in chunks(ids):
        stmt = select(p.id, p.given_name, p.family_name, p.birth_year, p.code, p.phone).where(
            p.id.in_(part)
        )
        found.extend(Namesake(*row) for row in db.execute(stmt))
    return sorted(found, key=lambda r: (sort_key(r.family_name), sort_key(r.given_name), r.id))
