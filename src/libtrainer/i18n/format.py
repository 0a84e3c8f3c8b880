"""Dates, numbers and hours formatted for the current language (Babel)."""

from __future__ import annotations

import datetime as dt

from babel import dates, numbers

from libtrainer.i18n import babel_locale


def format_date(value: dt.date, fmt: str = "medium") -> str:
    return dates.format_date(value, format=fmt, locale=babel_locale())


def format_datetime(value: dt.datetime, fmt: str = "medium") -> str:
    return dates.format_datetime(value, format=fmt, locale=babel_locale())


def format_number(value: int | float) -> str:
    return numbers.format_decimal(value, locale=babel_locale())


def format_hours(value: float) -> str:
    """Academic hours: at most two decimals, no trailing zeros (12, 1,5)."""
    return numbers.format_decimal(round(value, 2), format="#,##0.##", locale=babel_locale())
