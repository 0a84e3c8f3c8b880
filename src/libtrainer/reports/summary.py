"""The summary report: people, attendances, groups, sessions, hours, completions, consultations
and e-scout visits, in total and broken down by place, programme, target group and period.

Each figure is one SQL aggregate over its own source:
- people, attendances, participant-hours: the person × bucket grain (``work``), which reads
  the attendance marks once per run;
- sessions, groups, academic hours: the sessions held in scope (a session nobody attended
  still counts as held);
- completions: completed enrolments (one per group × person) of groups in scope whose end
  (its end date, else its last session) falls in the period;
- consultations and their minutes, e-scout visits done and people helped: by date and branch.
  They belong to no programme, so they are left out when programmes or an audience are chosen.
A person with several target-group tags counts once in each tag's row and once in every total.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func

from libtrainer.i18n import _
from libtrainer.reports.aggregate import (
    TOTAL_KEY,
    Figures,
    Run,
    aggregate,
    build_section,
    merge,
    metric_columns,
    row_note,
)
from libtrainer.reports.dimensions import ACTIVITY, GEO, GROUP_KINDS, place_of
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.model import Column, ColumnKind, Row, Section
from libtrainer.reports.periods import UNITS
from libtrainer.reports.work import BUCKET, GKEY, GPERSON, GRAIN, PERSON, Workspace

DEFAULT_BY = ("region", "library", "branch", "programme", "target_group", "month")
ALLOWED_BY = (*ACTIVITY, *GROUP_KINDS)

PEOPLE = ("participants", "enrolled", "attendances", "participant_hours")
HELD = ("groups", "sessions", "academic_hours")
OUTREACH = ("consultations", "consultation_minutes", "escout_visits", "people_helped")
KINDS: dict[str, ColumnKind] = {"participant_hours": "hours", "academic_hours": "hours"}


def _people(run: Run, ws: Workspace, dim: str | None) -> Figures:
    """People figures: per person (totals, target groups), per person × group key (places,
    programmes) or per person × bucket (periods)."""
    if dim in (None, "target_group"):
        table = PERSON
    elif dim in UNITS:
        table = GRAIN
    else:
        table = GPERSON  # region, library, branch, programme: no months needed
    g = table.c
    metrics: dict[str, ColumnElement[Any]] = {
        "participants": func.count(func.distinct(g.person)),
        "enrolled": func.count(func.distinct(case((g.enrolled == 1, g.person)))),
        "attendances": func.coalesce(func.sum(g.n), 0),
        "participant_hours": func.coalesce(func.sum(g.hours), 0),
    }
    tags = ws.tags() if dim == "target_group" else None
    if table is PERSON:
        # One row per person, and (person, tag) is unique: plain counts are distinct counts.
        metrics["participants"] = func.count()
        metrics["enrolled"] = func.coalesce(func.sum(g.enrolled), 0)
        return aggregate(run, PERSON, dim, metrics, tags=tags, branch=None, person=g.person)
    if table is GPERSON:
        source = GPERSON.join(GKEY, GKEY.c.gk == g.gk)
        return aggregate(run, source, dim, metrics, **place_of(GKEY))
    return aggregate(run, GRAIN, dim, metrics, **place_of(GRAIN))


def _held(run: Run, dim: str | None) -> Figures:
    """Groups, sessions and hours held, from the buckets (a group's sessions are in its own
    buckets, and each bucket counts its sessions and their hours)."""
    b = BUCKET.c
    metrics: dict[str, ColumnElement[Any]] = {
        "groups": func.count(func.distinct(b.group_id)),
        "sessions": func.coalesce(func.sum(b.sessions), 0),
        "academic_hours": func.coalesce(func.sum(b.session_hours), 0),
    }
    return aggregate(run, BUCKET, dim, metrics, **place_of(BUCKET))


def _completions(run: Run, ws: Workspace, dim: str | None) -> Figures:
    """Completions: per person for the totals and target groups; for places and periods the
    ended groups' own counts are summed (a group sits in one place and ends in one month)."""
    done, ended = ws.done()
    if dim in (None, "target_group"):
        tags = ws.tags() if dim == "target_group" else None
        counted: dict[str, ColumnElement[Any]] = {"completions": func.count()}
        return aggregate(run, done, dim, counted, tags=tags, branch=None, person=done.c.person)
    e = ended.c
    summed: dict[str, ColumnElement[Any]] = {"completions": func.sum(e.completions)}
    # Groups nobody completed make no row of their own (as when counting completions).
    return aggregate(run, ended, dim, summed, where=[e.completions > 0], **place_of(ended))


def _outreach(run: Run, ws: Workspace, dim: str | None) -> Figures:
    table = ws.outreach()
    metrics = {key: func.coalesce(func.sum(table.c[key]), 0) for key in OUTREACH}
    return aggregate(run, table, dim, metrics, **place_of(table))


def columns_for(dim: str | None, filters: ReportFilters) -> list[str]:
    """The figures that mean something for a breakdown (and, with ``None``, for the totals)."""
    keys = list(PEOPLE)
    if dim != "target_group":
        keys += HELD
    keys.append("completions")
    if (dim is None or dim in GEO or dim in UNITS) and not filters.activity_filtered:
        keys += OUTREACH
    return keys


def figures(run: Run, ws: Workspace, dim: str | None) -> Figures:
    keys = columns_for(dim, ws.filters)
    parts = [_people(run, ws, dim)]
    if "sessions" in keys:
        parts.append(_held(run, dim))
    parts.append(_completions(run, ws, dim))
    if "consultations" in keys:
        parts.append(_outreach(run, ws, dim))
    return merge(*parts)


def steps(by: tuple[str, ...]) -> int:
    return 4 * (len(by) + 1) + 2


def build(run: Run, filters: ReportFilters, by: tuple[str, ...]) -> list[Section]:
    """The totals section, then one section per breakdown in ``by``."""
    with Workspace(run.conn, filters) as ws:
        ws.build()
        run.step()
        totals = figures(run, ws, None).get(TOTAL_KEY, {})
        keys = columns_for(None, filters)
        total_rows = [
            Row(k, [col.label, totals.get(k, 0)], kind=col.kind)
            for k, col in zip(keys, metric_columns(keys, KINDS))
        ]
        head = [Column("figure", _("Figure"), "text"), Column("value", _("Value"), "hours")]
        sections = [Section("totals", _("Totals"), head, total_rows)]
        data = [(dim, figures(run, ws, dim)) for dim in by]
    for dim, found in data:
        cols = metric_columns(columns_for(dim, filters), KINDS)
        sections.append(
            build_section(run, dim, cols, found, totals, chart="participants", note=row_note(dim))
        )
    return sections
