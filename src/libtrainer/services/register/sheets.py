"""The rows of one worksheet as the person sees them in Excel (decision 0406).

openpyxl's read-only rows say nothing of hidden rows or merged cells, and a formula whose
value was never saved reads as an empty cell. This reads a sheet's XML with openpyxl's own
parser, row by row (memory stays that of the rows kept), and gives each row its number, its
values and whether it is hidden (by hand or by an autofilter: Excel saves both as a hidden
row). Merged ranges are known only once the whole sheet is read (Excel writes them after the
rows). Nothing here evaluates a formula.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser


class Unsaved:
    """A formula cell saved without its value (a file written by a program, not by Excel)."""

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "UNSAVED"


UNSAVED = Unsaved()


class _Parser(WorkSheetParser):  # type: ignore[misc]
    """openpyxl's parser, marking a formula without a saved value instead of reading None."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["value"] = UNSAVED
        return cell


@dataclass
class SheetRows:
    """Iterate :meth:`rows`; afterwards :attr:`merged` holds the sheet's merged ranges as
    (first row, last row, first column, last column), 1-based."""

    workbook: Any
    sheet: Any
    max_columns: int
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, list[Any], bool]]:
        """(row number, values up to ``max_columns``, hidden) for each row the sheet stores."""
        wb = self.workbook
        with wb._archive.open(self.sheet._worksheet_path) as src:
            parser = _Parser(
                src,
                self.sheet._shared_strings,
                data_only=True,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            for number, cells in parser.parse():
                attrs = parser.row_dimensions.pop(str(number), None) or {}
                hidden = str(attrs.get("hidden", "0")).lower() in ("1", "true")
                yield number, self._values(cells), hidden
            if parser.merged_cells is not None:
                for merge in parser.merged_cells.mergeCell:
                    min_col, min_row, max_col, max_row = range_boundaries(merge.ref)
                    self.merged.append((min_row, max_row, min_col, max_col))

    def _values(self, cells: list[dict[str, Any]]) -> list[Any]:
        kept = [c for c in cells if c["column"] <= self.max_columns]
        values: list[Any] = [None] * max((c["column"] for c in kept), default=0)
        for cell in kept:
            values[cell["column"] - 1] = cell["value"]
        return values
