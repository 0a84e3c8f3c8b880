"""The whole quarantine as a person sees it: every bundle set aside so far (not only the last
sync's), whether ingest retries it, whether it needs a person and which command helps, and the
devices suspended after a fork (docs/decisions/0316).

Read-only over what ingest already records (``lt_quarantine``, ``lt_suspended``); used by
``libtrainer quarantine list`` and the GUI's Sync screen, so both say the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from libtrainer.domain.errors import N_
from libtrainer.i18n import _
from libtrainer.store.models import Suspended
from libtrainer.sync.quarantine import RETRIED, Entry, entries

#: What a person can do about each reason; ``{ref}`` is the bundle's handle, ``{device_id}`` the
#: device's full id. Reasons not named here are refused for good and need nothing.
ADVICE: dict[str, tuple[str | None, str]] = {
    "truncated": (
        "wait",
        N_("Nothing to do: the file is still being copied; it is tried again at every sync."),
    ),
    "incomplete": (
        "recopy",
        N_(
            "The computer that made it writes it to the shared folder again by itself at its "
            "next sync with this folder; or copy the file again from the stick or computer it "
            "came from."
        ),
    ),
    "unknown_key": (
        "approve",
        N_(
            "Approve the device (libtrainer trust list shows its code, then libtrainer trust "
            "approve CODE); the bundle is merged at the next sync."
        ),
    ),
    "newer_schema": (
        "update",
        N_("Update libtrainer on this computer; the bundle is merged at the next sync."),
    ),
    "undecryptable": (
        "restore_keys",
        N_(
            "Restore the coordinator's key backup on this computer (libtrainer keys restore "
            "FILE); the bundle is tried again at every sync."
        ),
    ),
    "before_coordinator": (
        None,
        N_(
            "Nothing to do: its changes are in the stores of the coordinators of that time. To "
            "read it here, restore a key backup of one of them on this computer (libtrainer "
            "keys restore FILE); it is read at the next sync."
        ),
    ),
    "future_clock": (
        "restamp",
        N_(
            "Check the computer's clock. A coordinator merges it anyway with: libtrainer sync "
            "SHARE --restamp {ref}"
        ),
    ),
    "fork": (
        "resume",
        N_(
            "Find out which computer is the real device. A restored or copied computer takes a "
            "new identity (on it: libtrainer enroll SHARE --new-device; then approve its new "
            "code). Then lift the suspension with: libtrainer trust resume {device_id}"
        ),
    ),
    "suspended": (
        "resume",
        N_(
            "Held back while the device is suspended; merged after: libtrainer trust resume "
            "{device_id}"
        ),
    ),
    "bad_change": (
        "update",
        N_("Update libtrainer on both computers, then synchronise both again."),
    ),
}
NEVER = N_("Nothing to do: this bundle is never merged.")
RESOLVED_FORK = N_(
    "Refused for good: it belongs to the other history of a device that was resumed. Nothing to do."
)
RESTAMP_APPROVED = N_("Re-stamp approved: it is merged at the next sync.")


@dataclass(frozen=True)
class Listed:
    """One quarantined bundle as a person sees it."""

    entry: Entry
    device_label: str
    retried: bool  # ingest tries it again at every sync
    needs_person: bool  # it stays until somebody acts (``action`` says how)
    action: str | None  # wait | approve | update | restore_keys | restamp | resume | None
    advice: str  # what to do, in the current language, naming the command
    settled: bool = False  # a fork of a device resumed since: nothing left to do

    @property
    def message(self) -> str:
        """What happened, in the current language, as it stands now (see ``settled``)."""
        return self.entry.message(settled=self.settled)

    def as_json(self) -> dict[str, Any]:
        e = self.entry
        return {
            "file": e.file_name,
            "hash": e.bundle_hash,
            "ref": e.ref,
            "device": e.device,
            "device_label": self.device_label,
            "seq": e.seq,
            "reason": e.reason,
            "message": self.message,
            "first_seen": e.first_wall,
            "last_tried": e.last_wall,
            "retried": self.retried,
            "needs_person": self.needs_person,
            "action": self.action,
            "advice": self.advice,
            "restamp_approved": e.restamp,
        }


@dataclass(frozen=True)
class SuspendedDevice:
    """A device whose bundles are held back after a fork, until a coordinator resumes it."""

    device: str
    label: str
    reason: str
    seq: int
    bundle_hash: str
    since: str
    held: int  # its bundles set aside since

    def as_json(self) -> dict[str, Any]:
        return {
            "device": self.device,
            "device_label": self.label,
            "reason": self.reason,
            "seq": self.seq,
            "bundle_hash": self.bundle_hash,
            "since": self.since,
            "held_bundles": self.held,
            "command": f"libtrainer trust resume {self.device}",
        }


@dataclass(frozen=True)
class Overview:
    items: list[Listed]
    suspended: list[SuspendedDevice]

    def as_json(self) -> dict[str, Any]:
        return {
            "quarantined": [i.as_json() for i in self.items],
            "suspended": [s.as_json() for s in self.suspended],
            "needs_person": sum(1 for i in self.items if i.needs_person),
        }


def local_time(wall: str) -> str:
    """An ISO UTC time as this computer's local "YYYY-MM-DD HH:MM" (for people; JSON keeps ISO)."""
    try:
        return dt.datetime.fromisoformat(wall).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return wall


def _short(device: str | None) -> str:
    return device[:8] if device else "?"


def listed(
    entry: Entry, label: Callable[[str | None], str] = _short, *, suspended: bool = True
) -> Listed:
    """``entry`` with whether it is retried, whether it needs a person, and what to do.

    ``suspended`` says whether the entry's device is still suspended: a fork of a device a
    coordinator has resumed is settled (docs/decisions/0315).
    """
    action, advice = ADVICE.get(entry.reason, (None, NEVER))
    needs_person = action not in (None, "wait")
    if entry.reason == "future_clock" and entry.restamp:
        advice, needs_person = RESTAMP_APPROVED, False
    settled = entry.reason in ("fork", "suspended") and not suspended
    if settled:
        action, advice, needs_person = None, RESOLVED_FORK, False
    text = _(advice).format(ref=entry.ref, device_id=entry.device or _("DEVICE"))
    return Listed(
        entry, label(entry.device), entry.reason in RETRIED, needs_person, action, text, settled
    )


def overview(conn: Connection, label: Callable[[str | None], str] = _short) -> Overview:
    """Everything quarantined in this store (every sync so far) and every suspended device."""
    rows = list(conn.execute(select(*Suspended.__table__.c).order_by(Suspended.since_wall)))
    stopped = {row.device for row in rows}
    found = sorted(
        (e for e in entries(conn) if e.reason != "superseded"),
        key=lambda e: (e.first_wall, e.device or "", e.seq or 0, e.bundle_hash),
    )
    items = [listed(e, label, suspended=e.device in stopped) for e in found]
    held: dict[str, int] = {}
    for item in items:
        if item.entry.reason == "suspended" and item.entry.device:
            held[item.entry.device] = held.get(item.entry.device, 0) + 1
    suspended = [
        SuspendedDevice(
            row.device,
            label(row.device),
            row.reason,
            int(row.seq),
            row.bundle_hash,
            row.since_wall,
            held.get(row.device, 0),
        )
        for row in rows
    ]
    return Overview(items, suspended)
