"""Reports as JSON (for scripts) and CSV (for spreadsheets).

JSON: UTF-8, ``libtrainer-report/1`` (see :meth:`Report.to_json`): codes and ids next to
labels, raw numbers, the filters as codes.

CSV: UTF-8 with a byte-order mark so Excel and LibreOffice read the letters right (ą č ę ė į š
ų ū ž ā ē ī ķ ļ ņ); comma-separated, numbers raw with a decimal point (percentages as
fractions). A report with several tables is written as blocks: the report's title and filters,
then per section a line with its title, its header, its rows and its totals, and a blank line.
Files are written to a temporary name and renamed, so a half-written export never lies around.
Text beginning with = + - @, a tab or a carriage return gets a leading ``'`` so that no
spreadsheet reads it as a formula (:mod:`.cells_safe`); numbers are written as they are.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from libtrainer.i18n import _
from libtrainer.i18n.format import format_datetime
from libtrainer.reports.atomic import temp_then_rename
from libtrainer.reports.cells_safe import csv_cell
from libtrainer.reports.model import Cell, Report


@contextmanager
def atomic_text(path: Path, encoding: str) -> Iterator[IO[str]]:
    """A text file written under a temporary name and renamed over ``path`` when complete."""
    with temp_then_rename(path) as tmp, tmp.open("w", encoding=encoding, newline="") as fh:
        yield fh


def write_json(report: Report, path: Path) -> None:
    with atomic_text(path, "utf-8") as fh:
        json.dump(report.to_json(), fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def _raw(value: Cell) -> Cell:
    return "" if value is None else csv_cell(value)


def write_csv(report: Report, path: Path) -> None:
    with atomic_text(path, "utf-8-sig") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow([csv_cell(report.title)])
        for label, value in report.filter_lines:
            out.writerow([csv_cell(label), csv_cell(value)])
        out.writerow([_("Generated"), format_datetime(report.generated_at)])
        for note in report.notes:
            out.writerow([csv_cell(note)])
        out.writerow([])
        for section in report.sections:
            out.writerow([csv_cell(section.title)])
            out.writerow([csv_cell(label) for label in section.labels])
            for values in section.table():
                out.writerow([_raw(v) for v in values])
            out.writerow([])
