"""This device's sending, paused by a coordinator's notice (decision 0333).

Before every publish a branch or lecturer device reads the notices addressed to it
(``acks/<coordinator>/<device>/*.notice``, ``sync/noticefile.py``). Only a notice signed by a
coordinator of its trust list counts; anything else there — unsigned, signed by another key, for
another device or region, damaged — is passed over and logged (by file name only), so nobody
but a coordinator can stop a device.

* **suspended** (a fork: the coordinator sets its bundles aside): nothing is published any more,
  not even bundles written again; every change stays in the outbox (acknowledged bundles are
  still pruned: the coordinator has those). The way back is a new identity (``enroll SHARE
  --new-device``, the Sync screen's button, decision 0318), after which the held changes go
  out under it, or the coordinator lifting the suspension ("resumed" notice).
* **revoked**: what the trust list already says; the notice only lets the device tell why and
  what to do. Publishing goes by the trust list as before.

What was read is kept in ``lt_meta`` (:data:`META_NOTICES`, :data:`META_PAUSED`), so a sync
through a shared folder or USB stick without the notice still knows (and ``status`` and the
Sync screen know without the shared folder). A lifted suspension stays lifted. A new identity
forgets both (``publish.restart_chain``). Coordinators read no notices (0323 tells them).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select

from libtrainer.store.models import Published
from libtrainer.store.store import Store
from libtrainer.sync.errors import BundleError, ShareError, TrustError
from libtrainer.sync.noticefile import LIMIT, Notice, read_notice
from libtrainer.sync.share import Share
from libtrainer.sync.trust import TrustList

log = logging.getLogger(__name__)

#: ``lt_meta``: every verified notice this device read, by ``ref`` (JSON), lifted ones too.
META_NOTICES = "sync_notices"
#: ``lt_meta``: the pause in force (JSON of :class:`Pause`), empty when none. Read also by
#: ``store/unsent.py``: a paused device cannot know which of its records left (0324).
META_PAUSED = "sync_paused"


@dataclass(frozen=True)
class Pause:
    """Why this device's sending is paused, for the person and for scripts."""

    reason: str  # "fork" (suspended) or "revoked"
    after_seq: int  # the device's last bundle merged (fork) or still valid (revoked)
    own_bundle: bool  # fork: the bundle that split its history was made here (older records)
    since: str  # when the coordinator suspended it (UTC, ISO); "" when not known

    @property
    def stops(self) -> bool:
        """Nothing is published while it holds (a revocation goes by the trust list)."""
        return self.reason == "fork"

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "way_out": "enroll SHARE --new-device"}


def recalled(value: str | None) -> Pause | None:
    """The pause :func:`check` kept (``lt_meta`` text), or None."""
    if not value:
        return None
    try:
        data = json.loads(value)
        return Pause(
            str(data["reason"]),
            int(data["after_seq"]),
            bool(data["own_bundle"]),
            str(data.get("since", "")),
        )
    except (ValueError, KeyError, TypeError):
        return None


def current(store: Store) -> Pause | None:
    """The pause in force as the last check found it (no shared folder needed)."""
    return recalled(store.meta(META_PAUSED))


def read_notices(store: Store, share: Share, trust: TrustList) -> list[Notice]:
    """The verified notices addressed to this device on ``share``; the others are logged."""
    found = []
    for path in share.notice_files(store.device_id):
        try:
            notice = read_notice(share.read(path, LIMIT), trust, share.region)
        except (TrustError, BundleError):
            log.warning("ignored %s: not signed by a coordinator of this region", path.name)
            continue
        except ShareError:
            continue  # gone or unreadable now: read next time
        if notice.device != store.device_id:
            log.warning("ignored %s: a notice for another device", path.name)
            continue
        found.append(notice)
    return found


def check(store: Store, share: Share, trust: TrustList) -> Pause | None:
    """Read this device's notices, remember them and return the pause in force (None: none).
    Coordinators: always None (they read no notices)."""
    if store.meta("role") == "coordinator":
        return None
    seen = _seen(store)
    before = dict(seen)
    for notice in read_notices(store, share, trust):
        known = seen.get(notice.ref)
        if known is not None and known["state"] == "resumed":
            continue  # lifted for good: an older copy of the stick does not pause it again
        if known is None or notice.state == "resumed":
            seen[notice.ref] = {
                "state": notice.state,
                "reason": notice.reason,
                "after_seq": notice.after_seq,
                "coordinator": notice.coordinator,
                "since": notice.since,
            }
    if seen != before:
        store.set_meta(META_NOTICES, json.dumps(seen, sort_keys=True))
    pause = _in_force(store, seen, trust)
    value = json.dumps(asdict(pause), sort_keys=True) if pause is not None else ""
    if (store.meta(META_PAUSED) or "") != value:
        store.set_meta(META_PAUSED, value)
    return pause


def _seen(store: Store) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(store.meta(META_NOTICES) or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, dict) and "state" in v}


def _in_force(store: Store, seen: dict[str, dict[str, Any]], trust: TrustList) -> Pause | None:
    """A revocation the trust list still says (it is final) before a suspension not lifted."""
    entry = trust.key_for(store.device_id)
    revoked = any(n["state"] == "revoked" for n in seen.values())
    if entry is not None and entry.revoked_after is not None and revoked:
        return Pause("revoked", entry.revoked_after, False, "")
    held = sorted(
        ((str(n.get("since", "")), ref, n) for ref, n in seen.items() if n["state"] == "suspended"),
        key=lambda item: (item[0], item[1]),
    )
    if not held:
        return None
    since, ref, notice = held[0]
    return Pause("fork", int(notice.get("after_seq", 0)), _made_here(store, ref), since)


def _made_here(store: Store, bundle_hash: str) -> bool:
    """The bundle that split the history is one this store made (it holds the older records)."""
    with store.read() as conn:
        found = conn.execute(
            select(Published.seq).where(
                Published.kind == "changes", Published.bundle_hash == bundle_hash
            )
        ).first()
    return found is not None
