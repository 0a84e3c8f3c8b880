"""One participant code given to two people: noticed while merging, noted for the coordinator.

A coded participant's id is derived from the code (docs/decisions/0400), so the same code
typed on two devices is one row after the merge. When two branches give one code to two
different people by mistake, the merge's per-field last-writer-wins silently makes them one
resident: one name replaces the other and both people's hours count for one person. Here the
merge notices it and keeps a note in ``lt_code_clash`` (local, never synced, not in the
canonical dump); the merge itself is not changed in any way.

What counts: an *insert* of a ``participant`` row (causal length 1: made from nothing on its
device, not a restore) arriving from device B while the row is alive here, inserted by
another device A, and the two disagree on the person: the folded "given family" name differs
(diacritics, case and spacing ignored, as the register import and the duplicates list compare
names), or both birth years are known and differ. An edit from another device is never one
(that device had the row). The version held here is the row's current values, named by the
device that wrote its current name. One note per (participant, inserting device): merging the
same insert again adds nothing, and a coordinator's decision stays.

The notes stay local; the coordinator's *decision* on one is a synced
``participant_code_decision`` row named by the participant and the two inserting devices
(:func:`decision_id`), so another coordinator's computer, which may have merged the two
inserts in the other order, finds it for its own note (:func:`statuses`).

Only the rare path costs anything: a new row on the bulk path has no clock yet and never
reaches :func:`notice`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from libtrainer.domain.ids import fact_id
from libtrainer.domain.rules import fold
from libtrainer.store import held
from libtrainer.store.models import Clock, CodeClash, ParticipantCodeDecision

if TYPE_CHECKING:
    from libtrainer.store.apply import Change

TABLE = "participant"
OPEN = "open"


def applies(change: Change, star: tuple[int, int, str]) -> bool:
    """Whether merging ``change`` onto a row whose ``'*'`` clock is ``star`` must be compared:
    a first insert from another device than the one that inserted the alive row here."""
    return (
        change.tbl == TABLE
        and change.op == "i"
        and change.cl == 1
        and star[0] == 1
        and star[2] != change.device
    )


def name_key(given_name: Any, family_name: Any) -> str:
    """Folded "given family", as ``services/register/codes.name_key`` (the register import)."""
    return fold(" ".join(f"{given_name or ''} {family_name or ''}".split()))


def disagree(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    """Two versions of a participant describe different people: another folded name, or two
    known birth years that differ (an unknown year agrees with any)."""
    if name_key(ours.get("given_name"), ours.get("family_name")) != name_key(
        theirs.get("given_name"), theirs.get("family_name")
    ):
        return True
    years = ours.get("birth_year"), theirs.get("birth_year")
    return None not in years and years[0] != years[1]


def notice(conn: Connection, change: Change, star: tuple[int, int, str]) -> bool:
    """Compare an insert :func:`applies` to with the row held here; note a clash (before the
    merge writes anything). True when they disagree. Runs in the merge's transaction."""
    incoming = change.data or {}
    table = held.table_of(TABLE)
    where = held.locate(conn, table, change.row_id)
    ours = held.current_values(conn, table, change.row_id, where)
    if not ours or not disagree(ours, incoming):
        return False
    named_by = conn.execute(
        select(Clock.device).where(
            Clock.tbl == TABLE, Clock.row_id == change.row_id, Clock.field == "given_name"
        )
    ).scalar()
    values = {
        "participant_id": change.row_id,
        "device": change.device,
        "code": _text(incoming.get("code") or ours.get("code"), 60),
        "given_name": _text(incoming.get("given_name"), 120),
        "family_name": _text(incoming.get("family_name"), 120),
        "birth_year": _year(incoming.get("birth_year")),
        "branch_id": _id(incoming.get("branch_id")),
        "first_device": str(named_by or star[2]),
        "first_given_name": _text(ours.get("given_name"), 120),
        "first_family_name": _text(ours.get("family_name"), 120),
        "first_birth_year": _year(ours.get("birth_year")),
        "first_branch_id": _id(ours.get("branch_id")),
        "held_device": star[2],
        "noticed_wall": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "status": "open",
    }
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(CodeClash).values(values).on_conflict_do_nothing())
    return True


def decision_id(participant_id: str, device: str, other: str) -> str:
    """The id of the coordinators' decision on the inserts of ``participant_id`` by two
    devices (in either order)."""
    return fact_id("code-decision", participant_id, *sorted((device, other)))


def note_decision_id(note: Any) -> str:
    """:func:`decision_id` of a ``lt_code_clash`` row: its device and the one that inserted
    the row it was compared with (``first_device`` in notes older than upgrade 0010)."""
    return decision_id(note.participant_id, note.device, note.held_device or note.first_device)


def statuses(conn: Connection) -> dict[tuple[str, str], str]:
    """Every note's status in effect, by (participant, device): the coordinators' synced
    decision on it when there is one, else the note's own (decided on this computer before
    decisions travelled, or on a central store, or still open)."""
    notes = conn.execute(select(*CodeClash.__table__.c)).all()
    if not notes:
        return {}
    d = ParticipantCodeDecision
    decided = dict(
        conn.execute(
            select(d.id, d.decision).where(
                d.participant_id.in_({note.participant_id for note in notes})
            )
        ).all()
    )
    return {
        (note.participant_id, note.device): decided.get(note_decision_id(note), note.status)
        for note in notes
    }


def open_keys(conn: Connection) -> set[tuple[str, str]]:
    """The notes nobody has decided yet, by (participant, device)."""
    return {key for key, status in statuses(conn).items() if status == OPEN}


def keys(conn: Connection) -> set[tuple[str, str]]:
    """Every note, decided or not, by (participant, device)."""
    return {
        (pid, device)
        for pid, device in conn.execute(select(CodeClash.participant_id, CodeClash.device))
    }


def notes_of(conn: Connection, participant_id: str) -> tuple[dict[str, Any], ...]:
    """The notes of one participant, every column (to put back after an undone erasure)."""
    rows = conn.execute(
        select(CodeClash.__table__).where(CodeClash.participant_id == participant_id)
    )
    return tuple(dict(row) for row in rows.mappings())


def put_back(conn: Connection, notes: tuple[dict[str, Any], ...]) -> None:
    """Put notes read by :func:`notes_of` back (those noted again meanwhile are kept)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    for note in notes:
        conn.execute(dialect.insert(CodeClash).values(note).on_conflict_do_nothing())


def forget(conn: Connection, participant_id: str) -> None:
    """The participant is deleted (erased): its notes go too, names included."""
    conn.execute(delete(CodeClash).where(CodeClash.participant_id == participant_id))


def _text(value: Any, limit: int) -> str:
    return str(value or "")[:limit]


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _id(value: Any) -> str | None:
    return value[:36] if isinstance(value, str) else None
