"""A new identity after a restore (``sync/renew.py``): the restored computer takes a new device
id and keys, sends everything again, and the coordinator ends with every record once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from libtrainer.domain.errors import LibtrainerError
from libtrainer.i18n import render, set_language
from libtrainer.services import demo, storefile
from libtrainer.store.apply import apply_changes
from libtrainer.store.capture import capture_suspended
from libtrainer.store.dump import canonical_dump
from libtrainer.store.models import (
    Attendance,
    Device,
    Ingested,
    Outbox,
    Participant,
    Published,
)
from libtrainer.store.outbox import read_changes
from libtrainer.store.store import Store
from libtrainer.sync import (
    chain,
    crypto,
    enroll,
    identity,
    publish,
    quarantine,
    renew,
    suspension,
    trustops,
)
from libtrainer.sync.errors import ShareUnreachable
from libtrainer.sync.session import synchronise
from libtrainer.sync.trust import load_trust
from tests.conftest import make_store
from tests.sync.forkkit import names, stale_copy
from tests.sync.regionkit import Region, add_participants, make_region

Rows = dict[tuple[str, str], dict[str, Any]]


@dataclass
class Restored:
    """A branch whose store was restored from a backup made before its first bundle."""

    region: Region
    branch: Store  # the original computer, still in use
    copy: Store  # the restored store: same device id, another history since the backup
    backup_outbox: int  # changes in the outbox at the backup (merged through the original)

    @property
    def coordinator(self) -> Store:
        return self.region.coordinator

    def sync(self, store: Store) -> None:
        synchronise(store, self.region.root)

    def close(self) -> None:
        self.copy.close()
        self.region.close()


def _restored(tmp_path: Path) -> Restored:
    """Demo data and Onutė recorded; backup; the branch publishes (merged) and goes on; the
    restored copy records Rūtelė, edits Onutė, deletes an attendance mark, publishes: the
    coordinator sees a fork."""
    region = make_region(tmp_path, branches=1)
    branch = region.branches[0]
    demo.fill(branch, scale=0.05, seed=3)
    add_participants(branch, [("Onutė", "Ąžuolaitė")])
    _edit_participant(branch, "Onutė", notes="Prieš atsarginę kopiją")
    branch.engine.dispose()
    shutil.copytree(Path(branch.path).parent, tmp_path / "restored")  # the backup
    copy = storefile.open_store(tmp_path / "restored")
    backup_outbox = copy.pending_changes()
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    add_participants(branch, [("Ievutė", "Šimkutė")])
    _edit_participant(branch, "Onutė", phone="+370 611 11111")
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    add_participants(copy, [("Rūtelė", "Žemaitė")])
    _edit_participant(copy, "Onutė", notes="Po atkūrimo: ąčęėįšųūž")
    with copy.uow() as uow:
        first = uow.session.scalars(select(Attendance).order_by(Attendance.id)).first()
        assert first is not None
        uow.session.delete(first)
        uow.commit()
    with stale_copy(region.root, copy.device_id):
        synchronise(copy, region.root)
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None
    assert [q.reason for q in summary.ingest.quarantined] == ["fork"]
    return Restored(region, branch, copy, backup_outbox)


def _edit_participant(store: Store, given: str, **values: str) -> None:
    with store.uow() as uow:
        uow.connection.execute(
            update(Participant).where(Participant.given_name == given).values(**values)
        )
        uow.commit()


@pytest.fixture
def restored(tmp_path: Path) -> Iterator[Restored]:
    r = _restored(tmp_path)
    try:
        yield r
    finally:
        r.close()


def _rows(store: Store) -> Rows:
    """Every live synced row of ``store`` by (table, id)."""
    with store.read() as conn:
        dump = canonical_dump(conn)
    return {(t, row["id"]): row for t, rows in dump["tables"].items() for row in rows}


def _deleted(store: Store) -> set[tuple[str, str]]:
    with store.read() as conn:
        return {(t, r) for t, r, _cl in canonical_dump(conn)["tombstones"]}


def _renew_and_admit(restored: Restored) -> renew.Renewed:
    renewed, outcome = renew.renew_and_join(restored.copy, restored.region.root)
    assert outcome.state == "pending" and outcome.code == renewed.code
    enroll.admit(restored.coordinator, restored.region.share(restored.coordinator), renewed.code)
    return renewed


def _participant(store: Store, given: str) -> dict[str, Any]:
    return next(
        r for (t, _), r in _rows(store).items() if t == "participant" and r["given_name"] == given
    )


def test_restored_copy_renews_and_the_coordinator_gets_both_histories_once(
    restored: Restored,
) -> None:
    """Fork → renew → approve → sync: every record of both histories on the coordinator, once."""
    old = restored.copy.device_id
    renewed = _renew_and_admit(restored)
    assert renewed.old_device == old and restored.copy.device_id == renewed.device != old
    assert renewed.resent > 500  # the demo data and Onutė were never acknowledged to the copy
    joined = enroll.finish_join(restored.copy, restored.region.root)
    assert joined is not None and joined.synced is not None
    assert joined.synced.published_bundles == 1 and not enroll.joining(restored.copy)
    summary = synchronise(restored.coordinator, restored.region.root)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    assert [(d, seq) for d, seq, _m in summary.ingest.merged] == [(renewed.device, 1)]

    merged = _rows(restored.coordinator)
    deleted = _deleted(restored.branch) | _deleted(restored.copy)
    expected = {
        key
        for store in (restored.branch, restored.copy, restored.coordinator)
        for key in _rows(store)
        if key not in deleted
    } | {("device", renewed.device)}
    assert set(merged) == expected  # nothing missing, nothing extra, nothing twice
    assert not deleted & set(merged)
    assert {"Onutė", "Ievutė", "Rūtelė"} <= names(restored.coordinator)
    ona = _participant(restored.coordinator, "Onutė")
    assert ona["phone"] == "+370 611 11111"  # the original's edit
    assert ona["notes"] == "Po atkūrimo: ąčęėįšųūž"  # the restored copy's edit
    for table in ("attendance", "participant", "consultation", "training_session"):
        in_both = {k for k in _rows(restored.branch) if k[0] == table} | {
            k for k in _rows(restored.copy) if k[0] == table
        }
        assert sum(1 for k in merged if k[0] == table) == len(in_both - deleted)

    with restored.coordinator.read() as conn:
        assert sorted(e.reason for e in quarantine.entries(conn)) == ["fork"]  # still refused
        assert chain.suspension(conn, old) is not None
        device = conn.execute(
            select(Device.name, Device.role).where(Device.id == renewed.device)
        ).one()
    assert tuple(device) == ("PC-0", "branch")


def test_resending_merged_changes_under_another_device_changes_nothing(
    restored: Restored,
) -> None:
    """The argument of decisions/0318, checked: the copy's whole outbox under a lower and a
    higher device id than the old one, applied to the coordinator, leaves its dump unchanged."""
    with restored.copy.read() as conn:
        changes = read_changes(conn)[: restored.backup_outbox]  # merged via the original
    assert {c.op for c in changes} >= {"i", "u"}
    before = _rows(restored.coordinator), _deleted(restored.coordinator)
    low, high = "00000000-0000-7000-8000-000000000000", "ffffffff-ffff-7fff-bfff-ffffffffffff"
    for device in (low, high, restored.copy.device_id):
        with restored.coordinator.uow() as uow, capture_suspended(uow.connection):
            apply_changes(uow.connection, [c._replace(device=device) for c in changes])
            dump = canonical_dump(uow.connection)
            uow.rollback()
        after = {(t, row["id"]): row for t, rows in dump["tables"].items() for row in rows}
        assert after == before[0]
        assert {(t, r) for t, r, _cl in dump["tombstones"]} == before[1]


def test_old_identity_resumed_merges_the_original_and_refuses_the_copy_history(
    restored: Restored,
) -> None:
    """After the renew the coordinator resumes the old id: the original's later work merges,
    the copy's old-id bundles stay refused for good, and nothing arrives twice. The original,
    paused by the coordinator's notice meanwhile (decision 0333), sends once it is resumed."""
    old = restored.copy.device_id
    renewed = _renew_and_admit(restored)
    add_participants(restored.branch, [("Jonukas", "Petraitis")])
    paused = synchronise(restored.branch, restored.region.root)
    assert paused.paused is not None and not paused.paused.own_bundle
    assert paused.published_bundles == 0  # nothing sent into bundles set aside
    synchronise(restored.copy, restored.region.root)
    synchronise(restored.coordinator, restored.region.root)
    assert "Jonukas" not in names(restored.coordinator)  # kept on the original meanwhile
    assert "Rūtelė" in names(restored.coordinator)  # arrived under the new id
    share = restored.region.share(restored.coordinator)
    done = suspension.resume(restored.coordinator, share, old)
    assert (done.requeued, done.rejected) == (0, 0)  # the copy's old-id bundle stays "fork"
    resumed = synchronise(restored.branch, restored.region.root)
    assert resumed.paused is None and resumed.published_bundles == 1
    summary = synchronise(restored.coordinator, restored.region.root)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    with restored.coordinator.read() as conn:
        assert sorted(e.reason for e in quarantine.entries(conn)) == ["fork"]
    people = sorted(
        r["given_name"] for (t, _), r in _rows(restored.coordinator).items() if t == "participant"
    )
    assert len(people) == len(set(_participant_ids(restored)))
    assert {"Onutė", "Ievutė", "Rūtelė", "Jonukas"} <= set(people)
    assert people.count("Rūtelė") == 1 and people.count("Onutė") == 1
    with restored.coordinator.read() as conn:
        assert chain.suspension(conn, old) is None
        assert chain.suspension(conn, renewed.device) is None


def _participant_ids(restored: Restored) -> list[str]:
    return [
        k[1]
        for store in (restored.branch, restored.copy)
        for k in _rows(store)
        if k[0] == "participant"
    ]


def test_old_identity_revoked_after_its_merged_bundles_refuses_later_ones(
    restored: Restored,
) -> None:
    """``trust revoke OLD --after-seq N``: the old id's later bundles are refused as revoked."""
    old = restored.copy.device_id
    _renew_and_admit(restored)
    share = restored.region.share(restored.coordinator)
    with restored.coordinator.read() as conn:
        merged = conn.execute(select(Ingested.seq).where(Ingested.device == old)).scalars()
        last = max(merged)
    trustops.revoke(restored.coordinator, share, old, last)
    add_participants(restored.branch, [("Jonukas", "Petraitis")])
    sent = synchronise(restored.branch, restored.region.root)
    assert sent.publish_note == "revoked"  # the old id may not sign past N any more
    synchronise(restored.copy, restored.region.root)
    summary = synchronise(restored.coordinator, restored.region.root)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    with restored.coordinator.read() as conn:
        assert not load_trust(conn).allows(old, last + 1)
        assert sorted(e.reason for e in quarantine.entries(conn)) == ["fork"]
    people = names(restored.coordinator)
    assert "Jonukas" not in people and "Rūtelė" in people


def test_renew_twice_sends_everything_under_the_newest_id(restored: Restored) -> None:
    """A second renew (restored again) restarts the chain once more; nothing is lost or doubled."""
    first = _renew_and_admit(restored)
    synchronise(restored.copy, restored.region.root)
    synchronise(restored.coordinator, restored.region.root)
    add_participants(restored.copy, [("Laurutė", "Kazlauskė")])
    second = _renew_and_admit(restored)
    assert second.old_device == first.device and second.device != first.device
    assert second.old_last_seq == 1 and second.resent >= 1
    assert restored.copy.meta(renew.META_PREVIOUS) == f"{first.old_device},{first.device}"
    synchronise(restored.copy, restored.region.root)
    summary = synchronise(restored.coordinator, restored.region.root)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    assert [(d, s) for d, s, _m in summary.ingest.merged] == [(second.device, 1)]
    people = sorted(
        r["given_name"] for (t, _), r in _rows(restored.coordinator).items() if t == "participant"
    )
    assert people.count("Laurutė") == 1 and people.count("Rūtelė") == 1


def test_renew_with_an_empty_outbox_sends_only_the_new_device(tmp_path: Path) -> None:
    """Nothing left to send: the new id's first bundle holds just its own device row."""
    region = make_region(tmp_path, branches=1)
    branch = region.branches[0]
    try:
        with branch.uow() as uow:
            uow.connection.execute(Outbox.__table__.delete())
            uow.commit()
        renewed, outcome = renew.renew_and_join(branch, region.root)
        assert renewed.resent == 0 and renewed.old_last_seq == 0
        enroll.admit(region.coordinator, region.share(region.coordinator), outcome.code)
        result = publish.publish(branch, region.share(branch))
        assert result.changes == 1 and len(result.bundles) == 1
        assert result.bundles[0].parent.name == renewed.device
        assert result.bundles[0].name.startswith("000000000001-")
    finally:
        region.close()


def test_capture_after_renew_stamps_the_new_id(store: Store) -> None:
    """New edits are captured under the new id; old outbox rows were re-attributed; the chain
    restarts at seq 1; the keyring has the new id's keys and the old decryption key too."""
    old = store.device_id
    old_keys = identity.ensure_device_keys(store)
    with store.uow() as uow:
        uow.connection.execute(
            Published.__table__.insert().values(
                kind="changes",
                seq=1,
                bundle_hash="ab" * 32,
                first_outbox=1,
                last_outbox=2,
                changes=2,
                created_wall="2026-11-22T00:00:00+00:00",
                file_name="x.ltb",
                data=None,
            )
        )
        uow.commit()
    renewed = renew.renew_identity(store)
    assert renewed.old_last_seq == 1 and not renewed.old_enrolled
    add_participants(store, [("Žydrūnė", "Šimkūnienė")])
    with store.read() as conn:
        devices = set(conn.execute(select(Outbox.device)).scalars())
        assert publish.next_seq(conn) == 1 and publish.unpublished(conn) == renewed.resent + 2
        assert load_trust(conn).version == 0
    assert devices == {renewed.device}
    keys = identity.load_device_keys(store)
    assert keys.device == renewed.device and keys.code == renewed.code
    assert keys.code == identity.enrolment_code(store)
    assert [crypto.private_bytes(k) for k in keys.exchange[1:]] == [
        crypto.private_bytes(k) for k in old_keys.exchange
    ]
    assert store.meta("device_id") == renewed.device and store.meta(renew.META_PREVIOUS) == old


def test_renewed_store_reopens_with_the_new_id(tmp_path: Path) -> None:
    """The new id survives closing and opening the store, and capture keeps using it."""
    data = tmp_path / "data"
    st = make_store(data)
    renewed = renew.renew_identity(st)
    st.close()
    again = storefile.open_store(data)
    try:
        assert again.device_id == renewed.device
        add_participants(again, [("Onutė", "Ąžuolaitė")])
        with again.read() as conn:
            assert set(conn.execute(select(Outbox.device)).scalars()) == {renewed.device}
    finally:
        again.close()


def test_a_coordinator_cannot_renew(tmp_path: Path) -> None:
    """On a coordinator the renew is refused, in plain words, and nothing changes."""
    region = make_region(tmp_path, branches=0)
    try:
        before = region.coordinator.device_id
        with pytest.raises(LibtrainerError) as caught:
            renew.renew_identity(region.coordinator)
        assert "coordinator cannot take a new identity" in render(caught.value)
        assert region.coordinator.device_id == before == region.coordinator.meta("device_id")
    finally:
        region.close()


def test_unreachable_share_changes_nothing(store: Store, tmp_path: Path) -> None:
    """No shared folder: the renew does not start (the id and outbox stay as they were)."""
    before = store.device_id
    with pytest.raises(ShareUnreachable):
        renew.renew_and_join(store, tmp_path / "no-such-usb-stick")
    assert store.device_id == before == store.meta("device_id")


@pytest.mark.parametrize("lang", ["lt", "lv"])
def test_coordinator_refusal_reads_in_lithuanian_and_latvian(tmp_path: Path, lang: str) -> None:
    """The refusal is translated, with no placeholder left."""
    region = make_region(tmp_path, branches=0)
    try:
        with pytest.raises(LibtrainerError) as caught:
            renew.renew_identity(region.coordinator)
    finally:
        region.close()
    english = render(caught.value)
    set_language(lang)
    try:
        text = render(caught.value)
        assert text != english and "{" not in text and "libtrainer trust rotate" in text
    finally:
        set_language("en")
