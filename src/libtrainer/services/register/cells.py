"""Turning spreadsheet cells into values: dates, times, numbers, years and vocabulary codes.

Cells arrive as openpyxl gives them (date, datetime, time, int, float, str) or as CSV text.
Each function returns the value or raises :class:`ValidationError` for the column, with a
message that says what was expected; none of them evaluates the text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from enum import StrEnum
from typing import Any

from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.numbers import UNCLEAR, number_from_text
from libtrainer.domain.rules import fold as rules_fold
from libtrainer.i18n import _
from libtrainer.services.register.columns import key_of
from libtrainer.services.register.vocab import ENUM_LABELS, closest, enum_label, enum_lookup

_ISO_DATE = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$")
#: a day and a month in either order, then the year: 14.03.2025, 6/7/2025 (see :class:`Reading`)
DAY_MONTH = re.compile(r"^(\d{1,2})([./])(\d{1,2})[./](\d{4})\.?$")
#: a date, then (after the ISO "T" or spaces) anything: the time, checked by :data:`_CLOCK`
_STAMP = re.compile(r"^([\d./-]+?)(?:T(?=\d)|\s+|$)(.*)$", re.DOTALL)
#: a time of day, with seconds, AM/PM and a zone allowed ("9.30", "10:00:00.5 PM", "10:00Z",
#: "10:00 GMT+2", "00:30+03:00")
_CLOCK = re.compile(
    r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?"
    r"\s*(Z|UTC|GMT|(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?)?$"
)
_LIST_SPLIT = re.compile(r"[;,/\n]+")
#: a length written with its units, folded: "50 min", "50 min.", "1 h 30 min", "1 val. 30 min."
_HOUR_UNIT = r"(?:h|hr|hrs|hours?|val|valand[a-z]*|st|stund[a-z]*)\.?"
_LENGTH = re.compile(rf"^(?:(\d+)\s*{_HOUR_UNIT}\s*)?(\d+)\s*min[a-z]*\.?$")
#: hours alone with a unit ("2 h"): clock hours or academic hours? Not guessed
_HOURS_ONLY = re.compile(rf"^\d+(?:[.,]\d+)?\s*{_HOUR_UNIT}$")


def text(cell: Any) -> str:
    """The cell as text; whole numbers lose their ".0" (a code 1234 read from Excel)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def is_blank(cell: Any) -> bool:
    return text(cell) == ""


@dataclasses.dataclass(frozen=True)
class Reading:
    """How one file writes a day and a month before the year (decided from all its dates by
    :func:`.dates.decide`): separators read month first ("/" in a US file), and separators
    whose order the file contradicts, with the reason to give for each such date."""

    month_first: frozenset[str] = frozenset()
    refused: dict[str, tuple[str, dict[str, Any]]] = dataclasses.field(default_factory=dict)


DAY_FIRST = Reading()


def split_stamp(whole: str) -> tuple[str, str]:
    """A date cell's text as (date, time): "2025-03-14T10:00Z" → ("2025-03-14", "10:00Z").
    Only a "T" between the date and a digit separates them, not the T of "UTC" or "GMT"."""
    match = _STAMP.match(whole)
    if match is None:
        return whole, ""
    return match.group(1), match.group(2).strip()


def to_date(
    field: str, cell: Any, reading: Reading = DAY_FIRST, zone: dt.tzinfo | None = None
) -> dt.date:
    """The date of a cell. A timestamp with a zone ("…Z", "…+03:00", "… GMT+2") is the date
    in ``zone`` (the computer's own zone when None) at that moment; one without is local."""
    if isinstance(cell, dt.datetime):
        return _local(cell, zone).date()
    if isinstance(cell, dt.date):
        return cell
    whole = text(cell)
    raw, rest = split_stamp(whole)
    clock = _clock(rest) if rest else None
    if rest and clock is None:
        # "2025-03-14 10:00" is a date with its time; "2025-03-14 vakar" is not a date.
        raise ValidationError(field, N_("{field_label} must be a date such as 2026-03-15."))
    day = _calendar_day(field, raw, whole, reading)
    if clock is not None and clock.tzinfo is not None:
        return _local(dt.datetime.combine(day, clock), zone).date()
    return day


def zoned_moment(cell: Any, reading: Reading = DAY_FIRST) -> dt.datetime | None:
    """The moment a valid date cell writes with a zone ("2025-06-30T22:30Z"), None when it
    writes none: a zoned Start is put on this moment's day in the Start's own zone, so a
    session is moved into local time once, not twice."""
    if isinstance(cell, dt.datetime):
        return cell if cell.utcoffset() is not None else None
    if isinstance(cell, dt.date):
        return None
    whole = text(cell)
    raw, rest = split_stamp(whole)
    clock = _clock(rest) if rest else None
    if clock is None or clock.tzinfo is None:
        return None
    return dt.datetime.combine(_calendar_day("date", raw, whole, reading), clock)


def _calendar_day(field: str, raw: str, whole: str, reading: Reading) -> dt.date:
    iso = _ISO_DATE.match(raw)
    match = iso or DAY_MONTH.match(raw)
    if match is None:
        raise ValidationError(field, N_("{field_label} must be a date such as 2026-03-15."))
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        first, sep, second, year_text = match.groups()
        if sep in reading.refused:
            msgid, params = reading.refused[sep]
            raise ValidationError(field, msgid, value=whole, **params)
        year = int(year_text)
        month, day = int(first), int(second)
        if sep not in reading.month_first:
            month, day = day, month
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            field,
            N_("{field_label} must be a day of the calendar; there is no day {value}."),
            value=whole,
        ) from None


def _clock(raw: str) -> dt.time | None:
    """A time of day; with a zone when one is written (a fixed offset: "Z" and "UTC" are 0)."""
    match = _CLOCK.match(raw)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    second = int(match.group(3) or 0)
    half = (match.group(4) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    zone = None
    if match.group(5):
        offset = dt.timedelta(0)
        if match.group(6):
            offset = dt.timedelta(hours=int(match.group(7)), minutes=int(match.group(8) or 0))
            offset = -offset if match.group(6) == "-" else offset
        if offset >= dt.timedelta(hours=24):
            return None
        zone = dt.timezone(offset)
    return dt.time(hour, minute, second, tzinfo=zone)


def _local(moment: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """A moment as local wall time (naive): one without a zone already is."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=None)
    return moment.astimezone(zone).replace(tzinfo=None)


def to_time(field: str, cell: Any) -> dt.time | None:
    """A start time; with its zone when one is written ("10:00Z"): :func:`local_start` turns
    it into the local time of the session's day."""
    if is_blank(cell):
        return None
    if isinstance(cell, dt.datetime):
        return cell.time().replace(second=0, microsecond=0)
    if isinstance(cell, dt.time):
        return cell.replace(second=0, microsecond=0)
    if isinstance(cell, float) and 0 <= cell < 1:  # an Excel time without a time format
        minutes = round(cell * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    clock = _clock(text(cell))
    if clock is None:
        raise ValidationError(field, N_("{field_label} must be a time such as 14:30."))
    return clock.replace(second=0)


def local_start(
    day: dt.date, start: dt.time, zone: dt.tzinfo | None = None
) -> tuple[dt.date, dt.time]:
    """The session's local date and start from a start time written with a zone (22:30Z on
    30 June is 1 July 01:30 in Vilnius); a start without a zone is local already."""
    if start.tzinfo is None:
        return day, start
    moment = _local(dt.datetime.combine(day, start), zone)
    return moment.date(), moment.time()


def to_number(field: str, cell: Any) -> float:
    """A number cell, or a number written as text ("1,5", "1.5"); text whose comma may
    separate thousands ("12,345") is refused showing it (:mod:`libtrainer.domain.numbers`)."""
    if isinstance(cell, bool):
        raise ValidationError(field, N_("{field_label} must be a number."))
    if isinstance(cell, int | float):
        return float(cell)
    return number_from_text(field, text(cell))


def to_length(field: str, cell: Any) -> tuple[float, bool]:
    """The Academic hours cell: (academic hours, False) for a number, (minutes, True) for a
    length in minutes ("50 min", "50 min.", "1 h 30 min" — h, val. or st. are clock hours
    there); "2 h" alone is refused, as it may mean clock or academic hours."""
    try:
        return to_number(field, cell), False
    except ValidationError as exc:
        if exc.msgid in UNCLEAR:
            raise  # a number, written unclearly: not a length in other words
    raw = rules_fold(text(cell))
    minutes = _minutes_text(raw)
    if minutes is not None:
        return minutes, True
    if _HOURS_ONLY.match(raw):
        raise ValidationError(
            field,
            N_(
                "{field_label}: “{value}” could be clock hours or academic hours. Write the "
                "academic hours as a number (such as 2) or the length in minutes (such as "
                "120 min)."
            ),
            value=text(cell),
        )
    raise ValidationError(
        field,
        N_(
            "{field_label}: “{value}” is not a length. Write the academic hours as a number "
            "(such as 2 or 1.5) or the length in minutes (such as 50 min or 1 h 30 min)."
        ),
        value=text(cell),
    )


def to_minutes(field: str, cell: Any) -> float:
    """The Minutes cell: a number, or a length with units ("50 min", "1 h 30 min"); whether
    it is a whole number in range is :func:`rules.hours_from_minutes`'s to say."""
    try:
        return to_number(field, cell)
    except ValidationError as exc:
        if exc.msgid in UNCLEAR:
            raise
    minutes = _minutes_text(rules_fold(text(cell)))
    if minutes is None:
        raise ValidationError(
            field,
            N_("{field_label}: “{value}” is not a number of minutes such as 50 or 90."),
            value=text(cell),
        )
    return minutes


def _minutes_text(folded: str) -> int | None:
    match = _LENGTH.match(folded)
    if match is None:
        return None
    return int(match.group(1) or 0) * 60 + int(match.group(2))


def to_year(field: str, cell: Any) -> int | None:
    if is_blank(cell):
        return None
    if isinstance(cell, dt.date):
        return cell.year
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell
    raw = text(cell)
    if raw.isascii() and raw.isdigit() and len(raw) == 4:  # not "195²"
        return int(raw)
    raise ValidationError(field, N_("{field_label} must be a year such as 1957."))


def to_code(field: str, enum: type[StrEnum], cell: Any) -> str | None:
    """The code of a vocabulary value typed as a code or a label in lt, lv or en."""
    if is_blank(cell):
        return None
    code = enum_lookup(enum).get(key_of(text(cell)))
    hint = closest(enum, text(cell)) if code is None else None
    if hint is not None:
        raise ValidationError(
            field,
            N_(
                "{field_label}: “{value}” is not one of the allowed values. Did you mean "
                "“{hint}”? Allowed values: {allowed}."
            ),
            value=text(cell),
            hint=enum_label(enum, hint, _),
            allowed=allowed_values(enum),
        )
    if code is None:
        raise ValidationError(
            field,
            N_("{field_label}: “{value}” is not one of the allowed values: {allowed}."),
            value=text(cell),
            allowed=allowed_values(enum),
        )
    return code


def allowed_values(enum: type[StrEnum]) -> str:
    """The labels of a closed vocabulary in the user's language, as a list to read."""
    return "; ".join(enum_label(enum, code, _) for code in ENUM_LABELS.get(enum, {}))


def to_codes(field: str, enum: type[StrEnum], cell: Any) -> list[str]:
    """Several codes separated by ";" (or "," "/" or line breaks), de-duplicated, in order."""
    found: list[str] = []
    for part in _LIST_SPLIT.split(text(cell)):
        if part.strip():
            code = to_code(field, enum, part)
            if code and code not in found:
                found.append(code)
    return found
