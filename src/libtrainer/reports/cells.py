"""Cells as people read them: numbers in the reader's locale (``1 302``, ``12,5``, ``25 %``).

Used by the PDF writer and by any preview (the GUI's table) so both show the same text. The
exports for machines (JSON, CSV) and the xlsx cells keep raw numbers.

Whole numbers and hours are formatted here with the locale's separators (from Babel, looked up
once per language) rather than through Babel's pattern engine for every cell: a region report
has thousands of cells, and the result is the same text (a test checks it against Babel).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import numbers

from libtrainer.i18n import babel_locale
from libtrainer.reports.model import Cell, Column, Section

DASH = "–"


@cache
def _symbols(locale: str) -> tuple[str, str]:
    return numbers.get_group_symbol(locale), numbers.get_decimal_symbol(locale)


def half_up(value: float, decimals: int) -> Decimal:
    """``value`` rounded half away from zero, as Excel and LibreOffice round a number format
    (Python's ``round`` and Babel round half to even: 54.55 % would be 54,6 here and 54,5
    there). The shortest decimal text of the float is what is rounded."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def _grouped(value: float, decimals: int, locale: str, *, trim: bool) -> str:
    group, point = _symbols(locale)
    text = f"{half_up(value, decimals):,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


def cell_text(value: Cell, kind: str) -> str:
    """One cell in the current language; ``None`` shows as a dash."""
    if value is None:
        return DASH
    if isinstance(value, str):
        return value
    locale = babel_locale()
    if kind == "percent":
        # Babel's pattern (sign, spacing, "%" place) around a value rounded once, half up
        return numbers.format_percent(
            half_up(float(value) * 100, 1) / 100, format="#,##0.0%", locale=locale
        )
    if kind in ("score", "hours"):
        # two decimals always, as the xlsx formats show them (9,00 next to 26,33)
        return _grouped(float(value), 2, locale, trim=False)
    if not float(value).is_integer():
        return _grouped(float(value), 2, locale, trim=True)
    return _grouped(float(value), 0, locale, trim=False)


def row_texts(columns: list[Column], values: list[Cell], kind: str | None = None) -> list[str]:
    """A row's cells as text; ``kind``: how its numbers read when it differs from the
    columns' (the totals table puts counts and hours in one column)."""
    return [cell_text(v, kind if kind and c.numeric else c.kind) for c, v in zip(columns, values)]


def section_texts(section: Section) -> list[list[str]]:
    """Every row of a section (totals last) as text: a ready preview table."""
    table = section.table()
    kinds: list[str | None] = [row.kind for row in section.rows]
    kinds += [None] * (len(table) - len(kinds))
    return [row_texts(section.columns, v, k) for v, k in zip(table, kinds)]
