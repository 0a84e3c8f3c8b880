"""The SELECTs every report starts from: who a person is, which sessions are in scope.

*Canonical person.* A coordinator confirms that two participant records are one person by an
append-only ``participant_alias`` row; the person is ``coalesce(alias.canonical_id,
participant.id)``, following one hop (the dedupe service always points an alias at the final
record). When one record was confirmed twice, the latest confirmation wins.

*Sessions in scope.* Sessions held in the period, at a branch in the scope, whose programme
(the session's own, else its group's) passes the programme and audience filters. Archived
sessions still count: archiving hides a record from lists, it does not undo what happened.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import aliased

from libtrainer.reports.filters import ReportFilters, in_period, in_scope, programme_condition
from libtrainer.reports.periods import period_key
from libtrainer.store.models import (
    ParticipantAlias,
    ParticipantTag,
    TrainingGroup,
    TrainingSession,
)


def alias_rows() -> Select[*tuple[Any, ...]]:
    """(participant_id, canonical_id): one row per aliased record, its latest confirmation."""
    pa = ParticipantAlias
    ranked = select(
        pa.participant_id,
        pa.canonical_id,
        func.row_number()
        .over(partition_by=pa.participant_id, order_by=(pa.confirmed_on.desc(), pa.id.desc()))
        .label("rn"),
    ).subquery("alias_ranked")
    return select(ranked.c.participant_id, ranked.c.canonical_id).where(ranked.c.rn == 1)


def alias_map(name: str = "alias1") -> Any:
    """:func:`alias_rows` as a subquery, for sources small enough to join it directly."""
    return alias_rows().subquery(name)


def person_of(alias: Any, participant_col: Any) -> ColumnElement[str]:
    """The canonical person of a participant-id column, given an outer-joined alias map."""
    return func.coalesce(alias.c.canonical_id, participant_col)


def session_programme(group: Any) -> ColumnElement[str]:
    return func.coalesce(TrainingSession.programme_id, group.programme_id)


def sessions_in_scope(filters: ReportFilters, *, scan: bool = False) -> Select[*tuple[Any, ...]]:
    """Sessions in scope with the key of their bucket: sessions of one group, branch,
    programme, month and length are one bucket (attendance is aggregated per person and
    bucket). A missing group or programme is ``''`` in the key, so equal keys compare equal.
    ``scan``: read the sessions whole, not through the date index (``filters.reads_most``)."""
    s = TrainingSession
    g = aliased(TrainingGroup, name="sgroup")
    programme = session_programme(g)
    return (
        select(
            s.id.label("sid"),
            func.coalesce(s.group_id, "").label("group_key"),
            s.branch_id.label("branch_id"),
            func.coalesce(programme, "").label("programme_key"),
            period_key("month", s.date).label("month"),
            s.academic_hours.label("hours"),
        )
        .select_from(s)
        .outerjoin(g, g.id == s.group_id)
        .where(
            in_period(filters, s.date, scan=scan),
            in_scope(filters, s.branch_id),
            programme_condition(filters, programme),
        )
    )


def tag_rows(alias: Any, *, distinct: bool = True) -> Select[*tuple[Any, ...]]:
    """(person, tag): the target-group tags of every record of a person, once each (with
    ``distinct=False`` a pair may repeat, for a caller whose table key drops repeats)."""
    t = ParticipantTag
    stmt = (
        select(person_of(alias, t.participant_id).label("person"), t.tag.label("tag"))
        .select_from(t)
        .outerjoin(alias, alias.c.participant_id == t.participant_id)
    )
    return stmt.distinct() if distinct else stmt
