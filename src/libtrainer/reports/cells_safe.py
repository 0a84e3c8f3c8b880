"""Text that people typed stays text in the spreadsheets we write (CSV/formula injection).

A name, note or title may begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return;
Excel and LibreOffice may read such a cell as a formula (``=HYPERLINK(…)``, ``@SUM(…)|cmd``).
Following OWASP's advice on CSV injection:

- xlsx: every text value is stored as a string cell, never a formula (openpyxl would make a
  string beginning with ``=`` a formula). The cell shows exactly what was typed.
- CSV: a text cell beginning with one of those characters gets a leading ``'``; numbers
  (negative ones too) and other text are written unchanged. :func:`csv_unescape` takes the
  quote off again when such a file is imported.
- CSV, text that only looks like a number or a date (decision 0358): a CSV has no cell types,
  so Excel and LibreOffice read a participant code ``0012`` as 12, ``1-2`` as 2 January and
  ``1.5`` as 1 May (Lithuanian settings). Such text gets the same leading ``'``: the cell then
  shows ``'0012``, but as text and with every digit. A plain whole number of at most 11
  digits without a leading zero (a year, a count, code ``12``) is left alone: it reads back
  exactly as it was written.

Shared by the report exports and the register import's "rows to fix" file.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Text made only of digits, spaces and . , - / : % (with a digit), or a number with an
#: exponent (1E5): what a spreadsheet opening a CSV may take for a number, date or time.
#: (Linear on any text: a class run plus a digit check, never a pattern that backtracks.)
_NUMBER_CHARS = re.compile(r"[\d\s.,\-/:%\u00a0]+")
_EXPONENT = re.compile(r"\d[\d.,]*[eE][+-]?\d+")
#: ... of which these read back exactly as written: 0, or 1-11 digits without a leading zero
#: (12 digits and more are shown as 8,6E+11 by Excel's General format).
_PLAIN_WHOLE = re.compile(r"0|[1-9]\d{0,10}")

T = TypeVar("T")


def risky(value: object) -> bool:
    """True for text that a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def number_like(value: object) -> bool:
    """True for text that a spreadsheet opening a CSV would turn into a different number, a
    date or a time (``0012``, ``1-2``, ``1.5``, ``1,5``, ``12:30``, ``1E5``)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    looks = bool(_NUMBER_CHARS.fullmatch(text)) and any(c.isdigit() for c in text)
    return (looks or bool(_EXPONENT.fullmatch(text))) and not _PLAIN_WHOLE.fullmatch(text)


def csv_cell(value: T, *, as_text: bool = True) -> T | str:
    """``value`` for a CSV cell: risky text prefixed with ``'``, and so is text that only looks
    like a number or a date unless ``as_text`` is false (a column meant to hold numbers or
    dates); anything else as it is."""
    if isinstance(value, str) and (risky(value) or (as_text and number_like(value))):
        return "'" + value
    return value


def csv_unescape(text: str) -> str:
    """The text :func:`csv_cell` was given (a ``'`` before a risky character, or before text
    that looks like a number or a date, is dropped)."""
    rest = text[1:]
    return rest if text.startswith("'") and (risky(rest) or number_like(rest)) else text


def keep_text(cell: Any) -> Any:
    """An openpyxl cell whose text value is stored as a plain string; returns the cell."""
    if isinstance(cell.value, str):
        cell.data_type = "s"  # not "f" (a value beginning with "=") nor "e" ("#N/A")
    return cell
