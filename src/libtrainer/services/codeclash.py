"""One participant code given to two people: the coordinator's list and decisions.

Merging notes a coded participant that two devices inserted with different names or birth
years (``store/codeclash.py``): the code makes them one record (docs/decisions/0400), so one
person's details replaced the other's and both people's hours count for one resident. Here the
coordinator reads the notes and decides:

- **same person** (a spelling difference): the note is dismissed and not listed again;
- **different people**: the note stays listed, as waiting for the branch that gave the wrong
  code to correct it (:data:`WHAT_TO_DO`), until the coordinator dismisses it.

The notes are local bookkeeping (``lt_code_clash``): nothing here changes a participant or
travels in a bundle. Functions take a connection, so they work on the coordinator's own store
(a unit of work's connection) and on a central PostgreSQL store alike; the caller commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, func, select, update

from libtrainer.domain.errors import N_, NotFoundError, ValidationError
from libtrainer.services.register.codes import normalise_code, participant_id_for_code
from libtrainer.services.results import Changed
from libtrainer.store.models import Branch, CodeClash, Participant
from libtrainer.store.uow import UnitOfWork
from libtrainer.sync.trust import TrustList, load_trust

OPEN, DIFFERENT, DISMISSED = "open", "different", "dismissed"
STATUSES = (OPEN, DIFFERENT, DISMISSED)

#: What the coordinator asks of the branch that gave the wrong code (shown with the list).
WHAT_TO_DO = N_(
    "Different people: ask the branch that gave the wrong code to open the person in "
    "Participants, type their own code and save (Change the code): their sessions, groups and "
    "consultations move to the new code and leave this record. The branch must not delete the "
    "record: it is the other branch's person too, and deleting it erases them here. Then check "
    "the record's details in Participants on this computer: it shows the version saved last."
)


@dataclass(frozen=True)
class Version:
    """What one device said about the code's person."""

    given_name: str
    family_name: str
    birth_year: int | None
    branch: str  # the record's branch on that device, else the device's own branch
    device: str  # the device's name (trust list), or the start of its id


@dataclass(frozen=True)
class Clash:
    """One code given to two people: the version held when the other arrived, and that one."""

    key: str  # "<participant id>|<device>": one note
    code: str
    participant_id: str
    first: Version
    second: Version
    now: str  # the name the record holds now (last writer wins)
    noticed: str  # ISO time, UTC
    status: str  # open | different


def clashes(conn: Connection, trust: TrustList | None = None) -> list[Clash]:
    """The notes not dismissed, by code. ``trust`` names the devices (default: this store's)."""
    c = CodeClash
    rows = conn.execute(
        select(*CodeClash.__table__.c)
        .where(c.status != DISMISSED)
        .order_by(c.code, c.noticed_wall, c.device)
    ).all()
    if not rows:
        return []
    trust = trust if trust is not None else load_trust(conn)
    ids = {r.participant_id for r in rows}
    branch_ids = {b for r in rows for b in (r.branch_id, r.first_branch_id) if b}
    branches = dict(
        conn.execute(select(Branch.id, Branch.name).where(Branch.id.in_(branch_ids))).all()
    )
    now = {
        pid: f"{given} {family}"
        for pid, given, family in conn.execute(
            select(Participant.id, Participant.given_name, Participant.family_name).where(
                Participant.id.in_(ids)
            )
        )
    }

    def version(
        given: str, family: str, year: int | None, branch: str | None, device: str
    ) -> Version:
        entry = trust.key_for(device)
        place = branches.get(branch or "") or (entry.branch_name if entry else "")
        return Version(given, family, year, place, entry.name if entry else device[:8])

    return [
        Clash(
            f"{r.participant_id}|{r.device}",
            r.code,
            r.participant_id,
            version(
                r.first_given_name,
                r.first_family_name,
                r.first_birth_year,
                r.first_branch_id,
                r.first_device,
            ),
            version(r.given_name, r.family_name, r.birth_year, r.branch_id, r.device),
            now.get(r.participant_id, ""),
            r.noticed_wall,
            r.status,
        )
        for r in rows
    ]


def open_count(conn: Connection) -> int:
    """How many notes wait for the coordinator (undecided, or different people)."""
    stmt = select(func.count()).select_from(CodeClash).where(CodeClash.status != DISMISSED)
    return int(conn.execute(stmt).scalar_one())


def decide(
    conn: Connection,
    status: str,
    *,
    code: str | None = None,
    keys: Iterable[str] = (),
) -> int:
    """Set the notes of ``code`` (as typed anywhere: case and spaces do not matter), or the
    notes ``keys``, to ``status`` (different | dismissed); how many there were. Raises
    :class:`NotFoundError` when there is none to decide. Does not commit."""
    if status not in (DIFFERENT, DISMISSED):
        raise ValueError(status)
    c = CodeClash
    wanted = {tuple(key.split("|", 1)) for key in keys if "|" in key}
    found = [
        (pid, device)
        for pid, device, stored in conn.execute(
            select(c.participant_id, c.device, c.code).where(c.status != DISMISSED)
        )
        if (pid, device) in wanted or (code is not None and _same_code(code, pid, stored))
    ]
    if not found:
        if code is not None:
            raise NotFoundError(
                N_("No participant code “{code}” waits for a decision."), code=code.strip()
            )
        raise ValidationError("participant", N_("This note was already decided."))
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for pid, device in found:
        conn.execute(
            update(c)
            .where(c.participant_id == pid, c.device == device)
            .values(status=status, decided_wall=when)
        )
    return len(found)


def decide_in(uow: UnitOfWork, status: str, key: str) -> Changed:
    """:func:`decide` for one note (its ``key``) in a unit of work, committed. Nothing synced
    changes: the returned :class:`Changed` is empty."""
    decide(uow.connection, status, keys=[key])
    uow.commit()
    return Changed()


def _same_code(code: str, participant_id: str, stored: str) -> bool:
    wanted = normalise_code(code)
    return bool(wanted) and (
        normalise_code(stored) == wanted or participant_id_for_code(code) == participant_id
    )
