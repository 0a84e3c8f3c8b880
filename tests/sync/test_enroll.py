"""Enrolment: request with a code, approval by code, second coordinator, new keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from libtrainer.services import status
from libtrainer.sync import bundle, enroll, identity, publish
from libtrainer.sync.errors import TrustError
from libtrainer.sync.share import Share
from libtrainer.sync.trust import refresh_trust
from tests.conftest import make_store
from tests.sync.regionkit import NAMES, Region, add_participants


@pytest.fixture
def newcomer(region: Region, tmp_path: Path):
    store = make_store(tmp_path / "new", branch="Veisiejų padalinys", device_name="PC-Veisiejai")
    yield store
    store.close()


def test_request_shows_code_and_coordinator_approves_it(region: Region, newcomer) -> None:
    """The device's code appears as pending; approving that code enrols the device."""
    share = Share.for_store(region.root, newcomer)
    outcome = enroll.request_enrolment(newcomer, share)
    assert outcome.state == "pending" and outcome.code == identity.enrolment_code(newcomer)
    coord = region.coordinator
    assert outcome.coordinator_codes == [identity.enrolment_code(coord)]
    info = enroll.overview(coord, region.share(coord))
    assert [p["code"] for p in info["pending"]] == [outcome.code]
    assert info["pending"][0]["branch_name"] == "Veisiejų padalinys"
    enroll.approve(coord, region.share(coord), outcome.code.lower().replace("-", ""))
    info = enroll.overview(coord, region.share(coord))
    assert info["pending"] == []
    assert outcome.code in [d["code"] for d in info["devices"]]
    assert enroll.request_enrolment(newcomer, share).state == "enrolled"


def test_unknown_code_is_refused(region: Region) -> None:
    """Approving a code nobody shows says so."""
    coord = region.coordinator
    with pytest.raises(TrustError) as info:
        enroll.approve(coord, region.share(coord), "0000-0000")
    assert info.value.reason == "unknown_code"


def test_branch_cannot_approve(region: Region, newcomer) -> None:
    """Only a coordinator may change the trust list."""
    outcome = enroll.request_enrolment(newcomer, Share.for_store(region.root, newcomer))
    branch = region.branches[0]
    with pytest.raises(TrustError) as info:
        enroll.approve(branch, region.share(branch), outcome.code)
    assert info.value.reason == "not_coordinator"


def test_forged_request_is_ignored(region: Region, newcomer) -> None:
    """A request whose body was altered after signing never shows as pending."""
    share = Share.for_store(region.root, newcomer)
    path = enroll.request_enrolment(newcomer, share).request
    assert path is not None
    doc = json.loads(path.read_bytes())
    doc["body"] = doc["body"].replace("PC-Veisiejai", "PC-Kitas")
    path.unlink()
    path.write_bytes(json.dumps(doc).encode())
    coord = region.coordinator
    assert enroll.overview(coord, region.share(coord))["pending"] == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("role", "superuser"),
        ("branch", "not-a-uuid"),
        ("name", "PC-1\nApproved: all devices verified"),
        ("name", "PC-\u202e1-CP"),
        ("name", "P" * 500),
        ("branch_name", "Padalinys\x1b[2J"),
    ],
)
def test_signed_requests_with_odd_roles_or_names_are_not_offered(
    region: Region, newcomer, monkeypatch: pytest.MonkeyPatch, key: str, value: str
) -> None:
    """A validly signed request (from a device that does not clean what it sends) naming an
    unknown role or branch, or a name with a line break, a text-direction override, an escape
    code or 500 letters, is never shown to the coordinator to approve."""
    real = enroll.make_doc

    def hostile(body: dict, keys: list, domain: bytes) -> bytes:
        return real({**body, key: value}, keys, domain)

    monkeypatch.setattr(enroll, "make_doc", hostile)
    enroll.request_enrolment(newcomer, Share.for_store(region.root, newcomer))
    coord = region.coordinator
    assert enroll.overview(coord, region.share(coord))["pending"] == []


def test_second_coordinator_receives_branch_bundles(region: Region, tmp_path: Path) -> None:
    """A second coordinator is approved only when said so, and is then a recipient of later
    branch bundles."""
    second = make_store(
        tmp_path / "coord2",
        role="coordinator",
        branch="Centrinė biblioteka",
        device_name="Koordinatorius 2",
    )
    share2 = Share.for_store(region.root, second)
    outcome = enroll.request_enrolment(second, share2)
    assert outcome.state == "pending"
    coord = region.coordinator
    with pytest.raises(TrustError) as refused:
        enroll.approve(coord, region.share(coord), outcome.code)
    assert "--coordinator" in refused.value.render()
    enroll.approve(coord, region.share(coord), outcome.code, as_coordinator=True)
    branch = region.branches[0]
    add_participants(branch, NAMES[:1])
    data = publish.publish(branch, region.share(branch)).bundles[0].read_bytes()
    trust = refresh_trust(second, share2)
    assert len(trust.coordinators) == 2
    opened = bundle.open_bundle(
        data, trust=trust, decrypt_keys=identity.decryption_keys(second), region=share2.region
    )
    assert opened.header.device == branch.device_id
    second.close()


def test_new_key_after_lost_keyring_keeps_old_bundles_valid(region: Region) -> None:
    """Re-enrolling with a new key: bundles before stay valid, bundles after use the new key."""
    branch, coord = region.branches[0], region.coordinator
    add_participants(branch, NAMES[:1])
    old = publish.publish(branch, region.share(branch)).bundles[0].read_bytes()
    outcome = enroll.request_enrolment(branch, region.share(branch), new_key=True)
    assert outcome.state == "pending"
    add_participants(branch, NAMES[1:2])
    assert publish.publish(branch, region.share(branch)).note == "not_enrolled"
    enroll.approve(coord, region.share(coord), outcome.code)
    new = publish.publish(branch, region.share(branch)).bundles[0].read_bytes()
    trust, keys = region.trust(coord), identity.decryption_keys(coord)
    for data, seq in ((old, 1), (new, 2)):
        opened = bundle.open_bundle(
            data, trust=trust, decrypt_keys=keys, region=region.share(coord).region
        )
        assert opened.header.seq == seq
    assert bundle.peek_header(new).key_id != bundle.peek_header(old).key_id


def test_status_shows_the_enrolment_code(region: Region, tmp_path: Path) -> None:
    """status --json carries the device's own enrolment code."""
    branch = region.branches[0]
    info = status.status(branch, tmp_path / "b0")
    assert info["enrolment_code"] == identity.enrolment_code(branch)
    assert info["enrolment_code"] is not None


def test_a_name_stored_with_a_hidden_character_is_sent_without_it(region: Region, newcomer) -> None:
    """A device name saved before hidden characters were refused (a zero-width space) still
    reaches the coordinator, cleaned, instead of being dropped."""
    newcomer.set_meta("device_name", "PC-\u200bVeisiejai")
    enroll.request_enrolment(newcomer, Share.for_store(region.root, newcomer))
    coord = region.coordinator
    pending = enroll.overview(coord, region.share(coord))["pending"]
    assert [p["name"] for p in pending] == ["PC-Veisiejai"]


def test_an_honest_name_through_the_same_path_is_offered(
    region: Region, newcomer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same altered-before-signing path with an honest name (letters, an en dash) is
    offered: the refusals above are about the values, not the path."""
    real = enroll.make_doc

    def renamed(body: dict, keys: list, domain: bytes) -> bytes:
        return real({**body, "name": "Skaitykla PC‑1 – Ąžuolas"}, keys, domain)

    monkeypatch.setattr(enroll, "make_doc", renamed)
    enroll.request_enrolment(newcomer, Share.for_store(region.root, newcomer))
    coord = region.coordinator
    pending = enroll.overview(coord, region.share(coord))["pending"]
    assert [p["name"] for p in pending] == ["Skaitykla PC‑1 – Ąžuolas"]


def test_status_text_shows_the_enrolment_code(region: Region, tmp_path: Path) -> None:
    """``status`` (text) names the enrolment code to read out, as ``status --json`` does."""
    branch = region.branches[0]
    lines = status.describe(status.status(branch, tmp_path / "b0"))
    assert f"Enrolment code of this computer: {identity.enrolment_code(branch)}" in lines
