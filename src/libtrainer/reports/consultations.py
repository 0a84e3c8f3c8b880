"""Consultations: by topic, by who helped (library staff or an e-scout), by branch and by
period; how many, how many minutes, named or anonymous, how many different people.

A consultation with several topics counts once in each topic's row (with its minutes) and once
in every total. "Who helped" is the e-scout when one is recorded, else the staff member.
Named consultations are counted as people through the alias map, so a confirmed duplicate who
came twice is one person. Consultations belong to no programme: programme and audience
filters do not apply to them (the report says so).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, FromClause, case, func, literal

from libtrainer.reports.aggregate import (
    TOTAL_KEY,
    Figures,
    Run,
    aggregate,
    build_section,
    metric_columns,
    row_note,
)
from libtrainer.reports.dimensions import Keyed
from libtrainer.reports.facts import alias_map
from libtrainer.reports.filters import ReportFilters, in_period, in_scope
from libtrainer.reports.model import Section
from libtrainer.store.models import Consultation, ConsultationTopicRow

DEFAULT_BY = ("branch", "month")
FIGURES = ("consultations", "consultation_minutes", "named", "anonymous", "people", "referred")


def steps(by: tuple[str, ...]) -> int:
    return len(by) + 4


def _metrics(amap: Any) -> dict[str, ColumnElement[Any]]:
    c = Consultation
    named = c.participant_id.is_not(None)
    return {
        "consultations": func.count(func.distinct(c.id)),
        "consultation_minutes": func.coalesce(func.sum(c.minutes), 0),
        "named": func.count(func.distinct(case((named, c.id)))),
        "anonymous": func.count(func.distinct(case((c.participant_id.is_(None), c.id)))),
        "people": func.count(func.distinct(func.coalesce(amap.c.canonical_id, c.participant_id))),
        "referred": func.count(func.distinct(case((c.referred_to_escout.is_(True), c.id)))),
    }


def helper_key() -> ColumnElement[str]:
    c = Consultation
    return case(
        (c.volunteer_id.is_not(None), literal("escout")),
        (c.staff_id.is_not(None), literal("staff")),
        else_=literal("unknown"),
    )


def build(run: Run, filters: ReportFilters, by: tuple[str, ...]) -> list[Section]:
    c = Consultation
    amap = alias_map("alias_k")
    base: FromClause = c.__table__.outerjoin(amap, amap.c.participant_id == c.participant_id)
    where = (in_period(filters, c.date), in_scope(filters, c.branch_id))
    metrics = _metrics(amap)

    def figures(dim: str | None, source: FromClause = base, key: Keyed | None = None) -> Figures:
        return aggregate(
            run, source, dim, metrics, where=where, key=key, branch=c.branch_id, date=c.date
        )

    totals = figures(None)[TOTAL_KEY]
    columns = metric_columns(FIGURES, {})
    topic = ConsultationTopicRow.__table__
    with_topics = base.outerjoin(topic, topic.c.consultation_id == c.id)
    tables = [
        ("topic", figures("topic", with_topics, Keyed("topic", topic.c.topic))),
        ("helper", figures("helper", key=Keyed("helper", helper_key()))),
        *[(dim, figures(dim)) for dim in by],
    ]
    sections = [
        build_section(
            run, dim, columns, data, totals, chart="consultations", note=row_note(dim, people=False)
        )
        for dim, data in tables
    ]
    return sections
