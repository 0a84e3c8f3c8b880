"""Several services in one unit of work: kept together, or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from libtrainer.domain.errors import ValidationError
from libtrainer.services import participants
from libtrainer.store.models import Outbox, Participant
from libtrainer.store.store import Store


def _counts(store: Store) -> tuple[int, int]:
    with store.read() as conn:
        people = conn.execute(select(func.count()).select_from(Participant)).scalar_one()
        changes = conn.execute(select(func.count()).select_from(Outbox)).scalar_one()
    return int(people), int(changes)


def test_a_failure_after_a_service_committed_keeps_nothing(store: Store) -> None:
    """Within ``one_transaction`` a service's commit only flushes: a later failure rolls the
    person and their captured changes back."""
    before = _counts(store)
    with pytest.raises(ValidationError), store.uow() as uow, uow.one_transaction():
        participants.create_participant(uow, "Rasa", "Naujokė")
        raise ValidationError("group_id", "The group is archived.")
    assert _counts(store) == before


def test_the_caller_commits_once_for_all(store: Store) -> None:
    """Two services in one transaction, committed by the caller, are both kept."""
    people, _changes = _counts(store)
    with store.uow() as uow:
        with uow.one_transaction():
            participants.create_participant(uow, "Rasa", "Naujokė")
            participants.create_participant(uow, "Ąžuolas", "Šimkus")
        uow.commit()
    assert _counts(store)[0] == people + 2
