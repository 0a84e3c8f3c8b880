"""Calendar periods as SQL keys that SQLite and PostgreSQL compute the same way.

A period key is an integer built from ``extract('year')`` and ``extract('month')`` (the only
date functions both databases share through SQLAlchemy): month ``YYYYMM``, quarter ``YYYYQ``,
half-year ``YYYYH``, year ``YYYY``. Integer keys sort chronologically; labels are made after
aggregation, in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel import dates
from sqlalchemy import ColumnElement, Integer, case, cast, extract, type_coerce

from libtrainer.domain.errors import N_
from libtrainer.i18n import _, babel_locale

UNITS = ("month", "quarter", "half", "year")

UNIT_LABELS = {
    "month": N_("Month"),
    "quarter": N_("Quarter"),
    "half": N_("Half-year"),
    "year": N_("Year"),
}


def year_of(column: Any) -> ColumnElement[int]:
    return cast(extract("year", column), Integer)


def month_of(column: Any) -> ColumnElement[int]:
    return cast(extract("month", column), Integer)


def period_key(unit: str, column: Any) -> ColumnElement[int]:
    """The integer period key of a date column for ``unit`` (see the module docstring)."""
    year = year_of(column)
    month = month_of(column)
    if unit == "month":
        return year * 100 + month
    if unit == "quarter":
        quarter = case((month <= 3, 1), (month <= 6, 2), (month <= 9, 3), else_=4)
        return year * 10 + quarter
    if unit == "half":
        return year * 10 + case((month <= 6, 1), else_=2)
    if unit == "year":
        return year
    raise ValueError(f"unknown period unit {unit!r}")


def period_of_month(unit: str, month: Any) -> ColumnElement[int]:
    """The period key of an integer ``YYYYMM`` column (integer arithmetic only)."""
    m: ColumnElement[int] = type_coerce(month, Integer)
    if unit == "month":
        return m
    year = m // 100
    if unit == "quarter":
        return year * 10 + (m % 100 + 2) // 3
    if unit == "half":
        return year * 10 + (m % 100 + 5) // 6
    if unit == "year":
        return year
    raise ValueError(f"unknown period unit {unit!r}")


def period_label(unit: str, key: int) -> str:
    """``2024-03`` → "2024 m. kovas" / "2024. gada marts" / "March 2024" style labels."""
    key = int(key)
    if unit == "month":
        year, month = divmod(key, 100)
        return dates.format_skeleton("yMMMM", dt.date(year, month, 1), locale=babel_locale())
    if unit == "quarter":
        year, quarter = divmod(key, 10)
        return _("{year} Q{quarter}").format(year=year, quarter=quarter)
    if unit == "half":
        year, half = divmod(key, 10)
        text = _("{year} H1") if half == 1 else _("{year} H2")
        return text.format(year=year)
    return str(key)


def period_code(unit: str, key: int) -> str:
    """A language-free code for scripts: ``2024-03``, ``2024-Q1``, ``2024-H2``, ``2024``."""
    key = int(key)
    if unit == "month":
        return f"{key // 100:04d}-{key % 100:02d}"
    if unit == "quarter":
        return f"{key // 10:04d}-Q{key % 10}"
    if unit == "half":
        return f"{key // 10:04d}-H{key % 10}"
    return f"{key:04d}"


def unit_label(unit: str) -> str:
    return _(UNIT_LABELS[unit])
