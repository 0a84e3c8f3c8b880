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
from sqlalchemy import ColumnElement, Integer, cast, extract, literal_column, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

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


class YearMonth(FunctionElement[int]):
    """``YYYYMM`` of a date: ``extract`` on PostgreSQL; on SQLite, where SQLAlchemy stores a
    date as ISO text (``YYYY-MM-DD``), its first seven characters without the dash — several
    times cheaper than ``strftime`` twice, which counts when every session is keyed."""

    type = Integer()
    name = "year_month"
    inherit_cache = True


@compiles(YearMonth)
def _year_month(element: YearMonth, compiler: Any, **kw: Any) -> str:
    (column,) = element.clauses
    # A literal 100, not a bound parameter: the same expression in SELECT and GROUP BY must
    # compile to the same text for PostgreSQL to see that they are one.
    hundred = literal_column("100", Integer)
    return str(compiler.process(year_of(column) * hundred + month_of(column), **kw))


@compiles(YearMonth, "sqlite")
def _year_month_sqlite(element: YearMonth, compiler: Any, **kw: Any) -> str:
    (column,) = element.clauses
    text = compiler.process(column, **kw)
    return f"CAST(replace(substr({text}, 1, 7), '-', '') AS INTEGER)"


def period_key(unit: str, column: Any) -> ColumnElement[int]:
    """The integer period key of a date column for ``unit`` (see the module docstring)."""
    if unit not in UNITS:
        raise ValueError(f"unknown period unit {unit!r}")
    return period_of_month(unit, YearMonth(column))


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


def period_bounds(unit: str, key: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of the period ``key`` of ``unit``."""
    key = int(key)
    if unit == "month":
        year, first, months = key // 100, key % 100, 1
    elif unit in ("quarter", "half"):
        year, n = divmod(key, 10)
        months = 3 if unit == "quarter" else 6
        first = (n - 1) * months + 1
    else:
        year, first, months = key, 1, 12
    start = dt.date(year, first, 1)
    after = dt.date(year + (first + months - 1) // 12, (first + months - 1) % 12 + 1, 1)
    return start, after - dt.timedelta(days=1)


def periods_between(unit: str, start: dt.date, end: dt.date) -> list[int]:
    """The keys of every period of ``unit`` that has a day in ``start``…``end``, in order
    (none when ``end`` is before ``start``)."""
    keys: list[int] = []
    month = start.year * 100 + start.month
    last = end.year * 100 + end.month
    while month <= last:
        key = _month_key(unit, month)
        if not keys or keys[-1] != key:
            keys.append(key)
        month = month + 1 if month % 100 < 12 else (month // 100 + 1) * 100 + 1
    return keys


def _month_key(unit: str, month: int) -> int:
    """:func:`period_of_month` in Python."""
    year, m = divmod(month, 100)
    if unit == "month":
        return month
    if unit == "quarter":
        return year * 10 + (m + 2) // 3
    if unit == "half":
        return year * 10 + (m + 5) // 6
    return year


def period_label(unit: str, key: int, within: tuple[dt.date, dt.date] | None = None) -> str:
    """``2024-03`` → "2024 m. kovas" / "2024. gada marts" / "March 2024" style labels.

    A period that the report's range ``within`` (first, last day) covers only in part says
    which days it holds, as the locale writes an interval: "2025 Q1 (15 Feb – 31 Mar)" —
    never a whole quarter's name on six weeks' figures."""
    label = _whole_label(unit, int(key))
    if within is None:
        return label
    first, last = period_bounds(unit, key)
    start, end = max(first, within[0]), min(last, within[1])
    if (start, end) == (first, last) or start > end:
        return label
    days = dates.format_interval(start, end, "MMMMd", locale=babel_locale())
    return f"{label} ({days})"


def _whole_label(unit: str, key: int) -> str:
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
