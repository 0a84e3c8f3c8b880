"""Self-assessments before and after a course (score 1–5), for impact reports.

One assessment per enrolment and phase: id ``fact_id("assessment", enrolment, phase)``, so
recording it again (on this or another device) updates the same fact instead of adding one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from libtrainer.domain import rules
from libtrainer.domain.enums import AssessmentPhase
from libtrainer.domain.ids import fact_id
from libtrainer.services import common
from libtrainer.services.results import Changed
from libtrainer.store.models import Assessment, Enrolment
from libtrainer.store.uow import UnitOfWork


@dataclass(frozen=True)
class Scores:
    enrolment_id: str
    pre: int | None
    post: int | None


def assessment_id(enrolment_id: str, phase: str) -> str:
    return fact_id("assessment", enrolment_id, phase)


def record_assessment(
    uow: UnitOfWork, enrolment_id: str, phase: str, score: int, date: Any = None
) -> Changed:
    """Record the pre- or post-course score (1–5) of an enrolment; date defaults to today.
    Recording the same score again writes nothing."""
    which = rules.check_enum("phase", AssessmentPhase, phase).value
    value = rules.check_score("score", score)
    day = rules.check_date("date", date or rules.today())
    common.get(uow, Enrolment, enrolment_id)
    row_id = assessment_id(enrolment_id, which)
    row = uow.session.get(Assessment, row_id)
    changed = Changed()
    if row is None:
        uow.session.add(
            Assessment(id=row_id, enrolment_id=enrolment_id, phase=which, score=value, date=day)
        )
        changed.add("created", "assessment", row_id)
    elif row.score != value:
        common.edited(uow, row, {"score": value, "date": day}, changed)
    uow.commit()
    return changed


def scores(uow: UnitOfWork, enrolment_id: str) -> Scores:
    """The pre and post scores of an enrolment (None where not recorded)."""
    common.get(uow, Enrolment, enrolment_id)
    stmt = select(Assessment.phase, Assessment.score).where(Assessment.enrolment_id == enrolment_id)
    found: dict[str, int] = dict(uow.session.execute(stmt).all())
    return Scores(
        enrolment_id, found.get(AssessmentPhase.PRE.value), found.get(AssessmentPhase.POST.value)
    )
