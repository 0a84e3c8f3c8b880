"""What the demonstration generators share: a branch's plan, the site, the batch of rows."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from libtrainer.domain import rules
from libtrainer.services.demo import catalogue
from libtrainer.services.demo.vocabulary import LT, Vocabulary

T = TypeVar("T")
Row = dict[str, Any]
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Plan:
    """How much one branch gets."""

    participants: int
    groups: int
    consultations: int
    seminars: int
    escouts: int
    visits_per_escout: int
    group_size: tuple[int, int]


@dataclass
class Site:
    """A branch being filled, the staff and e-scouts who work there, the programme ids, and
    the words of its country."""

    branch_id: str
    name: str
    library: str
    rural: bool
    central: bool
    librarians: list[str]
    lecturers: list[str]
    guest_lecturers: list[str]  # teach the Latvian library-staff programmes
    volunteers: list[str]
    programmes: dict[str, tuple[str, catalogue.ProgrammeSpec]]
    first_group_number: int = 1
    words: Vocabulary = LT

    @property
    def stem(self) -> str:
        return catalogue.place_stem(self.name)

    @property
    def town(self) -> str:
        return catalogue.town_of(self.library)


@dataclass
class Batch:
    """Rows to insert, by table."""

    rows: dict[str, list[Row]] = field(default_factory=dict)

    def add(self, table: str, row: Row) -> None:
        self.rows.setdefault(table, []).append(row)

    def counts(self) -> Counter[str]:
        return Counter({t: len(r) for t, r in self.rows.items()})


#: Kinds of groups a branch forms, in the order it forms them (job seekers most often).


def weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += DAY
    return day


def weighted(rng: random.Random, pairs: tuple[tuple[T, int], ...]) -> T:
    """One value of ``(value, weight)`` pairs."""
    values, cumulative = _cumulative(pairs)
    return cast(T, rng.choices(values, cum_weights=cumulative)[0])


@functools.cache
def _cumulative(pairs: tuple[tuple[Any, int], ...]) -> tuple[list[Any], list[int]]:
    return [v for v, _w in pairs], list(itertools.accumulate(w for _v, w in pairs))


def valid_date(field: str, value: dt.date) -> dt.date:
    """A date that passes the domain rule (not before 2000, not far in the future)."""
    checked = rules.check_date(field, value)
    assert checked is not None
    return checked
