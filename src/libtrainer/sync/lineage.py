"""One computer, several identities: what links them, and how each one's state is told.

A branch computer restored from a backup or copied takes a new identity
(``enroll --new-device``, decision 0318): new device id, new keys. Its enrolment request names
the earlier ids of its store (``lt_meta`` :data:`META_EARLIER`), signed by the new key; the
coordinator who approves the request by its code approves that link too, and the trust list
keeps it (``DeviceEntry.earlier``) — only for earlier ids enrolled in the same branch with the
same role, so a request cannot claim another branch's computer.

What follows from the link (decision 0332): a coordinator's approval to re-stamp the earlier
identity's bundles dated ahead covers the new identity's too (its clock is the same clock,
still ahead), and lists say of the earlier identity that it was replaced, by which one.
Plain functions; no Qt, no share access.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, inspect, select

from libtrainer.domain.ids import is_uuid
from libtrainer.i18n import _
from libtrainer.store.models import Suspended
from libtrainer.store.store import Store
from libtrainer.sync.trust import DeviceEntry, TrustList

#: ``lt_meta``: the earlier device ids of this store, oldest first, comma-separated.
META_EARLIER = "sync_previous_devices"
#: at most this many earlier ids are read from a request (a computer renewed that often is
#: a question for a person, not for a list)
MAX_EARLIER = 20


def earlier_ids(store: Store) -> list[str]:
    """The earlier identities of this store, nearest first (what its request names)."""
    kept = [d for d in (store.meta(META_EARLIER) or "").split(",") if is_uuid(d)]
    return list(reversed(kept))[:MAX_EARLIER]


def read_earlier(body: Mapping[str, Any]) -> tuple[str, ...]:
    """The earlier ids a request names; ValueError when they are not device ids."""
    raw = body.get("earlier") or []
    if not isinstance(raw, list) or len(raw) > MAX_EARLIER:
        raise ValueError("earlier")
    earlier = tuple(str(d) for d in raw)
    if not all(is_uuid(d) for d in earlier):
        raise ValueError("earlier")
    return earlier


def linked(
    trust: TrustList, device: str, branch: str | None, role: str, earlier: Iterable[str]
) -> tuple[str, ...]:
    """The earlier identities an approval of ``device``'s request records: those the trust
    list holds in the same branch with the same role (never the device itself)."""
    found = []
    for old in earlier:
        entry = trust.key_for(old)
        if old == device or entry is None or old in found:
            continue
        if entry.branch == branch and entry.role == role:
            found.append(old)
    return tuple(found)


def suspended(conn: Connection) -> dict[str, int]:
    """Devices this store no longer merges from (a fork): device -> the bundle seq."""
    if not inspect(conn).has_table(Suspended.__tablename__):
        return {}
    return {str(d): int(s) for d, s in conn.execute(select(Suspended.device, Suspended.seq))}


def state(entry: DeviceEntry, held: Mapping[str, int]) -> str:
    """ "revoked" (its later bundles refused), "suspended" (set aside after a fork, here),
    or "enrolled"."""
    if entry.revoked_after is not None:
        return "revoked"
    return "suspended" if entry.device in held else "enrolled"


def state_text(
    device: Mapping[str, Any], others: Mapping[str, Mapping[str, Any]], *, brief: bool = False
) -> str:
    """A device's state as a coordinator reads it in ``trust list`` and on the Devices screen,
    from its ``trust list --json`` data (``others``: every device's, by id): revoked after
    bundle N / suspended since bundle N / enrolled or coordinator, then "replaced by …" and
    "new identity of …" when identities of one computer are linked. ``brief``: without what a
    suspension means (for a table's column)."""
    parts = []
    if device.get("revoked_after") is not None:
        parts.append(_("revoked after bundle {n}").format(n=device["revoked_after"]))
    if device.get("suspended_since") is not None:
        n = device["suspended_since"]
        parts.append(
            _("suspended since bundle {n}").format(n=n)
            if brief
            else _("suspended since bundle {n}: its history split, later bundles set aside").format(
                n=n
            )
        )
    if not parts:
        parts.append(_("coordinator") if device.get("coordinator") else _("enrolled"))
    if device.get("replaced_by"):
        parts.append(_("replaced by {device}").format(device=_label(others, device["replaced_by"])))
    if device.get("earlier"):
        names = ", ".join(_label(others, d) for d in device["earlier"])
        parts.append(_("new identity of {devices}").format(devices=names))
    return "; ".join(parts)


def _label(others: Mapping[str, Mapping[str, Any]], device: str) -> str:
    """“PC-1” (7F3A-19C2): a name and its code, as a renewed computer's identities share a
    name; the start of the id of a device not listed."""
    other = others.get(device)
    if other is None:
        return device[:8]
    return _("“{name}” ({code})").format(name=other["name"], code=other["code"])


def takes_over_line(earlier: list[str], others: Mapping[str, Mapping[str, Any]]) -> str:
    """Said of a request that names earlier identities enrolled here: approving it links them
    (what a coordinator approved for them, such as re-stamping bundles dated ahead, then
    holds for the new identity too)."""
    return _(
        "A new identity of {devices}: approving it links the two, and a re-stamp approved "
        "for the earlier one also covers the new one."
    ).format(devices=", ".join(_label(others, d) for d in earlier))
