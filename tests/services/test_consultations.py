"""Consultations: helper, anonymous or known person, topics as rows plus a comma copy."""

from __future__ import annotations

import datetime as dt

import pytest

from libtrainer.domain import rules
from libtrainer.domain.errors import ValidationError
from libtrainer.domain.ids import fact_id
from libtrainer.services import consultations
from libtrainer.store.models import Consultation
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world, consult, counts, row_exists


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def _row(store: Store, cid: str) -> Consultation:
    with store.uow() as uow:
        row = uow.session.get(Consultation, cid)
        assert row is not None
        return row


def test_date_defaults_to_today(store: Store, world: World) -> None:
    """A consultation logged without a date is dated today, at the device's branch."""
    with store.uow() as uow:
        cid = consultations.log_consultation(
            uow, ["smartphone"], 20, staff_id=world.lecturer_id
        ).first("consultation")
    row = _row(store, cid)
    assert row.date == rules.today() and row.branch_id == world.branch_id


def test_topics_are_rows_and_a_comma_joined_copy(store: Store, world: World) -> None:
    """Topics become consultation_topic rows with fact ids and a sorted comma copy."""
    cid = consult(store, world, topics=["e_health", "banking", "e_health"])
    assert _row(store, cid).topics == "banking,e_health"
    for topic in ("banking", "e_health"):
        assert row_exists(store, "consultation_topic", fact_id("ctopic", cid, topic))


def test_editing_topics_adds_and_removes_rows(store: Store, world: World) -> None:
    """A changed topic list inserts new topic rows, deletes dropped ones, updates the copy."""
    cid = consult(store, world, topics=["banking", "email"])
    with store.uow() as uow:
        changed = consultations.edit_consultation(uow, cid, topics=["email", "safety"])
    assert changed.created == {"consultation_topic": [fact_id("ctopic", cid, "safety")]}
    assert changed.deleted == {"consultation_topic": [fact_id("ctopic", cid, "banking")]}
    assert changed.updated == {"consultation": [cid]}
    assert _row(store, cid).topics == "email,safety"


def test_known_participant_fills_age_band_and_gender(store: Store, world: World) -> None:
    """For a known person the age band comes from the birth year, the gender from the record."""
    cid = consult(store, world, participant_id=world.people[1])  # born 1948, female
    row = _row(store, cid)
    assert (row.age_band, row.gender, row.participant_id) == ("65_plus", "female", world.people[1])


def test_anonymous_person_keeps_age_band_and_gender(store: Store, world: World) -> None:
    """An anonymous consultation stores only the age band and gender given."""
    cid = consult(
        store,
        world,
        age_band="30_54",
        gender="male",
        channel="phone",
        outcome="referred",
        referred_to_escout=True,
    )
    row = _row(store, cid)
    assert (row.participant_id, row.age_band, row.gender) == (None, "30_54", "male")
    assert row.referred_to_escout and row.channel == "phone"
    unknown = _row(store, consult(store, world))
    assert (unknown.age_band, unknown.gender) == ("unknown", "unspecified")


def test_an_escout_alone_may_be_the_helper(store: Store, world: World) -> None:
    """A consultation given by an e-scout needs no staff member."""
    cid = consult(store, world, staff_id=None, volunteer_id=world.volunteer_id)
    assert _row(store, cid).volunteer_id == world.volunteer_id


def test_noop_edit_writes_nothing(store: Store, world: World) -> None:
    """Re-saving a consultation unchanged (same topics in another order) writes nothing."""
    cid = consult(store, world, topics=["email", "banking"])
    before = counts(store)
    with store.uow() as uow:
        assert consultations.edit_consultation(
            uow, cid, topics=["banking", "email"], minutes=30, date=DAY
        ).empty
    assert counts(store) == before


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (2008, "under_18"),
        (2007, "18_29"),
        (1996, "18_29"),
        (1995, "30_54"),
        (1971, "30_54"),
        (1970, "55_64"),
        (1961, "55_64"),
        (1960, "65_plus"),
        (None, "unknown"),
    ],
)
def test_age_band_boundaries(born: int | None, band: str) -> None:
    """Ages 17|18, 29|30, 54|55, 64|65 (on 2025-06-01) fall on each side of a band edge."""
    assert consultations.age_band(born, dt.date(2025, 6, 1)) == band


def test_a_consultation_in_the_future_is_refused_and_nothing_written(
    store: Store, world: World
) -> None:
    """A consultation records help given: a date after today is refused, naming the date."""
    tomorrow = rules.today() + dt.timedelta(days=10)
    before = counts(store)
    with pytest.raises(ValidationError) as caught, store.uow() as uow:
        consultations.log_consultation(
            uow, ["banking"], 15, date=tomorrow, staff_id=world.lecturer_id
        )
    assert caught.value.field == "date" and "future" in str(caught.value)
    assert counts(store) == before
    cid = consult(store, world)
    before = counts(store)
    with pytest.raises(ValidationError), store.uow() as uow:
        consultations.edit_consultation(uow, cid, date=tomorrow)
    assert counts(store) == before
    with store.uow() as uow:
        consultations.edit_consultation(uow, cid, date=rules.today())
    assert _row(store, cid).date == rules.today()


def test_an_anonymous_consultation_changed_to_a_person_takes_their_age_and_gender(
    store: Store, world: World
) -> None:
    """Choosing the person later brings their age band and gender; the details read back
    name the person and the helper."""
    cid = consult(store, world, age_band="30_54", gender="male")
    with store.uow() as uow:
        consultations.edit_consultation(uow, cid, participant_id=world.people[1])
    row = _row(store, cid)
    assert (row.participant_id, row.age_band, row.gender) == (world.people[1], "65_plus", "female")
    with store.uow() as uow:
        details = consultations.get_consultation(uow, cid)
    assert details.person == "Aldona Čepulienė (1948)"
    assert details.topics == ("e_government",) and details.minutes == 30
    assert details.staff_id == world.lecturer_id and details.helper
