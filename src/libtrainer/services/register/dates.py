"""Which comes first in a file's dates written as 6/7/2025: the day or the month.

A US-style register (Excel on an English Windows) writes month/day/year, ours day/month/year,
and 6/7/2025 is a valid date either way. The order is decided per file and separator ("/" and
"." apart) from the dates that can be read only one way (docs/decisions/0404):
- a first number over 12 (30/6/2025) proves day first, a second one (6/30/2025) month first;
- a file that proves both orders is refused on every such date, naming a row of each;
- with no proof, day first (the Lithuanian and Latvian habit); when slash dates could be read
  both ways, the import's summary says how they were read, with an example, so the person can
  check it (dotted dates day first are what everybody here writes: no note).
Real Excel dates (date cells) and year-first dates are never in question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from libtrainer.domain.errors import N_
from libtrainer.services.register.cells import DAY_MONTH, Reading, split_stamp, text
from libtrainer.services.register.read import RawRow

#: the reason given for each date of a file that writes dates in both orders
TWO_ORDERS = N_(
    "{field_label}: this file writes dates in two orders (row {day_row}: {day_value} is "
    "day/month/year; row {month_row}: {month_value} is month/day/year), so {value} cannot be "
    "read for sure. Write the dates as year-month-day, such as 2026-03-15."
)


@dataclass(frozen=True)
class DateNote:
    """How dates that could be read both ways were read: an example (its row, text and the
    date taken), the order, and the row that proved it (None: assumed, day first)."""

    row: int
    value: str
    read_as: dt.date
    month_first: bool
    proof_row: int | None = None
    proof_value: str = ""


@dataclass
class _Seen:
    """What the dates written with one separator show."""

    day_first: tuple[int, str] | None = None
    month_first: tuple[int, str] | None = None
    both_ways: tuple[int, str, int, int, int] | None = None  # row, text, first, second, year


def decide(raws: Iterable[RawRow], column: str = "date") -> tuple[Reading, list[DateNote]]:
    """The reading of ``column``'s dates in these rows, and the notes for the summary."""
    seen: dict[str, _Seen] = {}
    for raw in raws:
        cell = raw.values.get(column)
        if not isinstance(cell, str):
            continue  # a date cell, a number or nothing: not written as text
        whole = text(cell)
        match = DAY_MONTH.match(split_stamp(whole)[0])
        if match is None:
            continue
        first, sep, second, year = match.groups()
        one, two = int(first), int(second)
        found = seen.setdefault(sep, _Seen())
        if one > 12 >= two and found.day_first is None:
            found.day_first = (raw.number, whole)
        elif two > 12 >= one and found.month_first is None:
            found.month_first = (raw.number, whole)
        elif one != two and max(one, two) <= 12 and found.both_ways is None:
            found.both_ways = (raw.number, whole, one, two, int(year))
    month_first = frozenset(s for s, f in seen.items() if f.month_first and not f.day_first)
    refused = {
        sep: (TWO_ORDERS, _proofs(found))
        for sep, found in seen.items()
        if found.day_first and found.month_first
    }
    notes = [
        _note(sep, found, sep in month_first)
        for sep, found in sorted(seen.items())
        if sep not in refused and found.both_ways and (sep == "/" or sep in month_first)
    ]
    return Reading(month_first, refused), notes


def _proofs(found: _Seen) -> dict[str, object]:
    assert found.day_first and found.month_first
    return {
        "day_row": found.day_first[0],
        "day_value": found.day_first[1],
        "month_row": found.month_first[0],
        "month_value": found.month_first[1],
    }


def _note(sep: str, found: _Seen, month_first: bool) -> DateNote:
    assert found.both_ways is not None
    row, value, one, two, year = found.both_ways
    read_as = dt.date(year, one, two) if month_first else dt.date(year, two, one)
    proof = found.month_first if month_first else found.day_first
    return DateNote(
        row=row,
        value=value,
        read_as=read_as,
        month_first=month_first,
        proof_row=proof[0] if proof else None,
        proof_value=proof[1] if proof else "",
    )
