"""Reading a filled register: xlsx (openpyxl, read-only) or CSV (UTF-8, with or without BOM,
``;`` or ``,`` separated), with headers in Lithuanian, Latvian or English.

The reader only finds the header row, maps headers to column keys and keeps every non-empty
row with the row number a person sees in the spreadsheet; turning cells into values and
checking them is :mod:`.validate`'s job. Nothing here evaluates what a cell says (formulas
are read as their cached values). A CSV cell such as ``'=x`` or ``'-5`` (the quote our
"rows to fix" file puts before text a spreadsheet could take for a formula) reads as ``=x``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl.utils.exceptions import InvalidFileException

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import LANGUAGES
from libtrainer.reports.cells_safe import csv_unescape
from libtrainer.services.register.bounds import BLANK_RUN, Budget, open_workbook, sheet_lines
from libtrainer.services.register.columns import (
    BY_KEY,
    COLUMNS,
    INSTRUCTIONS_TITLE,
    LISTS_TITLE,
    SHEET_TITLE,
    header_lookup,
    key_of,
    translator,
)

HEADER_SEARCH_ROWS = 10
MIN_KNOWN_HEADERS = 3
MAX_ROWS = 200_000
#: rows read in all, blank ones included: Excel's own limit (a crafted sheet of millions of
#: empty rows is refused there rather than read for minutes)
MAX_LINES = 1_048_576
#: columns read from a sheet (the template has about 40): a stray cell in column XFD would
#: otherwise make every row 16,384 cells long in memory
MAX_COLUMNS = 256
MAX_CSV_BYTES = 128 * 1024 * 1024  # a 200,000-row register is about 30 MB as CSV
MAX_UNPACKED = 256 * 1024 * 1024  # a workbook's parts unpacked: a 200,000-row register fits
MAX_SHARED_STRINGS = 64 * 1024 * 1024  # held in memory whole by openpyxl
#: What a damaged workbook or table raises while its rows are read (all become one message).
_DAMAGED = (ValueError, TypeError, KeyError, IndexError, ParseError, zipfile.BadZipFile, EOFError)


@dataclass
class RawRow:
    """One non-empty data row: its number in the sheet, cells by column key, original cells."""

    number: int
    values: dict[str, Any]
    cells: list[Any]


@dataclass
class RawTable:
    """What was read from a register file, before any checking."""

    path: Path
    fmt: str  # "xlsx" or "csv"
    headers: list[str]
    keys: list[str | None]  # column key per position; "" = an error column; None = unknown
    rows: list[RawRow] = field(default_factory=list)
    delimiter: str = ","
    #: the file's (size, modification time) before it was read: an import given this table
    #: reads the file again unless it is unchanged (see :func:`file_stamp`)
    stamp: tuple[int, int] = (0, 0)
    cells_read: int = 0  # cells parsed (xlsx), blank ones included
    #: the last row read when BLANK_RUN blank rows after it ended the sheet (0: read to its end)
    ended_after: int = 0

    @property
    def unknown_headers(self) -> list[str]:
        return [h for h, k in zip(self.headers, self.keys) if k is None and h]


def file_stamp(path: Path) -> tuple[int, int]:
    """``path``'s size and modification time (ns): what tells a file changed since it was read."""
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def read_register(path: Path, progress: Callable[[int], None] | None = None) -> RawTable:
    """Read ``path`` (by its extension: .xlsx/.xlsm or .csv/.txt).

    ``progress(row)`` is called between rows; it may raise
    :class:`~libtrainer.domain.errors.Cancelled` to stop the reading (nothing is kept)."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise LibtrainerError(
            N_("{path} is a folder. Name the register file (.xlsx or .csv) in it."), path=str(path)
        )
    if not path.is_file():
        raise LibtrainerError(N_("The file {path} does not exist."), path=str(path))
    budget = Budget(path, progress, width=MAX_COLUMNS)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, budget)
    if suffix in (".csv", ".txt"):
        return _read_csv(path, budget)
    raise LibtrainerError(N_("{path}: only .xlsx and .csv files can be imported."), path=str(path))


def _read_xlsx(path: Path, budget: Budget) -> RawTable:
    stamp = file_stamp(path)
    _check_unpacked_size(path)
    try:
        wb = open_workbook(path)
    except (InvalidFileException, OSError, *_DAMAGED) as exc:
        raise LibtrainerError(
            N_("{path} is not an Excel workbook that can be read."), path=str(path)
        ) from exc
    try:
        # Hidden sheets are not read: what is imported is what the person sees in Excel.
        shown = [
            w.title for w in wb.worksheets if getattr(w, "sheet_state", "visible") == "visible"
        ]
        ws = wb[_register_sheet(shown or list(wb.sheetnames))]
        # The size the sheet declares is not trusted, nor read: a row's cells are parsed up
        # to the header's width, and the sheet ends after BLANK_RUN blank rows (bounds.py).
        table = _table(path, "xlsx", sheet_lines(wb, ws, budget), budget)
        table.stamp = stamp
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
    for size, limit in ((total, MAX_UNPACKED), (strings, MAX_SHARED_STRINGS)):
        if size > limit:
            raise _too_large(
                path,
                N_(
                    "{path} is too large to import ({size} MB unpacked, at most {limit} MB). "
                    "Split it into smaller files."
                ),
                size,
                limit,
            )


def _too_large(path: Path, msgid: str, size: int, limit: int) -> LibtrainerError:
    return LibtrainerError(
        msgid, path=str(path), size=size // (1024 * 1024), limit=limit // (1024 * 1024)
    )


def _damaged(path: Path) -> LibtrainerError:
    return LibtrainerError(
        N_(
            "{path} could not be read to the end: the file is damaged. Open it in Excel or "
            "LibreOffice, save it again and import it again."
        ),
        path=str(path),
    )


def _register_sheet(names: list[str]) -> str:
    """The register sheet: named "Register" in any language, else the first that is not ours."""
    titles = {key_of(translator(lang)(SHEET_TITLE)) for lang in LANGUAGES}
    skip = {key_of(translator(lang)(INSTRUCTIONS_TITLE)) for lang in LANGUAGES} | {LISTS_TITLE}
    for name in names:
        if key_of(name) in titles:
            return name
    for name in names:
        if key_of(name) not in skip:
            return name
    return names[0]


def _read_csv(path: Path, budget: Budget) -> RawTable:
    stamp = file_stamp(path)
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise _too_large(
            path,
            N_(
                "{path} is too large to import ({size} MB, at most {limit} MB). "
                "Split it into smaller files."
            ),
            size,
            MAX_CSV_BYTES,
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LibtrainerError(
            N_("{path} is not UTF-8 text. Save it as “CSV UTF-8” and import it again."),
            path=str(path),
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = ((n, [csv_unescape(c) for c in r]) for n, r in enumerate(reader, start=1))
        table = _table(path, "csv", lines, budget)
    except csv.Error as exc:  # a cell longer than the csv module takes, a stray NUL, …
        raise LibtrainerError(
            N_("{path}: line {row} cannot be read as a table row (a cell is too long)."),
            path=str(path),
            row=reader.line_num,
        ) from exc
    table.delimiter = delimiter
    table.stamp = stamp
    return table


def _table(
    path: Path, fmt: str, lines: Iterable[tuple[int, list[Any]]], budget: Budget
) -> RawTable:
    """Find the header row among the first rows, then collect the data rows after it.

    ``lines``: (row number, cells) of the rows the file stores; rows it leaves out are blank.
    An xlsx sheet ends after :data:`BLANK_RUN` blank rows in a row (a CSV file is read whole:
    its size is limited and its rows are cheap)."""
    iterator = iter(lines)
    keys: list[str | None] = []
    headers: list[str] = []
    for number, raw in iterator:
        if budget.progress is not None and fmt == "csv":
            budget.progress(number)
        if number <= HEADER_SEARCH_ROWS:  # (rows a sheet leaves out come as a jump)
            headers = [_text(c) for c in raw]
            keys = [header_lookup().get(key_of(h)) if h else None for h in headers]
            if sum(1 for k in keys if k) >= MIN_KNOWN_HEADERS:
                break
        if number >= HEADER_SEARCH_ROWS:
            raise LibtrainerError(
                N_(
                    "{path}: no header row found. The first row must name the columns, as in "
                    "the template (libtrainer template)."
                ),
                path=str(path),
            )
    else:
        raise LibtrainerError(N_("{path} has no rows to import."), path=str(path))
    _check_headers(path, headers, keys)
    width = min(MAX_COLUMNS, 1 + max((i for i, h in enumerate(headers) if h), default=0))
    headers, keys = headers[:width], keys[:width]
    budget.width = width  # the rows below are parsed only this wide
    table = RawTable(path=path, fmt=fmt, headers=headers, keys=keys)
    blank_run, last = 0, number
    for number, line in iterator:
        if budget.progress is not None and fmt == "csv":
            budget.progress(number)
        raw = line[:width]  # cells right of the last header are nobody's: not kept
        blank = all(_blank(c) for c in raw)
        blank_run = blank_run + 1 if blank else 0
        if fmt == "xlsx" and blank_run >= BLANK_RUN:
            table.ended_after = last
            break
        if number > MAX_LINES or (not blank and len(table.rows) >= MAX_ROWS):
            raise LibtrainerError(
                N_("{path} has more than {limit} rows; split it into smaller files."),
                path=str(path),
                limit=MAX_ROWS,
            )
        if blank:
            continue
        last = number
        values = {k: raw[i] for i, k in enumerate(keys) if k and i < len(raw)}
        table.rows.append(RawRow(number=number, values=values, cells=list(raw)))
    table.cells_read = budget.cells
    return table


def _check_headers(path: Path, headers: Sequence[str], keys: Sequence[str | None]) -> None:
    from libtrainer.i18n import _

    seen: set[str] = set()
    for header, key in zip(headers, keys):
        if key and key in seen:
            raise LibtrainerError(
                N_("{path}: the column “{column}” appears twice."), path=str(path), column=header
            )
        if key:
            seen.add(key)
    missing = [
        _(c.label) for c in COLUMNS if c.required and c.key not in seen and c.instead not in seen
    ]
    if missing:
        raise LibtrainerError(
            N_(
                "{path}: the columns {columns} are missing. Use the template "
                "(libtrainer template) or add them."
            ),
            path=str(path),
            columns=", ".join(f"“{m}”" for m in missing),
        )
    assert all(k in BY_KEY or k in ("", None) for k in keys)


def _text(cell: Any) -> str:
    return "" if cell is None else " ".join(str(cell).split())


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
