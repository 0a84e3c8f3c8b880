"""Impact: how self-assessed skills (1–5) changed from before to after, per programme.

Counted per person and group that has BOTH a pre and a post self-assessment, in groups in
scope (branch, programme, audience) whose end (end date, else last session) falls in the
period — the rule completions follow, so a group spanning two half-years counts in the half
it ends in, and the halves add up to the year (docs/decisions/0356). Enrolments with only one
of the two are left out: there is no change to measure.

A person is their canonical record (confirmed duplicates, docs/decisions/0401) and a group
typed on two computers and decided "same" is one group (docs/decisions/0402): a pair entered
on both counts once, the kept group's enrolment first. Means are SQL aggregates shown with two
decimals; the share improved is the exact fraction, rounded only when shown.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import aliased

from libtrainer.domain.enums import AssessmentPhase
from libtrainer.reports import twins
from libtrainer.reports.aggregate import (
    TOTAL_KEY,
    Figures,
    Run,
    aggregate,
    build_section,
    metric_columns,
)
from libtrainer.reports.dimensions import place_of
from libtrainer.reports.facts import alias_rows, person_of
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.model import ColumnKind, Section
from libtrainer.reports.work import ALIAS, Workspace
from libtrainer.reports.worktables import ABSORBED, ENDED
from libtrainer.store.models import Assessment, Enrolment

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


def assessed(absorbed: bool) -> Any:
    """One row per ended group × canonical person with both scores: the group's place and
    the pre and post score (of the kept group's enrolment, else the first enrolment by id)."""
    e = Enrolment
    pre = aliased(Assessment, name="pre")
    post = aliased(Assessment, name="post")
    group = func.coalesce(ABSORBED.c.as_group, e.group_id) if absorbed else e.group_id
    person = person_of(ALIAS, e.participant_id)
    source = e.__table__
    if absorbed:
        source = source.outerjoin(ABSORBED, ABSORBED.c.group_id == e.group_id)
    source = (
        source.join(ENDED, ENDED.c.group_id == group)
        .outerjoin(ALIAS, ALIAS.c.participant_id == e.participant_id)
        .join(pre, and_(pre.enrolment_id == e.id, pre.phase == AssessmentPhase.PRE.value))
        .join(post, and_(post.enrolment_id == e.id, post.phase == AssessmentPhase.POST.value))
    )
    rank = func.row_number().over(
        partition_by=(ENDED.c.group_id, person),
        order_by=(case((e.group_id == ENDED.c.group_id, 0), else_=1), e.id),
    )
    ranked = (
        select(
            *ENDED.c,
            pre.score.label("pre"),
            post.score.label("post"),
            rank.label("rn"),
        )
        .select_from(source)
        .subquery("assessed_ranked")
    )
    return select(ranked).where(ranked.c.rn == 1).subquery("assessed")


def _exact_share(found: Figures) -> Figures:
    """The share improved as the exact fraction (the SQL ``avg`` comes back rounded)."""
    for figures in found.values():
        pairs, improved = figures.get("pairs"), figures.get("improved")
        if isinstance(pairs, int) and isinstance(improved, int) and pairs:
            figures["improved_share"] = improved / pairs
    return found


def build(run: Run, filters: ReportFilters, by: tuple[str, ...]) -> list[Section]:
    with Workspace(run.conn, filters) as ws:
        ws.fill(ALIAS, alias_rows())
        twins.fill_components(ws)
        ws.done()  # ENDED (groups typed twice absorbed) and ABSORBED
        absorbed = ws.conn.execute(select(ABSORBED.c.group_id).limit(1)).first() is not None
        d = assessed(absorbed)
        metrics: dict[str, ColumnElement[Any]] = {
            "pairs": func.count(),
            "mean_pre": func.avg(d.c.pre),
            "mean_post": func.avg(d.c.post),
            "mean_change": func.avg(d.c.post - d.c.pre),
            "improved": func.count(case((d.c.post > d.c.pre, 1))),
            "improved_share": func.avg(case((d.c.post > d.c.pre, 1.0), else_=0.0)),
        }

        def figures(dim: str | None) -> Figures:
            return _exact_share(aggregate(run, d, dim, metrics, **place_of(d)))

        totals = figures(None)[TOTAL_KEY]
        found = [(dim, figures(dim)) for dim in by]
    columns = metric_columns(FIGURES, KINDS)
    return [
        build_section(run, dim, columns, data, totals, chart="mean_change") for dim, data in found
    ]
