"""The import plan: what a register file adds to the store, worked out before anything is
written, so a file with any bad row can be refused whole.

A :class:`Plan` holds the rows to insert per table (in foreign-key order), the updates, the
names of everything created (for the summary) and the per-row errors found against the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from libtrainer.domain.errors import ValidationError
from libtrainer.services.common import chunks
from libtrainer.services.register.validate import ImportRow, RowError, row_error
from libtrainer.store.models import Clock, Synced

#: Tables the import writes, parents first.
TABLES = (
    "region",
    "library",
    "branch",
    "staff",
    "programme",
    "training_group",
    "training_session",
    "participant",
    "participant_tag",
    "enrolment",
    "attendance",
)
#: Kinds of things created, as the summary lists them.
KINDS = ("regions", "libraries", "branches", "lecturers", "programmes", "groups")
#: Kinds of deleted records an import does not bring back, as the summary lists them
#: ("people": people without a code erased from the records, ``store/erased.py``).
NOT_RESTORED = ("people", "groups", "sessions", "attendance", "enrolments", "target_groups")


@dataclass(frozen=True)
class ErasedRows:
    """Rows of a person erased from the records here (``on``: the day), not imported."""

    rows: list[int]
    on: dt.date


@dataclass(frozen=True)
class TakenAs:
    """Rows without a code taken as the one person with a code who has the same folded name
    and birth year (in the file or the store). ``name`` and ``code`` as written."""

    rows: list[int]
    name: str
    code: str


@dataclass(frozen=True)
class NotTaken:
    """Rows without a code entered as their own person because several people with a code
    have the same name and birth year (``codes`` as written)."""

    rows: list[int]
    name: str
    codes: list[str]


@dataclass(frozen=True)
class Similar:
    """A place the import makes whose name is close to known ones (a typo?). ``column``:
    "region", "library" or "branch"."""

    column: str
    name: str
    close: list[str]


@dataclass(frozen=True)
class GroupDates:
    """A group already in the store whose dates the file's sessions move (decision 0102: no
    session after the group's end). ``start``/``end``: the new dates, None when unchanged."""

    id: str
    name: str
    start: dt.date | None
    end: dt.date | None


@dataclass
class Plan:
    """Everything one import will write, and why some rows cannot be written."""

    inserts: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {t: [] for t in TABLES}
    )
    mark_updates: list[dict[str, str]] = field(default_factory=list)
    created: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: list[RowError] = field(default_factory=list)
    attendance_unchanged: int = 0
    #: records deleted in the store (here or on another device) that the file holds again:
    #: "groups", "sessions", "attendance", "enrolments", "target_groups" → count, and
    #: "people" erased here → how many. Left deleted, unless the import was asked to bring
    #: them back (``restore_deleted``).
    not_restored: dict[str, int] = field(default_factory=lambda: dict.fromkeys(NOT_RESTORED, 0))
    restore_deleted: bool = False
    #: marks changed in the store after the file was last saved, kept as they are
    marks_kept: int = 0
    #: rows of people erased from the records, left out (one entry per person, file order)
    erased_rows: list[ErasedRows] = field(default_factory=list)
    #: fingerprints of erased people entered again as asked (``restore_deleted``): removed
    #: when the plan is written
    unerased: set[str] = field(default_factory=set)
    #: rows without a code taken as a coded person of the same name and year (one per person)
    taken_as: list[TakenAs] = field(default_factory=list)
    #: rows without a code that several coded people could be (one entry per name and year)
    not_taken: list[NotTaken] = field(default_factory=list)
    #: new places whose names are close to known ones, for the summary
    similar: list[Similar] = field(default_factory=list)
    #: groups in the store given an earlier start or a later end by the file's sessions
    group_dates: list[GroupDates] = field(default_factory=list)
    #: people already in the records whose phone or e-mail in the file differs from the
    #: records' (left as the records have it, as every field of a known person)
    contacts_not_changed: int = 0

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.inserts[table].append(row)

    def new(self, kind: str, table: str, name: str, row: dict[str, Any]) -> str:
        """Add a created catalogue row and note its name for the summary; returns its id."""
        self.add(table, row)
        self.created[kind].append(name)
        return str(row["id"])

    def fail(self, row: ImportRow, column: str, error: ValidationError) -> None:
        self.errors.append(row_error(row.number, column, error))

    @property
    def bad_rows(self) -> set[int]:
        return {e.row for e in self.errors}

    @property
    def participants_created(self) -> int:
        return len(self.inserts["participant"])

    @property
    def sessions_created(self) -> int:
        return len(self.inserts["training_session"])

    @property
    def attendance_written(self) -> int:
        return len(self.inserts["attendance"]) + len(self.mark_updates)


def existing_ids(conn: Connection, model: type[Synced], ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` already exist in ``model``'s table (bound parameters, in chunks)."""
    wanted = sorted(set(ids))
    found: set[str] = set()
    for part in chunks(wanted):
        found.update(conn.execute(select(model.id).where(model.id.in_(part))).scalars())
    return found


def deleted_ids(conn: Connection, table: str, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` were deleted from ``table`` (their ``'*'`` clock is a tombstone)."""
    found: set[str] = set()
    for part in chunks(sorted(set(ids))):
        query = select(Clock.row_id).where(
            Clock.tbl == table, Clock.field == "*", Clock.row_id.in_(part), Clock.cl % 2 == 0
        )
        found.update(conn.execute(query).scalars())
    return found


def changed_after(
    conn: Connection, table: str, ids: Iterable[str], field: str, hlc: int
) -> set[str]:
    """Which of ``ids`` had ``field`` changed later than ``hlc``: its own clock only (an
    edit after the row was made; the insert — e.g. by an earlier import — does not count)."""
    found: set[str] = set()
    for part in chunks(sorted(set(ids))):
        query = select(Clock.row_id).where(
            Clock.tbl == table,
            Clock.field == field,
            Clock.row_id.in_(part),
            Clock.hlc > hlc,
        )
        found.update(conn.execute(query).scalars())
    return found
