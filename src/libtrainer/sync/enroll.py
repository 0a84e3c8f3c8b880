"""Enrolment: a device asks to join its region; a coordinator approves it by its code.

The device writes a request into ``enroll/`` (its public keys, name, role and branch; signed
by the key itself, which proves it holds the private part) and shows a short code. The
coordinator lists pending requests, compares the code with the person on the phone and
approves it: a new trust-list version with the device in it. The very first coordinator of a
region starts the trust list itself (version 1) when it enrols.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from libtrainer.domain import rules
from libtrainer.domain.enums import Role
from libtrainer.domain.errors import N_
from libtrainer.domain.ids import is_uuid
from libtrainer.store.models import Ingested, Programme
from libtrainer.store.store import Store
from libtrainer.sync import crypto, identity, lineage, publish, session, trustops
from libtrainer.sync.errors import BundleError, ShareError, TrustError
from libtrainer.sync.publish import next_seq
from libtrainer.sync.session import SyncSummary, synchronise
from libtrainer.sync.share import Share
from libtrainer.sync.signed import DOC_LIMIT, DocError, make_doc, read_doc
from libtrainer.sync.trust import (
    DeviceEntry,
    DeviceKey,
    TrustList,
    load_trust,
    refresh_trust,
    replaced_on,
)

DOMAIN = b"libtrainer-enroll-v1"
FORMAT = 1
META_SHARE = "share_path"


@dataclass(frozen=True)
class EnrolRequest:
    device: str
    name: str
    role: str
    branch: str | None
    branch_name: str
    key: DeviceKey
    created_wall: str
    #: earlier identities of the computer asking (``lineage``; signed by the new key only:
    #: the coordinator approves the link with the request, decision 0332)
    earlier: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.key.code


@dataclass(frozen=True)
class EnrolOutcome:
    code: str
    state: str  # "enrolled" (already in the trust list), "pending", "revoked" or "replaced"
    coordinator_codes: list[str]  # what the person compares with the coordinator by phone
    request: Path | None
    revoked_after: int | None = None  # "revoked": its bundles after this one are refused
    again: bool = False  # "pending": asked before; that request is still waiting
    reseeded: bool = False  # a coordinator wrote the trust list back into the folder (0322)
    replaced_on: str | None = None  # "replaced": a coordinator gave this id another key then


def request_enrolment(store: Store, share: Share, *, new_key: bool = False) -> EnrolOutcome:
    """Write this device's enrolment request (or, for a region's first coordinator, start the
    trust list) and return the code to read to the coordinator."""
    share.require(store.pending_changes())
    own = identity.new_device_keys(store) if new_key else identity.ensure_device_keys(store)
    store.set_meta(META_SHARE, str(share.root))
    reseeded = False
    if store.meta("role") == "coordinator":  # a region folder that lost its trust list
        reseeded = publish.check_home(store, share) == publish.HOME_RESEEDED
    trust = refresh_trust(store, share)
    if trust.version == 0 and store.meta("role") == "coordinator" and not share.trust_documents():
        trust = trustops.start_trust_list(store, share, own)
    entry = trust.key_for(own.device)
    coordinators = [k.code for k in trust.coordinator_keys()]
    if entry is not None and entry.revoked_after is not None:  # a request would be ignored
        return EnrolOutcome(own.code, "revoked", coordinators, None, entry.revoked_after)
    if entry is not None and entry.key(own.key_id) is not None:
        if entry.current.key_id != own.key_id:  # another computer took this identity (a copy)
            with store.read() as conn:
                day = replaced_on(conn, own.device, own.key_id)
            return EnrolOutcome(own.code, "replaced", coordinators, None, replaced_on=day)
        return EnrolOutcome(own.code, "enrolled", coordinators, None, reseeded=reseeded)
    rel = f"enroll/{own.device}-{own.key_id}.req"
    asked = _asked_already(share, rel, own.device, own.key_id)
    if asked is not None:  # asked before (enroll run twice): that request still stands
        return EnrolOutcome(own.code, "pending", coordinators, asked, again=True)
    branch, branch_name = identity.branch_of(store)
    with store.read() as conn:
        from_seq = next_seq(conn)
    body = {
        "format": FORMAT,
        "kind": "enroll",
        "region": share.region,
        "device": own.device,
        # Names stored before hidden characters were refused are sent without them: the
        # coordinator's computer ignores a request whose names carry any.
        "name": rules.without_hidden(store.meta("device_name") or "")[:MAX_SHOWN_NAME],
        "role": store.meta("role") or "branch",
        "branch": branch,
        "branch_name": rules.without_hidden(branch_name or "")[:MAX_SHOWN_NAME],
        "key_id": own.key_id,
        "sign": own.sign_public.hex(),
        "x25519": own.x25519_public.hex(),
        "from_seq": from_seq,
        "created_wall": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    earlier = lineage.earlier_ids(store)
    if earlier:  # a renewed computer names its earlier identities (decision 0332)
        body["earlier"] = earlier
    doc = make_doc(body, [(own.key_id, own.signing)], DOMAIN)
    path = share.write_once(rel, doc, make_region=True)
    return EnrolOutcome(own.code, "pending", coordinators, path)


def _asked_already(share: Share, rel: str, device: str, key_id: str) -> Path | None:
    """The request file of this very device and key already on the share, if it is a valid
    one (its names or time may differ from a new one: it is written once and stays)."""
    path = share.base / rel
    try:
        if not path.is_file():
            return None
        data = share.read(path, DOC_LIMIT)
    except (OSError, ShareError, BundleError):
        return None
    request = parse_request(data, share.region)
    if request is None or request.device != device or request.key.key_id != key_id:
        return None
    return path


def parse_request(data: bytes, region: str) -> EnrolRequest | None:
    """A request with a valid self-signature for ``region``, or None."""
    try:
        doc = read_doc(data)
        b = doc.body
        sign, x25519 = bytes.fromhex(b["sign"]), bytes.fromhex(b["x25519"])
        key = DeviceKey(crypto.key_id(sign), sign, x25519, int(b["from_seq"]))
        request = EnrolRequest(
            str(b["device"]),
            str(b["name"]),
            str(b["role"]),
            b.get("branch"),
            str(b.get("branch_name", "")),
            key,
            str(b.get("created_wall", "")),
            lineage.read_earlier(b),
        )
    except (DocError, KeyError, TypeError, ValueError):
        return None
    if (
        not is_uuid(request.device)  # it becomes a folder name on the share
        or request.role not in ROLES
        or (request.branch is not None and not is_uuid(str(request.branch)))
        or not _shown_safely(request.name)
        or not _shown_safely(request.branch_name, empty_ok=True)
        or b.get("kind") != "enroll"
        or b.get("region") != region
        or len(sign) != 32
        or len(x25519) != 32
        or key.from_seq < 1
        or b.get("key_id") != key.key_id
        or not doc.signed_by(key.key_id, sign, DOMAIN)
    ):
        return None
    return request


ROLES = frozenset(role.value for role in Role)
MAX_SHOWN_NAME = 200


def _shown_safely(text: str, *, empty_ok: bool = False) -> bool:
    """A name a coordinator is shown and approves: no control characters, no invisible or
    text-direction marks (a fake line or reversed text in a list of devices), not too long."""
    if not text.strip():
        return empty_ok
    return len(text) <= MAX_SHOWN_NAME and not rules.hidden_characters(text)


def pending_requests(trust: TrustList, share: Share) -> list[EnrolRequest]:
    """Valid requests on the share whose key is not in ``trust`` yet."""
    found: dict[str, EnrolRequest] = {}
    for data in share.documents("enroll", ".req"):
        request = parse_request(data, share.region)
        if request is None:
            continue
        entry = trust.key_for(request.device)
        if entry is None or (entry.key(request.key.key_id) is None and entry.revoked_after is None):
            found.setdefault(request.key.key_id, request)
    return sorted(found.values(), key=lambda r: (r.created_wall, r.device))


def replaces_key(trust: TrustList, request: EnrolRequest) -> bool:
    """Approving ``request`` replaces the key of a device enrolled and not revoked: if that
    computer still works it can no longer send (two computers using one identity — a copied
    data folder; decision 0322)."""
    entry = trust.key_for(request.device)
    return entry is not None and entry.revoked_after is None


def approve(store: Store, share: Share, code: str, *, as_coordinator: bool = False) -> DeviceEntry:
    """Approve the pending request with ``code``: a new trust-list version that enrols it.

    A request to join as a coordinator is refused unless ``as_coordinator`` says the person
    approving knows it: a coordinator's key receives every branch's records."""
    trust, own = trustops.coordinator_context(store, share)
    wanted = crypto.normalise_code(code)
    matches = [r for r in pending_requests(trust, share) if r.code == wanted]
    if not matches:
        raise TrustError(
            "unknown_code",
            N_(
                "No enrolment request with the code {code} is "
                "waiting. Check the code with the person."
            ),
            code=wanted,
        )
    if len({r.key.key_id for r in matches}) > 1:
        raise TrustError(
            "ambiguous",
            N_("Two requests have the code {code}. Ask both devices to enrol again."),
            code=wanted,
        )
    req = matches[0]
    entry = trust.key_for(req.device)
    if entry is None and req.role == Role.COORDINATOR and not as_coordinator:
        raise TrustError(
            "coordinator_request",
            N_(
                "The request {code} asks to join as a coordinator: that computer could read "
                "every branch's records. Approve it only for a coordinator you know, with "
                "“libtrainer trust approve {code} --coordinator”."
            ),
            code=wanted,
        )
    entry, coordinators = enrolled_entry(trust, req)
    devices = {**trust.devices, req.device: entry}
    trustops.commit_next(store, share, trust, devices, coordinators, [(own.key_id, own.signing)])
    return entry


def enrolled_entry(trust: TrustList, req: EnrolRequest) -> tuple[DeviceEntry, tuple[str, ...]]:
    """The trust-list entry of the device once ``req`` is approved, and the coordinator keys."""
    entry = trust.key_for(req.device)
    earlier = lineage.linked(trust, req.device, req.branch, req.role, req.earlier)
    if entry is None:
        entry = DeviceEntry(
            req.device, req.name, req.role, req.branch, req.branch_name, (req.key,), None, earlier
        )
    elif req.key.from_seq <= entry.current.from_seq:
        raise TrustError(
            "stale_request",
            N_(
                "The request {code} starts before the device's "
                "current key. Ask the device to enrol again."
            ),
            code=req.code,
        )
    else:
        entry = DeviceEntry(
            entry.device,
            req.name,
            entry.role,
            entry.branch,
            req.branch_name,
            (*entry.keys, req.key),
            entry.revoked_after,
            tuple(dict.fromkeys((*entry.earlier, *earlier))),
        )
    coordinators = trust.coordinators
    if entry.role == "coordinator":
        old = {k.key_id for k in entry.keys[:-1]}
        coordinators = (*(k for k in coordinators if k not in old), req.key.key_id)
    return entry, coordinators


def bootstrap(coordinator: Store, devices: list[Store], share_root: Path) -> Share:
    """Set a region up in one call (tests, demos): the coordinator starts the trust list, every
    device requests enrolment, the coordinator approves each one. Returns the coordinator's
    view of the share."""
    share = Share.for_store(share_root, coordinator)
    request_enrolment(coordinator, share)
    for store in devices:
        outcome = request_enrolment(store, Share.for_store(share_root, store))
        if outcome.state == "pending":
            approve(coordinator, share, outcome.code)
    for store in devices:
        refresh_trust(store, Share.for_store(share_root, store))
    return share


def last_merged(conn: Connection) -> dict[str, int]:
    """Each device's last bundle of changes merged into this store (its number), the one a
    revocation keeps valid by default (``trust revoke``, decision 0335)."""
    return {
        device: int(seq)
        for device, seq in conn.execute(
            select(Ingested.device, func.max(Ingested.seq))
            .where(Ingested.kind == "changes")
            .group_by(Ingested.device)
        )
    }


def overview(store: Store, share: Share | None) -> dict[str, Any]:
    """Enrolled and pending devices with their codes (``trust list --json``). Without a
    reachable share, only what this computer already knows (no pending requests)."""
    trust = refresh_trust(store, share) if share is not None and share.reachable() else None
    if trust is None:
        region = share.region if share else identity.region_key(store)  # never an empty name
        with store.read() as conn:
            trust = load_trust(conn, region)
    pending = pending_requests(trust, share) if share is not None and share.reachable() else []
    with store.read() as conn:
        held = lineage.suspended(conn)
        merged = last_merged(conn)
    return {
        "region": trust.region,
        "region_name": identity.region_name(store),  # what people read (the key is a slug)
        "version": trust.version,
        "own_code": identity.enrolment_code(store),
        "devices": [
            {
                **trustops.describe_entry(e, trust, held),
                "last_merged_seq": merged.get(e.device),  # what a revocation keeps (0335)
            }
            for _, e in sorted(trust.devices.items())
        ],
        "pending": [
            {
                "device": r.device,
                "name": r.name,
                "role": r.role,
                "branch": r.branch,
                "branch_name": r.branch_name,
                "code": r.code,
                "key_id": r.key.key_id,
                "requested": r.created_wall,
                "replaces_key": replaces_key(trust, r),
                # earlier identities its approval links to it (decision 0332)
                "earlier": list(lineage.linked(trust, r.device, r.branch, r.role, r.earlier)),
            }
            for r in pending
        ],
    }


# --- joining a region: the first sync brings the region's catalogue (docs/decisions/0317) ------

META_JOINING = session.META_JOINING


@dataclass(frozen=True)
class Admitted:
    """A device approved by :func:`admit`, and whether the catalogue was re-sent for it."""

    entry: DeviceEntry
    catalogue: Path | None
    replaced_key: bool = False  # an enrolled device's key was replaced (see replaces_key)


def admit(store: Store, share: Share, code: str, *, as_coordinator: bool = False) -> Admitted:
    """Approve the request with ``code`` and publish at once, so the catalogue (programmes,
    staff, e-scouts) is encrypted for the new device too and its first sync receives it.

    The approval stands even when publishing fails (the next sync publishes instead).
    """
    entry = approve(store, share, code, as_coordinator=as_coordinator)
    replaced = len(entry.keys) > 1 and entry.revoked_after is None
    try:
        result = publish.publish(store, share)
    except (ShareError, TrustError):
        return Admitted(entry, None, replaced)
    return Admitted(entry, result.catalogue, replaced)


@dataclass(frozen=True)
class JoinOutcome:
    """Where joining stands: the code to read out, and the first sync once approved."""

    code: str
    state: str  # "pending", "enrolled" or "revoked"
    coordinator_codes: list[str]
    synced: SyncSummary | None = None  # the first sync, run as soon as the device is trusted
    programmes: int = 0  # programmes in this store afterwards
    revoked_after: int | None = None  # "revoked": its bundles after this one are refused
    again: bool = False  # "pending": asked before; that request is still waiting
    reseeded: bool = False  # a coordinator wrote the trust list back into the folder (0322)
    replaced_on: str | None = None  # "replaced": a coordinator gave this id another key then

    @property
    def has_catalogue(self) -> bool:
        return self.programmes > 0


def join(store: Store, share_root: Path, *, new_key: bool = False) -> JoinOutcome:
    """Ask to join the region on ``share_root``; when already trusted, sync at once.

    A branch or lecturer device without a catalogue yet remembers that it is joining, so
    :func:`finish_join` runs the first sync as soon as the coordinator has approved it.
    """
    share = Share.for_store(share_root, store)
    outcome = request_enrolment(store, share, new_key=new_key)
    if outcome.state == "replaced":
        return JoinOutcome(
            outcome.code, outcome.state, outcome.coordinator_codes, replaced_on=outcome.replaced_on
        )
    if outcome.state == "revoked":
        store.set_meta(META_JOINING, "")
        return JoinOutcome(
            outcome.code,
            outcome.state,
            outcome.coordinator_codes,
            revoked_after=outcome.revoked_after,
        )
    # A device that took a new identity (sync/renew.py) already holds catalogues but is
    # marked joining, so its first sync after the approval runs at once here too.
    if store.meta("role") == "coordinator" or (_catalogues(store) and not joining(store)):
        return JoinOutcome(
            outcome.code,
            outcome.state,
            outcome.coordinator_codes,
            again=outcome.again,
            reseeded=outcome.reseeded,
        )
    store.set_meta(META_JOINING, "1")
    joined = finish_join(store, share_root) if outcome.state == "enrolled" else None
    return joined or JoinOutcome(
        outcome.code, outcome.state, outcome.coordinator_codes, again=outcome.again
    )


def _catalogues(store: Store) -> int:
    """Catalogue bundles merged into this store so far."""
    with store.read() as conn:
        found = conn.execute(
            select(func.count()).select_from(Ingested).where(Ingested.kind == "catalogue")
        ).scalar_one()
    return int(found)


def joining(store: Store) -> bool:
    """True while this device waits for its first catalogue after asking to join."""
    return bool(store.meta(META_JOINING))


def finish_join(store: Store, share_root: Path) -> JoinOutcome | None:
    """The first sync of a joining device, once the coordinator has approved it.

    None when there is nothing to do: not joining, the share not reachable, or not approved
    yet. Otherwise the sync runs (publish, then the coordinator's catalogue is merged) and
    the device stops "joining" as soon as a catalogue has been merged.
    """
    if not joining(store):
        return None
    share = Share.for_store(share_root, store)
    if not share.reachable():
        return None
    trust = refresh_trust(store, share)
    own = trust.key_for(store.device_id)
    if own is None:
        return None
    codes = [k.code for k in trust.coordinator_keys()]
    if own.revoked_after is not None:  # revoked before it ever synchronised: no "welcome"
        store.set_meta(META_JOINING, "")
        return JoinOutcome(own.current.code, "revoked", codes, revoked_after=own.revoked_after)
    summary = synchronise(store, share_root)
    with store.read() as conn:
        programmes = conn.execute(select(func.count()).select_from(Programme)).scalar_one()
    if _catalogues(store):
        store.set_meta(META_JOINING, "")
    return JoinOutcome(own.current.code, "enrolled", codes, summary, int(programmes))
