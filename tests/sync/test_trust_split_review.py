"""What a security review of the split trust list found, each case closed (decision 0322)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from libtrainer.domain.errors import N_
from libtrainer.i18n import set_language
from libtrainer.store.store import Store
from libtrainer.sync import enroll, identity, publish
from libtrainer.sync.errors import ShareError
from libtrainer.sync.session import synchronise
from libtrainer.sync.signed import make_doc
from libtrainer.sync.summary import describe
from tests.sync.regionkit import NAMES, add_participants, make_region
from tests.sync.test_trust_split import _split


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def _forge_request(branch: Store, base: Path, region: str, *, device: str, role: str) -> None:
    """The branch's honest request replaced by one of its own key with another device/role."""
    own = identity.load_device_keys(branch)
    for path in (base / "enroll").glob(f"*{own.key_id}*"):
        path.unlink()
    body = {
        "format": 1,
        "kind": "enroll",
        "region": region,
        "device": device,
        "name": "Innocent PC",
        "role": role,
        "branch": None,
        "branch_name": "",
        "key_id": own.key_id,
        "sign": own.sign_public.hex(),
        "x25519": own.x25519_public.hex(),
        "from_seq": 1 if device == branch.device_id else 10**6,
        "created_wall": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    doc = make_doc(body, [(own.key_id, own.signing)], enroll.DOMAIN)
    (base / "enroll" / f"{device}-{own.key_id}.req").write_bytes(doc)


@pytest.mark.parametrize("mode", ["role", "identity"])
def test_settle_never_approves_a_rewritten_request(tmp_path: Path, mode: str) -> None:
    """A request rewritten after the split (coordinator role, another device's id) is not approved again."""
    region, second, b4, b5 = _split(tmp_path)
    coord = region.coordinator
    try:
        loser = max((coord, second), key=lambda s: region.trust(s).sha256)
        winner = second if loser is coord else coord
        attacker = b4 if loser is coord else b5
        share = region.share(attacker)
        device = attacker.device_id if mode == "role" else winner.device_id
        _forge_request(attacker, share.base, share.region, device=device, role="coordinator")
        told = describe(synchronise(loser, region.root))
        final = region.trust(loser)
        own = identity.load_device_keys(attacker)
        assert own.key_id not in final.coordinators
        assert final.find_key(own.key_id) is None
        assert identity.load_device_keys(winner).key_id in final.coordinators
        assert not any(line.startswith("Approved again") for line in told)
        assert any("Not approved again" in line for line in told)
    finally:
        region.close()
        second.close()


def test_settle_approves_again_as_the_lost_version_signed_it(tmp_path: Path) -> None:
    """The honest request still there: the branch is approved again with its role and key."""
    region, second, b4, b5 = _split(tmp_path)
    coord = region.coordinator
    try:
        loser = max((coord, second), key=lambda s: region.trust(s).sha256)
        branch = b4 if loser is coord else b5
        told = describe(synchronise(loser, region.root))
        final = region.trust(loser)
        own = identity.load_device_keys(branch)
        found = final.find_key(own.key_id)
        assert found is not None and found[0].device == branch.device_id
        assert found[0].role == "branch" and own.key_id not in final.coordinators
        assert any(f"(trust list version {final.version})" in line for line in told)
    finally:
        region.close()
        second.close()


def test_a_conflict_while_applying_again_names_no_version(tmp_path: Path) -> None:
    """A conflict on the next version: no "Approved again … version None", the retry is said."""
    region, second, _b4, _b5 = _split(tmp_path)
    coord = region.coordinator
    try:
        loser = max((coord, second), key=lambda s: region.trust(s).sha256)
        n = region.trust(loser).version
        base = region.share(loser).base
        (base / "trust" / f"{n + 1:08d}.trust").write_bytes(b"not yet complete")
        told = describe(synchronise(loser, region.root))
        assert not any("None" in line or "Approved again" in line for line in told)
        assert any("applied again at the next sync" in line for line in told)
    finally:
        region.close()
        second.close()


def test_a_send_outside_a_sync_resets_the_count_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a failed send, the window's send-before-close writing everything clears the count."""
    region = make_region(tmp_path, branches=1)
    branch = region.branches[0]
    try:
        add_participants(branch, NAMES[:1])
        real = publish._write

        def full(*_args: object, **_kwargs: object) -> Path:
            raise ShareError(N_("The shared folder is full."))

        monkeypatch.setattr(publish, "_write", full)
        failed = synchronise(branch, region.root)
        assert failed.send_failed and branch.pending_changes() > 0
        monkeypatch.setattr(publish, "_write", real)
        add_participants(branch, NAMES[1:2])
        publish.publish(branch, region.share(branch))  # as send-before-close and admit do
        assert not publish.missing(branch, region.share(branch))
        with branch.read() as conn:
            assert branch.pending_changes() == publish.unpublished(conn) == 0
    finally:
        region.close()
