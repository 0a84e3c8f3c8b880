"""Rows held at a merge are told apart: waiting for a record not arrived yet, or referring to
a record deleted on some computer (which kind, deleted where, what can be done)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert

from libtrainer.domain.ids import new_id
from libtrainer.services import duplicates, records
from libtrainer.store import held
from libtrainer.store.models import Clock, Held
from libtrainer.store.store import Store
from libtrainer.sync import publish
from libtrainer.sync.held_view import held_lines
from libtrainer.sync.session import device_label, synchronise
from libtrainer.sync.summary import as_json, describe
from tests.sync.regionkit import add_participants, make_region


def test_held_rows_are_classed_by_what_they_wait_for(store: Store) -> None:
    """A row waiting for a record with no tombstone waits; one whose record (or whose held
    parent's record) has a tombstone refers to a deleted record, deleted by that device."""
    gone, missing, enrolment, deleter = new_id(), new_id(), new_id(), new_id()
    with store.uow() as uow:
        conn = uow.connection
        conn.execute(
            insert(Clock).values(
                tbl="participant", row_id=gone, field="*", cl=2, hlc=1, device=deleter
            )
        )
        rows = [
            ("attendance", new_id(), "participant", missing),
            ("enrolment", enrolment, "participant", gone),
            ("assessment", new_id(), "enrolment", enrolment),  # held behind a held parent
        ]
        for tbl, row_id, wait_tbl, wait_id in rows:
            conn.execute(
                insert(Held).values(
                    tbl=tbl, row_id=row_id, data="{}", wait_tbl=wait_tbl, wait_id=wait_id
                )
            )
        uow.commit()
    with store.read() as conn:
        found = held.reasons(conn)
    assert {(g.tbl, g.wait_tbl, g.deleted_by, g.rows) for g in found} == {
        ("attendance", "participant", None, 1),
        ("enrolment", "participant", deleter, 1),
        ("assessment", "participant", deleter, 1),
    }
    lines = held_lines(3, found, lambda device: "“PC-2” (Šeštokų padalinys)")
    assert lines[0].startswith("1 record waits for a record it refers to")
    assert lines[1].startswith("2 records refer to records deleted on “PC-2” (Šeštokų padalinys)")
    assert "enrolments in groups (deleted record: participant): 1" in lines[1]
    assert "Undo" in lines[2]


def test_the_coordinator_is_told_a_kept_record_was_deleted_not_that_it_waits(
    tmp_path: Path,
) -> None:
    """A branch erases the record a "same person" decision kept: at every later sync the
    coordinator reads that the links refer to a participant deleted on that branch's PC."""
    region = make_region(tmp_path, branches=2)
    try:
        b0, b1 = region.branches
        (a,) = add_participants(b0, [("Ona", "Šimkūnienė")])
        b, c = add_participants(b1, [("Ona", "Simkuniene"), ("ONA", "ŠIMKŪNIENĖ")])
        for branch in (b0, b1):
            publish.publish(branch, region.share(branch))
        coord = region.coordinator
        synchronise(coord, region.root)
        for other in (b, c):
            with coord.uow() as uow:
                duplicates.same_person(uow, a, other, keep=a)
        with b0.uow() as uow:
            records.delete(uow, "participant", a)
        publish.publish(b0, region.share(b0))
        synchronise(coord, region.root)
        summary = synchronise(coord, region.root)  # a later sync: told again, the same way
        trust = region.trust(coord)
        lines = describe(summary, lambda device: device_label(trust, device))
        told = next(line for line in lines if "deleted on" in line)
        assert told.startswith("2 records refer to records deleted on “PC-0” (Padalinys Nr. 0)")
        assert "“same person” links (deleted record: participant): 2" in told
        assert not any("wait for records they refer to" in line for line in lines)
        data = as_json(summary)
        assert data["held_on_deleted"] == [
            {
                "table": "participant_alias",
                "refers_to": "participant",
                "deleted_by": b0.meta("device_id"),
                "rows": 2,
            }
        ]
    finally:
        region.close()
