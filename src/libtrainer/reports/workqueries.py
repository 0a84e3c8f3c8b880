"""The SELECTs that fill the smaller work tables of a report run (see ``work``).

Each returns a Core SELECT whose column labels are the target table's column names; the
caller inserts it with ``INSERT … SELECT``. Nothing here reads rows into Python.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal, outerjoin, select, union, union_all

from libtrainer.domain.enums import EnrolmentStatus, VisitStatus
from libtrainer.reports.facts import person_of
from libtrainer.reports.filters import (
    ReportFilters,
    in_period,
    in_scope,
    programme_condition,
    unindexed,
)
from libtrainer.reports.periods import period_key
from libtrainer.reports.worktables import ABSORBED, ALIAS, ENDED, RECORD
from libtrainer.store.models import (
    Branch,
    Consultation,
    Enrolment,
    EScoutVisit,
    Library,
    TrainingGroup,
    TrainingSession,
)


def placed(source: Any, branch: Any) -> Any:
    """``source`` outer-joined to its branch and library (for region and library ids)."""
    br = Branch.__table__.alias("w_branch")
    lib = Library.__table__.alias("w_library")
    joined = outerjoin(source, br, br.c.id == branch).outerjoin(lib, lib.c.id == br.c.library_id)
    return joined, lib.c.region_id, br.c.library_id


def twin_records() -> Any:
    """Records of aliased people whose person has another record in the same bucket: the only
    records that can carry a double mark (two records of one person at one session). May
    repeat a record: fill with ``Workspace.fill_unique``.

    One pass over the records with a window count per (person, bucket). (A join of the
    records with their grouped selves made SQLite look up every aliased record in every
    (person, bucket) group: seconds with a few thousand aliases.)"""
    r = RECORD.c
    involved = union(select(ALIAS.c.participant_id), select(ALIAS.c.canonical_id))
    person = person_of(ALIAS, r.participant_id)
    per = (
        select(
            r.participant_id,
            func.count().over(partition_by=(person, r.b)).label("records"),
        )
        .select_from(RECORD)
        .outerjoin(ALIAS, ALIAS.c.participant_id == r.participant_id)
        .where(r.participant_id.in_(involved))
        .subquery("per")
    )
    return select(per.c.participant_id).where(per.c.records > 1)


def ended_groups(filters: ReportFilters, *, absorbed: bool = False) -> Any:
    """Groups in scope whose end (end date, else last session) falls in the period; with
    ``absorbed``, not the groups typed twice (ABSORBED: their completions count in the
    group they are a copy of)."""
    g, s = TrainingGroup, TrainingSession
    # The last session is looked up only for groups without an end date (coalesce stops at
    # the first value that is not null, on SQLite and PostgreSQL alike).
    last = select(func.max(s.date)).where(s.group_id == g.id).scalar_subquery()
    end = func.coalesce(g.end_date, last)
    joined, region, library = placed(g.__table__, g.branch_id)
    stmt = (
        select(
            g.id.label("group_id"),
            region.label("region_id"),
            library.label("library_id"),
            g.branch_id,
            g.programme_id,
            period_key("month", end).label("month"),
            literal(0).label("completions"),
        )
        .select_from(joined)
        .where(
            in_period(filters, end),
            in_scope(filters, g.branch_id),
            programme_condition(filters, g.programme_id),
        )
    )
    return stmt.where(g.id.not_in(select(ABSORBED.c.group_id))) if absorbed else stmt


def completions() -> Any:
    """Completed enrolments of the ended groups (group × canonical person; may repeat: fill
    with ``Workspace.fill_unique``)."""
    e = Enrolment
    return (
        select(e.group_id, person_of(ALIAS, e.participant_id).label("person"))
        .select_from(e)
        .join(ENDED, ENDED.c.group_id == e.group_id)
        .outerjoin(ALIAS, ALIAS.c.participant_id == e.participant_id)
        .where(e.status == EnrolmentStatus.COMPLETED.value)
    )


def copied_completions() -> Any:
    """Completed enrolments of groups linked to an ended group by sessions typed twice
    (ABSORBED), as completions of that group: a person completes it once (add with
    ``Workspace.add_unique``)."""
    e, ab = Enrolment, ABSORBED.c
    return (
        select(ab.as_group.label("group_id"), person_of(ALIAS, e.participant_id).label("person"))
        .select_from(ABSORBED)
        .join(ENDED, ENDED.c.group_id == ab.as_group)
        .join(e, e.group_id == ab.group_id)
        .outerjoin(ALIAS, ALIAS.c.participant_id == e.participant_id)
        .where(e.status == EnrolmentStatus.COMPLETED.value)
    )


def outreach(filters: ReportFilters, *, scan: tuple[bool, bool] = (False, False)) -> Any:
    """Consultations and e-scout visits done, summed per branch × month: each source is
    summed on its own first, so only those sums are placed (region, library) and merged.
    ``scan``: read consultations / visits whole, in table order — neither through their date
    index nor, to group them, through their branch index (a look-up per row either way)."""
    co, v = Consultation, EScoutVisit
    zero = literal(0)
    co_month = period_key("month", co.date)
    v_month = period_key("month", v.date)
    co_branch = unindexed(co.branch_id) if scan[0] else co.branch_id
    v_branch = unindexed(v.branch_id) if scan[1] else v.branch_id
    both = union_all(
        select(
            co_branch.label("branch_id"),
            co_month.label("month"),
            func.count().label("c"),
            func.sum(co.minutes).label("m"),
            zero.label("v"),
            zero.label("h"),
        )
        .where(in_period(filters, co.date, scan=scan[0]), in_scope(filters, co.branch_id))
        .group_by(co_branch, co_month),
        select(v_branch, v_month, zero, zero, func.count(), func.sum(v.people_helped))
        .where(
            v.status == VisitStatus.DONE.value,
            in_period(filters, v.date, scan=scan[1]),
            in_scope(filters, v.branch_id),
        )
        .group_by(v_branch, v_month),
    ).subquery("both")
    joined, region, library = placed(both, both.c.branch_id)
    return (
        select(
            both.c.branch_id,
            both.c.month,
            region.label("region_id"),
            library.label("library_id"),
            func.sum(both.c.c).label("consultations"),
            func.sum(both.c.m).label("consultation_minutes"),
            func.sum(both.c.v).label("escout_visits"),
            func.sum(both.c.h).label("people_helped"),
        )
        .select_from(joined)
        .group_by(both.c.branch_id, both.c.month, region, library)
    )
