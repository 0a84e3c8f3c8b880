"""Bundles refused by ingest, each with a reason a person can read and act on.

A quarantined bundle stays where it is on the share (nobody but its device writes there) and
nothing of it touches the store: the record here is only its hash, file name, device, seq and
reason. Ingest looks at it again on every sync, so a bundle refused for a reason that can pass
(a key not approved yet, a newer libtrainer, a clock a few hours ahead) is merged as soon as it
can be, and its record disappears. A bundle dated too far in the future is merged only when a
coordinator asks for it explicitly (:func:`approve_restamp`): its clocks are then re-stamped
with this store's own clock, so it cannot drag every later edit into the future.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import _
from libtrainer.store.models import Ingested, Meta, Quarantined
from libtrainer.sync.chain import merged_upto, now_wall
from libtrainer.sync.errors import REASON_MESSAGES
from libtrainer.sync.sqlutil import read_meta, upsert, write_meta

_DAY_MS = 24 * 3600 * 1000

#: Reasons ingest itself finds (the others come from :mod:`libtrainer.sync.bundle`).
MESSAGES: dict[str, str] = {
    **REASON_MESSAGES,
    "fork": N_(
        "The device {device} sent two different bundles numbered {seq}: its store was restored "
        "from a backup or copied to another computer. This bundle was not merged and the device "
        "is now suspended: its later bundles are set aside until a coordinator lifts the "
        "suspension. What it sent before is kept."
    ),
    "suspended": N_(
        "The bundle {name} comes from the device {device}, which is suspended because its "
        "history split at bundle {seq}. Enrol the device again; this bundle was not merged."
    ),
    "future_clock": N_(
        "The bundle {name} from {device} is dated {days} days ahead of this computer's clock. "
        "Check the date and time of both computers. To merge it anyway, run "
        "“libtrainer sync SHARE --restamp {ref}”."
    ),
    "bad_change": N_(
        "The bundle {name} from {device} holds a record libtrainer cannot use ({detail}). "
        "Nothing of it was merged; update libtrainer on both computers."
    ),
    "before_coordinator": N_(
        "The bundle {name} from {device} was made before this computer became a coordinator: "
        "only the coordinators of that time can read it, and its changes are in their stores."
    ),
    "superseded": N_(
        "The catalogue bundle {name} was made before this computer was enrolled, so it cannot "
        "be read here; a newer catalogue from the same coordinator replaces it. Nothing to do."
    ),
}

#: A fork once the device was resumed (decision 0315): the bundle is of the history not kept.
FORK_SETTLED = N_(
    "The device {device} sent two different bundles numbered {seq}; this one belongs to the "
    "history that was not kept (a restored backup or a copied disk). The device was resumed: "
    "this bundle is never merged and suspends nothing. What the device sent before is kept."
)

#: Reasons that say nothing about the device (damage in transit): no suspension, retried.
#: ``bad_change`` too: its advice is "update libtrainer", after which the bundle merges.
RETRIED = frozenset(
    {"truncated", "unknown_key", "newer_schema", "future_clock", "undecryptable", "bad_change"}
)


@dataclass(frozen=True)
class Entry:
    bundle_hash: str
    file_name: str
    device: str | None
    seq: int | None
    reason: str
    params: dict[str, Any]
    first_wall: str
    last_wall: str
    restamp: bool

    @property
    def ref(self) -> str:
        """A short, unambiguous handle for commands (the hash prefix)."""
        return self.bundle_hash[:12]

    def message(self, *, settled: bool = False) -> str:
        """The reason in the current language; ``settled``: a fork of a device resumed since."""
        return message(self.reason, self.params, settled=settled)


def message(reason: str, params: dict[str, Any], *, settled: bool = False) -> str:
    """The reason in the current language, with the bundle and device named. ``settled``: the
    device of a fork has been resumed since, so the text says what is left (nothing)."""
    msgid = FORK_SETTLED if settled and reason == "fork" else MESSAGES.get(reason)
    text = _(msgid or MESSAGES["malformed"])
    values = {
        "name": "",
        "device": "",
        "seq": "",
        "days": "",
        "ref": "",
        "detail": "",
        "hours": "",
    }
    values.update(params)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def put(
    conn: Connection,
    *,
    bundle_hash: str,
    file_name: str,
    reason: str,
    params: dict[str, Any],
    device: str | None = None,
    seq: int | None = None,
) -> None:
    """Record (or refresh) a refused bundle; an approved re-stamp stays approved."""
    now = now_wall()
    old = conn.execute(
        select(Quarantined.first_wall, Quarantined.restamp).where(
            Quarantined.bundle_hash == bundle_hash
        )
    ).first()
    values = {
        "bundle_hash": bundle_hash,
        "file_name": file_name[:500],
        "device": device,
        "seq": seq,
        "reason": reason,
        "params": json.dumps(params, ensure_ascii=False, sort_keys=True),
        "first_wall": old[0] if old else now,
        "last_wall": now,
        "restamp": bool(old[1]) if old else False,
    }
    upsert(conn, Quarantined, values, ["bundle_hash"])


def drop(conn: Connection, bundle_hash: str) -> None:
    conn.execute(delete(Quarantined).where(Quarantined.bundle_hash == bundle_hash))


#: Damage in transit: the entry is about one damaged file, not about the bundle itself.
DAMAGED = frozenset({"truncated", "incomplete"})


def kind_of(file_name: str) -> str:
    """The kind of bundle a file on the share holds, from its folder."""
    return "catalogue" if file_name.startswith("catalogue/") else "changes"


def settle_damaged(conn: Connection, exists: Callable[[str], bool]) -> set[str]:
    """Remove entries of damaged (half-copied) files that no longer matter: the file is gone
    from the share, or the whole bundle (same device and seq) has been merged since. Returns
    their file names."""
    settled = set()
    for entry in entries(conn):
        if entry.reason not in DAMAGED:
            continue
        merged = (
            entry.device is not None
            and entry.seq is not None
            and merged_upto(conn, entry.device, kind_of(entry.file_name), entry.seq)
        )
        if merged or not exists(entry.file_name):
            drop(conn, entry.bundle_hash)
            settled.add(entry.file_name.rsplit("/", 1)[-1])
    return settled


def first_seen(conn: Connection, bundle_hash: str) -> str | None:
    """When a quarantined bundle (these very bytes) was first refused, or None."""
    found = conn.execute(
        select(Quarantined.first_wall).where(Quarantined.bundle_hash == bundle_hash)
    ).scalar_one_or_none()
    return None if found is None else str(found)


def settle_superseded(conn: Connection) -> set[str]:
    """Settle catalogue bundles this device cannot read but no longer needs; their hashes (a
    sync client's conflict copies of one bundle are one entry under its hash).

    A catalogue bundle is a full snapshot, so one encrypted before this device was enrolled
    is replaced by any later catalogue of the same coordinator merged here. Such a bundle is
    recorded as "superseded": no longer retried at every sync and not listed as a problem.
    """
    newest = dict(
        conn.execute(
            select(Ingested.device, func.max(Ingested.seq))
            .where(Ingested.kind == "catalogue")
            .group_by(Ingested.device)
        ).all()
    )
    settled: set[str] = set()
    for entry in entries(conn):
        top = newest.get(entry.device or "")
        if (
            entry.reason == "undecryptable"
            and entry.file_name.startswith("catalogue/")
            and top is not None
            and entry.seq is not None
            and entry.seq < int(top)
        ):
            conn.execute(
                update(Quarantined)
                .where(Quarantined.bundle_hash == entry.bundle_hash)
                .values(reason="superseded")
            )
            settled.add(entry.bundle_hash)
    return settled


def settle_before_coordinator(conn: Connection, since: int) -> set[str]:
    """Bundles of changes this coordinator cannot read because they were sealed with a trust
    list older than ``since`` (the first version naming it a coordinator): recorded as
    "before_coordinator", no longer retried at every sync nor waiting for a person. Returns
    the hashes settled now."""
    settled = set()
    for entry in entries(conn):
        version = entry.params.get("trust_version")
        if (
            entry.reason == "undecryptable"
            and kind_of(entry.file_name) == "changes"
            and isinstance(version, int)
            and version < since
        ):
            conn.execute(
                update(Quarantined)
                .where(Quarantined.bundle_hash == entry.bundle_hash)
                .values(reason="before_coordinator")
            )
            settled.add(entry.bundle_hash)
    return settled


def reopen_before_coordinator(conn: Connection) -> None:
    """This computer has new keys (a key backup restored): bundles made before it became a
    coordinator are tried again (as "undecryptable", which is retried)."""
    conn.execute(
        update(Quarantined)
        .where(Quarantined.reason == "before_coordinator")
        .values(reason="undecryptable")
    )


def entries(conn: Connection) -> list[Entry]:
    rows = conn.execute(
        select(*Quarantined.__table__.c).order_by(Quarantined.first_wall, Quarantined.bundle_hash)
    )
    return [_entry(row) for row in rows]


def find(conn: Connection, ref: str) -> Entry | None:
    """The entry whose hash starts with ``ref`` (at least 8 hex digits) or whose file is ``ref``."""
    ref = ref.strip().lower()
    for entry in entries(conn):
        if (len(ref) >= 8 and entry.bundle_hash.startswith(ref)) or entry.file_name.endswith(ref):
            return entry
    return None


def approve_restamp(conn: Connection, ref: str) -> Entry:
    """Let the next ingest merge a bundle refused for its future clock, re-stamped.

    The approval also covers the device's later bundles dated ahead by no more than this one
    (and a day): a device's clock stays ahead after its time was corrected (it never runs
    backwards), so each of its bundles would otherwise need its own approval until real time
    catches up. The device's approval ends with its first later bundle that is not ahead."""
    entry = find(conn, ref)
    if entry is None:
        raise LibtrainerError(N_("No quarantined bundle matches “{ref}”."), ref=ref)
    if entry.reason != "future_clock":
        raise LibtrainerError(
            N_("The bundle {ref} was not refused for its clock; it cannot be re-stamped."),
            ref=entry.ref,
        )
    conn.execute(
        update(Quarantined).where(Quarantined.bundle_hash == entry.bundle_hash).values(restamp=True)
    )
    ahead = entry.params.get("ahead_ms")
    if entry.device and isinstance(ahead, int) and entry.seq is not None:
        earlier = _device_approval(conn, entry.device)
        if earlier is not None:
            ahead = max(ahead, earlier[0])
        write_meta(conn, _approval_key(entry.device), f"{ahead} {entry.seq}")
    return entry


def restamp_approved(conn: Connection, bundle_hash: str) -> bool:
    found = conn.execute(
        select(Quarantined.restamp).where(Quarantined.bundle_hash == bundle_hash)
    ).scalar_one_or_none()
    return bool(found)


def _approval_key(device: str) -> str:
    return f"restamp:{device}"[:60]


def _device_approval(conn: Connection, device: str) -> tuple[int, int] | None:
    """(how far ahead, in ms, the approved bundle was; its seq), or None."""
    value = read_meta(conn, _approval_key(device))
    try:
        ahead, seq = str(value).split()
        return int(ahead), int(seq)
    except ValueError:
        return None


def device_restamp_covers(conn: Connection, device: str, ahead_ms: int) -> bool:
    """A coordinator approved re-stamping this device's bundles dated this far ahead."""
    approval = _device_approval(conn, device)
    return approval is not None and ahead_ms <= approval[0] + _DAY_MS


def device_clock_right(conn: Connection, device: str, seq: int) -> None:
    """A bundle made after the approved one is not ahead: the device's approval ends."""
    approval = _device_approval(conn, device)
    if approval is not None and seq > approval[1]:
        conn.execute(delete(Meta).where(Meta.key == _approval_key(device)))


def _catalogue_key(device: str) -> str:
    return f"catalogue_ahead:{device}"[:60]


def catalogue_ahead_news(conn: Connection, device: str, ahead_ms: int) -> bool:
    """A catalogue of ``device`` dated ``ahead_ms`` ahead is merged in this store's time: True
    the first time (and when it runs more than a day further ahead), so people are told once,
    not at every catalogue while the coordinator's dates stay ahead (decision 0002)."""
    key = _catalogue_key(device)
    try:
        noted = int(read_meta(conn, key) or 0)
    except ValueError:
        noted = 0
    if noted and ahead_ms <= noted + _DAY_MS:
        return False
    write_meta(conn, key, str(ahead_ms))
    return True


def catalogue_ahead_ended(conn: Connection, device: str) -> None:
    """A catalogue of ``device`` that is not ahead: a later jump is told again."""
    conn.execute(delete(Meta).where(Meta.key == _catalogue_key(device)))


def _entry(row: Any) -> Entry:
    try:
        params = json.loads(row.params)
    except ValueError:
        params = {}
    return Entry(
        row.bundle_hash,
        row.file_name,
        row.device,
        row.seq,
        row.reason,
        params if isinstance(params, dict) else {},
        row.first_wall,
        row.last_wall,
        bool(row.restamp),
    )
