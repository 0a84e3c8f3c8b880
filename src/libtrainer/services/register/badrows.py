"""Saving the rows an import left out, to fix and import again.

The file has the input's format (xlsx or CSV with the same separator), its header row and
cells as read, minus any old error column, plus an "Error" column (in the user's language)
that says what is wrong with each row, and before it, for rows of a workbook of several
register sheets, a "Sheet" column naming the sheet each came from (kept when the fixed file
is imported and saved to fix again). Importing the fixed file ignores both columns. An xlsx
file also has the template's help notes, drop-down lists and instructions (in the user's
language), so that the rows can be corrected as a new register would be filled in.
No cell becomes a formula: xlsx cells hold text as text, and CSV text beginning with
= + - @, a tab or a carriage return gets a leading ``'`` that the import takes off again. In a
CSV, text columns (codes, names, phones) get the same ``'`` before text that only looks like a
number or a date (``0012``, ``1-2``), so that Excel does not turn a code into 12 and the fixed
file imports as typed (decision 0358); date, time, hours and year columns are written as read.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from libtrainer.domain.errors import N_, ValidationError
from libtrainer.i18n import _
from libtrainer.reports.cells_safe import csv_cell, keep_text
from libtrainer.services.register import cells as cell_values
from libtrainer.services.register.columns import (
    BY_KEY,
    ERROR_LABEL,
    SHEET_LABEL,
    key_of,
    sheet_headers,
)
from libtrainer.services.register.read import RawRow, RawTable, RowRef
from libtrainer.services.register.sheets import UNSAVED
from libtrainer.services.register.template import GUIDE, add_guidance
from libtrainer.services.register.validate import RowError

#: Rows below the ones to fix that also get the drop-down lists (a row added while fixing)
SPARE_ROWS = 200
#: The instructions of the file of rows to fix, before the template's first two lines
FIX_GUIDE = (
    N_("These rows of a register could not be imported. The last column says what is wrong."),
    N_(
        "Correct the cells (the drop-down lists offer the allowed values), save the file and "
        "import it again. The last column is ignored then; rows already imported are not "
        "added twice."
    ),
    *GUIDE[:2],
)


def write_bad_rows(
    table: RawTable,
    errors: Sequence[RowError],
    out: Path,
    reading: cell_values.Reading | None = None,
) -> Path:
    """Write the rows named in ``errors`` to ``out``; returns the path written. ``reading``:
    the order the whole file's day/month dates were read in — such a date (6/7/2025) is
    written as year-month-day, since the rows saved alone may no longer prove the order."""
    reasons: dict[int, list[str]] = defaultdict(list)
    for error in errors:
        reasons[error.row].append(error.reason)
    keep = [i for i, key in enumerate(table.keys) if key != ""]
    rows = [row for row in table.rows if row.number in reasons]
    sheets = [_sheet(table, row) for row in rows]
    # rows of several sheets say which one each came from (a column the import ignores)
    sheet_column = [_(SHEET_LABEL)] if any(sheets) else []
    header = [_savable(table.headers[i]) for i in keep] + sheet_column + [_(ERROR_LABEL)]
    body = [
        [
            _date(_cell(row.cells, i), reading) if table.keys[i] == "date" else _cell(row.cells, i)
            for i in keep
        ]
        + ([_savable(sheet)] if sheet_column else [])
        + [" | ".join(reasons[row.number])]
        for row, sheet in zip(rows, sheets)
    ]
    keys = [table.keys[i] for i in keep] + [None] * len(sheet_column)
    fmt = {".xlsx": "xlsx", ".csv": "csv"}.get(out.suffix.lower(), table.fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        _write_xlsx(out, header, body, keys)
    else:
        _write_csv(out, header, body, table.delimiter, keys)
    return out


def _sheet(table: RawTable, row: RawRow) -> str:
    """The sheet ``row`` came from: its workbook sheet when the workbook had several register
    sheets, or the Sheet column of a file of rows to fix imported again ("" when neither)."""
    if isinstance(row.number, RowRef):
        return row.number.sheet
    for i, (header, key) in enumerate(zip(table.headers, table.keys)):
        if key == "" and key_of(header) in sheet_headers():
            return cell_values.text(_cell(row.cells, i))
    return ""


def _date(value: Any, reading: cell_values.Reading | None) -> Any:
    """A day/month date as the file's order read it, written year-month-day; anything else
    (an ISO date, a timestamp, a date that could not be read) as it was."""
    if reading is None or not isinstance(value, str):
        return value
    if not cell_values.DAY_MONTH.match(value.strip()):
        return value
    try:
        return cell_values.to_date("date", value, reading).isoformat()
    except ValidationError:
        return value


def _cell(cells: Sequence[Any], index: int) -> Any:
    value = cells[index] if index < len(cells) else None
    return None if value is UNSAVED else _savable(value)  # the Error column says why


def _savable(value: Any) -> Any:
    """Control characters cannot be saved in xlsx: they are shown as "?"."""
    return ILLEGAL_CHARACTERS_RE.sub("?", value) if isinstance(value, str) else value


def _write_xlsx(
    out: Path, header: list[str], body: list[list[Any]], keys: list[str | None]
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Rows to fix")[:31]
    ws.append(header)
    for cell in ws[1]:
        keep_text(cell).font = Font(bold=True)  # a header from a CSV stays text
    for values in body:
        ws.append(values)
        for cell in ws[ws.max_row]:
            keep_text(cell)  # text from a CSV stays text, never a formula
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, dt.time):
                cell.number_format = "hh:mm"
    ws.freeze_panes = "A2"
    ws.column_dimensions[ws.cell(row=1, column=len(header)).column_letter].width = 60
    add_guidance(wb, ws, keys, len(body) + SPARE_ROWS, _, FIX_GUIDE)
    wb.save(out)


#: Register column kinds whose cells are numbers, dates or times: written as read, so that
#: Excel shows them as it did in the file imported.
_VALUE_KINDS = frozenset({"date", "time", "number", "year"})


def _write_csv(
    out: Path,
    header: list[str],
    body: list[list[Any]],
    delimiter: str,
    keys: list[str | None],
) -> None:
    kinds = [BY_KEY[k].kind if k is not None and k in BY_KEY else "text" for k in keys]
    as_text = [kind not in _VALUE_KINDS for kind in kinds] + [True]  # + the error column
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow([csv_cell(h) for h in header])
        for values in body:
            writer.writerow(
                [
                    "" if v is None else _csv_text(csv_cell(v, as_text=text))
                    for v, text in zip(values, as_text)
                ]
            )


def _csv_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()[:5] if isinstance(value, dt.time) else value.isoformat()
    return str(value)
