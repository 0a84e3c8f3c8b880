"""Reading a register workbook: every visible sheet with a header row, as Excel shows it
(hidden rows left out, merged cells filled), rows named "Sheet!row" when several sheets are
registers (decision 0406). Limits and messages are :mod:`.read`'s."""

from __future__ import annotations

import bisect
import dataclasses
import zipfile
from pathlib import Path
from typing import Any

from openpyxl.utils.exceptions import InvalidFileException

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import LANGUAGES, _
from libtrainer.services.register import read as base
from libtrainer.services.register.bounds import Budget, open_workbook
from libtrainer.services.register.columns import INSTRUCTIONS_TITLE, LISTS_TITLE, key_of, translator
from libtrainer.services.register.hidden import HIDDEN, check_data
from libtrainer.services.register.read import (
    HEADER_ERRORS,
    LOOKALIKE,
    MergedNote,
    RawTable,
    RowRef,
    SheetNote,
    Stamp,
    blank,
    check_lookalikes,
    file_stamp,
    no_header,
    quoted,
    table_of,
    too_large,
    too_many,
)
from libtrainer.services.register.sheets import SheetRows

_DAMAGED = base.DAMAGED
#: a sheet refused for these refuses the workbook, even beside other register sheets
LOSES_DATA = frozenset({LOOKALIKE, HIDDEN})


def read_xlsx(path: Path, budget: Budget, stamp: Stamp | None = None) -> RawTable:
    stamp = stamp or file_stamp(path)
    _check_unpacked_size(path)
    try:
        # the sheets' declared sizes are not trusted, nor read (bounds.py, decision 0511)
        wb = open_workbook(path)
    except (InvalidFileException, OSError, *_DAMAGED) as exc:
        raise LibtrainerError(
            N_("{path} is not an Excel workbook that can be read."), path=str(path)
        ) from exc
    try:
        table = workbook_table(path, wb, budget)
        table.stamp = stamp
        table.cells_read = budget.cells
        return table
    except _DAMAGED as exc:
        raise _damaged(path) from exc
    finally:
        wb.close()


def _check_unpacked_size(path: Path) -> None:
    """Refuse a workbook that would unpack to more than the limits (a "zip bomb")."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # load_workbook says it is not a workbook
    total = sum(p.file_size for p in parts)
    strings = sum(p.file_size for p in parts if p.filename.lower().endswith("sharedstrings.xml"))
    for size, limit in ((total, base.MAX_UNPACKED), (strings, base.MAX_SHARED_STRINGS)):
        if size > limit:
            raise too_large(
                path,
                N_(
                    "{path} is too large to import ({size} MB unpacked, at most {limit} MB). "
                    "Split it into smaller files."
                ),
                size,
                limit,
            )


def _damaged(path: Path) -> LibtrainerError:
    return LibtrainerError(
        N_(
            "{path} could not be read to the end: the file is damaged. Open it in Excel or "
            "LibreOffice, save it again and import it again."
        ),
        path=str(path),
    )


def workbook_table(path: Path, wb: Any, budget: Budget) -> RawTable:
    """Every visible sheet with a header row is read (hidden sheets and sheets without one are
    skipped and named); with several, rows are named "Sheet!row" (decision 0406)."""
    ours = {key_of(translator(lang)(INSTRUCTIONS_TITLE)) for lang in LANGUAGES} | {LISTS_TITLE}
    notes: list[SheetNote] = []
    tables: list[RawTable] = []
    refused: list[LibtrainerError] = []
    for ws in wb.worksheets:
        if key_of(ws.title) in ours:
            continue  # the template's instructions and lists
        if getattr(ws, "sheet_state", "visible") != "visible":
            notes.append(SheetNote(ws.title, skipped="hidden"))
            continue
        budget.width = base.MAX_COLUMNS  # until this sheet's header is found
        sheet = SheetRows(wb, ws, budget)
        try:
            table = table_of(
                path, "xlsx", sheet.rows(), budget, hidden_columns=sheet.hidden_columns
            )
            if table is not None:
                _fill_merged(table, sheet.merged_ranges())
                check_data(table)
                check_lookalikes(table)
        except LibtrainerError as exc:
            if exc.msgid not in HEADER_ERRORS and exc.msgid not in LOSES_DATA:
                named = _in_sheet(exc, path, ws.title, len(wb.worksheets))
                if named is exc:
                    raise
                raise named from exc  # too many cells or rows: in which sheet
            # a sheet with a header that is not a register's (a summary sheet lacking the
            # names): skipped and named when another sheet is read, else the reason
            refused.append(_in_sheet(exc, path, ws.title, len(wb.worksheets)))
            notes.append(SheetNote(ws.title, skipped="not_register"))
            continue
        finally:
            sheet.close()  # a sheet left unread (an error, a cancel) is closed too
        if table is None:
            notes.append(SheetNote(ws.title, skipped="no_header"))
            continue
        notes.append(SheetNote(ws.title, rows=len(table.rows)))
        tables.append(table)
    if refused and (not tables or any(e.msgid in LOSES_DATA for e in refused)):
        # a look-alike header or a hidden column loses data even beside other sheets: said first
        raise next((e for e in refused if e.msgid in LOSES_DATA), refused[0])
    if not tables:
        raise no_header(path)
    if len(wb.worksheets) == 1:
        notes = []  # nothing to say about one sheet
    return _combine(tables, [n for n in notes if not n.skipped], notes)


def _in_sheet(error: LibtrainerError, path: Path, sheet: str, sheets: int) -> LibtrainerError:
    """``error`` naming the sheet too ("r.xlsx (sheet „Vasaris“)") in a workbook of several."""
    if sheets > 1 and error.params.get("path") == str(path):
        where = _("{path}, sheet {sheet}").format(path=path, sheet=quoted(sheet))
        return LibtrainerError(error.msgid, **{**error.params, "path": where})
    return error


def _combine(tables: list[RawTable], read: list[SheetNote], notes: list[SheetNote]) -> RawTable:
    """One table of the register sheets: the first one's columns; rows named "Sheet!row"."""
    first = tables[0]
    first.sheets = notes
    if len(tables) == 1:
        return first
    if sum(len(t.rows) for t in tables) > base.MAX_ROWS:
        raise too_many(first.path)
    combined = dataclasses.replace(
        first, rows=[], merged=[], hidden_rows=0, unknown=[], stopped=[], hidden_names=[]
    )
    for place, (table, note) in enumerate(zip(tables, read)):
        if table.ended_after:  # said for every sheet, naming it
            combined.stopped.append(RowRef(table.ended_after, note.name, place))
        for raw in table.rows:
            raw.number = RowRef(raw.number, note.name, place)
            if table.keys != first.keys:
                raw.cells = [raw.values.get(k) if k else None for k in first.keys]
            combined.rows.append(raw)
        for merged in table.merged:
            combined.merged.append(
                MergedNote(
                    merged.column,
                    RowRef(merged.first, note.name, place),
                    RowRef(merged.last, note.name, place),
                )
            )
        combined.hidden_rows += table.hidden_rows
        combined.unknown += [h for h in table.unknown_headers if h not in combined.unknown]
        combined.hidden_names += [h for h in table.hidden_names if h not in combined.hidden_names]
    return combined


def _fill_merged(table: RawTable, merged: list[tuple[int, int, int, int]]) -> None:
    """Cells merged over several rows are read as Excel shows them: the value in every row
    they cover (a merged Date or Programme); each is noted for the summary."""
    by_number = {r.number: r for r in table.rows}
    numbers = sorted(by_number)
    # Ranges are the file's word: a crafted one may claim rows to 99,999,999,999 or overlap
    # thousands of times. Only rows read are visited, and no more cells than the table holds
    # (ranges that do not overlap, as Excel writes them, never reach that).
    visits = len(numbers) * max(len(table.keys), 1)
    for first, last, min_col, max_col in merged:
        top = by_number.get(first)
        if top is None or last == first:
            continue
        below = numbers[bisect.bisect_right(numbers, first) : bisect.bisect_right(numbers, last)]
        for col in range(min_col - 1, min(max_col, len(table.keys))):
            value = top.cells[col] if col < len(top.cells) else None
            key = table.keys[col]
            if blank(value) or not key:
                continue
            visits -= len(below)
            if visits < 0:
                return
            for number in below:
                raw = by_number[number]
                raw.cells += [None] * (col + 1 - len(raw.cells))
                if blank(raw.cells[col]):
                    raw.cells[col] = value
                    raw.values[key] = value
            if below:
                table.merged.append(MergedNote(table.headers[col], first, below[-1]))
