"""A computer's identities linked (decision 0332): a new identity taken after a fork inherits
the coordinator's approval to re-stamp the earlier one's bundles dated ahead, and lists tell
the earlier identity as it is — suspended since a bundle, replaced by the new one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.labels import received_until
from libtrainer.store.hlc import pack, wall_ms
from libtrainer.store.store import Store
from libtrainer.sync import devices, enroll, lineage, quarantine, renew
from libtrainer.sync.session import SyncSummary, synchronise
from libtrainer.sync.target import StoreTarget
from tests.sync.forkkit import copy_store, names, stale_copy
from tests.sync.regionkit import Region, add_participants, make_region

YEAR_MS = 365 * 86_400_000


@dataclass
class Renewed:
    region: Region
    old: str  # the identity the coordinator approved re-stamping for, then suspended
    copy: Store  # the restored copy, renewed: a new identity, not approved yet
    renewed: renew.Renewed

    @property
    def coordinator(self) -> Store:
        return self.region.coordinator


def _approve_future_bundles(region: Region) -> None:
    """The coordinator refuses the branch's bundle dated ahead, then approves its re-stamp."""
    coordinator = region.coordinator
    refused = synchronise(coordinator, region.root)
    assert refused.ingest is not None
    (entry,) = [q for q in refused.ingest.quarantined if q.reason == "future_clock"]
    with StoreTarget(coordinator).transaction() as conn:
        quarantine.approve_restamp(conn, entry.bundle_hash[:12])
    merged = synchronise(coordinator, region.root)
    assert merged.ingest is not None and merged.ingest.quarantined == []


def make_renewed(tmp_path: Path) -> Renewed:
    """The branch's clock ran a year ahead (corrected since): the coordinator approved
    re-stamping its bundles. Its disk was copied; the copy forked the identity (suspended)
    and took a new one, whose request is waiting."""
    region = make_region(tmp_path)
    branch = region.branches[0]
    branch.identity.clock.observe(pack(wall_ms() + YEAR_MS))
    add_participants(branch, [("Ona", "Ąžuolaitė")])
    synchronise(branch, region.root)
    _approve_future_bundles(region)
    copy = copy_store(branch, tmp_path / "copy")
    add_participants(branch, [("Ieva", "Šimkutė")])
    synchronise(branch, region.root)
    synchronise(region.coordinator, region.root)
    add_participants(copy, [("Rūta", "Žemaitė")])
    with stale_copy(region.root, copy.device_id):
        synchronise(copy, region.root)
    forked = synchronise(region.coordinator, region.root)
    assert forked.ingest is not None
    assert [q.reason for q in forked.ingest.quarantined] == ["fork"]
    old = copy.device_id
    done, outcome = renew.renew_and_join(copy, region.root)
    assert outcome.state == "pending"
    return Renewed(region, old, copy, done)


@pytest.fixture
def renewed(tmp_path: Path) -> Iterator[Renewed]:
    """:func:`make_renewed`, closed after the test."""
    made = make_renewed(tmp_path)
    try:
        yield made
    finally:
        made.copy.close()
        made.region.close()


def first_sync(r: Renewed) -> SyncSummary:
    """Approve the new identity; it sends everything again; the coordinator merges."""
    enroll.admit(r.coordinator, r.region.share(r.coordinator), r.renewed.code)
    joined = enroll.finish_join(r.copy, r.region.root)
    assert joined is not None and joined.synced is not None
    return synchronise(r.coordinator, r.region.root)


def test_a_new_identity_inherits_the_re_stamp_approval_of_its_earlier_one(
    renewed: Renewed,
) -> None:
    """The copy's work, still dated a year ahead, merges under its new identity without a
    second approval: the trust list links the new identity to the earlier one."""
    summary = first_sync(renewed)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    assert [(d, s) for d, s, _m in summary.ingest.merged] == [(renewed.renewed.device, 1)]
    assert renewed.renewed.device != renewed.old
    assert "Rūta" in names(renewed.coordinator)
    trust = renewed.region.trust(renewed.coordinator)
    assert trust.key_for(renewed.renewed.device).earlier == (renewed.old,)
    assert trust.replaced_by(renewed.old).device == renewed.renewed.device


def test_the_request_says_what_approving_it_links(renewed: Renewed) -> None:
    """The waiting request names the earlier identity (with its code) it takes over from."""
    coordinator = renewed.coordinator
    info = enroll.overview(coordinator, renewed.region.share(coordinator))
    (pending,) = info["pending"]
    assert pending["earlier"] == [renewed.old]
    shown = devices.region_devices(coordinator, str(renewed.region.root))
    (row,) = shown.pending
    assert "A new identity of “PC-0” (" in row.takes_over and "re-stamp" in row.takes_over


def test_the_earlier_identity_is_told_suspended_and_replaced_everywhere(
    renewed: Renewed,
) -> None:
    """``trust list --json``, the Devices screen and the report sources say the earlier
    identity is suspended since its bundle 2 and replaced by the new one; the new one says
    whose identity it takes over; neither is shown as plainly enrolled."""
    first_sync(renewed)
    coordinator, old, new = renewed.coordinator, renewed.old, renewed.renewed.device
    info = enroll.overview(coordinator, renewed.region.share(coordinator))
    by_id = {d["device"]: d for d in info["devices"]}
    assert by_id[old]["state"] == "suspended" and by_id[old]["suspended_since"] == 2
    assert by_id[old]["replaced_by"] == new and by_id[new]["earlier"] == [old]
    assert by_id[new]["state"] == "enrolled" and by_id[new]["replaced_by"] is None
    old_text = lineage.state_text(by_id[old], by_id)
    assert old_text.startswith("suspended since bundle 2")
    assert f"replaced by “PC-0” ({by_id[new]['code']})" in old_text
    assert "new identity of “PC-0”" in lineage.state_text(by_id[new], by_id)
    rows = {r.device: r for r in devices.region_devices(coordinator, None).devices}
    assert rows[old].state_text == old_text and rows[old].suspended_since == 2
    assert list(rows)[-1] == old  # an identity replaced is listed after those in use
    year = ReportFilters(dt.date(2020, 1, 1), dt.date.today())
    sources = {s.device_id: s for s in run_report(coordinator, "summary", year).sources}
    assert sources[old].suspended_since == 2 and sources[old].replaced_by == "PC-0"
    shown = received_until(sources[old])
    assert "suspended since its bundle 2" in shown
    assert f"replaced by its new identity “PC-0” ({by_id[new]['code']})" in shown
    assert sources[new].received_until and received_until(sources[new]).count(";") == 0


def test_a_request_cannot_claim_another_branchs_computer(tmp_path: Path) -> None:
    """Earlier ids of another branch named in a request are not linked by its approval."""
    region = make_region(tmp_path, branches=2)
    try:
        first, second = region.branches
        second.set_meta(lineage.META_EARLIER, first.device_id)
        old = second.device_id
        done, _outcome = renew.renew_and_join(second, region.root)
        enroll.admit(region.coordinator, region.share(region.coordinator), done.code)
        trust = region.trust(region.coordinator)
    finally:
        region.close()
    assert trust.key_for(done.device).earlier == (old,)
    assert trust.replaced_by(first.device_id) is None


def test_new_keys_for_the_same_identity_keep_the_re_stamp_approval(tmp_path: Path) -> None:
    """Keys lost (``enroll --new-key``): the identity is the same, so is the approval."""
    region = make_region(tmp_path)
    try:
        branch, coordinator = region.branches[0], region.coordinator
        branch.identity.clock.observe(pack(wall_ms() + YEAR_MS))
        add_participants(branch, [("Ona", "Ąžuolaitė")])
        synchronise(branch, region.root)
        _approve_future_bundles(region)
        outcome = enroll.request_enrolment(branch, region.share(branch), new_key=True)
        enroll.approve(coordinator, region.share(coordinator), outcome.code)
        add_participants(branch, [("Līga", "Ozoliņa")])
        synchronise(branch, region.root)
        merged = synchronise(coordinator, region.root)
        assert merged.ingest is not None and merged.ingest.quarantined == []
        assert "Līga" in names(coordinator)
    finally:
        region.close()


def test_trust_list_tells_the_suspended_and_replaced_identity(
    renewed: Renewed, capsys: pytest.CaptureFixture[str]
) -> None:
    """``libtrainer trust list`` prints the earlier identity's state as it is, not "enrolled"."""
    from tests.cli.clikit import run_cli  # noqa: PLC0415

    first_sync(renewed)
    renewed.coordinator.close()
    data = Path(renewed.coordinator.path).parent
    code, out, err = run_cli(capsys, data, "trust", "list", "--share", str(renewed.region.root))
    assert (code, err) == (0, "")
    (old_line,) = [line for line in out.splitlines() if "suspended since bundle 2" in line]
    assert "replaced by “PC-0” (" in old_line and "(enrolled" not in old_line
    assert any("new identity of “PC-0”" in line for line in out.splitlines())
    code, out, err = run_cli(
        capsys, data, "trust", "list", "--json", "--share", str(renewed.region.root)
    )
    listed = {d["device"]: d for d in json.loads(out)["devices"]}
    assert listed[renewed.old]["state"] == "suspended"
    assert listed[renewed.old]["replaced_by"] == renewed.renewed.device
