"""Helpers shared by the service tests: a small world of records and views of the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select

from libtrainer.services import (
    assessments,
    attendance,
    consultations,
    groups,
    org,
    participants,
    programmes,
    sessions,
)
from libtrainer.store.models import Base, Clock, Outbox, Published, synced_tables
from libtrainer.store.store import Store

DAY = dt.date(2025, 3, 14)


@dataclass
class World:
    """A branch with a lecturer, an e-scout, a programme, a group with a session, and people."""

    branch_id: str
    lecturer_id: str
    volunteer_id: str
    programme_id: str
    group_id: str
    session_id: str
    people: list[str] = field(default_factory=list)


def build_marked_world(store: Store) -> World:
    """:func:`build_world` with everyone present at the session and a "pre" score each."""
    built = build_world(store)
    with store.uow() as uow:
        attendance.record_attendance(uow, built.session_id, dict.fromkeys(built.people, "present"))
    for pid in built.people:
        with store.uow() as uow:
            assessments.record_assessment(
                uow, groups.enrolment_id(built.group_id, pid), "pre", 2, DAY
            )
    return built


def build_world(store: Store, people: int = 3) -> World:
    """Create a small, realistic set of records through the services themselves."""
    with store.uow() as uow:
        branch_id = str(org.find_branches(uow)[0].id)
    with store.uow() as uow:
        lecturer = org.add_staff(uow, "Rūta", "Kavaliauskienė", "lecturer").first("staff")
    with store.uow() as uow:
        scout = org.add_volunteer(uow, "Gabija", "Žukauskaitė", DAY.year - 17).first("volunteer")
    with store.uow() as uow:
        programme = programmes.create_programme(
            uow, 8, title_lt="Viešosios paslaugos internetu kiekvienam", topics=["information"]
        ).first("programme")
    with store.uow() as uow:
        group = groups.create_group(
            uow,
            programme,
            "Būdviečio bendruomenė, pavasaris",
            lecturer_id=lecturer,
            referrer="employment_service",
            start_date=DAY,
        ).first("training_group")
    with store.uow() as uow:
        session = sessions.plan_session(uow, DAY, 4, group_id=group).first("training_session")
    names = [
        ("Šarūnas", "Žemaitis", 1961),
        ("Aldona", "Čepulienė", 1948),
        ("Vytautas", "Ąžuolas", 1975),
        ("Jūratė", "Šimkienė", 1983),
    ]
    ids = []
    for given, family, year in names[:people]:
        with store.uow() as uow:
            ids.append(
                participants.create_participant(
                    uow,
                    given,
                    family,
                    birth_year=year,
                    gender="female",
                    target_groups=["job_seekers"],
                ).first("participant")
            )
    with store.uow() as uow:
        groups.enrol(uow, group, ids, on=DAY)
    return World(branch_id, lecturer, scout, programme, group, session, ids)


def counts(store: Store) -> dict[str, int]:
    """Rows of every synced table plus the outbox and clock: equal counts = nothing written."""
    tables = [*synced_tables(), "lt_outbox", "lt_clock"]
    with store.read() as conn:
        return {
            name: int(
                conn.execute(
                    select(func.count()).select_from(Base.metadata.tables[name])
                ).scalar_one()
            )
            for name in tables
        }


def outbox_tail(store: Store) -> int:
    """The highest outbox sequence number so far (0 when empty)."""
    with store.read() as conn:
        return int(conn.execute(select(func.max(Outbox.seq))).scalar() or 0)


def mark_sent(store: Store) -> int:
    """Record everything captured so far as sent in one bundle (as a publish records it), so
    an erasure treats the records as having left; returns the last outbox number sent."""
    with store.uow() as uow:
        last = int(uow.connection.execute(select(func.max(Outbox.seq))).scalar() or 0)
        seq = int(uow.connection.execute(select(func.max(Published.seq))).scalar() or 0) + 1
        uow.connection.execute(
            insert(Published).values(
                kind="changes",
                seq=seq,
                bundle_hash=f"{seq:064x}",
                first_outbox=1,
                last_outbox=last,
                changes=last,
                created_wall="2025-03-14T10:00:00+00:00",
                file_name=f"{seq:012d}-{seq:016x}.ltb",
                data=None,
            )
        )
        uow.commit()
    return last


def outbox_since(store: Store, seq: int) -> list[tuple[str, str, str, Any]]:
    """(table, row id, op, data) of the outbox records after ``seq``."""
    with store.read() as conn:
        rows = conn.execute(
            select(Outbox.tbl, Outbox.row_id, Outbox.op, Outbox.data)
            .where(Outbox.seq > seq)
            .order_by(Outbox.seq)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def causal_length(store: Store, table: str, row_id: str) -> int | None:
    """The row's causal length in lt_clock ('*' entry): odd = exists, even = tombstone."""
    with store.read() as conn:
        return conn.execute(
            select(Clock.cl).where(Clock.tbl == table, Clock.row_id == row_id, Clock.field == "*")
        ).scalar()


def row_exists(store: Store, table: str, row_id: str) -> bool:
    t = Base.metadata.tables[table]
    with store.read() as conn:
        return conn.execute(select(t.c.id).where(t.c.id == row_id)).first() is not None


def consult(store: Store, world: World, **fields: Any) -> str:
    """Log a consultation helped by the world's lecturer; returns its id."""
    fields.setdefault("staff_id", world.lecturer_id)
    fields.setdefault("date", DAY)
    with store.uow() as uow:
        return consultations.log_consultation(
            uow, fields.pop("topics", ["e_government"]), fields.pop("minutes", 30), **fields
        ).first("consultation")
