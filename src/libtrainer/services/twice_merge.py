"""Merging a session entered twice into the other one (coordinators; decision 0402).

:func:`merge_sessions` keeps one session and deletes the other in one unit of work:

- every mark of the dropped session whose person has none at the kept one is recorded at the
  kept one (the mark's id is ``fact_id("attendance", kept session, person)``, as everywhere);
- a person marked at both keeps the kept session's mark, except that **"present" wins**: a
  person the dropped session has present and the kept one absent or excused is marked present
  (a tick forgotten on one register is far likelier than a person marked present who was not
  there, and the coordinator chose to merge because it is one session);
- a person whose mark moves to a kept session of a group is enrolled in that group when not
  enrolled there yet (the dropped group's enrolment status and date; no certificate), so the
  kept group's register lists everyone marked at it. Nothing else of the dropped group moves;
- then the dropped session is deleted through :func:`libtrainer.services.records.delete`: its
  marks go with it, and the tombstones travel to every coordinator's store;
- and the merge is noted locally (``lt_session_decision``), so marks that the dropped
  session's computer records later — it never receives the delete: branches get only the
  catalogue — are recorded at the kept session after the sync that brings them
  (:func:`follow_merged`).

Sessions of different branches, dates or (both known) programmes are refused.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from libtrainer.domain.errors import N_, LibtrainerError, ValidationError
from libtrainer.domain.ids import fact_id
from libtrainer.services import common, records
from libtrainer.services.results import Changed
from libtrainer.services.twice import MERGED
from libtrainer.store.models import (
    Attendance,
    Clock,
    Enrolment,
    Held,
    Participant,
    SessionDecision,
    TrainingGroup,
    TrainingSession,
)
from libtrainer.store.uow import UnitOfWork

PRESENT = "present"


@dataclass(frozen=True)
class MergePlan:
    """What merging ``drop_id`` into ``keep_id`` does, counted (to ask the person first)."""

    keep_id: str
    drop_id: str
    moved: int  # marks recorded at the kept session
    made_present: int  # people marked present at the kept session instead of absent/excused
    enrolled: int  # people enrolled in the kept session's group


def plan_merge(uow: UnitOfWork, keep_id: str, drop_id: str) -> MergePlan:
    """What :func:`merge_sessions` would do, without writing; raises as it would."""
    keep, drop = _check(uow, keep_id, drop_id)
    moves, present, enrol = _work(uow, keep, drop)
    return MergePlan(keep_id, drop_id, len(moves), len(present), len(enrol))


def merge_sessions(uow: UnitOfWork, keep_id: str, drop_id: str) -> Changed:
    """Merge the session ``drop_id`` into ``keep_id`` (see the module notes), in one unit of
    work: nothing is written when anything fails."""
    keep, drop = _check(uow, keep_id, drop_id)
    moves, present, enrol = _work(uow, keep, drop)
    changed = Changed()
    with uow.one_transaction():
        for participant_id, mark in moves:
            _set_mark(uow, keep_id, participant_id, mark, changed)
        for participant_id in present:
            _set_mark(uow, keep_id, participant_id, PRESENT, changed)
        for enrolment in enrol:
            uow.session.add(enrolment)
            changed.add("created", Enrolment.__tablename__, enrolment.id)
        uow.session.flush()
        changed.merge(records.delete(uow, TrainingSession.__tablename__, drop_id))
        _note_merged(uow, drop_id, keep_id)
    uow.commit()
    return changed


def _check(uow: UnitOfWork, keep_id: str, drop_id: str) -> tuple[TrainingSession, TrainingSession]:
    if keep_id == drop_id:
        raise ValidationError("session", N_("Choose two different sessions."))
    keep = common.get(uow, TrainingSession, keep_id)
    drop = common.get(uow, TrainingSession, drop_id)
    if keep.branch_id != drop.branch_id:
        raise LibtrainerError(
            N_(
                "These sessions were held at different branches: only one session entered "
                "twice can be merged."
            )
        )
    if keep.date != drop.date:
        raise LibtrainerError(
            N_(
                "These sessions were held on different days ({first} and {second}): only one "
                "session entered twice can be merged."
            ),
            first=drop.date.isoformat(),
            second=keep.date.isoformat(),
        )
    keep_programme, drop_programme = _programme(uow, keep), _programme(uow, drop)
    if keep_programme and drop_programme and keep_programme != drop_programme:
        raise LibtrainerError(
            N_(
                "These sessions belong to different programmes: only one session entered "
                "twice can be merged."
            )
        )
    return keep, drop


def _programme(uow: UnitOfWork, session: TrainingSession) -> str | None:
    if session.group_id is not None:
        group = uow.session.get(TrainingGroup, session.group_id)
        if group is not None:
            return group.programme_id
    return session.programme_id


def _marks(uow: UnitOfWork, session_id: str) -> dict[str, str]:
    stmt = select(Attendance.participant_id, Attendance.mark).where(
        Attendance.session_id == session_id
    )
    return {str(p): str(m) for p, m in uow.session.execute(stmt).all()}


def _work(
    uow: UnitOfWork, keep: TrainingSession, drop: TrainingSession
) -> tuple[list[tuple[str, str]], list[str], list[Enrolment]]:
    """(marks to record at the kept session, people to mark present there, enrolments to
    add to the kept session's group)."""
    kept, dropped = _marks(uow, keep.id), _marks(uow, drop.id)
    moves = sorted((p, m) for p, m in dropped.items() if p not in kept)
    present = sorted(
        p for p, m in dropped.items() if m == PRESENT and kept.get(p, PRESENT) != PRESENT
    )
    enrol = _enrolments(uow, keep.group_id, drop.group_id, [p for p, _m in moves])
    return moves, present, enrol


def _enrolments(
    uow: UnitOfWork, group_id: str | None, from_group: str | None, people: list[str]
) -> list[Enrolment]:
    """New enrolments in ``group_id`` for the people not enrolled there (status and date
    from their enrolment in ``from_group`` when they have one)."""
    if group_id is None or not people:
        return []
    e = Enrolment
    there = set(
        uow.session.execute(
            select(e.participant_id).where(e.group_id == group_id, e.participant_id.in_(people))
        ).scalars()
    )
    before = {
        row.participant_id: row
        for row in uow.session.execute(
            select(e).where(e.group_id == from_group, e.participant_id.in_(people))
        ).scalars()
    }
    added = []
    for participant_id in people:
        if participant_id in there:
            continue
        old = before.get(participant_id)
        added.append(
            Enrolment(
                id=fact_id("enrolment", group_id, participant_id),
                group_id=group_id,
                participant_id=participant_id,
                status=old.status if old is not None else "enrolled",
                enrolled_on=old.enrolled_on if old is not None else None,
                certificate_issued=False,
            )
        )
    return added


def _set_mark(
    uow: UnitOfWork, session_id: str, participant_id: str, mark: str, changed: Changed
) -> None:
    row_id = fact_id("attendance", session_id, participant_id)
    row = uow.session.get(Attendance, row_id)
    if row is None:
        uow.session.add(
            Attendance(id=row_id, session_id=session_id, participant_id=participant_id, mark=mark)
        )
        changed.add("created", Attendance.__tablename__, row_id)
    else:
        common.edited(uow, row, {"mark": mark}, changed)


def _note_merged(uow: UnitOfWork, drop_id: str, keep_id: str) -> None:
    conn = uow.session.connection()
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conn.execute(
        dialect.insert(SessionDecision)
        .values(session_id=drop_id, other_id=keep_id, decision=MERGED, decided_wall=when)
        .on_conflict_do_nothing()
    )


# --- marks that arrive for a merged session later ------------------------------------------------


def follow_merged(uow: UnitOfWork) -> Changed:
    """Marks recorded later at a session this computer merged into another are recorded at
    the kept session, by the rules of :func:`merge_sessions`.

    The dropped session's computer never learns of the merge (branches receive only the
    catalogue), so a lecturer who goes on marking at it sends marks for a deleted session;
    merging holds them (``lt_held``, waiting for the session). Here, after a sync, each held
    mark of a merged session whose person is here is recorded at the session it was merged
    into (following later merges too), unless that session has the person's mark already
    (only "present" replaces absent or excused). The held rows stay held. Running it again
    changes nothing. Commits when it changed something."""
    merged = dict(
        uow.session.execute(
            select(SessionDecision.session_id, SessionDecision.other_id).where(
                SessionDecision.decision == MERGED
            )
        ).all()
    )
    if not merged:
        return Changed()
    held = _held_marks(uow, merged)
    changed = Changed()
    for session_id, marks in sorted(held.items()):
        target = _final(merged, session_id)
        if not _alive(uow, target) or not _deleted(uow, session_id):
            continue
        people = _present_people(uow, [p for p, _m in marks])
        kept = _marks(uow, target)
        for participant_id, mark in marks:
            if participant_id not in people:
                continue
            have = kept.get(participant_id)
            if have is None or (mark == PRESENT and have != PRESENT):
                _set_mark(uow, target, participant_id, mark, changed)
                kept[participant_id] = mark
    if not changed.empty:
        uow.commit()
    return changed


def _held_marks(uow: UnitOfWork, merged: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Held marks waiting for a merged session: session → [(participant, mark)]."""
    found: dict[str, list[tuple[str, str]]] = {}
    ids = sorted(merged)
    for start in range(0, len(ids), 500):
        rows = uow.session.execute(
            select(Held.wait_id, Held.data).where(
                Held.tbl == Attendance.__tablename__,
                Held.wait_tbl == TrainingSession.__tablename__,
                Held.wait_id.in_(ids[start : start + 500]),
            )
        ).all()
        for session_id, data in rows:
            values = json.loads(data)
            participant, mark = values.get("participant_id"), values.get("mark")
            if isinstance(participant, str) and isinstance(mark, str):
                found.setdefault(str(session_id), []).append((participant, mark))
    for marks in found.values():
        marks.sort()
    return found


def _final(merged: dict[str, str], session_id: str) -> str:
    """The session ``session_id`` was merged into, through later merges (a loop stops)."""
    seen = {session_id}
    current = merged[session_id]
    while current in merged and merged[current] not in seen:
        seen.add(current)
        current = merged[current]
    return current


def _alive(uow: UnitOfWork, session_id: str) -> bool:
    return uow.session.get(TrainingSession, session_id) is not None


def _deleted(uow: UnitOfWork, session_id: str) -> bool:
    """The session is deleted (its clock says so), not merely not received yet."""
    cl = uow.session.execute(
        select(Clock.cl).where(
            Clock.tbl == TrainingSession.__tablename__,
            Clock.row_id == session_id,
            Clock.field == "*",
        )
    ).scalar()
    return cl is not None and int(cl) % 2 == 0


def _present_people(uow: UnitOfWork, ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(ids))
    return set(
        uow.session.execute(select(Participant.id).where(Participant.id.in_(wanted))).scalars()
    )
