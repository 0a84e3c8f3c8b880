"""Printables for the training room: a session's sign-in sheet and a group's certificates (PDF).

The data is read here (one session or one group, its people resolved through confirmed aliases
so a merged duplicate prints once); the layouts live in ``printables_signin`` and
``printables_certificate``. Documents are made in the language asked for (lt, lv, en) without
switching the process language. Names are sorted by that language's collation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, func, or_, select

from libtrainer.domain.errors import N_, LibtrainerError, NotFoundError
from libtrainer.domain.rules import fold
from libtrainer.i18n.collation import sort_key
from libtrainer.reports.facts import alias_rows
from libtrainer.store.models import (
    Attendance,
    Branch,
    Enrolment,
    Library,
    Participant,
    Programme,
    Staff,
    TrainingGroup,
    TrainingSession,
)
from libtrainer.store.store import Store

MIN_PREFIX = 4
#: At most this many groups are looked up for the "matches N groups" list.
LISTED = 50


@dataclass(frozen=True)
class Person:
    """A person as printed; birth year, code and phone only tell namesakes apart on a sign-in
    sheet (:mod:`libtrainer.domain.namesakes`: never a whole code)."""

    id: str
    given_name: str
    family_name: str
    gender: str
    birth_year: int | None = None
    code: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Setting:
    """Where and what: branch, library, programme, group and lecturer as printed."""

    branch: str
    library: str
    programme: str
    programme_hours: float
    group: str
    lecturer: str


@dataclass(frozen=True)
class SignInSheet:
    """One session as printed. A one-off seminar has no group and maybe no programme: its
    ``topic`` is what names it."""

    setting: Setting
    date: dt.date
    start: dt.time | None
    hours: float
    place: str
    place_kind: str
    people: list[Person]
    topic: str = ""

    @property
    def title(self) -> str:
        """What the sheet is for in a line: the programme of a group's session; the topic of
        a one-off seminar (its programme when it has no topic)."""
        s = self.setting
        first = s.programme if s.group else self.topic
        return (first or s.programme or self.topic).strip()


@dataclass(frozen=True)
class Certificate:
    setting: Setting
    person: Person
    number: str
    hours: float
    first: dt.date | None
    last: dt.date | None


def sign_in_sheet(store: Store, session: str, out: Path, *, lang: str, walk_ins: int = 6) -> Path:
    """Write the sign-in sheet of ``session`` (id, or its unique start or end) to ``out``."""
    from libtrainer.reports.printables_signin import render_sign_in

    with store.read() as conn:
        data = load_sign_in(conn, session, lang)
    return render_sign_in(data, out, lang=lang, walk_ins=walk_ins)


def certificates(
    store: Store,
    group: str,
    out: Path,
    *,
    lang: str,
    completed_only: bool = True,
    issued_on: dt.date | None = None,
) -> Path:
    """Write one certificate per person who completed ``group`` (id, start or end of it, or
    name). A certificate says the person completed the programme, so people still enrolled get
    none; ``completed_only=False`` is for proofs of the layout only."""
    from libtrainer.reports.printables_certificate import render_certificates

    with store.read() as conn:
        data = load_certificates(conn, group, lang, completed_only=completed_only)
    return render_certificates(data, out, lang=lang, issued_on=issued_on or dt.date.today())


# -- data -------------------------------------------------------------------------------------


def load_sign_in(conn: Connection, ref: str, lang: str) -> SignInSheet:
    s = conn.execute(
        select(TrainingSession).where(TrainingSession.id == find_id(conn, TrainingSession, ref))
    ).one()
    group = conn.execute(select(TrainingGroup).where(TrainingGroup.id == s.group_id)).first()
    programme_id = s.programme_id or (group.programme_id if group else None)
    setting = _setting(
        conn,
        s.branch_id,
        programme_id,
        group.name if group else "",
        s.lecturer_id or (group.lecturer_id if group else None),
        lang,
    )
    ids = set(
        conn.execute(
            select(Attendance.participant_id).where(Attendance.session_id == s.id)
        ).scalars()
    )
    if group is not None:
        ids |= set(
            conn.execute(
                select(Enrolment.participant_id).where(
                    Enrolment.group_id == group.id, Enrolment.status != "dropped"
                )
            ).scalars()
        )
    return SignInSheet(
        setting,
        s.date,
        s.start_time,
        s.academic_hours,
        s.place or "",
        s.place_kind,
        _people(conn, ids, lang),
        (s.topic or "").strip(),
    )


def load_certificates(
    conn: Connection, ref: str, lang: str, *, completed_only: bool = True
) -> list[Certificate]:
    group = conn.execute(
        select(TrainingGroup).where(TrainingGroup.id == find_id(conn, TrainingGroup, ref))
    ).one()
    setting = _setting(
        conn, group.branch_id, group.programme_id, group.name, group.lecturer_id, lang
    )
    statuses = ("completed",) if completed_only else ("completed", "enrolled")
    enrolments = dict(
        conn.execute(
            select(Enrolment.participant_id, Enrolment.id).where(
                Enrolment.group_id == group.id, Enrolment.status.in_(statuses)
            )
        ).all()
    )
    s = TrainingSession
    first, last = conn.execute(
        select(func.min(s.date), func.max(s.date)).where(s.group_id == group.id)
    ).one()
    hours = dict(
        conn.execute(
            select(Attendance.participant_id, func.sum(s.academic_hours))
            .join(s, s.id == Attendance.session_id)
            .where(s.group_id == group.id, Attendance.mark == "present")
            .group_by(Attendance.participant_id)
        ).all()
    )
    canonical = _canonical(conn)
    merged_hours: dict[str, float] = {}
    for pid, h in hours.items():
        key = canonical.get(pid, pid)
        merged_hours[key] = merged_hours.get(key, 0.0) + float(h or 0)
    return [
        Certificate(
            setting,
            p,
            enrolments.get(p.id, p.id)[:8].upper(),
            merged_hours.get(p.id) or setting.programme_hours,
            first or group.start_date,
            last or group.end_date,
        )
        for p in _people(conn, set(enrolments), lang)
    ]


def find_id(conn: Connection, model: type[TrainingSession] | type[TrainingGroup], ref: str) -> str:
    """The id ``ref`` names: an exact id, the unique start or end of one, or (groups) a unique
    name. (Ids are UUIDv7: their start is a timestamp, so the end is usually what tells apart
    records made in the same moment.)"""
    table_id = model.id
    ref = ref.strip()
    if conn.execute(select(table_id).where(table_id == ref)).first():
        return ref
    found: list[str] = []
    if len(ref) >= MIN_PREFIX:
        part = ref.lower().replace("%", "").replace("_", "")
        found = list(
            conn.execute(
                select(table_id)
                .where(or_(table_id.like(part + "%"), table_id.like("%" + part)))
                .limit(LISTED if model is TrainingGroup else 2)
            ).scalars()
        )
    if not found and model is TrainingSession:
        found = _sessions_on(conn, ref)
    if not found and model is TrainingGroup:
        found = [
            gid
            for gid, name in conn.execute(select(TrainingGroup.id, TrainingGroup.name))
            if fold(name) == fold(ref)
        ]
    if len(found) == 1:
        return found[0]
    if found and model is TrainingGroup:
        raise _several_groups(conn, ref, found)
    if found:
        raise LibtrainerError(N_("“{ref}” matches several records; give more of the id."), ref=ref)
    if model is TrainingGroup:
        raise NotFoundError(N_("No group “{ref}” was found."), ref=ref)
    raise NotFoundError(N_("No session “{ref}” was found."), ref=ref)


def _several_groups(conn: Connection, ref: str, ids: list[str]) -> LibtrainerError:
    """The error for a name (or part of an id) several groups have — often the same name at
    several branches on a coordinator's computer: each group with its branch, dates and the
    end of its id, which names it."""
    g = TrainingGroup
    rows = list(
        conn.execute(
            select(g.id, g.name, g.start_date, g.end_date, Branch.name)
            .outerjoin(Branch, Branch.id == g.branch_id)
            .where(g.id.in_(ids[:LISTED]))
        ).all()
    )
    rows.sort(key=lambda r: (sort_key(r[4] or ""), r[2] or dt.date.min, r[0]))
    listed = "; ".join(
        f"{name} ({branch or '—'}, {_span(start, end)}) [{gid[-8:]}]"
        for gid, name, start, end, branch in rows[:10]
    )
    return LibtrainerError(
        N_(
            "“{ref}” matches several groups ({count}): {groups}. Give the one you mean by the "
            "end of its id (in brackets); “libtrainer groups list” lists every group with its "
            "branch."
        ),
        ref=ref,
        count=len(ids),
        groups=listed,
    )


def _span(start: dt.date | None, end: dt.date | None) -> str:
    return " – ".join(d.isoformat() if d else "…" for d in (start, end))


def _sessions_on(conn: Connection, ref: str) -> list[str]:
    """The one session held on the date ``ref`` (2026-11-23), when ``ref`` is a date; several
    on that day are listed in the error, so the person can give the one they mean."""
    try:
        day = dt.date.fromisoformat(ref)
    except ValueError:
        return []
    s, g = TrainingSession, TrainingGroup
    rows = conn.execute(
        select(s.id, s.start_time, g.name)
        .outerjoin(g, g.id == s.group_id)
        .where(s.date == day)
        .order_by(s.start_time, g.name, s.id)
    ).all()
    if len(rows) > 1:
        listed = "; ".join(
            f"{name or '—'} {start.strftime('%H:%M') if start else ''} [{sid[-8:]}]".replace(
                "  ", " "
            )
            for sid, start, name in rows[:10]
        )
        raise LibtrainerError(
            N_(
                "There are {count} sessions on {date}: {sessions}. Give the one you mean by "
                "the end of its id (in brackets)."
            ),
            count=len(rows),
            date=ref,
            sessions=listed,
        )
    return [rows[0][0]] if rows else []


def _setting(
    conn: Connection,
    branch_id: str,
    programme_id: str | None,
    group: str,
    lecturer_id: str | None,
    lang: str,
) -> Setting:
    branch, library = conn.execute(
        select(Branch.name, Library.name)
        .join(Library, Library.id == Branch.library_id)
        .where(Branch.id == branch_id)
    ).one()
    title, hours = "", 0.0
    if programme_id:
        p = conn.execute(select(Programme).where(Programme.id == programme_id)).one()
        titles = {"lt": p.title_lt, "lv": p.title_lv, "en": p.title_en}
        title = titles.get(lang) or p.title_lt or p.title_lv or p.title_en or p.code or ""
        hours = p.academic_hours
    lecturer = ""
    if lecturer_id:
        row = conn.execute(
            select(Staff.given_name, Staff.family_name).where(Staff.id == lecturer_id)
        ).first()
        lecturer = f"{row.given_name} {row.family_name}".strip() if row else ""
    return Setting(branch, library, title, hours, group, lecturer)


def _canonical(conn: Connection) -> dict[str, str]:
    """Participant → the canonical participant a coordinator confirmed it duplicates."""
    return dict(conn.execute(alias_rows()).all())


def _people(conn: Connection, ids: set[str], lang: str) -> list[Person]:
    canonical = _canonical(conn)
    wanted = sorted({canonical.get(i, i) for i in ids})
    p = Participant
    people: list[Person] = []
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        query = select(
            p.id, p.given_name, p.family_name, p.gender, p.birth_year, p.code, p.phone
        ).where(p.id.in_(part), p.archived.is_(False))
        people += [Person(*r) for r in conn.execute(query)]
    return sorted(
        people, key=lambda x: (sort_key(x.family_name, lang), sort_key(x.given_name, lang), x.id)
    )
