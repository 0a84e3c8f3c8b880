"""A coordinator that stops merging a device's bundles tells the device with a signed notice
(decision 0333): after a fork the device stops sending, keeps every change and says why and
what to do; a new identity (or the coordinator resuming it) is the way back. Forged notices
are ignored; a revocation writes one too."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from libtrainer.i18n import set_language
from libtrainer.services import status
from libtrainer.store.store import Store
from libtrainer.sync import ackfile, chain, enroll, identity, paused, renew, suspension, trustops
from libtrainer.sync.noticefile import DOMAIN, Notice, make_notice, read_notice
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from libtrainer.sync.signed import make_doc
from libtrainer.sync.summary import as_json, describe, paused_lines
from tests.sync.forkkit import Forked, copy_store, make_forked, names
from tests.sync.regionkit import Region, add_participants, make_region

RESTORED_TEXT = (
    "The coordinator has paused this computer's sending because its records were restored "
    "from an older copy"
)


def _base(region: Region, root: Path) -> Path:
    return root / region.share(region.coordinator).base.relative_to(region.root)


def _notices(region: Region, root: Path, device: str) -> dict[str, bytes]:
    folder = _base(region, root) / "acks" / region.coordinator.device_id / device
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.notice"))}


def _stick(region: Region, root: Path) -> Path:
    """Another shared folder (a USB stick) holding the region's trust list only."""
    shutil.copytree(_base(region, region.root) / "trust", _base(region, root) / "trust")
    return root


def _outbox(store: Store) -> int:
    with store.read() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM lt_outbox").scalar_one())


@dataclass
class OnStick:
    """A lecturer's laptop restored from an image; it syncs through its own USB stick."""

    region: Region
    laptop: Store  # the restored store (same id as the original laptop, an older history)
    stick: Path

    def close(self) -> None:
        self.laptop.close()
        self.region.close()


@pytest.fixture
def on_stick(tmp_path: Path) -> Iterator[OnStick]:
    """Bundle 1 merged and copied to the stick; the laptop imaged; bundle 2 merged from the
    network folder; the laptop put back from the image records Rūta and sends her on the
    stick; the coordinator, syncing with the stick, finds the fork and suspends the laptop."""
    region = make_region(tmp_path, branches=1)
    original = region.branches[0]
    add_participants(original, [("Ona", "Ąžuolaitė")])
    synchronise(original, region.root)
    synchronise(region.coordinator, region.root)
    stick = tmp_path / "stick"
    shutil.copytree(region.root, stick)
    image = copy_store(original, tmp_path / "image")
    add_participants(original, [("Ieva", "Šimkutė")])
    synchronise(original, region.root)
    synchronise(region.coordinator, region.root)
    original.close()
    region.branches.clear()
    add_participants(image, [("Rūta", "Žemaitė")])
    sent = synchronise(image, stick)
    assert sent.published_bundles == 1 and sent.paused is None
    summary = synchronise(region.coordinator, stick)
    assert summary.ingest is not None
    assert [q.reason for q in summary.ingest.quarantined] == ["fork"]
    assert summary.notices_written == 1
    found = OnStick(region, image, stick)
    try:
        yield found
    finally:
        found.close()


def test_a_suspended_laptop_stops_sending_keeps_its_changes_and_says_why(
    on_stick: OnStick,
) -> None:
    """After the coordinator's notice the laptop sends nothing, keeps every change and tells
    the person in plain words, in ``sync``, ``sync --json`` and ``status --json``."""
    laptop = on_stick.laptop
    add_participants(laptop, [("Aistė", "Čiurlionytė")])
    before = _outbox(laptop)
    summary = synchronise(laptop, on_stick.stick)
    assert summary.paused is not None and summary.paused.reason == "fork"
    assert summary.paused.own_bundle and summary.paused.after_seq == 2
    assert summary.published_bundles == 0 and summary.publish_note == "paused"
    assert summary.failed  # exit 1: nothing was sent
    text = "\n".join(describe(summary))
    assert RESTORED_TEXT in text and "Your changes are safe on this computer." in text
    assert "libtrainer enroll SHARE --new-device" in text
    assert "Sent" not in text and "Nothing new to send" not in text
    report = as_json(summary)
    assert report["paused"]["reason"] == "fork" and report["paused"]["own_bundle"] is True
    assert report["paused"]["way_out"] == "enroll SHARE --new-device" and report["failed"]
    assert _outbox(laptop) == before  # nothing pruned or lost
    info = status.status(laptop, Path(laptop.path).parent)
    assert info["paused"]["reason"] == "fork"
    assert RESTORED_TEXT in "\n".join(status.describe(info))
    again = synchronise(laptop, on_stick.stick)
    assert again.published_bundles == 0 and again.paused is not None
    assert {"Ona", "Ieva"} <= names(on_stick.region.coordinator)
    assert not {"Rūta", "Aistė"} & names(on_stick.region.coordinator)


def test_a_new_identity_sends_the_held_changes(on_stick: OnStick) -> None:
    """The way back: take a new identity, the coordinator approves it, the next sync sends
    everything the laptop kept (Rūta, and Aistė recorded while it was paused)."""
    laptop, region = on_stick.laptop, on_stick.region
    old = laptop.device_id
    add_participants(laptop, [("Aistė", "Čiurlionytė")])
    synchronise(laptop, on_stick.stick)
    renewed, outcome = renew.renew_and_join(laptop, on_stick.stick)
    assert outcome.state == "pending"
    assert paused.current(laptop) is None  # the old id's notices are not the new one's
    stick = Share.for_store(on_stick.stick, region.coordinator)
    enroll.admit(region.coordinator, stick, renewed.code)
    joined = enroll.finish_join(laptop, on_stick.stick)
    assert joined is not None and joined.synced is not None
    assert joined.synced.paused is None and joined.synced.published_bundles == 1
    summary = synchronise(region.coordinator, on_stick.stick)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    assert {"Ona", "Ieva", "Rūta", "Aistė"} <= names(region.coordinator)
    with region.coordinator.read() as conn:
        assert chain.suspension(conn, old) is not None  # the old id stays suspended
    assert status.status(laptop, Path(laptop.path).parent)["paused"] is None


@pytest.fixture
def forked(tmp_path: Path) -> Iterator[Forked]:
    f = make_forked(tmp_path)
    try:
        yield f
    finally:
        f.close()


def test_the_computer_whose_history_was_kept_is_paused_until_resumed(forked: Forked) -> None:
    """The real computer (its history kept, the copy's refused) no longer sends into bundles
    set aside: it is paused, and sends again once the coordinator resumes it."""
    add_participants(forked.branch, [("Jonas", "Petraitis")])
    summary = forked.sync(forked.branch)
    assert summary.paused is not None and not summary.paused.own_bundle
    assert summary.published_bundles == 0
    assert "another computer sent changes under this computer's identity" in " ".join(
        describe(summary)
    )
    share = forked.region.share(forked.coordinator)
    suspension.resume(forked.coordinator, share, forked.branch.device_id)
    resumed = forked.sync(forked.branch)
    assert resumed.paused is None and resumed.published_bundles == 1 and not resumed.failed
    forked.sync(forked.coordinator)
    assert "Jonas" in names(forked.coordinator)
    clone = forked.sync(forked.clone)  # the copy stays stopped (decision 0323 tells it)
    assert clone.failed and clone.published_bundles == 0


def test_the_notice_reaches_a_second_stick_and_the_pause_is_remembered(
    forked: Forked, tmp_path: Path
) -> None:
    """The laptop sends on a stick the coordinator then reads: the notice is written there
    too (the same bytes). Paused, it sends nothing through a third, empty stick either; once
    resumed, an old stick with only the suspension notice does not pause it again."""
    region, branch = forked.region, forked.branch
    first = _notices(region, region.root, branch.device_id)
    assert [name.split("-")[1] for name in first] == ["suspended"]
    stick = _stick(region, tmp_path / "stick-b")
    add_participants(branch, [("Jonas", "Petraitis")])
    assert synchronise(branch, stick).published_changes == 1  # it has not read the notice
    summary = synchronise(forked.coordinator, stick)
    assert summary.ingest is not None
    assert [q.reason for q in summary.ingest.quarantined] == ["suspended"]
    assert _notices(region, stick, branch.device_id) == first
    assert synchronise(branch, stick).paused is not None
    empty = _stick(region, tmp_path / "stick-c")
    add_participants(branch, [("Paulius", "Kairys")])
    kept = synchronise(branch, empty)
    assert kept.paused is not None and kept.published_bundles == 0

    suspension.resume(forked.coordinator, region.share(forked.coordinator), branch.device_id)
    assert synchronise(branch, region.root).paused is None
    assert synchronise(branch, stick).paused is None  # the old stick's notice is lifted
    synchronise(forked.coordinator, region.root)
    synchronise(forked.coordinator, stick)
    assert {"Jonas", "Paulius"} <= names(forked.coordinator)
    resumed = [n for n in _notices(region, stick, branch.device_id) if "-resumed-" in n]
    assert len(resumed) == 1  # written on the stick too, at the coordinator's next sync there


def _forged(region: Region, device: str, how: str) -> bytes:
    """Notice bytes that must not count (``how`` says what is wrong with them)."""
    coordinator = identity.load_device_keys(region.coordinator)
    branch = identity.load_device_keys(region.branches[0])
    region_key = region.share(region.coordinator).region
    notice = Notice(coordinator.device, device, "suspended", "fork", 1, "ab" * 32, "")
    if how == "unsigned":
        return json.dumps({"body": "{}", "sigs": []}).encode()
    if how == "other_device":
        return make_notice(coordinator, region_key, replace(notice, device=coordinator.device))
    body = {
        "format": 1,
        "kind": "notice",
        "region": region_key,
        "coordinator": coordinator.device,
        "device": device,
        "state": "suspended",
        "reason": "fork",
        "after_seq": 1,
        "ref": "ab" * 32,
        "since": "",
        "action": "enrol_again",
    }
    if how == "ack_domain":  # a coordinator's signature, but of the kind an ack carries
        return make_doc(body, [(coordinator.key_id, coordinator.signing)], ackfile.DOMAIN)
    if how == "not_a_coordinator":  # signed by the branch itself, naming the coordinator
        return make_doc(body, [(branch.key_id, branch.signing)], DOMAIN)
    if how == "other_region":
        return make_notice(coordinator, "kita-sritis", notice)
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how", ["unsigned", "ack_domain", "not_a_coordinator", "other_region", "other_device"]
)
def test_a_forged_notice_is_ignored_and_logged(
    tmp_path: Path, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A notice not signed by a coordinator of the region for this very device (or signed
    under another document's domain) changes nothing: the branch sends; the log says so."""
    region = make_region(tmp_path, branches=1)
    try:
        branch = region.branches[0]
        folder = (
            region.share(branch).base / "acks" / region.coordinator.device_id / branch.device_id
        )
        folder.mkdir(parents=True)
        (folder / "notice-suspended-0123456789abcdef.notice").write_bytes(
            _forged(region, branch.device_id, how)
        )
        add_participants(branch, [("Ona", "Ąžuolaitė")])
        with caplog.at_level(logging.WARNING, logger="libtrainer.sync.paused"):
            summary = synchronise(branch, region.root)
        assert summary.paused is None and summary.published_bundles == 1
        assert "ignored notice-suspended-0123456789abcdef.notice" in caplog.text
        assert paused.current(branch) is None
    finally:
        region.close()


def test_revoking_writes_a_notice_and_the_device_says_why(region: Region) -> None:
    """``trust revoke`` writes a signed "revoked" notice without personal data; the device
    reads it and says why it stopped and what to do."""
    branch = region.branches[0]
    add_participants(branch, [("Ona", "Ąžuolaitė")])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    share = region.share(region.coordinator)
    trustops.revoke(region.coordinator, share, branch.device_id, 1)
    (data,) = _notices(region, region.root, branch.device_id).values()
    notice = read_notice(data, region.trust(branch), share.region)
    assert (notice.state, notice.reason, notice.after_seq) == ("revoked", "revoked", 1)
    body = json.loads(json.loads(data)["body"])
    assert set(body) == {
        "format",
        "kind",
        "region",
        "coordinator",
        "device",
        "state",
        "reason",
        "after_seq",
        "ref",
        "since",
        "action",
    }
    for personal in ("PC-0", "Padalinys", "Ona", "Koordinatorė"):
        assert personal not in data.decode()
    summary = synchronise(branch, region.root)
    assert summary.paused is not None and summary.paused.reason == "revoked"
    assert summary.paused.after_seq == 1
    text = " ".join(describe(summary))
    assert "taken off the region's list of computers" in text
    assert "libtrainer enroll SHARE --new-device" in text


VARIANTS = [
    (paused.Pause(reason, 2, own, ""), window)
    for reason, own in (("fork", True), ("fork", False), ("revoked", False))
    for window in (False, True)
]


@pytest.mark.parametrize("lang", ["lt", "lv"])
def test_the_paused_lines_read_in_lithuanian_and_latvian(lang: str) -> None:
    """Every variant (restored, a copy elsewhere, revoked; command or button) is translated."""
    english = [paused_lines(pause, window=window) for pause, window in VARIANTS]
    set_language(lang)
    try:
        for (pause, window), source in zip(VARIANTS, english, strict=True):
            lines = paused_lines(pause, window=window)
            assert all("{" not in line for line in lines)
            assert all(a != b for a, b in zip(lines, source, strict=True))
    finally:
        set_language("en")
