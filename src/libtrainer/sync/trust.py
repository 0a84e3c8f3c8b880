"""The trust list: which device keys of a region are enrolled, and which keys are coordinators.

Versions form a chain: version N+1 names the hash of version N and must be signed by at least
one coordinator key of N *and* one of N+1 (so a rotation is signed by the old and the new key).
A device accepts only the next version of what it already holds — never a lower one (rollback
refused) and never a different document for a version it has. The very first version is taken
on first use; its coordinator's code is shown to the person enrolling, who compares it by phone.

Revocation is "after seq N": a revoked device's bundles up to seq N stay valid. A device may
have several keys over time (re-enrolment, rotation); each key signs the seqs from its
``from_seq`` up to the next key's ``from_seq``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select

from libtrainer.domain.errors import N_
from libtrainer.domain.ids import is_uuid
from libtrainer.store.models import TrustVersion
from libtrainer.store.store import read_meta, write_meta
from libtrainer.sync import crypto
from libtrainer.sync.errors import TrustError
from libtrainer.sync.signed import DocError, make_doc, read_doc

if TYPE_CHECKING:
    from libtrainer.store.store import Store
    from libtrainer.sync.share import Share

log = logging.getLogger(__name__)
DOMAIN = b"libtrainer-trust-v1"
FORMAT = 1


@dataclass(frozen=True)
class DeviceKey:
    key_id: str
    sign: bytes
    x25519: bytes
    from_seq: int

    @property
    def code(self) -> str:
        return crypto.short_code(self.sign, self.x25519)


@dataclass(frozen=True)
class DeviceEntry:
    device: str
    name: str
    role: str
    branch: str | None
    branch_name: str
    keys: tuple[DeviceKey, ...]
    revoked_after: int | None = None
    #: earlier identities of the same computer (a new identity after a restore or a fork,
    #: ``enroll --new-device``), named by its request and approved with it (decision 0332)
    earlier: tuple[str, ...] = ()

    @property
    def current(self) -> DeviceKey:
        return self.keys[-1]

    def key(self, key_id: str) -> DeviceKey | None:
        return next((k for k in self.keys if k.key_id == key_id), None)

    def key_signs(self, key_id: str, seq: int) -> bool:
        """True when ``key_id`` is the key of this device for ``seq`` (keys ordered by from_seq)."""
        for i, key in enumerate(self.keys):
            if key.key_id == key_id:
                until = self.keys[i + 1].from_seq if i + 1 < len(self.keys) else None
                return key.from_seq <= seq and (until is None or seq < until)
        return False


@dataclass(frozen=True)
class TrustList:
    region: str
    version: int = 0
    devices: dict[str, DeviceEntry] = field(default_factory=dict)
    coordinators: tuple[str, ...] = ()
    prev: str | None = None
    created_wall: str = ""
    raw: bytes = b""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    def key_for(self, device_id: str) -> DeviceEntry | None:
        return self.devices.get(device_id)

    def allows(
        self, device_id: str, seq: int, key_id: str | None = None, kind: str = "changes"
    ) -> bool:
        """May ``device_id`` (with ``key_id``, if given) sign bundle ``seq`` of ``kind``?"""
        entry = self.devices.get(device_id)
        if entry is None:
            return False
        if kind == "catalogue":  # a snapshot: any key of a coordinator that is not revoked
            return (
                entry.revoked_after is None
                and entry.role == "coordinator"
                and (key_id is None or entry.key(key_id) is not None)
            )
        if entry.revoked_after is not None and seq > entry.revoked_after:
            return False
        return key_id is None or entry.key_signs(key_id, seq)

    def replaced_by(self, device_id: str) -> DeviceEntry | None:
        """The newest identity that names ``device_id`` as an earlier one of its computer
        (device ids are UUIDv7: the greatest is the newest), or None."""
        newer = [e for e in self.devices.values() if device_id in e.earlier]
        return max(newer, key=lambda e: e.device) if newer else None

    def lineage(self, device_id: str) -> tuple[str, ...]:
        """Every earlier identity of ``device_id``'s computer, nearest first (a renewed
        identity inherits what a coordinator decided about them, decision 0332)."""
        found: list[str] = []
        todo = list(self.devices[device_id].earlier) if device_id in self.devices else []
        while todo:
            device = todo.pop(0)
            if device == device_id or device in found:
                continue  # a loop in a hand-made list: each identity once
            found.append(device)
            entry = self.devices.get(device)
            if entry is not None:
                todo.extend(entry.earlier)
        return tuple(found)

    def find_key(self, key_id: str) -> tuple[DeviceEntry, DeviceKey] | None:
        for entry in self.devices.values():
            key = entry.key(key_id)
            if key is not None:
                return entry, key
        return None

    def coordinator_keys(self) -> list[DeviceKey]:
        found = (self.find_key(kid) for kid in self.coordinators)
        return [pair[1] for pair in found if pair is not None]

    def recipients(self, kind: str = "changes") -> list[bytes]:
        """X25519 keys a bundle of ``kind`` is encrypted for."""
        if kind == "catalogue":
            return [e.current.x25519 for e in self.devices.values() if e.revoked_after is None]
        return [k.x25519 for k in self.coordinator_keys()]

    def body(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "region": self.region,
            "version": self.version,
            "prev": self.prev,
            "created_wall": self.created_wall,
            "coordinators": list(self.coordinators),
            "devices": {d: _entry_json(e) for d, e in sorted(self.devices.items())},
        }


def _entry_json(entry: DeviceEntry) -> dict[str, Any]:
    # "earlier" only when there is one: a list without it stays the document it was
    earlier = {"earlier": list(entry.earlier)} if entry.earlier else {}
    return {
        **earlier,
        "name": entry.name,
        "role": entry.role,
        "branch": entry.branch,
        "branch_name": entry.branch_name,
        "revoked_after": entry.revoked_after,
        "keys": [
            {"key_id": k.key_id, "sign": k.sign.hex(), "x25519": k.x25519.hex(), "from": k.from_seq}
            for k in entry.keys
        ],
    }


def _malformed() -> TrustError:
    return TrustError("malformed", N_("A trust list on the shared folder is damaged."))


def _entry(device: str, raw: Any) -> DeviceEntry:
    if not is_uuid(device):  # device ids become folder names on the share
        raise ValueError("bad device id")
    keys = tuple(
        DeviceKey(
            str(k["key_id"]), bytes.fromhex(k["sign"]), bytes.fromhex(k["x25519"]), int(k["from"])
        )
        for k in raw["keys"]
    )
    if not keys or any(crypto.key_id(k.sign) != k.key_id for k in keys):
        raise ValueError("bad keys")
    if any(len(k.sign) != 32 or len(k.x25519) != 32 for k in keys):
        raise ValueError("bad key length")
    revoked = raw.get("revoked_after")
    earlier = tuple(str(d) for d in raw.get("earlier") or ())
    if not all(is_uuid(d) for d in earlier):
        raise ValueError("bad earlier device id")
    return DeviceEntry(
        device,
        str(raw["name"]),
        str(raw["role"]),
        raw.get("branch"),
        str(raw.get("branch_name", "")),
        keys,
        None if revoked is None else int(revoked),
        earlier,
    )


def parse_trust(data: bytes) -> tuple[TrustList, Any]:
    """A trust list and its signed document, not yet verified; :class:`TrustError` if damaged."""
    try:
        doc = read_doc(data)
        body = doc.body
        if body.get("format") != FORMAT:
            raise ValueError("format")
        devices = {str(d): _entry(str(d), e) for d, e in dict(body["devices"]).items()}
        trust = TrustList(
            region=str(body["region"]),
            version=int(body["version"]),
            devices=devices,
            coordinators=tuple(str(k) for k in body["coordinators"]),
            prev=body.get("prev"),
            created_wall=str(body.get("created_wall", "")),
            raw=data,
        )
    except (DocError, ValueError, KeyError, TypeError, AttributeError):
        raise _malformed() from None
    if trust.version < 1 or not trust.coordinator_keys():
        raise _malformed()
    return trust, doc


def sign_trust(trust: TrustList, signers: list[tuple[str, Any]]) -> TrustList:
    """``trust`` as a signed document (its ``raw`` filled in)."""
    raw = make_doc(trust.body(), signers, DOMAIN)
    return parse_trust(raw)[0]


def _signed_by_any(doc: Any, keys: list[DeviceKey]) -> bool:
    return any(doc.signed_by(k.key_id, k.sign, DOMAIN) for k in keys)


def verify_next(current: TrustList, data: bytes) -> TrustList:
    """The trust list in ``data`` if it is a valid successor of ``current`` (or a valid first
    version when ``current`` is empty); :class:`TrustError` otherwise."""
    candidate, doc = parse_trust(data)
    if candidate.region != current.region:
        raise TrustError(
            "wrong_region", N_("A trust list on the shared folder belongs to another region.")
        )
    if candidate.version <= current.version:
        raise TrustError(
            "rollback",
            N_("An older trust list (version {old}) was offered; version {current} is kept."),
            old=candidate.version,
            current=current.version,
        )
    if candidate.version != current.version + 1 or candidate.prev != (
        current.sha256 if current.version else None
    ):
        raise TrustError(
            "gap",
            N_("Trust list version {version} does not follow version {current}."),
            version=candidate.version,
            current=current.version,
        )
    previous_keys = current.coordinator_keys() if current.version else candidate.coordinator_keys()
    if not (
        _signed_by_any(doc, previous_keys) and _signed_by_any(doc, candidate.coordinator_keys())
    ):
        raise TrustError(
            "bad_signature",
            N_("Trust list version {version} is not signed by the coordinators."),
            version=candidate.version,
        )
    return candidate


# --- kept locally ----------------------------------------------------------------------------


def load_trust(conn: Connection, region: str = "") -> TrustList:
    """The newest trust-list version this store accepted (an empty version 0 when none)."""
    raw = conn.execute(
        select(TrustVersion.doc).order_by(TrustVersion.version.desc()).limit(1)
    ).scalar()
    return parse_trust(bytes(raw))[0] if raw is not None else TrustList(region=region)


def save_trust(conn: Connection, trust: TrustList) -> None:
    """Keep an accepted version (the caller has verified it and commits)."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conn.execute(
        insert(TrustVersion).values(
            version=trust.version, sha256=trust.sha256, doc=trust.raw, accepted_wall=now
        )
    )


#: ``lt_meta`` key: trust-list versions this coordinator held and gave up for a competing
#: version (a split, decision 0322), as JSON; ``sync/trustsplit.py`` applies them again.
META_LOST = "sync_trust_lost"


def load_chain(conn: Connection) -> list[TrustList]:
    """Every version this store accepted, oldest first."""
    rows = conn.execute(select(TrustVersion.doc).order_by(TrustVersion.version)).scalars()
    return [parse_trust(bytes(raw))[0] for raw in rows]


def replaced_on(conn: Connection, device: str, key_id: str) -> str | None:
    """The date (YYYY-MM-DD) of the first accepted version in which a coordinator gave
    ``device`` a key after ``key_id`` (an ``enroll --new-key`` of another computer using this
    identity, decision 0322); None while ``key_id`` is the device's current key or unknown."""
    for trust in load_chain(conn):
        entry = trust.devices.get(device)
        if entry is None or entry.key(key_id) is None:
            continue
        if entry.current.key_id != key_id:
            return trust.created_wall[:10] or "?"
    return None


def _signers(base: TrustList, candidate: TrustList) -> set[str]:
    """The coordinator keys of ``base`` (of ``candidate`` for a first version) that signed it."""
    doc = parse_trust(candidate.raw)[1]
    keys = base.coordinator_keys() if base.version else candidate.coordinator_keys()
    return {k.key_id for k in keys if doc.signed_by(k.key_id, k.sign, DOMAIN)}


def _unseated(base: TrustList, candidate: TrustList) -> set[str]:
    """Coordinator keys of ``base`` whose device ``candidate`` revokes or makes a branch (a
    key rotated away is not: its device still has a coordinator key)."""
    out = set()
    for key_id in base.coordinators:
        if key_id in candidate.coordinators:
            continue
        found = candidate.find_key(key_id)
        if found is None or not any(k.key_id in candidate.coordinators for k in found[0].keys):
            out.add(key_id)
    return out


@dataclass
class _Choice:
    """Which successor of a version every device takes (decision 0322)."""

    pick: TrustList | None  # None: no acceptable successor
    pool: list[str]  # hashes of the successors the pick was chosen from
    banned: set[str]  # coordinator keys whose signature alone no longer counts


def _choose(base: TrustList, docs: list[bytes], banned: set[str], *, new: bool = True) -> _Choice:
    """The successor of ``base`` every device takes among ``docs``, the same whatever order
    it saw them in: valid ones (``verify_next``) signed by a coordinator key of ``base`` that
    is not ``banned``; among them, a version whose only such signatures are of keys a
    concurrent valid version revokes loses to it ("a revocation wins over the revoked key's
    concurrent version"; when versions revoke each other, all stay in); then the lowest hash.
    The keys the versions not taken revoke are banned from here on: a coordinator whose
    revocation lost a split on hash cannot carry on signing alone."""
    valid: dict[str, tuple[TrustList, set[str]]] = {}
    for data in docs:
        try:
            candidate = verify_next(base, data)
        except TrustError as exc:
            if new:  # not again for versions already gone past (a split's losers)
                log.warning("ignoring trust list version %s: %s", base.version + 1, exc.reason)
            continue
        signers = _signers(base, candidate) - banned
        if signers:
            valid[candidate.sha256] = (candidate, signers)
    unseat = {h: _unseated(base, c) for h, (c, _s) in valid.items()}
    winning = [
        h
        for h, (_c, signers) in valid.items()
        if signers - set().union(*(u for other, u in unseat.items() if other != h))
    ]
    pool = winning or list(valid)
    if not pool:
        return _Choice(None, [], banned)
    pick = min(pool)
    lost = set().union(*(u for h, u in unseat.items() if h != pick))
    return _Choice(valid[pick][0], pool, banned | lost)


def _lost_entry(before: TrustList, lost: TrustList) -> dict[str, Any]:
    """What a version we gave up changed: approvals (new keys) and revocations, and who signed."""
    doc = parse_trust(lost.raw)[1]
    approved: list[dict[str, Any]] = []
    revoked: list[dict[str, Any]] = []
    for device, entry in lost.devices.items():
        old = before.devices.get(device)
        known = {k.key_id for k in old.keys} if old is not None else set()
        approved.extend(
            {
                "device": device,
                "name": entry.name,
                "key_id": k.key_id,
                # the entry as this version signed it: settle rebuilds it from here, never
                # from a request on the share (a request can be rewritten, decision 0322)
                "role": entry.role,
                "branch": entry.branch,
                "branch_name": entry.branch_name,
                "key": {"sign": k.sign.hex(), "x25519": k.x25519.hex(), "from": k.from_seq},
                "coordinator": k.key_id in lost.coordinators,
            }
            for k in entry.keys
            if k.key_id not in known
        )
        if entry.revoked_after is not None and (old is None or old.revoked_after is None):
            revoked.append({"device": device, "name": entry.name, "after": entry.revoked_after})
    return {
        "version": lost.version,
        "signers": sorted(doc.sigs),
        "approved": approved,
        "revoked": revoked,
    }


def refresh_trust(store: Store, share: Share) -> TrustList:
    """Accept every newer, verified version from the share's ``trust/`` folder; return the newest.

    Candidates are identified by content; when two different documents claim the same version
    (two coordinators at once, through a cloud folder), the valid one with the lowest hash wins
    everywhere — also on the coordinator that already holds the other one: it gives its
    versions from there on up (kept in ``lt_meta`` for ``sync/trustsplit.py``, which applies
    its changes again on top of the winner). A version signed only by a coordinator key that a
    concurrent version revokes is not taken, nor kept (see :func:`_choose`). Damaged or
    unverifiable documents are logged and ignored.
    """
    with store.read() as conn:
        chain = load_chain(conn)
    current = chain[0] if chain else TrustList(region=share.region)
    by_version: dict[int, list[bytes]] = {}
    for data in share.trust_documents():
        try:
            version = parse_trust(data)[0].version
        except TrustError:
            log.warning("ignoring a damaged trust-list file")
            continue
        by_version.setdefault(version, []).append(data)
    accepted: list[TrustList] = []
    given_up: list[TrustList] = []
    banned: set[str] = set()
    for index, ours in enumerate(chain[1:], start=1):
        docs = [*by_version.get(ours.version, []), ours.raw]
        choice = _choose(current, docs, banned, new=False)
        if choice.pick is not None and choice.pick.sha256 == ours.sha256:
            banned, current = choice.banned, ours
            continue
        if choice.pick is not None and ours.sha256 in choice.pool:
            # a split decided by hash alone: only a key still a coordinator in our newest
            # version can replace ours (a revoked or rotated-away key cannot rewrite history)
            pick_doc = parse_trust(choice.pick.raw)[1]
            if not _signed_by_any(pick_doc, chain[-1].coordinator_keys()):
                banned, current = choice.banned, ours
                continue
        log.warning("trust list version %s: a competing version wins", ours.version)
        given_up = chain[index:]
        banned = choice.banned
        if choice.pick is None:  # ours signed only by a key a concurrent version revoked
            break
        current = choice.pick
        accepted.append(current)
        break
    else:
        current = chain[-1] if chain else current
    while current.version + 1 in by_version:
        choice = _choose(current, by_version[current.version + 1], banned)
        if choice.pick is None:
            break
        banned, current = choice.banned, choice.pick
        accepted.append(current)
    if accepted or given_up:
        with store.uow() as uow:
            conn = uow.connection
            if given_up:
                _give_up(conn, chain, given_up)
            for trust in accepted:
                save_trust(conn, trust)
            uow.commit()
    return current


def _give_up(conn: Connection, chain: list[TrustList], given_up: list[TrustList]) -> None:
    """Drop our versions from the first one given up, remembering what they changed."""
    first = given_up[0].version
    conn.execute(delete(TrustVersion).where(TrustVersion.version >= first))
    lost = json.loads(read_meta(conn, META_LOST) or "[]")
    before = chain[first - 2]
    for trust in given_up:
        lost.append(_lost_entry(before, trust))
        before = trust
    write_meta(conn, META_LOST, json.dumps(lost))
