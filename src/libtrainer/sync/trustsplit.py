"""A split trust list settled: what this coordinator's lost version changed is done again.

Two coordinators working on two copies of the shared folder (a cloud folder, two sticks) may
each write a version N. Every device keeps the one with the lowest hash (``sync/trust.py``,
decision 0322); the coordinator whose version lost gives it up and remembers what it changed.
Here that coordinator applies those changes again on top of the winner, as version N+1, when
they are still wanted: an approval whose request is still on the shared folder, a revocation
of a device the winner does not revoke. The person is told what was done.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from libtrainer.domain.rules import shown
from libtrainer.i18n import _
from libtrainer.store.store import Store, read_meta, write_meta
from libtrainer.sync import crypto, enroll, identity, lineage, trustops
from libtrainer.sync.errors import TrustError
from libtrainer.sync.share import Share
from libtrainer.sync.trust import META_LOST, DeviceEntry, DeviceKey, TrustList, refresh_trust


@dataclass
class Settled:
    """What this coordinator did about its versions that another coordinator's replaced."""

    lost: list[int] = field(default_factory=list)  # our version numbers not kept
    winner: int = 0  # the version in force when they were settled
    version: int | None = None  # the version that applies them again (None: nothing to apply)
    approved: list[str] = field(default_factory=list)  # names approved again
    revoked: list[tuple[str, int]] = field(default_factory=list)  # (name, after seq) again
    dropped: list[str] = field(default_factory=list)  # approvals whose request is gone
    taken: list[str] = field(default_factory=list)  # the winner holds the device, another key
    retry: bool = False  # another coordinator wrote the next version first: next sync again

    @property
    def empty(self) -> bool:
        return not self.lost


def _lost(store: Store) -> list[dict[str, Any]]:
    try:
        found = json.loads(store.meta(META_LOST) or "[]")
    except ValueError:
        return []
    return found if isinstance(found, list) else []


def _forget(store: Store, count: int) -> None:
    """Drop the first ``count`` remembered versions (others may have been added meanwhile)."""
    with store.uow() as uow:
        rest = json.loads(read_meta(uow.connection, META_LOST) or "[]")[count:]
        write_meta(uow.connection, META_LOST, json.dumps(rest) if rest else "")
        uow.commit()


def settle(store: Store, share: Share) -> Settled:
    """Apply again what this coordinator's given-up trust-list versions changed (see the
    module docstring). Nothing to do on other computers or when no version was given up."""
    lost = _lost(store)
    settled = Settled()
    if not lost or store.meta("role") != "coordinator" or not identity.has_keys(store):
        return settled
    own = identity.load_device_keys(store)
    trust = refresh_trust(store, share)
    ours = [item for item in lost if own.key_id in item.get("signers", [])]
    settled.lost = sorted({int(item["version"]) for item in ours})
    settled.winner = trust.version
    if own.key_id not in trust.coordinators or not ours:
        _forget(store, len(lost))
        return settled
    devices, coordinators = _again(trust, share, ours, own.device, settled)
    if devices != trust.devices:
        try:
            signed = trustops.commit_next(
                store, share, trust, devices, coordinators, [(own.key_id, own.signing)]
            )
        except TrustError as exc:
            if exc.reason != "conflict":
                raise
            settled.retry = True
            return settled
        settled.version = signed.version
    _forget(store, len(lost))
    return settled


def _lost_key(wanted: dict[str, Any]) -> DeviceEntry | None:
    """The entry our given-up version signed for an approval (None when the memory predates
    keeping it, or is damaged): device, role, branch and key come from there only."""
    try:
        raw = wanted["key"]
        sign, x25519 = bytes.fromhex(str(raw["sign"])), bytes.fromhex(str(raw["x25519"]))
        key = DeviceKey(str(wanted["key_id"]), sign, x25519, int(raw["from"]))
        role = str(wanted["role"])
    except (KeyError, TypeError, ValueError):
        return None
    if crypto.key_id(sign) != key.key_id or role not in ("branch", "coordinator"):
        return None
    branch = wanted.get("branch")
    return DeviceEntry(
        str(wanted["device"]),
        str(wanted.get("name", "")),
        role,
        None if branch is None else str(branch),
        str(wanted.get("branch_name", "")),
        (key,),
    )


def _again(
    trust: TrustList, share: Share, ours: list[dict[str, Any]], own: str, settled: Settled
) -> tuple[dict[str, DeviceEntry], tuple[str, ...]]:
    """The devices and coordinator keys of ``trust`` with the lost changes applied again.

    An approval is rebuilt from the entry our given-up version signed (device, role, key and
    its first seq); the share only has to still hold that device's request for that key and
    role (it was not withdrawn). A request rewritten since (another role, another device's id)
    approves nothing, and a device the winner already holds with another key is left to the
    coordinator (decision 0322)."""
    current = TrustList(trust.region, trust.version, dict(trust.devices), trust.coordinators)
    requests = {(r.device, r.key.key_id, r.role): r for r in enroll.pending_requests(trust, share)}
    for item in ours:
        for wanted in item.get("approved", []):
            name = str(wanted.get("name", ""))
            held = current.devices.get(str(wanted.get("device", "")))
            if held is not None and held.key(str(wanted.get("key_id", ""))) is not None:
                continue  # the winner approved it too
            lost = _lost_key(wanted)
            if lost is None or (lost.device, lost.current.key_id, lost.role) not in requests:
                settled.dropped.append(name)
                continue
            if held is not None:  # enrolled in the winner with another key: not ours to replace
                settled.taken.append(lost.name)
                continue
            asked = requests[(lost.device, lost.current.key_id, lost.role)]
            earlier = lineage.linked(current, lost.device, lost.branch, lost.role, asked.earlier)
            lost = replace(lost, earlier=earlier)  # a renewed computer's link (decision 0332)
            coordinators = current.coordinators
            if lost.role == "coordinator" and wanted.get("coordinator") is True:
                coordinators = (*coordinators, lost.current.key_id)
            current = TrustList(
                current.region,
                current.version,
                {**current.devices, lost.device: lost},
                coordinators,
            )
            settled.approved.append(lost.name)
        for revoked in item.get("revoked", []):
            entry = current.devices.get(str(revoked["device"]))
            after = int(revoked["after"])
            if entry is None or entry.revoked_after is not None or entry.device == own:
                continue
            gone = {k.key_id for k in entry.keys}
            current = TrustList(
                current.region,
                current.version,
                {
                    **current.devices,
                    entry.device: replace(entry, revoked_after=after),
                },
                tuple(k for k in current.coordinators if k not in gone),
            )
            settled.revoked.append((entry.name, after))
    return current.devices, current.coordinators


def lines(settled: Settled) -> list[str]:
    """What the coordinator is told, one sentence a line, in the current language."""
    if settled.empty:
        return []
    out = [
        _(
            "Another coordinator changed the trust list at the same time; its version "
            "{version} is kept everywhere and this computer's change was not."
        ).format(version=settled.lost[0])
    ]
    written = settled.version is not None  # a conflict wrote nothing: said below
    for name in settled.approved if written else []:
        out.append(
            _("Approved again on top of it: {name} (trust list version {version}).").format(
                name=shown(name, 120), version=settled.version
            )
        )
    for name, after in settled.revoked if written else []:
        out.append(
            _(
                "Revoked again on top of it: {name}, after bundle {n} (trust list version "
                "{version})."
            ).format(name=shown(name, 120), n=after, version=settled.version)
        )
    for name in settled.dropped:
        out.append(
            _(
                "Not approved again: the enrolment request of {name} is no longer on the "
                "shared folder. Ask that computer to enrol again."
            ).format(name=shown(name, 120))
        )
    for name in settled.taken:
        out.append(
            _(
                "Not approved again: {name} is enrolled with another key in the version kept. "
                "Check its request and approve it by hand if it is right."
            ).format(name=shown(name, 120))
        )
    if settled.retry:
        out.append(
            _(
                "The trust list changed again meanwhile; the change is applied again at the "
                "next sync."
            )
        )
    return out
