"""Reports as JSON (for scripts) and CSV (for spreadsheets).

JSON: UTF-8, ``libtrainer-report/1`` (see :meth:`Report.to_json`): codes and ids next to
labels, raw numbers, the filters as codes. JSON is the format for scripts.

CSV: UTF-8 with a byte-order mark so Excel and LibreOffice read the letters right (ą č ę ė į š
ų ū ž ā ē ī ķ ļ ņ), written to open right when a person double-clicks it (decision 0358). Excel
splits a CSV by the computer's regional settings, which the file cannot name (a ``sep=`` line
would make Excel ignore the byte-order mark), so the separators follow that computer:

- ``auto`` (the default): the list separator and decimal symbol of this computer's regional
  settings (:mod:`libtrainer.i18n.system`: Windows' own, elsewhere ``;`` and ``45,5`` where
  the numeric locale has a decimal comma); when they are not known, the report's language:
  Lithuanian and Latvian reports as ``semicolon``, English ones as ``comma``;
- ``semicolon``: cells separated by ``;``, numbers with a decimal comma (``45,5``);
- ``comma``: cells separated by ``,``, numbers with a decimal point (``45.5``).

Numbers are raw (full precision, no grouping); percentages are fractions (``0,25`` is 25 %).
The "Generated" time is ISO (``2024-12-31 14:05``), which Excel and LibreOffice read as a date
and time under Lithuanian, Latvian and English settings alike. A report with several tables is
written as blocks: the report's title and filters, then per section a line with its title, its
header, its rows and its totals, and a blank line. Files are written to a temporary name and
renamed, so a half-written export never lies around. Text beginning with = + - @, a tab or a
carriage return, and text that only looks like a number or a date (``0012``, ``1-2``), gets a
leading ``'`` so that a spreadsheet keeps it as the text it is (:mod:`.cells_safe`); numbers
are written as numbers.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from libtrainer.domain.errors import N_, ValidationError
from libtrainer.i18n import _, system
from libtrainer.i18n.system import NumberFormat
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


#: The choices of separator (``--csv-separator``); "auto" follows the computer (its regional
#: settings, else the report's language).
CSV_SEPARATORS = ("auto", "comma", "semicolon")
#: Languages whose spreadsheets expect ";" and a decimal comma (Excel's list separator and
#: decimal symbol under Lithuanian and Latvian regional settings).
SEMICOLON_LANGUAGES = frozenset({"lt", "lv"})


@dataclass(frozen=True)
class CsvStyle:
    """How a CSV separates cells and writes a decimal number."""

    delimiter: str
    decimal: str

    def number(self, value: int | float) -> str:
        """A number as this style writes it: raw, no grouping, ``decimal`` as the point."""
        return str(value).replace(".", self.decimal)


COMMA = CsvStyle(",", ".")
SEMICOLON = CsvStyle(";", ",")


def csv_style(
    language: str, separator: str = "auto", regional: NumberFormat | None = None
) -> CsvStyle:
    """The style for a report in ``language`` with the separator asked for: "comma" and
    "semicolon" as named; "auto" the ``regional`` settings of the computer when known, else
    by the language."""
    if separator not in CSV_SEPARATORS:
        raise ValidationError(
            "csv_separator",
            N_("The CSV separator must be one of: {choices}."),
            choices=", ".join(CSV_SEPARATORS),
        )
    if separator == "auto" and regional is not None:
        return CsvStyle(regional.list_separator, regional.decimal)
    if separator == "auto":
        separator = "semicolon" if language in SEMICOLON_LANGUAGES else "comma"
    return SEMICOLON if separator == "semicolon" else COMMA


def _raw(value: Cell, style: CsvStyle) -> Cell:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return style.number(value)
    return csv_cell(value)


def write_csv(report: Report, path: Path, separator: str = "auto") -> None:
    """Write ``report`` as CSV; ``separator``: one of :data:`CSV_SEPARATORS` ("auto": this
    computer's regional settings, :func:`libtrainer.i18n.system.number_format`)."""
    regional = system.number_format() if separator == "auto" else None
    style = csv_style(report.language, separator, regional)
    generated = report.generated_at.strftime("%Y-%m-%d %H:%M")
    with atomic_text(path, "utf-8-sig") as fh:
        out = csv.writer(fh, delimiter=style.delimiter, lineterminator="\r\n")
        out.writerow([csv_cell(report.title)])
        for label, value in report.filter_lines:
            out.writerow([csv_cell(label), csv_cell(value)])
        out.writerow([_("Generated"), generated])  # a date and time in every locale
        for note in report.notes:
            out.writerow([csv_cell(note)])
        out.writerow([])
        for section in report.sections:
            out.writerow([csv_cell(section.title)])
            out.writerow([csv_cell(label) for label in section.labels])
            for values in section.table():
                out.writerow([_raw(v, style) for v in values])
            out.writerow([])
