"""The ESF+ facts of a person with several records: joining records never loses what is known.

A coordinator confirms that two records are one person (``participant_alias``); the reports
then count the person with the kept (canonical) record's characteristics. Before, a fact the
kept record leaves unrecorded was lost even when another record of the person knew it (Ķikute:
1944 at one branch, no birth year at the other, became "age not recorded"). Now each fact is,
in this order (docs/decisions/0401, update of the twelfth session):

1. the kept record's own value, when it is known — also when another record says otherwise
   (the Duplicates screen shows the difference before the coordinator decides);
2. else the value of the first other record of the person, by id, that knows it.

Nothing is copied into any record: the rule is applied when a report runs (and by the
Duplicates screen to show it), from the alias rows and the records alone, so every computer
with the same rows counts the same, in whatever order they arrived, and "separate" gives
back exactly what each record says. Target groups need no rule: every record's tags count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import aliased

#: The characteristics the ESF+ figures read from a person's record, with the value that means
#: "not recorded" (besides NULL).
UNKNOWN: dict[str, object | None] = {
    "birth_year": None,
    "gender": "unspecified",
    "labour_status": "unknown",
    "isced": "unknown",
    "disability": None,
    "third_country_national": None,
    "foreign_background": None,
    "minority": None,
    "homeless": None,
    "rural": None,
}
FACTS = tuple(UNKNOWN)
#: The yes/no characteristics among them (the disadvantaged flags and rural residence).
FLAGS = FACTS[4:]


def is_known(fact: str, value: object) -> bool:
    """Whether ``value`` records something for ``fact`` (not NULL, not its "unknown")."""
    return value is not None and value != UNKNOWN[fact]


def known(fact: str, column: Any) -> ColumnElement[bool]:
    """SQL: the column records something for ``fact``."""
    cond: ColumnElement[bool] = column.is_not(None)
    if UNKNOWN[fact] is not None:
        cond = cond & (column != UNKNOWN[fact])
    return cond


def merged(
    kept: Mapping[str, object], others: Sequence[Mapping[str, object]]
) -> tuple[dict[str, object], set[str]]:
    """The person's facts by the rule above: ``kept``'s values, each unknown one from the first
    of ``others`` (given in id order) that knows it. Returns (facts, the facts taken from
    another record)."""
    out = {fact: kept.get(fact) for fact in FACTS}
    taken: set[str] = set()
    for fact in FACTS:
        if is_known(fact, out[fact]):
            continue
        for other in others:
            if is_known(fact, other.get(fact)):
                out[fact] = other.get(fact)
                taken.add(fact)
                break
    return out, taken


def fill(conn: Any, facts: Any, persons: Any, alias: Any) -> None:
    """Fill the work table ``facts`` (person + one column per fact) for each person of
    ``persons`` (a table with a ``person`` column): the kept record's values, then each
    unknown one of a person with other records (``alias``: participant_id → canonical_id)
    from the first of them by id that knows it. The same rule as :func:`merged`."""
    from libtrainer.store.models import Participant  # noqa: PLC0415

    p = Participant.__table__
    conn.execute(
        facts.insert().from_select(
            ["person", *FACTS],
            select(persons.c.person, *[p.c[f] for f in FACTS])
            .select_from(persons)
            .outerjoin(p, p.c.id == persons.c.person),
        )
    )
    grouped = select(alias.c.canonical_id)
    for fact in FACTS:
        m = aliased(p, name="member")
        first_known = (
            select(m.c[fact])
            .select_from(alias)
            .join(m, m.c.id == alias.c.participant_id)
            .where(alias.c.canonical_id == facts.c.person, known(fact, m.c[fact]))
            .order_by(m.c.id)
            .limit(1)
            .scalar_subquery()
        )
        conn.execute(
            update(facts)
            .where(~known(fact, facts.c[fact]))
            .where(facts.c.person.in_(grouped))
            .values({fact: func.coalesce(first_known, facts.c[fact])})
        )
