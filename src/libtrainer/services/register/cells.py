"""Turning spreadsheet cells into values: dates, times, numbers, years and vocabulary codes.

Cells arrive as openpyxl gives them (date, datetime, time, int, float, str) or as CSV text.
Each function returns the value or raises :class:`ValidationError` for the column, with a
message that says what was expected; none of them evaluates the text.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any

from libtrainer.domain.errors import N_, ValidationError
from libtrainer.i18n import _
from libtrainer.services.register.columns import key_of
from libtrainer.services.register.vocab import ENUM_LABELS, enum_label, enum_lookup

_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})\.?$"), ("d", "m", "y")),
)
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?$")
_LIST_SPLIT = re.compile(r"[;,/\n]+")


def text(cell: Any) -> str:
    """The cell as text; whole numbers lose their ".0" (a code 1234 read from Excel)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def is_blank(cell: Any) -> bool:
    return text(cell) == ""


#: the time after a date in a timestamp ("10:00", "10:00:00.5", "10:00:00 AM GMT+2", "10:00Z")
_CLOCK = re.compile(
    r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp][Mm])?"
    r"\s*(Z|UTC|GMT|(GMT|UTC)?[+-]\d{1,2}(:?\d{2})?)?$"
)


def to_date(field: str, cell: Any) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    whole = text(cell)
    raw, _sep, rest = whole.replace("T", " ", 1).partition(" ")
    if rest.strip() and not _CLOCK.match(rest.strip()):
        # "2025-03-14 10:00" is a date with its time; "2025-03-14 vakar" is not a date.
        raise ValidationError(field, N_("{field_label} must be a date such as 2026-03-15."))
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups())))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                raise ValidationError(
                    field,
                    N_("{field_label} must be a day of the calendar; there is no day {value}."),
                    value=whole,
                ) from None
    raise ValidationError(field, N_("{field_label} must be a date such as 2026-03-15."))


def to_time(field: str, cell: Any) -> dt.time | None:
    if is_blank(cell):
        return None
    if isinstance(cell, dt.datetime):
        return cell.time().replace(second=0, microsecond=0)
    if isinstance(cell, dt.time):
        return cell.replace(second=0, microsecond=0)
    if isinstance(cell, float) and 0 <= cell < 1:  # an Excel time without a time format
        minutes = round(cell * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    match = _TIME.match(text(cell))
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise ValidationError(field, N_("{field_label} must be a time such as 14:30."))


def to_number(field: str, cell: Any) -> float:
    if isinstance(cell, bool):
        raise ValidationError(field, N_("{field_label} must be a number."))
    if isinstance(cell, int | float):
        return float(cell)
    raw = text(cell).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        raise ValidationError(field, N_("{field_label} must be a number.")) from None


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
