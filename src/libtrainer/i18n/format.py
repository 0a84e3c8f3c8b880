"""Dates, numbers and hours formatted for the current language (Babel).

Latvian "medium" dates (lists, messages) are numeric, "19.03.2026": Babel's own mixes
abbreviated and whole month names ("9. apr.", "19. marts"), and a month name stands in the
nominative where a sentence needs another case ("beidzas 19. marts"); a number needs no
case (decision 0360).
"""

from __future__ import annotations

import datetime as dt

from babel import dates, numbers

from libtrainer.i18n import babel_locale, get_language

#: patterns that replace a language's own (language, format) → Babel pattern
DATE_PATTERNS = {("lv", "medium"): "dd.MM.yyyy"}
DATETIME_PATTERNS = {("lv", "medium"): "dd.MM.yyyy HH:mm:ss"}


def date_pattern(lang: str, fmt: str) -> str:
    """The Babel format (a name or a pattern) for dates of ``fmt`` in ``lang``."""
    return DATE_PATTERNS.get((lang, fmt), fmt)


def format_date(value: dt.date, fmt: str = "medium") -> str:
    return dates.format_date(value, format=date_pattern(get_language(), fmt), locale=babel_locale())


def format_datetime(value: dt.datetime, fmt: str = "medium") -> str:
    pattern = DATETIME_PATTERNS.get((get_language(), fmt), fmt)
    return dates.format_datetime(value, format=pattern, locale=babel_locale())


def format_number(value: int | float) -> str:
    return numbers.format_decimal(value, locale=babel_locale())


def format_hours(value: float) -> str:
    """Academic hours: at most two decimals, no trailing zeros (12, 1,5)."""
    return numbers.format_decimal(round(value, 2), format="#,##0.##", locale=babel_locale())
