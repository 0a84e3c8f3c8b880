"""Quarantine at ingest: every refusal has a reason a person can read, and nothing is merged.

Each test puts a bad bundle where a branch's bundles go, runs the coordinator's sync and checks
that the bundle is set aside with the right reason, that the message names the bundle and the
device in plain words, and that the coordinator's synced content did not change at all.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from libtrainer.i18n import set_language
from libtrainer.services import storefile
from libtrainer.store.apply import Change
from libtrainer.store.dump import canonical_dump
from libtrainer.store.hlc import pack, wall_ms
from libtrainer.store.store import Store
from libtrainer.sync import bundle, crypto, identity, quarantine, trustops
from libtrainer.sync.session import SyncSummary, synchronise
from libtrainer.sync.share import bundle_name
from tests.conftest import make_store
from tests.sync.forkkit import stale_copy, unnoticed
from tests.sync.regionkit import Region, add_participants


def _person(device: str, hlc: int, **over: object) -> Change:
    pid = "01930000-0000-7000-8000-0000000000aa"
    data = {
        "id": pid,
        "given_name": "Ąžuolas",
        "family_name": "Čepulionis",
        "name_key": "azuolas cepulionis",
        **over,
    }
    return Change("participant", pid, "i", 1, hlc, device, data)


def _craft(
    region: Region,
    store: Store,
    *,
    seq: int = 1,
    changes: list[Change] | None = None,
    region_key: str | None = None,
    recipients: list[bytes] | None = None,
) -> bytes:
    """A bundle signed with ``store``'s own key, as publish would make it (with overrides)."""
    own = identity.ensure_device_keys(store)
    trust = region.trust(region.coordinator)
    hlc = store.identity.clock.now()
    return bundle.build_bundle(
        changes if changes is not None else [_person(store.device_id, hlc)],
        region=region_key or region.share(region.coordinator).region,
        device=store.device_id,
        signing_key=own.signing,
        seq=seq,
        prev_hash=None,
        created_hlc=hlc,
        trust_version=trust.version,
        recipients=recipients if recipients is not None else trust.recipients("changes"),
    )


def _drop(region: Region, device: str, data: bytes, seq: int = 1) -> Path:
    folder = region.share(region.coordinator).base / "outbox" / device
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / bundle_name(seq, bundle.bundle_hash(data))
    path.write_bytes(data)
    return path


def _refused(region: Region, reason: str) -> SyncSummary:
    """Sync the coordinator; exactly one bundle is refused for ``reason``; nothing changed."""
    with region.coordinator.read() as conn:
        before = canonical_dump(conn)["tables"]
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None
    assert [q.reason for q in summary.ingest.quarantined] == [reason]
    message = summary.ingest.quarantined[0].message
    assert "{" not in message and message.strip().endswith(".")
    assert summary.ingest.quarantined[0].file_name in message
    with region.coordinator.read() as conn:
        tables = canonical_dump(conn)["tables"]
        entries = quarantine.entries(conn)
    assert tables["participant"] == before["participant"]
    assert [e.reason for e in entries] == [reason]
    return summary


def test_bundle_from_a_device_not_enrolled_waits_until_it_is(
    region: Region, tmp_path: Path
) -> None:
    """Unknown key: set aside with "ask the coordinator", merged once the device is approved."""
    stranger = make_store(
        tmp_path / "stranger", branch="Kapčiamiesčio padalinys", device_name="Svetimas PC"
    )
    try:
        _drop(region, stranger.device_id, _craft(region, stranger))
        summary = _refused(region, "unknown_key")
        assert "approve" in summary.ingest.quarantined[0].message  # type: ignore[union-attr]
        from libtrainer.sync import enroll

        outcome = enroll.request_enrolment(stranger, region.share(stranger))
        enroll.approve(region.coordinator, region.share(region.coordinator), outcome.code)
        summary = synchronise(region.coordinator, region.root)
        assert summary.ingest is not None and len(summary.ingest.merged) >= 1
        with region.coordinator.read() as conn:
            assert quarantine.entries(conn) == []
    finally:
        stranger.close()


def test_bundle_signed_after_revocation_is_refused(region: Region) -> None:
    """Revoked after seq 1: bundle 2 is refused, bundle 1 stays merged."""
    branch = region.branches[0]
    add_participants(branch)
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    trustops.revoke(region.coordinator, region.share(region.coordinator), branch.device_id, 1)
    _drop(region, branch.device_id, _craft(region, branch, seq=2), seq=2)
    _refused(region, "revoked_key")


def test_tampered_header_is_a_bad_signature(region: Region) -> None:
    """One character changed in the signed header: refused as altered."""
    data = _craft(region, region.branches[0])
    at = data.index(b'"created_wall": "') + len(b'"created_wall": "')
    tampered = data[:at] + (b"3" if data[at : at + 1] != b"3" else b"4") + data[at + 1 :]
    _drop(region, region.branches[0].device_id, tampered)
    _refused(region, "bad_signature")


def test_altered_payload_is_a_hash_mismatch(region: Region) -> None:
    """One bit flipped in the encrypted payload: refused, the header no longer matches it."""
    data = bytearray(_craft(region, region.branches[0]))
    data[-5] ^= 0x10
    _drop(region, region.branches[0].device_id, bytes(data))
    _refused(region, "hash_mismatch")


def test_bundle_from_a_newer_libtrainer_says_update(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A schema this version does not know: "update libtrainer", nothing merged."""
    monkeypatch.setattr(bundle.migrate, "head_revision", lambda: "9999")
    data = _craft(region, region.branches[0])
    monkeypatch.undo()
    _drop(region, region.branches[0].device_id, data)
    summary = _refused(region, "newer_schema")
    assert "Update libtrainer" in summary.ingest.quarantined[0].message  # type: ignore[union-attr]


def test_bundle_of_another_region_is_refused(region: Region) -> None:
    """Signed by an enrolled key but for another region's folder."""
    _drop(
        region,
        region.branches[0].device_id,
        _craft(region, region.branches[0], region_key="kita-apskritis"),
    )
    _refused(region, "wrong_region")


def test_bundle_sealed_for_someone_else_is_undecryptable(region: Region) -> None:
    """Encrypted for a key this coordinator does not hold."""
    other = crypto.public_bytes(X25519PrivateKey.generate())
    _drop(
        region, region.branches[0].device_id, _craft(region, region.branches[0], recipients=[other])
    )
    _refused(region, "undecryptable")


def test_garbage_file_is_malformed(region: Region) -> None:
    """A file that is not a bundle at all."""
    _drop(region, region.branches[0].device_id, os.urandom(300))
    _refused(region, "malformed")


def test_file_past_the_size_limit_is_refused_unread(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Larger than libtrainer accepts: refused without reading it all."""
    from libtrainer.sync import session

    branch = region.branches[0]
    hlc = branch.identity.clock.now()
    big = [
        Change(
            "participant",
            f"01930000-0000-7000-8000-{n:012d}",
            "i",
            1,
            hlc + n,
            branch.device_id,
            {
                "id": f"01930000-0000-7000-8000-{n:012d}",
                "given_name": "Ona",
                "family_name": "Ąžuolaitė",
                "name_key": "ona",
                "notes": os.urandom(32).hex(),
            },
        )
        for n in range(2000)
    ]
    data = _craft(region, branch, changes=big)
    monkeypatch.setattr(session, "MAX_BUNDLE", len(data) - 1)
    _drop(region, branch.device_id, data)
    _refused(region, "too_large")


def test_record_that_does_not_fit_its_field_is_refused_whole(region: Region) -> None:
    """A signed bundle whose record has a wrong value: the whole bundle stays out."""
    branch = region.branches[0]
    hlc = branch.identity.clock.now()
    bad = [_person(branch.device_id, hlc), _person(branch.device_id, hlc + 1, birth_year="1950")]
    bad[1] = Change(
        "participant",
        bad[0].row_id,
        "u",
        1,
        hlc + 1,
        branch.device_id,
        {"birth_year": "tūkstantis"},
    )
    _drop(region, branch.device_id, _craft(region, branch, changes=bad))
    _refused(region, "bad_change")


def test_clock_ten_years_ahead_is_refused_until_restamped(region: Region) -> None:
    """+10 years: refused, the coordinator clock untouched; an approved re-stamp merges it."""
    branch = region.branches[0]
    branch.identity.clock.observe(pack(wall_ms() + 10 * 365 * 86_400_000))
    add_participants(branch)
    synchronise(branch, region.root)
    summary = _refused(region, "future_clock")
    assert "libtrainer sync SHARE --restamp" in summary.ingest.quarantined[0].message  # type: ignore[union-attr]
    assert region.coordinator.identity.clock.last < pack(wall_ms() + 86_400_000)
    with region.coordinator.uow() as uow:
        entry = quarantine.entries(uow.connection)[0]
        quarantine.approve_restamp(uow.connection, entry.ref)
        uow.commit()
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    assert region.coordinator.identity.clock.last < pack(wall_ms() + 86_400_000)
    with region.coordinator.read() as conn:
        assert len(canonical_dump(conn)["tables"]["participant"]) == 5


def test_cloned_store_is_a_fork_and_the_device_is_suspended(region: Region, tmp_path: Path) -> None:
    """A copied disk publishes its own bundle 1: the second one is a fork; the device stops."""
    branch = region.branches[0]
    clone_dir = tmp_path / "clone"
    branch.engine.dispose()
    shutil.copytree(Path(branch.path).parent, clone_dir)
    clone = storefile.open_store(clone_dir)
    try:
        add_participants(branch, [("Ona", "Ąžuolaitė")])
        synchronise(branch, region.root)
        add_participants(clone, [("Rūta", "Žemaitė")])
        with stale_copy(region.root, clone.device_id):
            synchronise(clone, region.root)
        summary = synchronise(region.coordinator, region.root)
        assert summary.ingest is not None
        assert [q.reason for q in summary.ingest.quarantined] == ["fork"]
        assert "now suspended" in summary.ingest.quarantined[0].message
        with region.coordinator.read() as conn:
            names = {r["given_name"] for r in canonical_dump(conn)["tables"]["participant"]}
        assert ("Ona" in names) != ("Rūta" in names)
        kept, other = (branch, clone) if "Ona" in names else (clone, branch)
        add_participants(kept, [("Ieva", "Šimkutė")])
        with unnoticed(region.root, kept.device_id):  # sent before the coordinator's notice
            synchronise(kept, region.root)
        told = synchronise(other, region.root)  # the history not kept sends nothing more
        assert told.paused is not None and told.paused.own_bundle and told.failed
        summary = synchronise(region.coordinator, region.root)
        assert summary.ingest is not None
        assert [q.reason for q in summary.ingest.quarantined] == ["suspended"]
        with region.coordinator.read() as conn:
            names = {r["given_name"] for r in canonical_dump(conn)["tables"]["participant"]}
        assert "Ieva" not in names
    finally:
        clone.close()


def test_replayed_old_bundle_changes_nothing(region: Region) -> None:
    """An old bundle dropped in again under a new name after a newer edit: no effect."""
    branch = region.branches[0]
    ids = add_participants(branch, [("Ona", "Ąžuolaitė")])
    synchronise(branch, region.root)
    with branch.uow() as uow:
        uow.connection.exec_driver_sql(
            "UPDATE participant SET given_name = 'Onutė' WHERE id = ?", (ids[0],)
        )
        uow.commit()
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    first = sorted((region.share(branch).base / "outbox" / branch.device_id).glob("0*1-*.ltb"))[0]
    shutil.copy(first, first.with_name("000000000007-replay.ltb"))
    summary = synchronise(region.coordinator, region.root)
    assert summary.ingest is not None and summary.ingest.merged == []
    with region.coordinator.read() as conn:
        names = [
            r["given_name"]
            for r in canonical_dump(conn)["tables"]["participant"]
            if r["id"] == ids[0]
        ]
    assert names == ["Onutė"]


@pytest.mark.parametrize("lang", ["lt", "lv"])
def test_every_reason_reads_in_lithuanian_and_latvian(lang: str) -> None:
    """Each quarantine reason has a translation with every placeholder filled."""
    params = {
        "name": "000000000001-ab.ltb",
        "device": "“PC-1”",
        "seq": 3,
        "days": 3650,
        "ref": "abcdef012345",
        "detail": "x",
    }
    english = {reason: quarantine.message(reason, params) for reason in quarantine.MESSAGES}
    set_language(lang)
    try:
        for reason in quarantine.MESSAGES:
            text = quarantine.message(reason, params)
            assert "{" not in text
            assert text != english[reason], (lang, reason)
            assert "000000000001-ab.ltb" in text or "“PC-1”" in text
    finally:
        set_language("en")
