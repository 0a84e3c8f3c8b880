"""Checking register rows: every cell by the domain rules, then rules across rows.

Every problem is collected — not only the first — as a :class:`RowError` naming the row as the
person sees it in the sheet, the column by its label and the reason, both in the user's
language. Nothing here reads or writes the store; :mod:`.plan` checks rows against it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from libtrainer.domain import rules
from libtrainer.domain.errors import N_, LibtrainerError, ValidationError
from libtrainer.i18n import _
from libtrainer.i18n.format import format_hours
from libtrainer.services import common
from libtrainer.services.register import cells
from libtrainer.services.register.codes import display_code, name_key, normalise_code
from libtrainer.services.register.columns import BY_KEY
from libtrainer.services.register.dates import decide
from libtrainer.services.register.read import RawRow, quoted
from libtrainer.services.register.sheets import UNSAVED


@lru_cache(maxsize=65536)
def folded(text: str) -> str:
    """:func:`rules.fold`, cached: a register repeats the same few names thousands of times."""
    return rules.fold(text)


@dataclass(frozen=True)
class RowError:
    """One problem: row number in the sheet, column key and label, reason (user's language)."""

    row: int
    column: str
    label: str
    reason: str


@dataclass
class ImportRow:
    """One valid attendance row, typed and cleaned."""

    number: int
    date: dt.date
    start: dt.time | None
    hours: float
    region: str
    library: str
    branch: str
    place: str
    programme: str
    level: str
    group: str
    lecturer: str
    code: str
    given_name: str
    family_name: str
    birth_year: int | None
    gender: str
    labour_status: str
    education: str
    target_groups: list[str] = field(default_factory=list)
    referred_by: str = "none"
    mark: str = "present"
    phone: str | None = None
    email: str | None = None

    @cached_property
    def person_key(self) -> tuple[str, ...]:
        """Who this is within one file: the code, else folded name and birth year."""
        if self.code:
            return ("code", normalise_code(self.code))
        return ("name", name_key(self.given_name, self.family_name), str(self.birth_year))

    @cached_property
    def place_key(self) -> tuple[str, str, str]:
        return (folded(self.region), folded(self.library), folded(self.branch))

    @cached_property
    def group_key(self) -> tuple[str, ...]:
        """The group as named at its place ("" for a one-off seminar)."""
        return (folded(self.group), *self.place_key)

    @cached_property
    def session_key(self) -> tuple[str, ...]:
        owner = ("g", folded(self.group)) if self.group else ("p", folded(self.programme))
        start = self.start.isoformat() if self.start else ""
        return (*owner, *self.place_key, self.date.isoformat(), start)


def message(error: LibtrainerError, label: str) -> str:
    """An error's text in the current language with ``{field_label}`` set to ``label``."""
    params: dict[str, Any] = dict(error.params)
    params["field_label"] = label
    try:
        return _(error.msgid).format(**params)
    except (KeyError, IndexError, ValueError):
        return _(error.msgid)


def row_error(row: int, column: str, error: LibtrainerError) -> RowError:
    label = _(BY_KEY[column].label)
    return RowError(row, column, label, message(error, label))


class _Collector:
    """Runs each cell check, keeping the value or recording the error."""

    def __init__(self, raw: RawRow) -> None:
        self.raw = raw
        self.errors: list[RowError] = []

    def get(self, key: str, check: Callable[[str, Any], Any], default: Any = None) -> Any:
        if self.raw.values.get(key) is UNSAVED:
            if not any(e.column == key for e in self.errors):
                self.errors.append(
                    row_error(
                        self.raw.number,
                        key,
                        ValidationError(
                            key,
                            N_(
                                "{field_label} is a formula without a saved value: open the "
                                "file in Excel, save it and import it again."
                            ),
                        ),
                    )
                )
            return default
        try:
            value = check(key, self.raw.values.get(key))
        except ValidationError as exc:
            self.errors.append(row_error(self.raw.number, key, exc))
            return default
        return default if value is None else value


def _name(required: bool) -> Callable[[str, Any], str]:
    return lambda key, cell: rules.clean_name(key, cells.text(cell), required=required)


def _person(required: bool) -> Callable[[str, Any], str]:
    """A person's name: letters, spaces, hyphens, apostrophes and full stops only."""
    return lambda key, cell: rules.clean_person_name(key, cells.text(cell), required=required)


def _required_date(reading: cells.Reading, zone: dt.tzinfo | None) -> Callable[[str, Any], Any]:
    def check(key: str, cell: Any) -> dt.date | None:
        if cells.is_blank(cell):
            raise ValidationError(key, N_("{field_label} must not be empty."))
        return rules.check_date(key, cells.to_date(key, cell, reading, zone))

    return check


def _length(c: _Collector) -> float:
    """The session's length in academic hours: typed hours to 2 decimals; minutes (the
    Minutes column, or "50 min" in the hours cell) ÷ 45 to 6 decimals (decision 0404). Both
    given must agree; the minutes are kept then, being exact."""
    typed = c.raw.values.get("academic_hours")
    if cells.is_blank(c.raw.values.get("minutes")):
        return float(c.get("academic_hours", _hours, 0.0))
    minutes = c.get("minutes", lambda k, v: rules.hours_from_minutes(k, cells.to_minutes(k, v)))
    if minutes is None or cells.is_blank(typed):
        return 0.0 if minutes is None else float(minutes)
    hours = c.get("academic_hours", _hours)
    if hours is not None and not rules.same_length(hours, minutes):
        c.get("minutes", lambda k, _v: _disagree(k, minutes, hours))
    return float(minutes)


def _disagree(key: str, minutes: float, hours: float) -> None:
    raise ValidationError(
        key,
        N_(
            "{field_label}: {value} minutes are {minutes_hours} academic hours, but the row "
            "gives {hours} academic hours. Give one length, or make them agree."
        ),
        value=rules.minutes_of(minutes),
        minutes_hours=format_hours(minutes),
        hours=format_hours(hours),
    )


def _hours(key: str, cell: Any) -> float:
    if cells.is_blank(cell):
        raise ValidationError(key, N_("{field_label} must not be empty."))
    value, in_minutes = cells.to_length(key, cell)
    if in_minutes:
        return rules.hours_from_minutes(key, value)
    return rules.check_hours(key, value)


def _enum(key: str) -> Callable[[str, Any], str | None]:
    enum = BY_KEY[key].enum
    assert enum is not None
    return lambda k, cell: cells.to_code(k, enum, cell)


def check_row(
    raw: RawRow, reading: cells.Reading = cells.DAY_FIRST, zone: dt.tzinfo | None = None
) -> tuple[ImportRow | None, list[RowError]]:
    """Check one row; returns the typed row (None when any cell is bad) and all its errors.
    ``reading``: the order of the file's day/month dates; ``zone``: the local time zone that
    timestamps written with a zone are turned into (None: the computer's)."""
    if raw.extra or raw.other_separator:
        return None, [_width_error(raw)]
    c = _Collector(raw)
    date = c.get("date", _required_date(reading, zone))
    start = c.get("start", lambda k, v: rules.check_time(k, cells.to_time(k, v)))
    if date is not None and start is not None:
        # "22:30Z" on 30 June is 1 July 01:30 here: the session's day is the local one. A
        # zoned Start with a zoned Date goes on the Date's day in the Start's zone (moved into
        # local time once, not twice); a Start without a zone is local, on the local day
        moment = cells.zoned_moment(raw.values.get("date"), reading)
        if moment is not None and start.tzinfo is not None:
            date = moment.astimezone(start.tzinfo).date()
        day, start = cells.local_start(date, start, zone)
        date = c.get("date", lambda k, v: rules.check_date(k, day))
    code = display_code(cells.text(raw.values.get("participant_code")))
    birth_year = c.get("birth_year", lambda k, v: cells.to_year(k, v))
    if birth_year is not None:
        birth_year = c.get(
            "birth_year", lambda k, v: rules.check_birth_year(k, birth_year, on=date)
        )
    row = ImportRow(
        number=raw.number,
        date=date,
        start=None if start is None else start.replace(tzinfo=None),
        hours=_length(c),
        region=c.get("region", _name(False), ""),
        library=c.get("library", _name(False), ""),
        branch=c.get("branch", _name(False), ""),
        place=c.get("place", _name(False), ""),
        programme=c.get("programme", _name(True), ""),
        level=c.get("level", _enum("level"), "beginner"),
        group=c.get("group", _name(False), ""),
        lecturer=c.get("lecturer", _person(False), ""),
        code=c.get(
            "participant_code",
            lambda k, v: rules.clean_name(k, code, required=False, limit=rules.CODE_LENGTH),
        ),
        given_name=c.get("given_name", _person(True), ""),
        family_name=c.get("family_name", _person(True), ""),
        birth_year=birth_year,
        gender=c.get("gender", _enum("gender"), "unspecified"),
        labour_status=c.get("labour_status", _enum("labour_status"), "unknown"),
        education=c.get("education", _enum("education"), "unknown"),
        target_groups=c.get("target_groups", _tags, []),
        referred_by=c.get("referred_by", _enum("referred_by"), "none"),
        mark=c.get("present", _enum("present"), "present"),
        phone=c.get("phone", lambda k, v: rules.clean_phone(k, cells.text(v))),
        email=c.get("email", lambda k, v: common.check_email(k, cells.text(v))),
    )
    if date is not None and row.mark == "present":
        # as on the attendance sheet: nobody is present at a session not held yet (0103)
        c.get("present", lambda k, v: _held(k, date))
    return (None if c.errors else row), c.errors


WHOLE_ROW = N_("(whole row)")


def _width_error(raw: RawRow) -> RowError:
    """A CSV row whose cells do not line up with the header: said as such, not as the
    unrelated errors of shifted cells."""
    if raw.extra:
        msgid = N_(
            "This row has {cells} cells, but the header has {columns}. A decimal comma "
            "(1,5) in a file separated by commas, or a separator other than the header's, is "
            "the usual cause: put such numbers in quotes or save the file again as CSV."
        )
    else:
        msgid = N_(
            "This row is separated by {other}, but the header by {separator}. Save the file "
            "again so that every row uses the same separator."
        )
    reason = _(msgid).format(
        cells=raw.extra,
        columns=len(raw.cells),
        other=quoted(_separator_name(raw.other_separator)),
        separator=quoted(_separator_name(raw.separator)),
    )
    return RowError(raw.number, "", _(WHOLE_ROW), reason)


def _separator_name(sep: str) -> str:
    return _("tab") if sep == "\t" else sep


def _held(key: str, date: dt.date) -> None:
    if date > rules.today():
        raise ValidationError(
            key,
            N_(
                "Nobody can be marked present at the session of {date}: it has not taken "
                "place yet. Mark attendance on the day of the session or later."
            ),
            date=date.isoformat(),
        )


def _tags(key: str, cell: Any) -> list[str]:
    enum = BY_KEY[key].enum
    assert enum is not None
    return cells.to_codes(key, enum, cell)


def check_rows(
    raws: Iterable[RawRow], reading: cells.Reading | None = None, zone: dt.tzinfo | None = None
) -> tuple[list[ImportRow], list[RowError]]:
    """Check every row, then the rules across rows; returns good rows and all errors.
    ``reading`` defaults to the one the rows' own dates prove (:func:`.dates.decide`)."""
    raws = list(raws)
    if reading is None:
        reading = decide(raws)[0]
    good: list[ImportRow] = []
    errors: list[RowError] = []
    for raw in raws:
        row, row_errors = check_row(raw, reading, zone)
        errors.extend(row_errors)
        if row is not None:
            good.append(row)
    cross = check_across(good)
    bad_numbers = {e.row for e in cross}
    return [r for r in good if r.number not in bad_numbers], errors + cross


def check_across(rows: Iterable[ImportRow]) -> list[RowError]:
    """Rules across rows: a group keeps one programme; a code is one person; a session keeps
    one length and one lecturer; a person is listed once per session."""
    errors: list[RowError] = []
    group_programme: dict[tuple[str, ...], ImportRow] = {}
    code_person: dict[tuple[str, ...], ImportRow] = {}
    session_first: dict[tuple[str, ...], ImportRow] = {}
    session_lecturer: dict[tuple[str, ...], ImportRow] = {}
    attendance: dict[tuple[tuple[str, ...], tuple[str, ...]], ImportRow] = {}
    for row in rows:
        if row.group:
            first = group_programme.setdefault(row.group_key, row)
            if folded(first.programme) != folded(row.programme):
                errors.append(
                    _across(
                        row,
                        "programme",
                        N_("Group “{group}” is for the programme “{programme}” (row {first})."),
                        group=row.group,
                        programme=first.programme,
                        first=first.number,
                    )
                )
                continue
        if row.code:
            first = code_person.setdefault(row.person_key, row)
            if _person_name(first) != _person_name(row):
                errors.append(
                    _across(
                        row,
                        "participant_code",
                        N_(
                            "The code “{code}” is given to two different people: {first_name} "
                            "in row {first} and {name} in row {this}. Check the code and the name."
                        ),
                        code=row.code,
                        first_name=f"{first.given_name} {first.family_name}",
                        first=first.number,
                        name=f"{row.given_name} {row.family_name}",
                        this=row.number,
                    )
                )
                continue
        first = session_first.setdefault(row.session_key, row)
        if not rules.same_length(first.hours, row.hours):
            errors.append(
                _across(
                    row,
                    "academic_hours",
                    N_("Row {first} gives {hours} academic hours for the same session."),
                    hours=format_hours(first.hours),
                    first=first.number,
                )
            )
            continue
        if row.lecturer:
            first = session_lecturer.setdefault(row.session_key, row)
            if folded(first.lecturer) != folded(row.lecturer):
                errors.append(
                    _across(
                        row,
                        "lecturer",
                        N_(
                            "One session has one lecturer, but row {first} gives “{first_name}” "
                            "and row {this} gives “{name}” for the same session."
                        ),
                        first=first.number,
                        first_name=first.lecturer,
                        this=row.number,
                        name=row.lecturer,
                    )
                )
                continue
        seen = attendance.setdefault((row.session_key, row.person_key), row)
        if seen is not row:
            errors.append(
                _across(
                    row,
                    "given_name",
                    N_("This person is already listed for the same session in row {first}."),
                    first=seen.number,
                )
            )
    return errors


def _person_name(row: ImportRow) -> str:
    return name_key(row.given_name, row.family_name)


def _across(row: ImportRow, column: str, msgid: str, **params: Any) -> RowError:
    return row_error(row.number, column, ValidationError(column, msgid, **params))
