"""Groups: created from a programme at a branch; enrolment, dropping out, finishing."""

from __future__ import annotations

import pytest

from libtrainer.domain.errors import NotFoundError
from libtrainer.domain.ids import fact_id
from libtrainer.services import groups
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world, counts, outbox_since, outbox_tail


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def test_group_takes_this_devices_branch_and_its_details(store: Store, world: World) -> None:
    """A group is at the device's branch unless told; lecturer and referrer are kept."""
    with store.uow() as uow:
        gid = groups.create_group(
            uow,
            world.programme_id,
            "Trečiojo amžiaus universitetas",
            referrer="university_of_third_age",
            language="lt",
            lecturer_id=world.lecturer_id,
        ).first("training_group")
    with store.uow() as uow:
        row = uow.session.get(groups.TrainingGroup, gid)
        assert row is not None
        assert (row.branch_id, row.referrer, row.lecturer_id) == (
            world.branch_id,
            "university_of_third_age",
            world.lecturer_id,
        )


def test_enrolment_ids_are_facts_and_enrolling_again_writes_nothing(
    store: Store, world: World
) -> None:
    """Enrolments use fact_id("enrolment", group, participant); repeating is a no-op."""
    for pid in world.people:
        assert fact_id("enrolment", world.group_id, pid) == groups.enrolment_id(world.group_id, pid)
    before = counts(store)
    with store.uow() as uow:
        assert groups.enrol(uow, world.group_id, world.people).empty
    assert counts(store) == before


def test_drop_and_enrol_again_change_only_the_status(store: Store, world: World) -> None:
    """Dropping out and coming back are status edits of the same enrolment row."""
    pid = world.people[0]
    eid = groups.enrolment_id(world.group_id, pid)
    tail = outbox_tail(store)
    with store.uow() as uow:
        assert groups.drop(uow, world.group_id, [pid]).updated == {"enrolment": [eid]}
    with store.uow() as uow:
        assert groups.enrol(uow, world.group_id, [pid]).updated == {"enrolment": [eid]}
    assert [(op, row) for _t, row, op, _d in outbox_since(store, tail)] == [("u", eid), ("u", eid)]


def test_finish_marks_the_enrolled_completed_and_leaves_dropouts(
    store: Store, world: World
) -> None:
    """Finishing completes everyone still enrolled, issues certificates, and closes the group."""
    dropped, *stay = world.people
    with store.uow() as uow:
        groups.drop(uow, world.group_id, [dropped])
    with store.uow() as uow:
        changed = groups.finish_group(uow, world.group_id, certificates=True, end_date=DAY)
    assert sorted(changed.updated["enrolment"]) == sorted(
        groups.enrolment_id(world.group_id, p) for p in stay
    )
    with store.uow() as uow:
        members = {m.participant_id: m for m in groups.roster(uow, world.group_id)}
        group = uow.session.get(groups.TrainingGroup, world.group_id)
        assert group is not None and group.finished and group.end_date == DAY
    assert members[dropped].status == "dropped" and not members[dropped].certificate_issued
    assert all(members[p].status == "completed" and members[p].certificate_issued for p in stay)


def test_finish_with_named_completions_only(store: Store, world: World) -> None:
    """Only the participants named complete; the others stay enrolled."""
    with store.uow() as uow:
        groups.finish_group(uow, world.group_id, [world.people[1]], end_date=DAY)
    with store.uow() as uow:
        status = {m.participant_id: m.status for m in groups.roster(uow, world.group_id)}
    assert status == {
        world.people[0]: "enrolled",
        world.people[1]: "completed",
        world.people[2]: "enrolled",
    }


def test_dropping_someone_not_enrolled_is_not_found_and_writes_nothing(
    store: Store, world: World
) -> None:
    """Dropping a person who is not in the group fails before anything is written."""
    from libtrainer.services import participants

    with store.uow() as uow:
        stranger = participants.create_participant(uow, "Ieva", "Ąžuolienė").first("participant")
    before = counts(store)
    with pytest.raises(NotFoundError), store.uow() as uow:
        groups.drop(uow, world.group_id, [world.people[0], stranger])
    assert counts(store) == before


def test_roster_is_sorted_by_family_name(store: Store, world: World) -> None:
    """The roster lists people by family name in the current language's order."""
    with store.uow() as uow:
        names = [m.family_name for m in groups.roster(uow, world.group_id)]
    assert names == ["Ąžuolas", "Čepulienė", "Žemaitis"]
