"""Natural-key ids for shared reference data (docs/decisions/0005).

The same region, library or branch typed on two devices, the same programme, and the same group
or session of a register imported on two devices must be ONE row after the coordinator merges
their bundles. Like attendance (``fact_id("attendance", session, participant)``) and coded
participants (docs/decisions/0400), such rows get a deterministic UUIDv5 derived from what names
them, so both devices create the same id and the merge's last-writer-wins makes them one row.

Names are compared by :func:`key`: case-folded, without diacritics, inner spaces collapsed
("ALYTAUS  APSKRITIS" = "Alytaus apskritis"). Nothing else is normalised ("r." ≠ "r"), so a
typo makes a different place; the coordinator's catalogue is how devices converge on one
spelling. An id never changes: a renamed place keeps the id of the name it was created with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select

from libtrainer.domain.ids import fact_id
from libtrainer.domain.rules import fold
from libtrainer.services.results import Changed
from libtrainer.store.models import Clock


@dataclass
class Ensured(Changed):
    """The result of a create call that finds an existing row instead of adding a second one.

    ``id`` is the row either way; ``created`` lists it only when this call inserted it, and
    ``restored`` says the insert brought back a deleted row (its tombstone had the same id)."""

    id: str = ""
    restored: bool = False


def key(text: str) -> str:
    """The comparison form of a name: case-folded, diacritics removed, spaces collapsed."""
    return " ".join(fold(text).split())


def region_id(country: str, name: str) -> str:
    """``fact_id("region", country, key(name))``."""
    return fact_id("region", country.strip().upper(), key(name))


def library_id(region: str, name: str) -> str:
    """``fact_id("library", region_id, key(name))``."""
    return fact_id("library", region, key(name))


def branch_id(library: str, name: str) -> str:
    """``fact_id("branch", library_id, key(name))``."""
    return fact_id("branch", library, key(name))


def programme_id_for_code(code: str) -> str:
    """A programme with a code: ``fact_id("programme", key(code))``."""
    return fact_id("programme", key(code))


def programme_id_for_title(title: str, level: str) -> str:
    """A programme an import names by title: ``fact_id("programme", key(title), level)``."""
    return fact_id("programme", key(title), level)


def group_id(branch: str, programme: str, name: str) -> str:
    """A group an import creates: ``fact_id("group", branch_id, programme_id, key(name))``."""
    return fact_id("group", branch, programme, key(name))


def session_id(
    group: str | None, programme: str | None, branch: str, date: dt.date, start: dt.time | None
) -> str:
    """A session an import creates: by its group (or programme@branch for a one-off seminar),
    its date and its start time (HH:MM, or "" when not given)."""
    owner = group or f"{programme}@{branch}"
    return fact_id("session", owner, date.isoformat(), start.strftime("%H:%M") if start else "")


def tombstoned(conn: Connection, table: str, row_id: str) -> bool:
    """True when ``row_id`` of ``table`` was deleted here (its ``'*'`` clock is even)."""
    cl = conn.execute(
        select(Clock.cl).where(Clock.tbl == table, Clock.row_id == row_id, Clock.field == "*")
    ).scalar()
    return cl is not None and int(cl) % 2 == 0
