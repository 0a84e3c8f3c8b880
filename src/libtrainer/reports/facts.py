"""The SELECTs every report starts from: who a person is, which sessions are in scope.

*Canonical person.* A coordinator confirms that two participant records are one person by an
append-only ``participant_alias`` row; the person is ``coalesce(alias.canonical_id,
participant.id)``. When one record was confirmed twice, its latest confirmation wins. Chains
are followed to their end (the duplicates service points an alias at the final record, but two
coordinators may confirm overlapping pairs before they see each other's work), and a cycle made
that way resolves to its smallest id, the same on every store (docs/decisions/0401).

*Sessions in scope.* Sessions held in the period, at a branch in the scope, whose programme
(the session's own, else its group's) passes the programme and audience filters. Archived
sessions still count: archiving hides a record from lists, it does not undo what happened.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import aliased

from libtrainer.reports.filters import ReportFilters, in_period, in_scope, programme_condition
from libtrainer.reports.periods import period_key
from libtrainer.store.models import (
    ParticipantAlias,
    ParticipantTag,
    TrainingGroup,
    TrainingSession,
)


def alias_edges() -> Select[*tuple[Any, ...]]:
    """(participant_id, canonical_id): each aliased record's latest confirmation, one hop."""
    pa = ParticipantAlias
    ranked = select(
        pa.participant_id,
        pa.canonical_id,
        func.row_number()
        .over(partition_by=pa.participant_id, order_by=(pa.confirmed_on.desc(), pa.id.desc()))
        .label("rn"),
    ).subquery("alias_ranked")
    return select(ranked.c.participant_id, ranked.c.canonical_id).where(
        ranked.c.rn == 1, ranked.c.participant_id != ranked.c.canonical_id
    )


def alias_rows(name: str = "alias") -> Select[*tuple[Any, ...]]:
    """(participant_id, canonical_id): one row per aliased record and its final record.

    Each record's latest confirmation is one edge; a record's person is the end of its chain
    of edges, or, where the chain runs into a cycle, the cycle's smallest id. ``UNION`` (not
    ``UNION ALL``) makes the walk stop on a cycle. Its CTEs are named after ``name``, so the
    select can be used more than once in a statement under different names."""
    edge = alias_edges().cte(f"{name}_edge")
    start = select(edge.c.participant_id.label("pid"), edge.c.canonical_id.label("node"))
    reach = start.cte(f"{name}_reach", recursive=True)
    step = aliased(edge, name=f"{name}_step")
    reach = reach.union(
        select(reach.c.pid, step.c.canonical_id).join(step, step.c.participant_id == reach.c.node)
    )
    out = aliased(edge, name=f"{name}_out")
    loop = aliased(reach, name=f"{name}_loop")
    final = func.coalesce(
        func.max(case((out.c.participant_id.is_(None), reach.c.node))),
        func.min(case((loop.c.pid.is_not(None), reach.c.node))),
    )
    resolved = (
        select(reach.c.pid.label("participant_id"), final.label("canonical_id"))
        .select_from(reach)
        .outerjoin(out, out.c.participant_id == reach.c.node)
        .outerjoin(loop, and_(loop.c.pid == reach.c.node, loop.c.node == reach.c.node))
        .group_by(reach.c.pid)
        .subquery(f"{name}_resolved")
    )
    return select(resolved.c.participant_id, resolved.c.canonical_id).where(
        resolved.c.participant_id != resolved.c.canonical_id
    )


def alias_map(name: str = "alias1") -> Any:
    """:func:`alias_rows` as a subquery, for sources small enough to join it directly."""
    return alias_rows(name).subquery(name)


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
