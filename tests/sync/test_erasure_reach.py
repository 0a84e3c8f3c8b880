"""Erasure that erases: nothing of a person erased before a sync leaves the computer, and an
erasure reaches every device of the region that holds the person (decision 0325)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from libtrainer.i18n import set_language
from libtrainer.services import consultations, org, participants, records
from libtrainer.store.apply import Change
from libtrainer.store.dump import canonical_dump, dump_text
from libtrainer.store.models import Consultation, Erased, Participant
from libtrainer.store.store import Store
from libtrainer.sync import bundle, erasures, publish
from libtrainer.sync.central import central_target
from libtrainer.sync.session import SyncSummary, synchronise
from libtrainer.sync.summary import as_json, describe
from tests.sync.regionkit import Region, make_region

PHONE, EMAIL, NOTE = "+37061234567", "eugenija@example.lt", "Gyvena Kirsnos g. 5"
PERSONAL = ("Eugenija", "Šimkutė", "37061234567", "eugenija@example.lt", "Kirsnos", "Notait")


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def region(tmp_path: Path) -> Iterator[Region]:
    reg = make_region(tmp_path, branches=2)
    yield reg
    reg.close()


def _person(store: Store, given: str = "Eugenija", code: str | None = None) -> str:
    with store.uow() as uow:
        pid = participants.create_participant(
            uow,
            given,
            "Šimkutė",
            birth_year=1962,
            phone=PHONE,
            email=EMAIL,
            notes=NOTE,
            code=code,
        ).first("participant")
    return pid


def _consultation(store: Store, pid: str) -> str:
    with store.uow() as uow:
        staff = org.add_staff(uow, "Rūta", "Kavaliauskienė", "librarian").first("staff")
    with store.uow() as uow:
        return consultations.log_consultation(
            uow,
            ["banking"],
            30,
            staff_id=staff,
            participant_id=pid,
            date=dt.date(2025, 3, 14),
            notes="G. Notaitė, tel. 861234567",
        ).first("consultation")


def _erase(store: Store, pid: str) -> None:
    with store.uow() as uow:
        records.delete_for_undo(uow, "participant", pid)  # what the window's "Erase" calls


def _opened(region: Region, path: Path) -> list[Change]:
    """A bundle on the share, decrypted with the coordinator's keys."""
    coordinator = region.coordinator
    opened = bundle.open_bundle(
        path.read_bytes(),
        trust=region.trust(coordinator),
        decrypt_keys=region.keys(coordinator),
        region=region.share(coordinator).region,
    )
    return list(opened.changes)


def _holds(store: Store, pid: str) -> bool:
    with store.read() as conn:
        return conn.execute(select(Participant.id).where(Participant.id == pid)).first() is not None


def _count(store: Store, model: type) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_the_next_bundle_holds_nothing_of_a_person_erased_before_it(region: Region) -> None:
    """Entered, edited and erased between two syncs: the next bundle, decrypted, holds the
    other work of the day but no value of the person, and the coordinator never hears of
    them."""
    branch = region.branches[0]
    pid = _person(branch)
    with branch.uow() as uow:
        participants.edit_participant(uow, pid, phone="+37069999999")
    kept = _person(branch, given="Ona")
    _erase(branch, pid)
    result = publish.publish(branch, region.share(branch))
    assert result.bundles
    changes = [c for path in result.bundles for c in _opened(region, path)]
    assert any(c.row_id == kept for c in changes)
    text = json.dumps([list(c) for c in changes], ensure_ascii=False)
    assert pid not in text and "37069999999" not in text
    assert not [v for v in PERSONAL[:1] if v in text]  # the kept one is "Ona Šimkutė"
    synchronise(region.coordinator, region.root)
    with region.coordinator.read() as conn:
        dumped = dump_text(conn)
    assert pid not in dumped and "Eugenija" not in dumped and "Ona" in dumped


def test_a_sent_person_erased_later_sends_only_deletes(region: Region) -> None:
    """Sent and merged, then edited and erased: the next bundle carries the deletes only —
    not the new phone number — and the coordinator no longer holds the person."""
    branch = region.branches[0]
    pid = _person(branch)
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    assert _holds(region.coordinator, pid)
    with branch.uow() as uow:
        participants.edit_participant(uow, pid, phone="+37069999999")
    _erase(branch, pid)
    result = publish.publish(branch, region.share(branch))
    changes = [c for path in result.bundles for c in _opened(region, path)]
    assert [(c.tbl, c.row_id, c.op) for c in changes] == [("participant", pid, "d")]
    synchronise(region.coordinator, region.root)
    assert not _holds(region.coordinator, pid)


def test_a_coordinators_erasure_reaches_the_branch_that_holds_the_person(
    region: Region,
) -> None:
    """The coordinator erases a branch's person: at the branch's next sync the person goes
    there too, as a local erasure (fingerprint, consultation without name and notes), and
    the summary says so; further syncs change nothing."""
    branch, coordinator = region.branches[0], region.coordinator
    pid = _person(branch)
    cid = _consultation(branch, pid)
    synchronise(branch, region.root)
    synchronise(coordinator, region.root)
    _erase(coordinator, pid)
    synchronise(coordinator, region.root)
    summary = synchronise(branch, region.root)
    assert summary.erased_on_request == 1
    assert (
        "1 person was erased from the records on this computer at the coordinator's request."
        in describe(summary)
    )
    assert as_json(summary)["erased_on_request"] == 1
    assert not _holds(branch, pid) and _count(branch, Erased) == 1
    with branch.read() as conn:
        row = conn.execute(
            select(Consultation.participant_id, Consultation.notes).where(Consultation.id == cid)
        ).one()
    assert tuple(row) == (None, "")
    again = synchronise(branch, region.root)
    assert again.erased_on_request == 0
    synchronise(coordinator, region.root)
    with coordinator.read() as conn:
        before = canonical_dump(conn)
    assert not _holds(coordinator, pid)
    synchronise(coordinator, region.root)
    _assert_quiet(synchronise(branch, region.root))
    with coordinator.read() as conn:
        assert canonical_dump(conn) == before


def _assert_quiet(summary: SyncSummary) -> None:
    assert summary.erased_on_request == 0 and not summary.problems


def test_a_branch_erasure_reaches_another_device_holding_the_same_person(
    region: Region,
) -> None:
    """Two computers made the same coded person (the id comes from the code); one erases
    them, and through the coordinator's catalogue the other erases them too."""
    first, second = region.branches
    pid = _person(first, code="LT-0042")
    assert _person(second, code="LT-0042") == pid
    for store in (first, second, region.coordinator):
        synchronise(store, region.root)
    _erase(first, pid)
    synchronise(first, region.root)
    synchronise(region.coordinator, region.root)
    summary = synchronise(second, region.root)
    assert summary.erased_on_request == 1 and not _holds(second, pid)
    assert not _holds(region.coordinator, pid)


def test_the_catalogue_names_erased_people_by_id_only(region: Region) -> None:
    """The catalogue bundle carries a delete per erased person: id and clock, no values."""
    branch, coordinator = region.branches[0], region.coordinator
    pid = _person(branch)
    synchronise(branch, region.root)
    synchronise(coordinator, region.root)
    _erase(coordinator, pid)
    result = publish.publish(coordinator, region.share(coordinator))
    assert result.catalogue is not None
    changes = _opened(region, result.catalogue)
    people = [c for c in changes if c.tbl == "participant"]
    assert [(c.row_id, c.op, c.data) for c in people] == [(pid, "d", None)]
    text = json.dumps([list(c) for c in changes], ensure_ascii=False)
    assert not [v for v in PERSONAL if v in text]


def test_a_person_brought_back_on_the_device_is_not_erased_by_an_older_tombstone(
    region: Region,
) -> None:
    """A device holding a newer generation of the person (brought back after an erasure)
    keeps them: the coordinator's older delete is stale there."""
    branch, coordinator = region.branches[0], region.coordinator
    pid = _person(branch)
    synchronise(branch, region.root)
    synchronise(coordinator, region.root)
    with branch.uow() as uow:
        done = records.delete_for_undo(uow, "participant", pid)
    with branch.uow() as uow:
        records.restore_deleted(uow, done.snapshot)  # cl 3 here, not sent yet
    _erase(coordinator, pid)  # cl 2 at the coordinator
    publish.publish(coordinator, region.share(coordinator))
    with branch.read() as conn:
        ingest_only = erasures.set_aside(
            conn, [Change("participant", pid, "d", 2, 1, coordinator.device_id, None)]
        )
    assert [c.row_id for c in ingest_only] == [pid]  # merged as usual: stale here
    summary = synchronise(branch, region.root)
    assert summary.erased_on_request == 0 and _holds(branch, pid)


@pytest.mark.postgres
def test_an_erasure_merged_into_the_central_store_reaches_the_other_device(
    region: Region, central_url: str
) -> None:
    """With a central PostgreSQL store the coordinator's own store never holds the branches'
    people: the erasures merged there go into its catalogue all the same."""
    first, second = region.branches
    coordinator = region.coordinator
    pid = _person(first, code="LT-0043")
    _person(second, code="LT-0043")

    def central() -> SyncSummary:
        with central_target(central_url, coordinator.identity.clock, coordinator) as target:
            return synchronise(coordinator, region.root, target=target)

    for sync in (lambda: synchronise(first, region.root), lambda: synchronise(second, region.root)):
        sync()
    central()
    _erase(first, pid)
    synchronise(first, region.root)
    central()
    assert not _holds(coordinator, pid)
    summary = synchronise(second, region.root)
    assert summary.erased_on_request == 1 and not _holds(second, pid)
