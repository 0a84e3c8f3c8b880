"""Text that people typed stays text in the spreadsheets we write (CSV/formula injection).

A name, note or title may begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return;
Excel and LibreOffice may read such a cell as a formula (``=HYPERLINK(…)``, ``@SUM(…)|cmd``).
Following OWASP's advice on CSV injection:

- xlsx: every text value is stored as a string cell, never a formula (openpyxl would make a
  string beginning with ``=`` a formula). The cell shows exactly what was typed.
- CSV: a text cell beginning with one of those characters gets a leading ``'``; numbers
  (negative ones too) and other text are written unchanged. :func:`csv_unescape` takes the
  quote off again when such a file is imported.

Shared by the report exports and the register import's "rows to fix" file.
"""

from __future__ import annotations

from typing import Any, TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def risky(value: object) -> bool:
    """True for text that a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: T) -> T | str:
    """``value`` for a CSV cell: risky text prefixed with ``'``; anything else as it is."""
    return "'" + value if isinstance(value, str) and risky(value) else value


def csv_unescape(text: str) -> str:
    """The text :func:`csv_cell` was given (a ``'`` before a risky character is dropped)."""
    return text[1:] if text.startswith("'") and risky(text[1:]) else text


def keep_text(cell: Any) -> Any:
    """An openpyxl cell whose text value is stored as a plain string; returns the cell."""
    if isinstance(cell.value, str):
        cell.data_type = "s"  # not "f" (a value beginning with "=") nor "e" ("#N/A")
    return cell
