"""A coordinator's decision on one participant code given to two people travels: the other
coordinator of the region sees the note decided after a sync, and the later decision wins on
both computers (docs/decisions/0400, update "decisions travel")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.domain.errors import ValidationError
from libtrainer.domain.ids import new_id
from libtrainer.services import codeclash, participants, records
from libtrainer.services.register.codes import participant_id_for_code
from libtrainer.store.apply import Change, apply_changes
from libtrainer.store.capture import capture_suspended
from libtrainer.store.hlc import pack, wall_ms
from libtrainer.store.models import CodeClash, Outbox, ParticipantCodeDecision
from libtrainer.store.store import Store
from libtrainer.sync import publish
from libtrainer.sync.session import synchronise
from tests.sync.regionkit import Region, add_coordinator, make_region

CODE = "LT-0042"


class Two:
    """A region with two branches and two coordinators; branch 1's person reached the second
    coordinator before branch 0's, so the two computers noted the clash the other way round."""

    def __init__(self, region: Region, second: Store, participant: str) -> None:
        self.region, self.second, self.participant = region, second, participant
        self.first = region.coordinator

    def sync(self, store: Store) -> int:
        """One sync of ``store``; how many new clashes its summary announced."""
        return synchronise(store, self.region.root).code_clashes


@pytest.fixture
def two(tmp_path: Path) -> Iterator[Two]:
    region = make_region(tmp_path, branches=2)
    second = add_coordinator(region, tmp_path / "coord2")
    try:
        b0, b1 = region.branches
        pid = _give_code(b0, "Jonas", "Petraitis", 1950)
        assert _give_code(b1, "Ona", "Kazlauskienė", 1962) == pid
        publish.publish(b1, region.share(b1))
        synchronise(second, region.root)
        publish.publish(b0, region.share(b0))
        kit = Two(region, second, pid)
        assert kit.sync(kit.first) == 1
        assert kit.sync(second) == 1
        yield kit
    finally:
        second.close()
        region.close()


def _give_code(store: Store, given: str, family: str, year: int) -> str:
    with store.uow() as uow:
        return participants.create_participant(
            uow, given, family, code=CODE, birth_year=year
        ).first("participant")


def _listed(store: Store) -> list[tuple[str, str]]:
    with store.read() as conn:
        return [(c.code, c.status) for c in codeclash.clashes(conn)]


def _key(store: Store) -> str:
    with store.read() as conn:
        (clash,) = codeclash.clashes(conn)
    return clash.key


def _decide(store: Store, status: str) -> None:
    key = _key(store)
    with store.uow() as uow:
        codeclash.decide_in(uow, status, key)


def _noting_devices(store: Store) -> list[str]:
    with store.read() as conn:
        return list(conn.execute(select(CodeClash.device)).scalars())


def test_the_two_coordinators_noted_the_clash_from_opposite_sides(two: Two) -> None:
    """The fixture's premise: each computer's note names the other branch's insert, and
    both list the code as open."""
    assert _noting_devices(two.first) != _noting_devices(two.second)
    assert _listed(two.first) == _listed(two.second) == [(CODE, "open")]


def test_different_people_decided_on_one_computer_is_shown_on_the_other(two: Two) -> None:
    """The first coordinator says "different people" and syncs; after the second one's sync
    its own note is shown as waiting for the branch, and nothing is announced again."""
    _decide(two.first, codeclash.DIFFERENT)
    assert _listed(two.first) == [(CODE, "different")]
    two.sync(two.first)
    assert two.sync(two.second) == 0
    assert _listed(two.second) == [(CODE, "different")]
    with two.second.read() as conn:
        assert codeclash.open_count(conn) == 1


def test_same_person_decided_on_one_computer_is_not_listed_on_the_other(two: Two) -> None:
    """ "Same person" on the second computer: after both sync, neither lists the code."""
    _decide(two.second, codeclash.DISMISSED)
    two.sync(two.second)
    two.sync(two.first)
    assert _listed(two.first) == _listed(two.second) == []


def test_the_later_decision_wins_on_both_computers(two: Two) -> None:
    """Both decide before seeing the other's decision ("same person", then "different people"
    a moment later): after each syncs twice, both show the later one; the first computer's
    "Remove from the list" after that wins again everywhere."""
    _decide(two.first, codeclash.DISMISSED)
    _decide(two.second, codeclash.DIFFERENT)
    for store in (two.first, two.second, two.first, two.second):
        two.sync(store)
    assert _listed(two.first) == _listed(two.second) == [(CODE, "different")]
    with two.first.uow() as uow:
        codeclash.decide(uow, codeclash.DISMISSED, code=" lt-0042")
    for store in (two.first, two.second):
        two.sync(store)
    assert _listed(two.first) == _listed(two.second) == []


def test_a_decision_merged_with_the_clash_is_shown_decided(tmp_path: Path) -> None:
    """The second coordinator's first sync brings both branches' people and the first
    coordinator's decision at once (the decision may come first and wait for the person):
    it lists the code as decided and announces no new clash."""
    region = make_region(tmp_path, branches=2)
    second = add_coordinator(region, tmp_path / "coord2")
    try:
        for branch, name in zip(region.branches, (("Jonas", "Petraitis"), ("Ona", "Kazlauskė"))):
            _give_code(branch, *name, 1950)
            publish.publish(branch, region.share(branch))
        first = region.coordinator
        synchronise(first, region.root)
        _decide(first, codeclash.DIFFERENT)
        synchronise(first, region.root)
        assert synchronise(second, region.root).code_clashes == 0
        assert _listed(second) == [(CODE, "different")]
    finally:
        second.close()
        region.close()


def test_the_decision_holds_ids_only_and_goes_with_an_erased_person(two: Two) -> None:
    """The synced decision names the participant and two devices, nothing else personal;
    erasing the person on the coordinator's computer deletes it too (a tombstone)."""
    _decide(two.first, codeclash.DIFFERENT)
    with two.first.read() as conn:
        row = conn.execute(select(*ParticipantCodeDecision.__table__.c)).one()
        devices = set(conn.execute(select(CodeClash.device, CodeClash.held_device)).one())
    assert (row.participant_id, {row.device_a, row.device_b}) == (two.participant, devices)
    assert row.decision == "different" and row.device_a < row.device_b
    assert set(row._fields) == {
        "id",
        "participant_id",
        "device_a",
        "device_b",
        "decision",
        "decided_by",
        "decided_on",
    }
    with two.first.uow() as uow:
        records.delete(uow, "participant", two.participant)
    with two.first.read() as conn:
        assert conn.execute(select(ParticipantCodeDecision.id)).all() == []


def test_a_record_that_waits_for_its_branch_is_not_decided_yet(tmp_path: Path) -> None:
    """Two devices inserted the code for two people, but the record's branch has not arrived
    here (the record is held): deciding says so, and nothing is written or sent."""
    region = make_region(tmp_path, branches=1)
    try:
        store = region.coordinator
        pid, hlc = participant_id_for_code(CODE), pack(wall_ms())
        row = {
            "id": pid,
            "code": CODE,
            "given_name": "Jonas",
            "family_name": "Petraitis",
            "name_key": "jonas petraitis",
            "birth_year": 1950,
            "branch_id": new_id(),  # a branch this store has not received
        }
        other = {**row, "given_name": "Ona", "family_name": "Kazlauskienė", "birth_year": 1962}
        with store.uow() as uow, capture_suspended(uow.connection):
            apply_changes(
                uow.connection,
                [
                    Change("participant", pid, "i", 1, hlc + 1, new_id(), row),
                    Change("participant", pid, "i", 1, hlc + 2, new_id(), other),
                ],
            )
            uow.commit()
        with store.read() as conn:
            before = conn.execute(select(Outbox.seq)).all()
        with store.uow() as uow, pytest.raises(ValidationError) as refused:
            codeclash.decide(uow, codeclash.DIFFERENT, code=CODE)
        assert "not arrived whole yet" in str(refused.value.render())
        with store.read() as conn:
            assert conn.execute(select(ParticipantCodeDecision.id)).all() == []
            assert conn.execute(select(Outbox.seq)).all() == before
        assert _listed(store) == [(CODE, "open")]
    finally:
        region.close()
