"""One participant code given to two people: the coordinator's list and decisions.

Merging notes a coded participant that two devices inserted with different names or birth
years (``store/codeclash.py``): the code makes them one record (docs/decisions/0400), so one
person's details replaced the other's and both people's hours count for one resident. Here the
coordinator reads the notes and decides:

- **same person** (a spelling difference): the note is dismissed and not listed again;
- **different people**: the note stays listed, as waiting for the branch that gave the wrong
  code to correct it (:data:`WHAT_TO_DO`), until the coordinator dismisses it.

The notes are local bookkeeping (``lt_code_clash``), but a decision is a synced
``participant_code_decision`` row (ids and the decision only; docs/decisions/0400): another
coordinator of the region, and this one after a reinstall, sees the note decided after a sync,
and the later decision wins everywhere (per-field last-writer-wins). Nothing here changes a
participant. Reading functions take a connection, so they work on the coordinator's own store
and on a central PostgreSQL store alike. :func:`decide` writes in a unit of work (captured,
committed); :func:`decide_here` keeps the old local decision for a central store, where
nothing may be written that did not come from a bundle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from libtrainer.domain import rules
from libtrainer.domain.errors import N_, NotFoundError, ValidationError
from libtrainer.services import common
from libtrainer.services.register.codes import normalise_code, participant_id_for_code
from libtrainer.services.results import Changed
from libtrainer.store import codeclash as notes
from libtrainer.store.models import (
    Branch,
    CodeClash,
    Participant,
    ParticipantCodeDecision,
    Staff,
)
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
    """The notes not dismissed, by code; each with the decision in effect (a synced one from
    any coordinator first). ``trust`` names the devices (default: this store's)."""
    status = {key: value for key, value in notes.statuses(conn).items() if value != DISMISSED}
    if not status:
        return []
    c = CodeClash
    rows = [
        r
        for r in conn.execute(
            select(*CodeClash.__table__.c).order_by(c.code, c.noticed_wall, c.device)
        ).all()
        if (r.participant_id, r.device) in status
    ]
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
            status[(r.participant_id, r.device)],
        )
        for r in rows
    ]


def open_count(conn: Connection) -> int:
    """How many notes wait for the coordinator (undecided, or different people)."""
    return sum(1 for status in notes.statuses(conn).values() if status != DISMISSED)


def decide(
    uow: UnitOfWork,
    status: str,
    *,
    code: str | None = None,
    keys: Iterable[str] = (),
    staff_id: str | None = None,
) -> Changed:
    """Decide the notes of ``code`` (as typed anywhere: case and spaces do not matter), or the
    notes ``keys``: ``status`` is different | dismissed. The decision is a synced row per note
    (one for the same two devices' inserts, whoever decides), so every coordinator's computer
    sees it; a later decision replaces an earlier one. Raises :class:`NotFoundError` (a code)
    or :class:`ValidationError` (notes) when none waits for a decision, and when the record
    has not arrived whole yet (it waits for a record it refers to). Commits."""
    if status not in (DIFFERENT, DISMISSED):
        raise ValueError(status)
    found = _undecided(uow.connection, code, keys)
    staff = common.require(uow, Staff, staff_id)
    ids = {note.participant_id for note in found}
    present = set(
        uow.session.execute(select(Participant.id).where(Participant.id.in_(ids))).scalars()
    )
    if ids - present:
        raise ValidationError(
            "participant",
            N_(
                "This record has not arrived whole yet: it waits for a record it refers to. "
                "Decide after the next sync."
            ),
        )
    changed = Changed()
    values = {"decision": status, "decided_by": staff, "decided_on": rules.today()}
    for row_id, note in {notes.note_decision_id(note): note for note in found}.items():
        row = uow.session.get(ParticipantCodeDecision, row_id)
        if row is None:
            low, high = sorted((note.device, note.held_device or note.first_device))
            uow.session.add(
                ParticipantCodeDecision(
                    id=row_id,
                    participant_id=note.participant_id,
                    device_a=low,
                    device_b=high,
                    **values,
                )
            )
            changed.add("created", "participant_code_decision", row_id)
        elif row.decision != status:
            for name, value in values.items():
                setattr(row, name, value)
            changed.add("updated", "participant_code_decision", row_id)
    uow.commit()
    return changed


def decide_in(uow: UnitOfWork, status: str, key: str, staff_id: str | None = None) -> Changed:
    """:func:`decide` for one note (its ``key``), as the Duplicates screen does."""
    return decide(uow, status, keys=[key], staff_id=staff_id)


def decide_here(conn: Connection, status: str, *, code: str) -> int:
    """:func:`decide` on a central PostgreSQL store: noted on the note itself, not synced
    (a central store holds only what came in bundles); a coordinator's synced decision that
    arrives there later overrides it. How many notes; errors as :func:`decide`. The caller
    commits."""
    if status not in (DIFFERENT, DISMISSED):
        raise ValueError(status)
    found = _undecided(conn, code, ())
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    c = CodeClash
    for note in found:
        conn.execute(
            update(c)
            .where(c.participant_id == note.participant_id, c.device == note.device)
            .values(status=status, decided_wall=when)
        )
    return len(found)


def _undecided(conn: Connection, code: str | None, keys: Iterable[str]) -> list[Any]:
    """The notes not dismissed (as in effect) of ``code`` or with one of ``keys``."""
    c = CodeClash
    wanted = {tuple(key.split("|", 1)) for key in keys if "|" in key}
    status = notes.statuses(conn)
    found = [
        note
        for note in conn.execute(select(*c.__table__.c).order_by(c.participant_id, c.device))
        if status.get((note.participant_id, note.device)) != DISMISSED
        and (
            (note.participant_id, note.device) in wanted
            or (code is not None and _same_code(code, note.participant_id, note.code))
        )
    ]
    if not found:
        if code is not None:
            raise NotFoundError(
                N_("No participant code “{code}” waits for a decision."), code=code.strip()
            )
        raise ValidationError("participant", N_("This note was already decided."))
    return found


def _same_code(code: str, participant_id: str, stored: str) -> bool:
    wanted = normalise_code(code)
    return bool(wanted) and (
        normalise_code(stored) == wanted or participant_id_for_code(code) == participant_id
    )
