"""E-scout visits: planned, then done with people helped, cancelled or not turned up."""

from __future__ import annotations

import datetime as dt

import pytest

from libtrainer.domain import rules
from libtrainer.domain.errors import NotFoundError, ValidationError
from libtrainer.services import escouts
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world, counts


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def test_visit_is_planned_at_this_branch_by_default(store: Store, world: World) -> None:
    """A new visit is planned, at the device's branch, with nobody helped yet."""
    with store.uow() as uow:
        vid = escouts.record_visit(
            uow, world.volunteer_id, DAY, start_time=dt.time(15, 0), place="Skaitykla"
        ).first("escout_visit")
    with store.uow() as uow:
        [visit] = escouts.visits(uow, volunteer_id=world.volunteer_id)
    assert (visit.id, visit.status, visit.people_helped, visit.branch_id) == (
        vid,
        "planned",
        0,
        world.branch_id,
    )


def test_marking_done_writes_status_and_people_helped(store: Store, world: World) -> None:
    """Marking a visit done records how many people were helped; repeating writes nothing."""
    with store.uow() as uow:
        vid = escouts.record_visit(uow, world.volunteer_id, DAY).first("escout_visit")
    with store.uow() as uow:
        changed = escouts.edit_visit(uow, vid, status="done", people_helped=4)
    assert changed.updated == {"escout_visit": [vid]}
    before = counts(store)
    with store.uow() as uow:
        assert escouts.edit_visit(uow, vid, status="done", people_helped=4).empty
    assert counts(store) == before


def test_visits_are_listed_newest_first(store: Store, world: World) -> None:
    """The list of visits shows the latest first."""
    for day in (DAY, DAY + dt.timedelta(days=7), DAY - dt.timedelta(days=7)):
        with store.uow() as uow:
            escouts.record_visit(uow, world.volunteer_id, day)
    with store.uow() as uow:
        dates = [v.date for v in escouts.visits(uow, branch_id=world.branch_id)]
    assert dates == sorted(dates, reverse=True)


def test_visit_of_an_unknown_escout_is_not_found(store: Store, world: World) -> None:
    """A visit must be by a recorded e-scout; nothing is written otherwise."""
    before = counts(store)
    with pytest.raises(NotFoundError), store.uow() as uow:
        escouts.record_visit(uow, "nobody", DAY)
    assert counts(store) == before


def test_people_helped_only_for_a_visit_that_took_place(store: Store, world: World) -> None:
    """A planned (or cancelled) visit with people helped is refused, naming people helped."""
    before = counts(store)
    with pytest.raises(ValidationError) as caught, store.uow() as uow:
        escouts.record_visit(uow, world.volunteer_id, DAY, status="planned", people_helped=12)
    assert caught.value.field == "people_helped"
    assert counts(store) == before
    with store.uow() as uow:
        vid = escouts.record_visit(
            uow, world.volunteer_id, DAY, status="done", people_helped=3
        ).first("escout_visit")
    before = counts(store)
    with pytest.raises(ValidationError) as caught, store.uow() as uow:
        escouts.edit_visit(uow, vid, status="cancelled")
    assert caught.value.field == "people_helped"
    assert counts(store) == before
    with store.uow() as uow:
        escouts.edit_visit(uow, vid, status="cancelled", people_helped=0)
    [visit] = _visits(store, world)
    assert (visit.status, visit.people_helped) == ("cancelled", 0)


def test_a_planned_visit_may_be_in_the_future_a_done_one_not(store: Store, world: World) -> None:
    """A visit in 20 days may be planned; marking it done (or not turned up) is refused."""
    later = rules.today() + dt.timedelta(days=20)
    with store.uow() as uow:
        vid = escouts.record_visit(uow, world.volunteer_id, later).first("escout_visit")
    before = counts(store)
    for status in ("done", "no_show"):
        with pytest.raises(ValidationError) as caught, store.uow() as uow:
            escouts.edit_visit(uow, vid, status=status)
        assert caught.value.field == "date"
    with pytest.raises(ValidationError), store.uow() as uow:
        escouts.record_visit(uow, world.volunteer_id, later, status="done", people_helped=2)
    assert counts(store) == before


def _visits(store: Store, world: World) -> list[escouts.VisitInfo]:
    with store.uow() as uow:
        return escouts.visits(uow, volunteer_id=world.volunteer_id)
