"""Reading a register in proportion to what it holds, and stopping when asked (decision 0511).

A workbook of 1 MB can unpack to 240 MB of cells nobody sees: rows thousands of cells wide,
or hundreds of thousands of blank rows below the table (the size a sheet declares can say
anything). openpyxl's read-only rows parse every cell of a row before ``max_col`` trims it, so
such a file was read for minutes. Here:

- :func:`open_workbook` opens a workbook read-only without reading any sheet: openpyxl's
  ``load_workbook`` looks for each sheet's declared size and, in a sheet that declares none
  (a crafted file), parses the whole sheet to find it, before any row is read;
- :class:`NarrowParser` parses a row's cells only up to the header's width (cells right of
  the last header are nobody's) — openpyxl's own cell parsing, so values, dates and shared
  strings read as before;
- :class:`Budget` counts the cells parsed and refuses a sheet past :data:`MAX_CELLS`, calls
  the caller's ``progress`` between rows (it may raise :class:`~libtrainer.domain.errors.
  Cancelled`), and says when :data:`BLANK_RUN` blank rows in a row end a sheet.

Thread rule: a budget belongs to the one thread reading the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.functions import iterparse

from libtrainer.domain.errors import N_, LibtrainerError

#: Cells parsed in one file, blank ones included: a 200,000-row register (MAX_ROWS) of 60
#: columns (the template has about 40). Reading that many takes about a minute.
MAX_CELLS = 12_000_000
#: Blank rows in a row after which a sheet is taken to have ended. Excel keeps formatted
#: empty rows; a crafted file can hold a million of them, each costing a row's parsing.
BLANK_RUN = 1_000


class _SizelessSheet(ReadOnlyWorksheet):  # type: ignore[misc]
    """A read-only sheet whose declared size is not looked for (it is not used, and not
    trusted: one stray cell in column XFD would make every row 16,384 cells long)."""

    def _get_size(self) -> None:
        return None


class _Reader(ExcelReader):  # type: ignore[misc]
    """openpyxl's workbook reader, read-only, keeping only the worksheets (not chart sheets),
    each unread until its rows are asked for."""

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            ws = _SizelessSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)


def open_workbook(path: Path) -> Any:
    """``path`` as an openpyxl read-only workbook (values, not formulas); close it after use.
    Raises what ``load_workbook`` raises for a file that is not a workbook."""
    reader = _Reader(path, read_only=True, keep_vba=False, data_only=True, keep_links=False)
    reader.read()
    return reader.wb


@dataclass
class Budget:
    """What reading one file has cost so far, and the caller's progress check."""

    path: Path
    progress: Callable[[int], None] | None = None
    #: cells of a row parsed: the reader's column limit, then the header's width once found
    width: int = 256
    cells: int = 0  # cells parsed so far
    rows: int = 0  # rows looked at so far

    def row(self, number: int, cells: int) -> None:
        """One more row (``number`` as the person sees it) of ``cells`` parsed cells."""
        self.rows += 1
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise LibtrainerError(
                N_(
                    "{path} has more than {limit} cells to read (up to row {row}). Delete the "
                    "empty rows below the table and the columns right of it, or split the "
                    "file, and import it again."
                ),
                path=str(self.path),
                limit=MAX_CELLS,
                row=number,
            )
        if self.progress is not None:
            self.progress(number)


class NarrowParser(WorkSheetParser):  # type: ignore[misc]
    """openpyxl's worksheet parser, parsing each row's cells only up to ``budget.width``.

    Cells are in column order in a sheet's XML (the file format requires it), so the first cell
    past the width ends the row; the cells after it are skipped unparsed."""

    row_counter: int
    col_counter: int

    def __init__(self, *args: Any, budget: Budget, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = budget

    def parse_row(self, row: Any) -> tuple[int, list[dict[str, Any]]]:
        ref = row.get("r")
        if ref is None:
            self.row_counter += 1
        else:
            number = float(ref)  # ValueError: a damaged file
            if not number.is_integer():
                raise ValueError(f"{ref} is not a valid row number")
            self.row_counter = int(number)
        self.col_counter = 0
        width = self.budget.width
        cells: list[dict[str, Any]] = []
        for element in row:
            if element.tag != CELL_TAG:
                continue
            coordinate = element.get("r")
            column = (
                column_index_from_string(coordinate.rstrip("0123456789"))
                if coordinate
                else self.col_counter + 1
            )
            if column > width:
                break
            cells.append(self.parse_cell(element))
        return self.row_counter, cells

    def rows(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """(row number, parsed cells) of each row the sheet stores; other parts are skipped."""
        for _event, element in iterparse(self.source):
            if element.tag == ROW_TAG:
                row = self.parse_row(element)
                element.clear()
                yield row
