"""Value rules shared by services, imports and the GUI.

Each check returns the cleaned value or raises :class:`ValidationError` naming the field, so a
form can highlight it and an import report can say which column of which row is wrong.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zoneinfo
from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from libtrainer.domain.errors import N_, ValidationError

MAX_AGE = 110
#: the youngest a participant can be (by birth year): residents trained are at least of school
#: age (school starts at 6–7 in Lithuania and Latvia); a year later than this is a typing slip
MIN_AGE = 6
ESCOUT_MIN_AGE = 14
ESCOUT_MAX_AGE = 29
MAX_SESSION_HOURS = 12.0
#: minutes in one academic hour
ACADEMIC_MINUTES = 45
MAX_SESSION_MINUTES = int(MAX_SESSION_HOURS) * ACADEMIC_MINUTES
#: decimals a length typed in academic hours is stored with, and session lengths compared to
LENGTH_DECIMALS = 2
MAX_NAME_LENGTH = 120
CODE_LENGTH = 60  # a participant's code (its column)
MAX_TEXT_LENGTH = 4000
FUTURE_DAYS_ALLOWED = 366
EARLIEST_DATE = dt.date(2000, 1, 1)
MAX_CONSULTATION_MINUTES = 8 * 60

E = TypeVar("E", bound=StrEnum)


def today() -> dt.date:
    """Today's date (a seam for tests)."""
    return dt.date.today()


#: the time zone of each country's sessions (the same rules since 2003; 0404)
ZONES = {"LT": "Europe/Vilnius", "LV": "Europe/Riga"}


def local_zone(country: str | None) -> dt.tzinfo | None:
    """The time zone a timestamp written with a zone is turned into before its date is taken:
    the country's (LT when unknown); None — the computer's own zone — when the zone data is
    missing (Windows without the ``tzdata`` package)."""
    try:
        return zoneinfo.ZoneInfo(ZONES.get(country or "", ZONES["LT"]))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


#: characters that change how text is shown without being seen: zero-width space and joiner
#: word, byte-order mark, and the text-direction marks and overrides (a name with U+202E
#: shows reversed, and two names differing only by these look the same to a librarian)
HIDDEN_CHARACTERS = frozenset(
    "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\u061c\ufeff"
)


def _hidden(ch: str) -> bool:
    return ch in HIDDEN_CHARACTERS or unicodedata.category(ch) == "Cc"


def without_hidden(text: str) -> str:
    """``text`` without control characters and :data:`HIDDEN_CHARACTERS` (for a name stored
    before they were refused, sent where they are not accepted)."""
    return "".join(ch for ch in text if not _hidden(ch))


def hidden_characters(text: str) -> bool:
    """True when ``text`` holds control characters or :data:`HIDDEN_CHARACTERS`."""
    return any(_hidden(ch) for ch in text)


SHOWN_LIMIT = 300


def shown(value: object, limit: int = SHOWN_LIMIT) -> object:
    """``value`` safe to put in a message: text from a file, a share or another computer loses
    line breaks, escape codes and text-direction marks (each becomes a space or "?") and is
    cut to ``limit`` characters; other values pass unchanged."""
    if not isinstance(value, str):
        return value
    out = "".join(
        " " if unicodedata.category(ch) == "Cc" else "?" if ch in HIDDEN_CHARACTERS else ch
        for ch in value
    )
    return out if len(out) <= limit else out[: limit - 1] + "…"


def clean_name(
    field: str, value: str | None, *, required: bool = True, limit: int = MAX_NAME_LENGTH
) -> str:
    """Trimmed, NFC-normalised name; empty is an error when required. ``limit``: the length of
    the column it is stored in, where shorter than a name's (a longer value could not be sent:
    the coordinator refuses values longer than their column)."""
    text = unicodedata.normalize("NFC", " ".join((value or "").split()))
    visible = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc"))
    if required and not visible.strip():
        raise ValidationError(field, N_("{field_label} must not be empty."))
    if len(text) > limit:
        raise ValidationError(
            field,
            N_("{field_label} is too long (at most {limit} characters)."),
            limit=limit,
        )
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise ValidationError(field, N_("{field_label} contains control characters."))
    if hidden_characters(text):
        raise ValidationError(
            field,
            N_(
                "{field_label} contains invisible characters or text-direction marks; type it "
                "again by hand."
            ),
        )
    if lone_accent(text):
        raise ValidationError(
            field,
            N_(
                "{field_label} has an accent mark that stands alone at the start of a word, "
                "not on a letter; type it again by hand."
            ),
        )
    return text


#: what a person's name holds besides letters (of any alphabet) and the marks on them: spaces,
#: hyphens (Čakste-Ģēģere, the hyphen character too), apostrophes (O’Brien, D'Arcy) and the
#: full stops of initials (J. Bērziņš)
NAME_SIGNS = frozenset(" -\u2010'\u2019.")


def name_signs(text: str) -> str:
    """The characters of ``text`` that no person's name has (digits, "@", "_", "/", …), each
    once, in order ("" when there are none)."""
    odd: list[str] = []
    for ch in text:
        if ch in NAME_SIGNS or unicodedata.category(ch)[0] in "LM" or ch in odd:
            continue
        odd.append(ch)
    return "".join(odd)


def clean_person_name(field: str, value: str | None, *, required: bool = True) -> str:
    """A person's given or family name (a participant's, a staff member's, an e-scout's, a
    register's lecturer): :func:`clean_name`, and only letters, spaces, hyphens, apostrophes
    and full stops ("Ēriks2" is a typing slip, not a name: imported, it would be a second
    person). Names stored before this rule are not checked again unless they are changed
    (``services.common.unchanged``)."""
    text = clean_name(field, value, required=required)
    odd = name_signs(text)
    if odd:
        raise ValidationError(
            field,
            N_(
                "{field_label}: “{value}” is not a name: it has “{characters}”. A name has only "
                "letters, spaces, hyphens, apostrophes and full stops; correct it."
            ),
            value=text,
            characters=" ".join(odd),
        )
    if text and not any(unicodedata.category(ch)[0] == "L" for ch in text):
        raise ValidationError(
            field,
            N_("{field_label}: “{value}” is not a name: it has no letters."),
            value=text,
        )
    return text


def lone_accent(text: str) -> bool:
    """Whether ``text`` (NFC) has a combining mark with no letter under it: at its start
    ("\u0301Jonas", a name of marks only) or after a space or punctuation. Such a mark cannot
    be seen where it belongs, folds away in matching ("\u0301Jonas" would be Jonas there) and
    is a pasting slip; a mark on a letter that has no composed form ("ą̃") is kept."""
    return any(
        unicodedata.category(ch).startswith("M")
        and (i == 0 or unicodedata.category(text[i - 1])[0] in "ZP")
        for i, ch in enumerate(text)
    )


PHONE_LENGTH = 40
_PHONE_CHARACTERS = frozenset("0123456789 +-()./")
_PHONE_SEPARATORS = str.maketrans("", "", " -()./")
#: at most this many numbers in one phone field ("+370 612 34567, 8 5 212 3456")
MAX_PHONES = 2
#: digits after "+" (or "00") of an international number (ITU-T E.164: at most 15)
INTERNATIONAL_DIGITS = (8, 15)
#: national significant numbers: Lithuania and Latvia both have eight digits
NATIONAL_DIGITS = {"370": 8, "371": 8}


def _phone_digits(text: str) -> str | None:
    """The digits of one number ("+" kept in front), or None when it is not shaped like a
    phone number: a "+" only at the start, nothing but digits and separators."""
    bare = text.translate(_PHONE_SEPARATORS)
    if not set(text) <= _PHONE_CHARACTERS or "+" in bare[1:] or not bare.lstrip("+"):
        return None
    return bare


def plausible_phone(text: str) -> bool:
    """One number as people in Lithuania and Latvia write it: +370 6xx xxxxx and 8 6xx xxxxx
    (or 0 6xx xxxxx, Lithuania's trunk prefix since 2025), +371 2xxx xxxx and the Latvian
    eight digits 2xxxxxxx or 6xxxxxxx, or any international number: "+" (or "00") and 8 to 15
    digits."""
    bare = _phone_digits(text)
    if bare is None:
        return False
    if bare.startswith("00"):
        bare = "+" + bare[2:]
    if bare.startswith("+"):
        digits = bare[1:]
        for country, length in NATIONAL_DIGITS.items():
            if digits.startswith(country):
                return len(digits) == len(country) + length
        low, high = INTERNATIONAL_DIGITS
        return low <= len(digits) <= high
    if bare[0] in "80":  # Lithuanian trunk prefix and the eight digits
        return len(bare) == 1 + NATIONAL_DIGITS["370"]
    return len(bare) == NATIONAL_DIGITS["371"] and bare[0] in "26"


def clean_phone(field: str, value: str | None) -> str | None:
    """One phone number, or two separated by a comma or a semicolon (kept as "a, b"), each
    :func:`plausible_phone`; at most 40 characters; None for none. Values stored before this
    rule are not checked again unless they are changed (see ``services.common.unchanged``)."""
    text = clean_name(field, value, required=False, limit=PHONE_LENGTH)
    if not text:
        return None
    numbers = [part.strip() for part in text.replace(";", ",").split(",")]
    for number in numbers:
        if not plausible_phone(number):
            raise ValidationError(
                field,
                N_(
                    "{field_label}: “{value}” is not a phone number. Write it like "
                    "+370 612 34567, 8 612 34567 or +371 2123 4567."
                ),
                value=number or text,
            )
    if len(numbers) > MAX_PHONES:
        raise ValidationError(
            field,
            N_("{field_label}: at most {limit} phone numbers, separated by a comma."),
            limit=MAX_PHONES,
        )
    return ", ".join(numbers)


def clean_text(field: str, value: str | None) -> str:
    """Free text (notes): trimmed, NFC, bounded."""
    text = unicodedata.normalize("NFC", (value or "").strip())
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            field,
            N_("{field_label} is too long (at most {limit} characters)."),
            limit=MAX_TEXT_LENGTH,
        )
    return text


def check_enum(field: str, enum: type[E], value: str | E) -> E:
    """The enum member for ``value``; anything outside the closed set is an error."""
    try:
        return enum(value)
    except ValueError:
        raise ValidationError(
            field,
            N_("{field_label}: “{value}” is not one of the allowed values."),
            value=str(value),
        ) from None


def check_enums(field: str, enum: type[E], values: Iterable[str | E]) -> list[E]:
    """Several enum members, de-duplicated, in a stable order."""
    return sorted({check_enum(field, enum, v) for v in values}, key=lambda m: m.value)


def check_birth_year(field: str, year: int | None, *, on: dt.date | None = None) -> int | None:
    """A plausible birth year of a participant: the person is ``MIN_AGE`` to ``MAX_AGE``
    years old on ``on`` (default today; an import passes the session's date)."""
    if year is None:
        return None
    ref = on or today()
    if not isinstance(year, int) or isinstance(year, bool):
        raise ValidationError(field, N_("{field_label} must be a year such as 1957."))
    if year > ref.year - MIN_AGE or year < ref.year - MAX_AGE:
        raise ValidationError(
            field,
            N_("{field_label} {value} is not plausible: use a year from {low} to {high}."),
            value=year,
            low=ref.year - MAX_AGE,
            high=ref.year - MIN_AGE,
        )
    return year


def check_escout_age(field: str, year: int, *, on: dt.date | None = None) -> int:
    """E-scouts are young volunteers aged 14–29 (by birth year)."""
    ref = on or today()
    checked = check_birth_year(field, year, on=ref)
    assert checked is not None
    age = ref.year - checked
    if not ESCOUT_MIN_AGE <= age <= ESCOUT_MAX_AGE:
        raise ValidationError(
            field,
            N_("An e-scout must be {low}–{high} years old; born in {value} gives {age}."),
            low=ESCOUT_MIN_AGE,
            high=ESCOUT_MAX_AGE,
            value=year,
            age=age,
        )
    return checked


def check_hours(field: str, hours: float) -> float:
    """Academic hours (45 min) of one session: more than 0 and at most 12."""
    try:
        value = float(hours)
    except (TypeError, ValueError):
        raise ValidationError(field, N_("{field_label} must be a number.")) from None
    value = round(value, LENGTH_DECIMALS)  # as stored: 0.004 would be a session of 0 hours
    if not 0 < value <= MAX_SESSION_HOURS:
        raise ValidationError(
            field,
            N_("{field_label} must be more than 0 and at most {limit}."),
            limit=int(MAX_SESSION_HOURS),
        )
    return value


def hours_from_minutes(field: str, minutes: float) -> float:
    """A session's length given in whole minutes (1 to 540), as academic hours, unrounded:
    50 → 50 / 45 (1.1111111111111112), so that nine 50-minute sessions are 10 academic hours
    and 45,000 attendances of them 50,000 participant-hours, not 49,999.99 as with 6 decimals
    (docs/decisions/0404). Compare lengths with :func:`same_length`."""
    if isinstance(minutes, bool) or not isinstance(minutes, int | float):
        raise ValidationError(field, N_("{field_label} must be a whole number."))
    if not float(minutes).is_integer():
        raise ValidationError(field, N_("{field_label} must be a whole number."))
    if not 0 < minutes <= MAX_SESSION_MINUTES:
        raise ValidationError(
            field,
            N_("{field_label} must be more than 0 and at most {limit}."),
            limit=MAX_SESSION_MINUTES,
        )
    return int(minutes) / ACADEMIC_MINUTES


def same_length(first: float, second: float) -> bool:
    """Whether two session lengths (academic hours) are the same length: compared to the 2
    decimals typed hours are stored with, so 50 minutes (50 / 45) are the 1.11 typed for the
    same session before, and a file typed with 1.11 still matches its sessions (0404)."""
    return round(float(first), LENGTH_DECIMALS) == round(float(second), LENGTH_DECIMALS)


def minutes_of(hours: float) -> int:
    """A session's length in whole minutes (1.11 → 50, 50 / 45 → 50, 1.111111 → 50, 2 → 90)."""
    return round(float(hours) * ACADEMIC_MINUTES)


def check_date(field: str, value: dt.date | None, *, required: bool = True) -> dt.date | None:
    """A date not before 2000 and not more than a year ahead."""
    if value is None:
        if required:
            raise ValidationError(field, N_("{field_label} must not be empty."))
        return None
    if not isinstance(value, dt.date):
        raise ValidationError(field, N_("{field_label} must be a date such as 2026-03-15."))
    if isinstance(value, dt.datetime):
        value = value.date()
    latest = today() + dt.timedelta(days=FUTURE_DAYS_ALLOWED)
    if value > latest:
        raise ValidationError(
            field, N_("{field_label} {value} is too far in the future."), value=value.isoformat()
        )
    if value < EARLIEST_DATE:
        raise ValidationError(
            field, N_("{field_label} {value} is too far in the past."), value=value.isoformat()
        )
    return value


def check_date_order(field: str, start: dt.date | None, end: dt.date | None) -> None:
    """An end date is not before its start date."""
    if start and end and end < start:
        raise ValidationError(field, N_("{field_label} must not be before the start date."))


def check_minutes(field: str, minutes: int) -> int:
    """Minutes of a consultation: 1 to 480."""
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        raise ValidationError(field, N_("{field_label} must be a whole number."))
    if not 0 < minutes <= MAX_CONSULTATION_MINUTES:
        raise ValidationError(
            field,
            N_("{field_label} must be more than 0 and at most {limit}."),
            limit=MAX_CONSULTATION_MINUTES,
        )
    return minutes


def check_time(field: str, value: dt.time | None) -> dt.time | None:
    """A start time (hours and minutes; seconds are dropped)."""
    if value is None:
        return None
    if not isinstance(value, dt.time):
        raise ValidationError(field, N_("{field_label} must be a time such as 14:30."))
    return value.replace(second=0, microsecond=0)


def check_score(field: str, value: int) -> int:
    """A self-assessment score from 1 to 5."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise ValidationError(field, N_("{field_label} must be a whole number from 1 to 5."))
    return value


def fold(text: str) -> str:
    """Diacritics-insensitive, case-insensitive key: "Šarūnas" → "sarunas"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def age_on(birth_year: int | None, on: dt.date) -> int | None:
    """Age in whole years at ``on`` when only the birth year is known (birthday assumed passed)."""
    return None if birth_year is None else on.year - birth_year
