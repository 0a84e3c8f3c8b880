"""Reading a filled register: xlsx (openpyxl, read-only) or CSV (UTF-8, with or without BOM, or
the Windows code page Excel saves in: :mod:`.legacy`; ``;`` or ``,`` separated), with headers in
Lithuanian, Latvian or English.

The reader only finds the header row, maps headers to column keys and keeps every non-empty
row with the row number a person sees in the spreadsheet; turning cells into values and
checking them is :mod:`.validate`'s job. Nothing here evaluates what a cell says (formulas
are read as their cached values). A CSV cell such as ``'=x`` or ``'-5`` (the quote our
"rows to fix" file puts before text a spreadsheet could take for a formula) reads as ``=x``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n.oserrors import os_reason
from libtrainer.reports.cells_safe import csv_unescape
from libtrainer.services.register import legacy
from libtrainer.services.register.bounds import BLANK_RUN, Budget
from libtrainer.services.register.columns import (
    BY_KEY,
    COLUMNS,
    guess_column,
    header_lookup,
    key_of,
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
#: a file's size, modification time (ns) and content hash (:func:`file_stamp`)
Stamp = tuple[int, int, str]
#: What a damaged workbook or table raises while its rows are read (all become one message).
DAMAGED = (ValueError, TypeError, KeyError, IndexError, ParseError, zipfile.BadZipFile, EOFError)


class RowRef(int):
    """A row number of a workbook with several register sheets: shown as "Vasaris!5", and
    unique across the sheets as a number (the sheet's place × 2²¹ + its row), so the rest
    of the import keeps comparing, sorting and naming rows by number (decision 0406)."""

    sheet: str
    row: int

    def __new__(cls, row: int, sheet: str, place: int) -> RowRef:
        ref = super().__new__(cls, place * SHEET_STRIDE + row)
        ref.sheet, ref.row = sheet, row
        return ref

    def __str__(self) -> str:
        return f"{self.sheet}!{self.row}"

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return format(str(self), spec) if not spec or spec[-1] not in "dn" else str(self)


SHEET_STRIDE = 1 << 21  # more than MAX_LINES


def row_text(number: int) -> str:
    """A row number as a person reads it ("1 048 576", or "Vasaris!12" in a workbook of
    several register sheets)."""
    from libtrainer.i18n.format import format_number

    return str(number) if isinstance(number, RowRef) else format_number(number)


def row_json(number: int) -> int | str:
    """A row number for ``--json``: a plain number, or "Vasaris!12"."""
    return str(number) if isinstance(number, RowRef) else int(number)


@dataclass
class RawRow:
    """One non-empty data row: its number in the sheet, cells by column key, original cells.
    ``extra``: a CSV row with more cells than the header (their count), or with the other
    separator than the header's (that separator), both said instead of the cells' errors."""

    number: int
    values: dict[str, Any]
    cells: list[Any]
    extra: int = 0
    other_separator: str = ""
    separator: str = ""


@dataclass
class SheetNote:
    """What was done with one sheet of a workbook: rows read, or why it was skipped
    ("hidden", "no_header")."""

    name: str
    rows: int = 0
    skipped: str = ""


@dataclass
class MergedNote:
    """Cells merged over rows of a column, read as their value in each row (decision 0406)."""

    column: str
    first: int
    last: int


@dataclass
class RawTable:
    """What was read from a register file, before any checking."""

    path: Path
    fmt: str  # "xlsx" or "csv"
    headers: list[str]
    keys: list[str | None]  # column key per position; "" = an error column; None = unknown
    rows: list[RawRow] = field(default_factory=list)
    delimiter: str = ","
    sheets: list[SheetNote] = field(default_factory=list)
    hidden_rows: int = 0
    merged: list[MergedNote] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    #: hidden columns of the sheet (position → the column its header names, if any): not
    #: read (their keys are ""), checked by :mod:`.hidden`; and the headers of all of them
    hidden: dict[int, str | None] = field(default_factory=dict)
    hidden_names: list[str] = field(default_factory=list)
    #: the file's (size, modification time) before it was read: an import given this table
    #: reads the file again unless it is unchanged (see :func:`file_stamp`)
    stamp: Stamp = (0, 0, "")
    cells_read: int = 0  # cells parsed (xlsx), blank ones included
    #: the last row read when BLANK_RUN blank rows after it ended the sheet (0: read to its end)
    ended_after: int = 0
    #: the same for every sheet where reading stopped ("Vasaris!12" in a workbook of several)
    stopped: list[int] = field(default_factory=list)
    #: the codec a CSV file was read with when it is not UTF-8 ("cp1257"; :mod:`.legacy`)
    encoding: str = ""

    @property
    def unknown_headers(self) -> list[str]:
        found = [h for h, k in zip(self.headers, self.keys) if k is None and h]
        return found + [h for h in self.unknown if h not in found]


def file_stamp(path: Path) -> Stamp:
    """``path``'s size, modification time (ns) and content hash: what tells a file changed
    since it was read (the hash too, as shares with 2-second clocks and copies that keep the
    time can change a file without its time). An import hashes the file once
    (:func:`read_register` takes the stamp its caller made)."""
    info = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return info.st_size, info.st_mtime_ns, digest.hexdigest()


def read_register(
    path: Path, progress: Callable[[int], None] | None = None, *, stamp: Stamp | None = None
) -> RawTable:
    """Read ``path`` (by its extension: .xlsx/.xlsm or .csv/.txt).

    ``progress(row)`` is called between rows; it may raise
    :class:`~libtrainer.domain.errors.Cancelled` to stop the reading (nothing is kept).
    ``stamp``: the file's :func:`file_stamp`, when the caller has just made it (the file is
    then not hashed again); a CSV file's is made from the bytes read."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise LibtrainerError(
            N_("{path} is a folder. Name the register file (.xlsx or .csv) in it."), path=str(path)
        )
    if not path.is_file():
        raise LibtrainerError(N_("The file {path} does not exist."), path=str(path))
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise LibtrainerError(
            N_("{path}: only .xlsx and .csv files can be imported."), path=str(path)
        )
    _check_openable(path)
    budget = Budget(path, progress, width=MAX_COLUMNS)  # one per file
    if suffix in (".xlsx", ".xlsm"):
        from libtrainer.services.register.workbook import read_xlsx  # noqa: PLC0415 - a cycle

        return read_xlsx(path, budget, stamp)  # look-alike headers checked per sheet
    table = _read_csv(path, budget, stamp)
    check_lookalikes(table)
    return table


def _check_openable(path: Path) -> None:
    """A file that cannot be opened says so, and why (locked by Excel, no permission)."""
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        if isinstance(exc, PermissionError) or getattr(exc, "winerror", 0) in (32, 33):
            msgid = N_(
                "{path} cannot be opened ({reason}). If it is open in Excel or another "
                "program, close it there and try again."
            )
        else:
            msgid = N_("{path} cannot be opened ({reason}).")
        raise LibtrainerError(msgid, path=str(path), reason=os_reason(exc)) from exc


LOOKALIKE = N_(
    "{path}: the columns {columns} are not recognised, but they hold data and look like "
    "register columns that are missing. Rename each header as in the template (libtrainer "
    "template) and import again; nothing was imported."
)


def check_lookalikes(table: RawTable) -> None:
    """Refuse a file whose unrecognised column holds data and looks like a known optional
    column that is missing ("Dalyvavo (Taip/Ne)" for "Dalyvavo"): read without it, people
    marked "Ne" would be stored as present. The header must be renamed first."""
    from libtrainer.i18n import _

    missing = {c.key for c in COLUMNS} - {k for k in table.keys if k}
    pairs: list[str] = []
    for i, (header, key) in enumerate(zip(table.headers, table.keys)):
        if key is not None or not header:
            continue
        if not any(i < len(r.cells) and not blank(r.cells[i]) for r in table.rows):
            continue
        guess = guess_column(header, missing)
        if guess is not None:
            label = _(BY_KEY[guess].label)
            pairs.append(
                _("{header} (probably {column})").format(
                    header=quoted(header), column=quoted(label)
                )
            )
    if pairs:
        raise LibtrainerError(
            LOOKALIKE,
            path=str(table.path),
            columns=", ".join(pairs),
        )


def quoted(text: str) -> str:
    """``text`` in the quotes of the user's language („…“ in Lithuanian, „…” in Latvian)."""
    from libtrainer.i18n import _

    return _("“{name}”").format(name=text)


def too_large(path: Path, msgid: str, size: int, limit: int) -> LibtrainerError:
    return LibtrainerError(
        msgid, path=str(path), size=size // (1024 * 1024), limit=limit // (1024 * 1024)
    )


def _read_csv(path: Path, budget: Budget, stamp: Stamp | None) -> RawTable:
    info = path.stat()
    size = info.st_size
    if size > MAX_CSV_BYTES:
        raise too_large(
            path,
            N_(
                "{path} is too large to import ({size} MB, at most {limit} MB). "
                "Split it into smaller files."
            ),
            size,
            MAX_CSV_BYTES,
        )
    data = path.read_bytes()
    if stamp is None:  # the bytes read are the ones hashed: the file is read once
        stamp = (info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())
    decoded = legacy.decode(data)
    if decoded is None:
        raise LibtrainerError(
            N_(
                "{path} is not text in UTF-8 or in the Windows Baltic code page. Save it as "
                "“CSV UTF-8” and import it again."
            ),
            path=str(path),
        )
    text, encoding = decoded
    if not text.strip():
        raise LibtrainerError(N_("{path} has no rows to import."), path=str(path))
    delimiter = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = ((n, [csv_unescape(c) for c in r], False) for n, r in enumerate(reader, start=1))
    try:
        table = table_of(path, "csv", lines, budget, delimiter)
    except csv.Error as exc:  # a cell longer than the csv module takes, a stray NUL, …
        raise LibtrainerError(
            N_("{path}: line {row} cannot be read as a table row (a cell is too long)."),
            path=str(path),
            row=reader.line_num,
        ) from exc
    if table is None:
        raise no_header(path)
    table.delimiter = delimiter
    table.stamp = stamp
    table.encoding = encoding
    return table


SEPARATORS = (";", ",", "\t")


def _separator(text: str) -> str:
    """The separator of the header line: the first of the first lines that, split by one of
    ``;`` ``,`` tab, names enough register columns (a title line above it such as
    "Būdviečio padalinys, 2025 m. kovas" says nothing); else the commonest on line 1."""
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    lookup = header_lookup()
    for line in lines:
        best = max(
            SEPARATORS,
            key=lambda sep: sum(
                1
                for cell in next(csv.reader([line], delimiter=sep), [])
                if lookup.get(key_of(cell))
            ),
        )
        cells = next(csv.reader([line], delimiter=best), [])
        if sum(1 for cell in cells if lookup.get(key_of(cell))) >= MIN_KNOWN_HEADERS:
            return best
    first_line = lines[0] if lines else ""
    return max(SEPARATORS, key=first_line.count)


def no_header(path: Path) -> LibtrainerError:
    return LibtrainerError(
        N_(
            "{path}: no header row found. One of the first {rows} rows must name the columns, "
            "as in the template (libtrainer template)."
        ),
        path=str(path),
        rows=HEADER_SEARCH_ROWS,
    )


def too_many(path: Path) -> LibtrainerError:
    return LibtrainerError(
        N_("{path} has more than {limit} rows; split it into smaller files."),
        path=str(path),
        limit=MAX_ROWS,
    )


Lines = Iterable[tuple[int, list[Any], bool]]


def table_of(
    path: Path,
    fmt: str,
    lines: Lines,
    budget: Budget,
    delimiter: str = "",
    hidden_columns: Collection[int] = (),
) -> RawTable | None:
    """Find the header row among the first rows (None when there is none), then collect the
    data rows after it: (row number, cells, hidden); hidden rows are counted, not kept.

    ``lines``: the rows the file stores; rows it leaves out are blank. An xlsx sheet ends after
    :data:`BLANK_RUN` blank rows in a row (a CSV file is read whole: its size is limited and
    its rows are cheap); ``budget.width`` is set to the header's width (decision 0511).
    ``hidden_columns``: the sheet's hidden columns (1-based), known once its first row is
    read; they are not read as register columns (decision 0408)."""
    iterator = iter(lines)
    for number, raw, _hidden in iterator:
        if budget.progress is not None and fmt == "csv":
            budget.progress(number)
        if number > HEADER_SEARCH_ROWS:
            return None
        headers = [_text(c) for c in raw]
        keys = [header_lookup().get(key_of(h)) if h else None for h in headers]
        if sum(1 for k in keys if k) >= MIN_KNOWN_HEADERS:
            break
    else:
        return None
    shut = {i: k for i, k in enumerate(keys) if i + 1 in hidden_columns and headers[i]}
    if shut:
        from libtrainer.services.register import hidden as hidden_check  # noqa: PLC0415

        hidden_check.check_header(path, headers, keys, shut)
        keys = ["" if i in shut else k for i, k in enumerate(keys)]  # not read
    _check_headers(path, headers, keys)
    width = min(MAX_COLUMNS, 1 + max((i for i, h in enumerate(headers) if h), default=0))
    headers, keys = headers[:width], keys[:width]
    shut = {i: k for i, k in shut.items() if i < width}
    budget.width = width  # the rows below are parsed only this wide
    table = RawTable(path=path, fmt=fmt, headers=headers, keys=keys, hidden=shut)
    table.hidden_names = [headers[i] for i in shut]
    blank_run, last = 0, number
    for number, line, hidden in iterator:
        if budget.progress is not None and fmt == "csv":
            budget.progress(number)
        raw = line[:width]  # cells right of the last header are nobody's: not kept
        empty = all(blank(c) for c in raw)
        blank_run = blank_run + 1 if empty else 0
        if fmt == "xlsx" and blank_run >= BLANK_RUN:
            table.ended_after = last
            table.stopped = [last]
            break
        if number > MAX_LINES or (not empty and len(table.rows) >= MAX_ROWS):
            raise too_many(path)
        if empty:
            continue
        last = number
        if hidden:
            table.hidden_rows += 1  # what is imported is what the person sees
            continue
        values = {k: raw[i] for i, k in enumerate(keys) if k and i < len(raw)}
        table.rows.append(RawRow(number=number, values=values, cells=list(raw)))
        if delimiter:
            _check_width(table.rows[-1], line, width, delimiter)
    table.cells_read = budget.cells
    return table


def _check_width(row: RawRow, line: list[Any], width: int, delimiter: str) -> None:
    """A CSV row with more cells than the header (an unquoted decimal comma, another
    separator) or written with another separator is marked, to be said as such."""
    row.separator = delimiter
    if any(not blank(c) for c in line[width:]):
        row.extra = len(line)
    elif len(line) <= width // 2:
        joined = delimiter.join(str(c) for c in line)
        others = [s for s in SEPARATORS if s != delimiter and joined.count(s) >= width // 2]
        row.other_separator = others[0] if others else ""


TWICE = N_("{path}: the column “{column}” appears twice.")
MISSING = N_(
    "{path}: the columns {columns} are missing. Use the template (libtrainer template) or add them."
)
#: what makes a sheet with a header row not a register (another sheet may be one)
HEADER_ERRORS = frozenset({TWICE, MISSING})


def _check_headers(path: Path, headers: Sequence[str], keys: Sequence[str | None]) -> None:
    from libtrainer.i18n import _

    seen: set[str] = set()
    for header, key in zip(headers, keys):
        if key and key in seen:
            raise LibtrainerError(TWICE, path=str(path), column=header)
        if key:
            seen.add(key)
    missing = [
        _(c.label) for c in COLUMNS if c.required and c.key not in seen and c.instead not in seen
    ]
    if missing:
        raise LibtrainerError(
            MISSING,
            path=str(path),
            columns=", ".join(quoted(m) for m in missing),
        )
    assert all(k in BY_KEY or k in ("", None) for k in keys)


def _text(cell: Any) -> str:
    return "" if cell is None else " ".join(str(cell).split())


def blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
