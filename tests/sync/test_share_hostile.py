"""Hostile things on the share: links, FIFOs, odd names, deep JSON, junk acks, unreadable
folders, a folder of junk documents. Nothing leaves the share, hangs, crashes or is lost."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from libtrainer.domain.ids import new_id
from libtrainer.sync import crypto, enroll, publish
from libtrainer.sync import share as share_mod
from libtrainer.sync.errors import ShareError, TrustError
from libtrainer.sync.session import synchronise
from libtrainer.sync.signed import make_doc
from libtrainer.sync.trust import parse_trust
from tests.sync.regionkit import Region, add_participants, make_region

DEEP = b"[" * 100_000 + b"]" * 100_000


def _in_time(action: Any, seconds: float = 60) -> Any:
    """Run ``action`` on a thread; fail (instead of hanging the suite) when it does not end."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = action()
        except Exception as exc:  # noqa: BLE001 - raised again on the test's thread
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "hung"
    if "error" in box:
        raise box["error"]
    return box.get("result")


def test_deeply_nested_documents_are_passed_over(region: Region) -> None:
    """A tiny file of nested brackets in trust/, enroll/ and acks/ does not stop any sync."""
    coord, branch = region.coordinator, region.branches[0]
    base = region.share(coord).base
    (base / "trust" / "00000099.trust").write_bytes(DEEP)
    (base / "enroll" / "junk.req").write_bytes(DEEP)
    acks = base / "acks" / coord.device_id / branch.device_id
    acks.mkdir(parents=True)
    (acks / "000000000001-0123456789abcdef.ack").write_bytes(DEEP)
    add_participants(branch)
    for store in (branch, coord, branch):
        assert not synchronise(store, region.root).failed
    assert enroll.pending_requests(region.trust(coord), region.share(coord)) == []


def test_device_ids_that_are_paths_are_refused(region: Region) -> None:
    """An enrolment request or a trust list naming a device "../../…" is not valid: a device
    id becomes a folder name on the share."""
    share = region.share(region.coordinator)
    signing, reader = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    sign, x25519 = crypto.public_bytes(signing), crypto.public_bytes(reader)
    kid = crypto.key_id(sign)
    body = {
        "format": 1, "kind": "enroll", "region": share.region, "device": "../../../escaped",
        "name": "PC-7", "role": "branch", "branch": None, "branch_name": "Padalinys",
        "key_id": kid, "sign": sign.hex(), "x25519": x25519.hex(), "from_seq": 1,
        "created_wall": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }  # fmt: skip
    request = make_doc(body, [(kid, signing)], enroll.DOMAIN)
    assert enroll.parse_request(request, share.region) is None
    body["device"] = new_id()
    assert enroll.parse_request(make_doc(body, [(kid, signing)], enroll.DOMAIN), share.region)
    raw = region.trust(region.coordinator).raw
    assert raw is not None
    some_device = next(iter(region.trust(region.coordinator).devices))
    with pytest.raises(TrustError):
        parse_trust(raw.replace(some_device.encode(), b"../../../escaped"))


def test_a_linked_outbox_folder_is_not_written_through(region: Region, tmp_path: Path) -> None:
    """A branch's outbox folder replaced by a link to another place: publishing refuses with
    a plain message, writes nothing there, and keeps the bundle until the folder is real."""
    branch = region.branches[0]
    share = region.share(branch)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (share.base / "outbox").mkdir(parents=True, exist_ok=True)
    os.symlink(elsewhere, share.base / "outbox" / branch.device_id)
    add_participants(branch)
    with pytest.raises(ShareError, match="link"):
        publish.publish(branch, share)
    assert list(elsewhere.iterdir()) == []
    (share.base / "outbox" / branch.device_id).unlink()
    publish.publish(branch, region.share(branch))
    assert len(list((share.base / "outbox" / branch.device_id).iterdir())) == 1


def test_links_and_fifos_are_not_read(region: Region, tmp_path: Path) -> None:
    """A linked device folder, a linked bundle file and a FIFO named like a trust list are
    passed over: the sync ends and merges the real bundles."""
    coord, branch = region.coordinator, region.branches[0]
    add_participants(branch)
    assert not synchronise(branch, region.root).failed
    base = region.share(coord).base
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "000000000001-0123456789abcdef.ltb").write_bytes(b"not yours")
    os.symlink(outside, base / "outbox" / new_id())
    real = next((base / "outbox" / branch.device_id).iterdir())
    os.symlink(outside / "000000000001-0123456789abcdef.ltb", real.parent / ("9" + real.name))
    os.mkfifo(base / "trust" / "00000077.trust")
    summary = _in_time(lambda: synchronise(coord, region.root))
    assert summary.ingest is not None and summary.ingest.changes_applied > 0
    assert not any("outside" in problem for problem in summary.problems)
    share = region.share(coord)
    with pytest.raises(ShareError, match="link"):
        share.read(real.parent / ("9" + real.name), 1000)
    with pytest.raises(ShareError, match="not an ordinary file"):
        _in_time(lambda: share.read(base / "trust" / "00000077.trust", 1000), 10)


def test_file_names_that_are_not_text_are_skipped(region: Region) -> None:
    """A file whose name is not valid Unicode (possible on Linux and Windows) is skipped; the
    sync goes on and merges the rest."""
    coord, branch = region.coordinator, region.branches[0]
    add_participants(branch)
    assert not synchronise(branch, region.root).failed
    folder = region.share(coord).base / "outbox" / branch.device_id
    raw = os.fsencode(folder) + b"/000000000002-0123456789abcdef\xff.ltb"
    fd = os.open(raw, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"junk")
    os.close(fd)
    summary = synchronise(coord, region.root)
    assert summary.ingest is not None and summary.ingest.changes_applied > 0
    assert not synchronise(coord, region.root).failed


def test_junk_at_the_name_of_an_ack_does_not_stop_pruning(region: Region) -> None:
    """An empty or foreign file where the coordinator's ack belongs: the coordinator writes its
    ack under another name and the branch still clears the sent changes."""
    coord, branch = region.coordinator, region.branches[0]
    add_participants(branch)
    assert not synchronise(branch, region.root).failed
    with branch.read() as conn:
        sent = conn.exec_driver_sql("SELECT count(*) FROM lt_outbox").scalar_one()
    assert sent > 0
    share = region.share(coord)
    (link,) = list((share.base / "outbox" / branch.device_id).iterdir())
    seq, hash16 = share_mod.parse_bundle_name(link.name) or (0, "")
    acks = share.base / "acks" / coord.device_id / branch.device_id
    acks.mkdir(parents=True)
    (acks / f"{seq:012d}-{hash16}.ack").write_bytes(b"not an acknowledgement")
    summary = synchronise(coord, region.root)
    assert summary.acked >= 1 and not summary.failed
    assert len(list(acks.iterdir())) == 2
    assert synchronise(branch, region.root).pruned >= sent - 1 > 0  # the newest row stays


def test_an_unreadable_device_folder_is_reported_and_the_others_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One device folder the coordinator may not list: named in the problems; the other
    device's bundles are merged."""
    region = make_region(tmp_path, branches=2)
    try:
        coord, first, second = region.coordinator, *region.branches
        for branch in (first, second):
            add_participants(branch)
            assert not synchronise(branch, region.root).failed
        blocked = region.share(coord).base / "outbox" / first.device_id
        real_scandir = os.scandir

        def scandir(path: Any) -> Any:
            if Path(path) == blocked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(share_mod.os, "scandir", scandir)
        summary = synchronise(coord, region.root)
        assert summary.ingest is not None and summary.ingest.changes_applied > 0
        assert any(first.device_id in problem for problem in summary.problems)
    finally:
        region.close()


def test_a_folder_of_junk_documents_is_read_only_up_to_a_budget(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many large junk files in trust/: reading stops at the budget, the real versions (short
    names, read first) still count."""
    share = region.share(region.coordinator)
    real = share.trust_documents()
    for n in range(20):
        (share.base / "trust" / f"junk-{n:04d}-padding.trust").write_bytes(os.urandom(4096))
    monkeypatch.setattr(share_mod, "DOCS_BUDGET", sum(map(len, real)) + 3 * 4096)
    found = share.trust_documents()
    assert all(doc in found for doc in real)
    assert len(found) <= len(real) + 3
