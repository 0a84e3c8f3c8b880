"""The region's devices as a coordinator manages them from the window (no Qt here).

The same operations as ``trust list``, ``trust approve CODE``, ``trust revoke DEVICE
--after-seq N`` and ``trust rotate`` (with ``keys backup FILE`` after it), plus what a
coordinator asks first about a branch computer: when did its work last arrive? That comes from
this store's record of merged bundles (``lt_ingested``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from libtrainer.domain import rules
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.i18n.collation import sort_key
from libtrainer.store.models import Ingested, Region
from libtrainer.store.store import Store
from libtrainer.sync import crypto, enroll, identity, lineage, trustops
from libtrainer.sync.bundle import MAX_BUNDLE, bundle_hash, signed_header
from libtrainer.sync.errors import BundleError, ShareError, TrustError
from libtrainer.sync.share import Share, parse_bundle_name
from libtrainer.sync.trust import DeviceEntry, TrustList, load_trust, refresh_trust


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
    suspended_since: int | None = None  # set aside here after this bundle (a fork)
    replaced_by: str | None = None  # the device id of its computer's newer identity
    earlier: tuple[str, ...] = ()  # earlier identities of its computer (decision 0332)
    state_text: str = ""  # all of it as a coordinator reads it (``lineage.state_text``)
    state_brief: str = ""  # the same for a table's column (a suspension not explained)

    @property
    def plain(self) -> bool:
        """Enrolled and in use: nothing more to say about its state."""
        return (
            self.revoked_after is None
            and self.suspended_since is None
            and self.replaced_by is None
            and not self.earlier
        )


@dataclass(frozen=True)
class PendingRow:
    """A request to join the region, waiting for a coordinator."""

    device: str
    name: str
    role: str
    branch_name: str
    code: str
    requested: str
    replaces: bool = False  # the device is enrolled with another key (enroll.replaces_key)
    #: a new identity of computers enrolled here: what approving it links (decision 0332)
    takes_over: str = ""


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
    known = {d["device"]: d for d in info["devices"]}
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
                d["suspended_since"],
                d["replaced_by"],
                tuple(d["earlier"]),
                lineage.state_text(d, known),
                lineage.state_text(d, known, brief=True),
            )
        )
    devices.sort(  # by name in the language's alphabet; revoked and replaced ones last
        key=lambda r: (
            r.revoked_after is not None or r.replaced_by is not None,
            sort_key(r.name),
            sort_key(r.branch_name),
            r.device,
        )
    )
    pending = [
        PendingRow(
            p["device"],
            p["name"],
            p["role"],
            p["branch_name"] or "",
            p["code"],
            p["requested"],
            bool(p["replaces_key"]),
            lineage.takes_over_line(p["earlier"], known) if p["earlier"] else "",
        )
        for p in info["pending"]
    ]
    reachable = share is not None and share.reachable()
    region = region_name or info["region"]
    return RegionDevices(region, info["version"], reachable, info["own_code"], devices, pending)


def find_device(trust: TrustList, text: str) -> DeviceEntry:
    """The enrolled device ``text`` names, as a coordinator names it (decision 0335): its id,
    its code (any of its keys', as ``trust list`` shows it, with or without the dash), its name
    (any case; without diacritics too), or the first or last characters of its id. The first
    of those ways that matches anything decides; :class:`TrustError` when nothing matches or
    more than one device does (they are named with their codes)."""
    wanted = text.strip()
    entries = list(trust.devices.values())
    if not wanted:
        raise TrustError("unknown_device", _NO_SUCH_DEVICE, device=text)
    name = unicodedata.normalize("NFC", " ".join(wanted.split())).casefold()
    code = crypto.normalise_code(wanted)
    tiers = (
        [e for e in entries if e.device == wanted],
        [e for e in entries if any(k.code == code for k in e.keys)],
        [e for e in entries if unicodedata.normalize("NFC", e.name).casefold() == name],
        [e for e in entries if rules.fold(e.name) == rules.fold(wanted)],
        [  # ids begin with their time (UUIDv7): the end tells apart ones made together
            e
            for e in entries
            if len(wanted) >= 4
            and (e.device.startswith(wanted.lower()) or e.device.endswith(wanted.lower()))
        ],
    )
    for found in tiers:
        if len(found) == 1:
            return found[0]
        if found:
            which = ", ".join(
                f"{e.name} ({e.current.code})"
                for e in sorted(found, key=lambda e: (sort_key(e.name), e.current.code))
            )
            raise TrustError(
                "several_devices",
                N_("Several computers match “{device}”: {which}. Name one by its code."),
                device=wanted,
                which=which,
            )
    raise TrustError("unknown_device", _NO_SUCH_DEVICE, device=wanted)


_NO_SUCH_DEVICE = N_(
    "No computer in the trust list has the code, name or id “{device}”. “libtrainer trust "
    "list” shows each computer's code and name."
)


def approve(
    store: Store, share_root: str | None, code: str, *, as_coordinator: bool = False
) -> DeviceEntry:
    """Approve the request showing ``code`` (after comparing it by phone) and publish;
    ``as_coordinator``: the person approving was told it asks to join as a coordinator."""
    share = enroll_share(store, share_root)
    return enroll.admit(store, share, code, as_coordinator=as_coordinator).entry


@dataclass(frozen=True)
class RevocationPoint:
    """Where a revocation of one device takes effect: its bundles up to :attr:`after` stay
    valid (docs/decisions/0321)."""

    merged: int  # its last bundle merged here
    on_share: int  # its last bundle on the shared folder that is signed by it and linked

    @property
    def after(self) -> int:
        return max(self.merged, self.on_share)

    @property
    def not_merged(self) -> int:
        """Bundles that stay valid but are not merged here yet (the next sync merges them)."""
        return max(0, self.on_share - self.merged)


def revocation_point(store: Store, share_root: str | None, device: str) -> RevocationPoint:
    """The last bundle of ``device`` that stays valid when it is revoked now: the newest one
    merged here, or further along its chain as far as its bundles already on the shared folder
    verify under its key and each names the one before. Honest work it sent before the
    revocation therefore stays valid even when this computer has not merged it yet."""
    share = enroll_share(store, share_root)
    trust = refresh_trust(store, share)
    with store.read() as conn:
        merged = dict(
            conn.execute(
                select(Ingested.seq, Ingested.bundle_hash).where(
                    Ingested.device == device, Ingested.kind == "changes"
                )
            ).all()
        )
    last = max(merged, default=0)
    found = _signed_on_share(share, trust, device, last)
    seq, previous = last, merged.get(last)
    while len(found.get(seq + 1, {})) == 1:  # two different files of one number: a fork
        ((digest, prev),) = found[seq + 1].items()
        if prev != previous:
            break
        seq, previous = seq + 1, digest
    return RevocationPoint(last, seq if seq > last else 0)


def _signed_on_share(
    share: Share, trust: TrustList, device: str, above: int
) -> dict[int, dict[str, str | None]]:
    """seq -> {bundle hash: prev hash} of the device's bundles above ``above`` on the share
    that verify under its keys (signature, region, payload); anything else is passed over."""
    found: dict[int, dict[str, str | None]] = {}
    for path in share.bundle_files(device):
        named = parse_bundle_name(path.name)
        if named is not None and named[0] <= above:
            continue  # merged already: not read again
        try:
            data = share.read(path, MAX_BUNDLE)
            header = signed_header(data, trust, share.region)
        except (BundleError, ShareError):
            continue
        if header.device == device and header.kind == "changes" and header.seq > above:
            found.setdefault(header.seq, {})[bundle_hash(data)] = header.prev_hash
    return found


def revoke_after_last(
    store: Store, share_root: str | None, device: str, after: int | None = None
) -> int:
    """Revoke ``device``: what it sent before (merged here, or signed and on the shared folder,
    :func:`revocation_point`) stays valid, any later bundle is refused. ``after``: the number
    the person was shown and confirmed (never below what was merged here). Returns the last
    bundle number that stays valid."""
    share = enroll_share(store, share_root)
    point = revocation_point(store, share_root, device)
    last = point.after if after is None else max(after, point.merged)
    entry = refresh_trust(store, share).key_for(device)
    if entry is not None and entry.revoked_after is not None:
        # Already revoked (by another coordinator, perhaps after merging more of its honest
        # bundles): never lower the point, or what that coordinator merged would be refused here.
        last = max(last, entry.revoked_after)
    trustops.revoke(store, share, device, last)
    return last


@dataclass(frozen=True)
class Rotated:
    """This coordinator's keys were replaced (``trust rotate``, decision 0301)."""

    version: int  # the trust list version that names the new key
    code: str  # this computer's new code (the one other computers now see for it)
    old_code: str  # the code it had before


def rotate_keys(store: Store, share_root: str | None) -> Rotated:
    """Replace this coordinator's keys, as ``trust rotate``: a new trust list version signed
    by the old key and the new one; the new keys reach the keyring only once that version is
    on the shared folder. Refused, with nothing changed, when the folder is not reachable or
    another coordinator changed the list at that moment (then simply try again)."""
    share = enroll_share(store, share_root)
    old_code = identity.enrolment_code(store) or ""
    fresh = trustops.rotate(store, share)
    with store.read() as conn:
        version = load_trust(conn, share.region).version
    return Rotated(version, fresh.code, old_code)


#: The shortest passphrase a key backup made from the window takes: the file holds every key
#: of a coordinator, and it is copied to a USB stick or another computer.
MIN_PASSPHRASE = 10


#: The ending of key backup files (the window adds it; an existing file is replaced only
#: when it is a key backup, so a typed path never overwrites someone's report).
BACKUP_SUFFIX = ".ltkeys"


def backup_keys(store: Store, path: str, passphrase: str, repeated: str) -> Path:
    """``keys backup FILE`` from the window: this computer's keys written to ``path``, sealed
    with ``passphrase`` (typed twice). Nothing is written when a field is refused."""
    if not path.strip():
        raise ValidationError("path", N_("Choose where to save the key backup."))
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(
            "passphrase",
            N_("The passphrase must have at least {n} characters."),
            n=MIN_PASSPHRASE,
        )
    if passphrase != repeated:
        raise ValidationError("repeat", N_("The two passphrases differ."))
    target = Path(path.strip())
    if not target.is_absolute():
        raise ValidationError("path", N_("Choose where to save the key backup."))
    if target.exists() and (not target.is_file() or target.suffix.lower() != BACKUP_SUFFIX):
        raise ValidationError(
            "path",
            N_("{path} already exists and is not a key backup: choose another name."),
            path=str(target),
        )
    identity.backup_keys(store, target, passphrase)
    return target


def enroll_share(store: Store, share_root: str | None) -> Share:
    """The shared folder, required to be there (messages as for ``sync``)."""
    share = _share(store, share_root)
    if share is None:
        raise ShareError(N_("No shared folder is set. An administrator sets it in Settings."))
    share.require(store.pending_changes())
    return share
