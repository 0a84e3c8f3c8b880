"""Participant records this device gave up when it changed their code (``lt_recoded``).

A coded participant's id is derived from the code (docs/decisions/0400). When this device
changes a person's code (``services/recode.py``), the person moves to the new code's id and
the record under the old id stays as it was: at the coordinator it may also be another
branch's person. This device remembers that it gave the old record up, so that:

- its lists and searches hide the old record (:func:`hidden`, a condition on a participant
  id column that the list queries add);
- the register import refuses a row with the old code (:func:`given_up`), instead of sending
  the attendance back to the other branch's person.

The rows are local bookkeeping, never synced and not in the canonical dump: at the
coordinator the old record is whoever else has that code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, insert, select
from sqlalchemy.orm import InstrumentedAttribute

from libtrainer.store.models import Recoded


@dataclass(frozen=True)
class GivenUp:
    """An old record given up here: its code, and the code the person has now (the last of
    a chain of changes; None when the code was taken off)."""

    old_code: str
    new_id: str
    new_code: str | None


def hidden(column: ColumnElement[str] | InstrumentedAttribute[str]) -> ColumnElement[bool]:
    """A condition on a participant id ``column``: not a record given up on this device."""
    return column.not_in(select(Recoded.old_id).scalar_subquery())


def note(conn: Connection, old_id: str, new_id: str, old_code: str, new_code: str | None) -> None:
    """Remember that the person of ``old_id`` now has ``new_id`` (in the caller's
    transaction)."""
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conn.execute(
        insert(Recoded).values(
            old_id=old_id,
            new_id=new_id,
            old_code=old_code,
            new_code=new_code,
            recoded_wall=when,
        )
    )


def given_up(conn: Connection, ids: Iterable[str] | None = None) -> dict[str, GivenUp]:
    """The records given up here among ``ids`` (all when None), each with the code its person
    has now: a code changed twice (A → B → C) names C for both A and B."""
    rows = {
        r.old_id: (r.old_code, r.new_id, r.new_code)
        for r in conn.execute(
            select(Recoded.old_id, Recoded.old_code, Recoded.new_id, Recoded.new_code)
        )
    }
    wanted = set(rows) if ids is None else set(ids) & set(rows)
    found: dict[str, GivenUp] = {}
    for old_id in wanted:
        old_code, new_id, new_code = rows[old_id]
        seen = {old_id}
        while new_id in rows and new_id not in seen:  # changed again since
            seen.add(new_id)
            _code, new_id, new_code = rows[new_id]
        found[old_id] = GivenUp(old_code, new_id, new_code)
    return found
