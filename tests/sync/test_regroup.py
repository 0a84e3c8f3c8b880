"""A branch deleting the record a coordinator kept for a group of duplicates does not split the
group: the others stay one resident."""

from __future__ import annotations

from pathlib import Path

from libtrainer.services import duplicates, records
from libtrainer.sync import publish
from libtrainer.sync.session import synchronise
from tests.sync.regionkit import add_participants, make_region


def _persons(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with store.uow() as uow:
        return duplicates.persons(uow)


def test_a_branch_deleting_the_kept_record_leaves_the_group_together(tmp_path: Path) -> None:
    """A (branch 0) kept for B and C (branch 1); branch 0 erases A: after the coordinator's sync,
    B and C still count as one person, a second sync changes nothing, and the new grouping
    is published for other coordinators."""
    region = make_region(tmp_path, branches=2)
    try:
        b0, b1 = region.branches
        (a,) = add_participants(b0, [("Ona", "Šimkūnienė")])
        b, c = add_participants(b1, [("Ona", "Simkuniene"), ("ONA", "ŠIMKŪNIENĖ")])
        for store in (b0, b1):
            publish.publish(store, region.share(store))
        synchronise(region.coordinator, region.root)
        with region.coordinator.uow() as uow:
            duplicates.same_person(uow, a, b, keep=a)
        with region.coordinator.uow() as uow:
            duplicates.same_person(uow, a, c, keep=a)
        assert _persons(region.coordinator) == {b: a, c: a}
        with b0.uow() as uow:
            records.delete(uow, "participant", a)
        publish.publish(b0, region.share(b0))
        synchronise(region.coordinator, region.root)
        person = _persons(region.coordinator)
        assert set(person) | set(person.values()) == {b, c}
        assert len(set(person.values())) == 1
        with region.coordinator.read() as conn:
            assert publish.unpublished(conn) == 0  # the new grouping went out in that sync
        synchronise(region.coordinator, region.root)
        assert _persons(region.coordinator) == person
    finally:
        region.close()
