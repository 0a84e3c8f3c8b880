"""Self-assessments: one pre and one post score (1–5) per enrolment, as facts."""

from __future__ import annotations

import pytest

from libtrainer.domain.errors import NotFoundError
from libtrainer.domain.ids import fact_id
from libtrainer.services import assessments, groups
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world, counts


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def test_pre_and_post_scores_are_recorded(store: Store, world: World) -> None:
    """Pre and post scores are two facts of the enrolment, read back together."""
    eid = groups.enrolment_id(world.group_id, world.people[0])
    with store.uow() as uow:
        created = assessments.record_assessment(uow, eid, "pre", 2, DAY)
    with store.uow() as uow:
        assessments.record_assessment(uow, eid, "post", 4, DAY)
    assert created.created == {"assessment": [fact_id("assessment", eid, "pre")]}
    with store.uow() as uow:
        assert assessments.scores(uow, eid) == assessments.Scores(eid, 2, 4)


def test_same_score_again_writes_nothing_and_a_new_one_updates(store: Store, world: World) -> None:
    """Recording the same score is a no-op; a different score updates the same row."""
    eid = groups.enrolment_id(world.group_id, world.people[1])
    with store.uow() as uow:
        assessments.record_assessment(uow, eid, "pre", 3, DAY)
    before = counts(store)
    with store.uow() as uow:
        assert assessments.record_assessment(uow, eid, "pre", 3, DAY).empty
    assert counts(store) == before
    with store.uow() as uow:
        changed = assessments.record_assessment(uow, eid, "pre", 1, DAY)
    assert changed.updated == {"assessment": [fact_id("assessment", eid, "pre")]}
    with store.uow() as uow:
        assert assessments.scores(uow, eid).pre == 1


def test_assessment_of_a_missing_enrolment_is_not_found(store: Store, world: World) -> None:
    """Scores need an enrolment; nothing is written otherwise."""
    before = counts(store)
    with pytest.raises(NotFoundError), store.uow() as uow:
        assessments.record_assessment(uow, "no-enrolment", "pre", 3)
    assert counts(store) == before
