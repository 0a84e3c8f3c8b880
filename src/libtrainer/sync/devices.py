"""The region's devices as a coordinator manages them from the window (no Qt here).

The same operations as ``trust list``, ``trust approve CODE`` and ``trust revoke DEVICE
--after-seq N``, plus what a coordinator asks first about a branch computer: when did its work
last arrive? That comes from this store's record of merged bundles (``lt_ingested``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from libtrainer.domain.errors import N_
from libtrainer.store.models import Ingested, Region
from libtrainer.store.store import Store
from libtrainer.sync import enroll, trustops
from libtrainer.sync.errors import ShareError
from libtrainer.sync.share import Share
from libtrainer.sync.trust import DeviceEntry


@dataclass(frozen=True)
class DeviceRow:
    """An enrolled device, and what this store merged from it."""

    device: str
    name: str
    role: str
    branch_name: str
    code: str
    coordinator: bool
    revoked_after: int | None
    last_seq: int | None  # its last bundle merged here
    last_merged: str | None  # when (UTC ISO time)
    changes: int  # changes merged from it in all


@dataclass(frozen=True)
class PendingRow:
    """A request to join the region, waiting for a coordinator."""

    device: str
    name: str
    role: str
    branch_name: str
    code: str
    requested: str


@dataclass(frozen=True)
class RegionDevices:
    region: str  # the region's name
    version: int
    reachable: bool  # False: the list is what this computer knew; requests are not read
    own_code: str
    devices: list[DeviceRow]
    pending: list[PendingRow]


def _share(store: Store, root: str | None) -> Share | None:
    return Share.for_store(Path(root), store) if root else None


def region_devices(store: Store, share_root: str | None) -> RegionDevices:
    """Enrolled devices (newest trust list) with their last merged bundle, and requests."""
    share = _share(store, share_root)
    info = enroll.overview(store, share)
    with store.read() as conn:
        region_name = conn.execute(
            select(Region.name).where(Region.id == store.meta("region_id"))
        ).scalar()
        merged = {
            device: (seq, wall, int(changes or 0))
            for device, seq, wall, changes in conn.execute(
                select(
                    Ingested.device,
                    func.max(Ingested.seq),
                    func.max(Ingested.ingested_wall),
                    func.sum(Ingested.changes),
                )
                .where(Ingested.kind == "changes")  # revocation counts these bundles' numbers
                .group_by(Ingested.device)
            )
        }
    devices = []
    for d in info["devices"]:
        seq, wall, changes = merged.get(d["device"], (None, None, 0))
        devices.append(
            DeviceRow(
                d["device"],
                d["name"],
                d["role"],
                d["branch_name"] or "",
                d["code"],
                bool(d["coordinator"]),
                d["revoked_after"],
                seq,
                wall,
                changes,
            )
        )
    devices.sort(key=lambda r: (r.revoked_after is not None, r.branch_name, r.name, r.device))
    pending = [
        PendingRow(
            p["device"], p["name"], p["role"], p["branch_name"] or "", p["code"], p["requested"]
        )
        for p in info["pending"]
    ]
    reachable = share is not None and share.reachable()
    region = region_name or info["region"]
    return RegionDevices(region, info["version"], reachable, info["own_code"], devices, pending)


def approve(
    store: Store, share_root: str | None, code: str, *, as_coordinator: bool = False
) -> DeviceEntry:
    """Approve the request showing ``code`` (after comparing it by phone) and publish;
    ``as_coordinator``: the person approving was told it asks to join as a coordinator."""
    share = enroll_share(store, share_root)
    return enroll.admit(store, share, code, as_coordinator=as_coordinator).entry


def revoke_after_last(store: Store, share_root: str | None, device: str) -> int:
    """Revoke ``device``: what was merged from it stays valid, any later bundle is refused.
    Returns the last bundle number that stays valid."""
    share = enroll_share(store, share_root)
    with store.read() as conn:
        last = conn.execute(
            select(func.max(Ingested.seq)).where(
                Ingested.device == device, Ingested.kind == "changes"
            )
        ).scalar()
    after = int(last or 0)
    trustops.revoke(store, share, device, after)
    return after


def enroll_share(store: Store, share_root: str | None) -> Share:
    """The shared folder, required to be there (messages as for ``sync``)."""
    share = _share(store, share_root)
    if share is None:
        raise ShareError(N_("No shared folder is set. An administrator sets it in Settings."))
    share.require(store.pending_changes())
    return share
