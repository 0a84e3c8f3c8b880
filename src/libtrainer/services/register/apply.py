"""Importing a filled register into the store: read, check, plan, then write in ONE unit of work.

Guarantees:
- Any bad row (a cell, a rule across rows, or a clash with the store) → nothing is written,
  and every problem is reported with its row, column and reason — unless ``skip_bad``, which
  writes the good rows and leaves the bad ones out (optionally saved to a file to fix).
- Importing the same file again writes nothing new (matched sessions, people and facts).
- Rows are written in bulk on the unit of work's connection (``store.bulkcapture``), captured
  like any other edit, so they travel to the coordinator.
Thread rule: call from the thread that owns store writes (it takes the store's writer lock).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, update

from libtrainer.domain import rules
from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n.oserrors import os_reason
from libtrainer.services.register.badrows import write_bad_rows
from libtrainer.services.register.cells import Reading
from libtrainer.services.register.columns import COLUMNS
from libtrainer.services.register.dates import DateNote, decide
from libtrainer.services.register.facts import Facts
from libtrainer.services.register.plan import TABLES, Plan
from libtrainer.services.register.read import (
    MergedNote,
    RawTable,
    SheetNote,
    Stamp,
    file_stamp,
    read_register,
)
from libtrainer.services.register.resolve import Catalogue, home_country
from libtrainer.services.register.validate import ImportRow, RowError, check_rows
from libtrainer.store import erased
from libtrainer.store.bulkcapture import insert_rows
from libtrainer.store.hlc import pack
from libtrainer.store.models import Attendance, Base, TrainingGroup
from libtrainer.store.store import Store

MAX_REPLANS = 5
ORDER = {c.key: i for i, c in enumerate(COLUMNS)}


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    path: Path
    rows_read: int
    errors: list[RowError] = field(default_factory=list)
    plan: Plan = field(default_factory=Plan)
    written: bool = False
    dry_run: bool = False
    skip_bad: bool = False
    bad_rows_file: Path | None = None
    unknown_headers: list[str] = field(default_factory=list)
    #: the workbook's sheets read and skipped (empty for a CSV or a one-sheet workbook)
    sheets: list[SheetNote] = field(default_factory=list)
    #: rows hidden in Excel (by hand or by a filter), not imported
    hidden_rows: int = 0
    #: the headers of columns hidden in Excel, not read (decision 0408)
    hidden_columns: list[str] = field(default_factory=list)
    #: cells merged over rows, read as their value in each row
    merged: list[MergedNote] = field(default_factory=list)
    #: how dates that could be read as day/month or month/day were read (see :mod:`.dates`)
    date_notes: list[DateNote] = field(default_factory=list)
    #: what was read, for an import after this dry run (it reads the file again if changed)
    table: RawTable | None = field(default=None, repr=False)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    @property
    def ok(self) -> bool:
        return not self.errors


def import_register(
    store: Store,
    path: Path,
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
    bad_rows_out: Path | None = None,
    restore_deleted: bool = False,
    progress: Callable[[int], None] | None = None,
    table: RawTable | None = None,
) -> ImportResult:
    """Import the register at ``path``; see the module docstring for the guarantees.

    Records deleted in the store that the file holds again stay deleted (counted in the
    plan's ``not_restored``), and rows of people erased from the records are left out
    (``erased_rows``), unless ``restore_deleted``: bringing them back is asked for.

    ``progress(row)`` is called between the rows read and before each later step; it may raise
    :class:`~libtrainer.domain.errors.Cancelled`, and then nothing is written. ``table``: what
    a dry run of the same file read (``ImportResult.table``), used when the file's size and
    modification time are unchanged since, else the file is read again."""
    stamp = _stamp(path) if table is not None and table.path == path else None
    if table is None or stamp is None or stamp != table.stamp:
        table = read_register(path, progress, stamp=stamp)  # the file is hashed once
    step = progress or (lambda _row: None)
    step(0)
    saved = _saved_hlc(path)
    reading, notes = decide(table.rows)
    with store.read() as conn:
        zone = rules.local_zone(home_country(conn))
    rows, errors = check_rows(table.rows, reading, zone)
    step(0)
    result = ImportResult(
        path=path,
        rows_read=len(table.rows),
        dry_run=dry_run,
        skip_bad=skip_bad,
        unknown_headers=table.unknown_headers,
        sheets=table.sheets,
        hidden_rows=table.hidden_rows,
        hidden_columns=table.hidden_names,
        merged=table.merged,
        date_notes=notes,
        table=table,
    )
    with store.uow() as uow:
        plan = make_plan(uow.connection, rows, saved_hlc=saved, restore=restore_deleted)
        for _attempt in range(MAX_REPLANS):
            if not (skip_bad and plan.errors):
                break
            errors += plan.errors
            rows = [r for r in rows if r.number not in plan.bad_rows]
            plan = make_plan(uow.connection, rows, saved_hlc=saved, restore=restore_deleted)
        errors += plan.errors
        result.errors = sorted(errors, key=lambda e: (e.row, ORDER.get(e.column, len(ORDER))))
        result.plan = plan
        if (errors and not skip_bad) or plan.errors:
            return result
        step(0)
        if skip_bad and errors and bad_rows_out is not None:
            # Before anything is written: a file that cannot be saved stops the import whole.
            result.bad_rows_file = _save_bad(table, result.errors, bad_rows_out, path, reading)
        if not dry_run:
            write_plan(uow.connection, plan)
            uow.commit()
            result.written = True
    return result


def _stamp(path: Path) -> Stamp | None:
    """The file's size, time and hash now, to tell whether the table a dry run read is still
    what it holds (None when it cannot be read: the reading says why)."""
    try:
        return file_stamp(path)
    except OSError:
        return None


def _saved_hlc(path: Path) -> int | None:
    """When the file was last saved, as a clock value (None when it cannot be told)."""
    try:
        return pack(int(path.stat().st_mtime * 1000))
    except (OSError, ValueError, OverflowError):
        return None


def make_plan(
    conn: Connection,
    rows: Sequence[ImportRow],
    *,
    saved_hlc: int | None = None,
    restore: bool = False,
) -> Plan:
    """Resolve every row against the store; nothing is written. ``saved_hlc``: when the file
    was last saved (marks changed in the store after it are kept); ``restore``: bring back
    deleted records the file holds."""
    plan = Plan(restore_deleted=restore)
    catalogue = Catalogue(conn, plan, rows)
    resolved = []
    for row in rows:
        org = catalogue.org(row)
        if org is None:
            continue
        programme_id = catalogue.programme(row, org)
        if programme_id is None:
            continue
        lecturer_id = catalogue.lecturer(row)
        group_id = None
        if row.group:
            group_id = catalogue.group(row, org, programme_id, lecturer_id)
            if group_id is None:
                continue
        resolved.append((row, org, programme_id, group_id, lecturer_id))
    facts = Facts(conn, plan, saved_hlc=saved_hlc)
    branches = {r[0].number: r[1].branch_id for r in resolved}
    facts.prepare(rows, {r[3] for r in resolved if r[3]}, {r[2] for r in resolved}, branches)
    for row, org, programme_id, group_id, lecturer_id in resolved:
        facts.add(row, org, programme_id, group_id, lecturer_id)
    facts.finish()
    plan.group_dates = catalogue.group_dates()
    return plan


def write_plan(conn: Connection, plan: Plan) -> None:
    """Bulk-insert the planned rows, parents first, apply changed attendance marks and the
    stored groups' new start and end dates; the fingerprints of erased people entered again
    go."""
    for table in TABLES:
        rows = plan.inserts[table]
        if rows:
            insert_rows(conn, Base.metadata.tables[table], rows)
    erased.forget(conn, plan.unerased)
    for group in plan.group_dates:
        dates = {"start_date": group.start, "end_date": group.end}
        conn.execute(
            update(TrainingGroup)
            .where(TrainingGroup.id == group.id)
            .values({k: v for k, v in dates.items() if v is not None})
        )
    for change in plan.mark_updates:
        conn.execute(
            update(Attendance).where(Attendance.id == change["id"]).values(mark=change["mark"])
        )


def _same_file(out: Path, source: Path) -> bool:
    """``out`` is the register itself: the same path, a link to it, or a hard link (another
    name of the same file, which ``resolve()`` does not see)."""
    try:
        return out.exists() and (out.resolve() == source.resolve() or out.samefile(source))
    except OSError:
        return False


def _save_bad(
    table: RawTable, errors: list[RowError], out: Path, source: Path, reading: Reading
) -> Path:
    """Save the rows to fix; a clear error (and nothing imported) when that is not possible,
    and never over the register being imported."""
    if _same_file(out, source):
        raise LibtrainerError(
            N_(
                "The rows to fix cannot be saved over the register being imported ({path}). "
                "Choose another file name; nothing was imported."
            ),
            path=str(out),
        )
    try:
        return write_bad_rows(table, errors, out, reading)
    except OSError as exc:
        raise LibtrainerError(
            N_(
                "The rows to fix could not be saved to {path} ({detail}). Choose another "
                "place; nothing was imported."
            ),
            path=str(out),
            detail=os_reason(exc),
        ) from exc
