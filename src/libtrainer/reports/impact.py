"""Impact: how self-assessed skills (1–5) changed from before to after, per programme.

Counted per enrolment that has BOTH a pre and a post self-assessment, in groups in scope
(branch, programme, audience) that held at least one session in the period. Enrolments with
only one of the two are left out: there is no change to measure. Means and the share of
enrolments whose score rose are SQL aggregates (``avg``), rounded to two decimals.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, FromClause, and_, case, exists, func
from sqlalchemy.orm import aliased

from libtrainer.domain.enums import AssessmentPhase
from libtrainer.reports.aggregate import TOTAL_KEY, Run, aggregate, build_section, metric_columns
from libtrainer.reports.filters import ReportFilters, in_period, in_scope, programme_condition
from libtrainer.reports.model import ColumnKind, Section
from libtrainer.store.models import Assessment, Enrolment, TrainingGroup, TrainingSession

DEFAULT_BY = ("programme",)
FIGURES = ("pairs", "mean_pre", "mean_post", "mean_change", "improved", "improved_share")
KINDS: dict[str, ColumnKind] = {
    "mean_pre": "score",
    "mean_post": "score",
    "mean_change": "score",
    "improved_share": "percent",
}


def steps(by: tuple[str, ...]) -> int:
    return len(by) + 2


def build(run: Run, filters: ReportFilters, by: tuple[str, ...]) -> list[Section]:
    g = TrainingGroup
    pre = aliased(Assessment, name="pre")
    post = aliased(Assessment, name="post")
    held = exists().where(
        TrainingSession.group_id == g.id, in_period(filters, TrainingSession.date)
    )
    source: FromClause = (
        Enrolment.__table__.join(g, g.id == Enrolment.group_id)
        .join(pre, and_(pre.enrolment_id == Enrolment.id, pre.phase == AssessmentPhase.PRE.value))
        .join(
            post, and_(post.enrolment_id == Enrolment.id, post.phase == AssessmentPhase.POST.value)
        )
    )
    where = (held, in_scope(filters, g.branch_id), programme_condition(filters, g.programme_id))
    change = post.score - pre.score
    metrics: dict[str, ColumnElement[Any]] = {
        "pairs": func.count(),
        "mean_pre": func.avg(pre.score),
        "mean_post": func.avg(post.score),
        "mean_change": func.avg(change),
        "improved": func.count(case((post.score > pre.score, 1))),
        "improved_share": func.avg(case((post.score > pre.score, 1.0), else_=0.0)),
    }

    def figures(dim: str | None) -> dict[Any, Any]:
        return aggregate(
            run,
            source,
            dim,
            metrics,
            branch=g.branch_id,
            date=None,
            programme=g.programme_id,
            where=where,
        )

    totals = figures(None)[TOTAL_KEY]
    columns = metric_columns(FIGURES, KINDS)
    return [
        build_section(run, dim, columns, figures(dim), totals, chart="mean_change") for dim in by
    ]
