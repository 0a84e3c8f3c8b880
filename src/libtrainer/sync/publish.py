"""Publishing: this device's captured changes become bundles in its own outbox folder.

Guarantees:
- Bundles chain per device: ``seq`` 1, 2, 3… and each ``prev_hash`` is the previous bundle's
  hash; the chain lives in ``lt_published`` and survives restarts.
- Crash-safe without forks: a bundle is first committed locally (with its bytes), then written
  to the share. After a crash in between, the *same bytes* are written again — never a second,
  different bundle with the same seq.
- Re-delivery (decisions/0320): the bytes of a bundle of changes are kept until a
  coordinator's ack names it (``sync/acks.py`` drops them). Every publish first writes again
  each kept bundle whose file is missing from this device's outbox folder on the share (a
  reformatted stick, an old copy of it put back, a file that vanished): same bytes, same name.
  The newest catalogue bundle is kept and written again the same way.
- Nothing is removed from the outbox here; pruning waits for a coordinator's ack.
- A branch or lecturer device whose coordinator's signed notice says its bundles are set aside
  after a fork publishes nothing at all (``sync/paused.py``, decision 0333).
- A coordinator also publishes the catalogue snapshot for the branches when it changed, with
  the ids of the people erased in the region (``sync/erasures.py``, decision 0325).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, delete, func, insert, select, update

from libtrainer.domain.errors import N_
from libtrainer.store import outbox, unsent
from libtrainer.store.apply import Change
from libtrainer.store.models import Outbox, Published, TrustVersion
from libtrainer.store.store import Store, read_meta, write_meta
from libtrainer.sync import catalogue, erasures, identity, ownchain, paused
from libtrainer.sync.ackfile import Ack, ack_path, make_ack, read_ack
from libtrainer.sync.bundle import build_bundle, bundle_hash
from libtrainer.sync.errors import (
    BundleError,
    ShareConflict,
    ShareError,
    ShareUnreachable,
    TrustError,
    WrongShare,
)
from libtrainer.sync.identity import DeviceKeys
from libtrainer.sync.paused import Pause
from libtrainer.sync.share import BUNDLE_EXT, Share, bundle_name
from libtrainer.sync.signed import DOC_LIMIT
from libtrainer.sync.target import StoreTarget, Target
from libtrainer.sync.trust import (
    DOMAIN,
    TrustList,
    load_chain,
    load_trust,
    parse_trust,
    refresh_trust,
    replaced_on,
)

log = logging.getLogger(__name__)

MAX_CHANGES_PER_BUNDLE = 100_000
META_CATALOGUE = "sync_catalogue_fingerprint"


@dataclass(frozen=True)
class PublishResult:
    bundles: list[Path]
    changes: int
    waiting: int = 0  # changes kept on this computer, not yet in any bundle
    # "not_enrolled" while the coordinator has not approved the device; "revoked" once a
    # coordinator stopped accepting its bundles (the trust list's revoked_after);
    # "key_replaced" when a coordinator gave this device id a newer key (a copied data folder);
    # "paused" when a coordinator's notice says it set this device's bundles aside (0333)
    note: str | None = None
    catalogue: Path | None = field(default=None)
    resent: int = 0  # changes of bundles made earlier and written now (missing from the share)
    resent_bundles: int = 0
    catalogue_again: bool = False  # the newest catalogue was missing and was written again
    home: str | None = None  # what check_home found (HOME_RESEEDED, HOME_TRUST_MISSING)
    replaced_on: str | None = None  # "key_replaced": the date the coordinator replaced the key
    #: This device's own bundles elsewhere that its chain does not hold (a store restored from
    #: an older copy; ``sync/ownchain.py``), or None.
    own: ownchain.Verdict | None = None
    #: A coordinator's notice paused this device's sending (``sync/paused.py``), or None.
    paused: Pause | None = None


@dataclass
class Tally:
    """What one publish has done so far; the caller reads it also after a :class:`ShareError`
    stopped the publish half-way (a full stick after the first of two bundles)."""

    bundles: list[Path] = field(default_factory=list)
    changes: int = 0
    resent: int = 0
    resent_bundles: int = 0
    catalogue: Path | None = None
    catalogue_again: bool = False
    home: str | None = None
    own: ownchain.Verdict | None = None
    paused: Pause | None = None

    def result(
        self, note: str | None = None, waiting: int = 0, replaced_on: str | None = None
    ) -> PublishResult:
        return PublishResult(
            list(self.bundles),
            self.changes,
            waiting=waiting,
            note=note,
            catalogue=self.catalogue,
            resent=self.resent,
            resent_bundles=self.resent_bundles,
            catalogue_again=self.catalogue_again,
            home=self.home,
            replaced_on=replaced_on,
            own=self.own,
            paused=self.paused,
        )


def unpublished(conn: Connection) -> int:
    """Captured changes not yet in any bundle."""
    return outbox.unpublished(conn)


def next_seq(conn: Connection, kind: str = "changes") -> int:
    last = conn.execute(select(func.max(Published.seq)).where(Published.kind == kind)).scalar()
    return int(last or 0) + 1


def restart_chain(conn: Connection) -> int:
    """Forget this device's bundle chains, inside the caller's transaction; returns the last
    seq of the old chain of changes. For a new device id (sync/renew.py, decisions/0318): its
    bundles start again at seq 1 in its own outbox folder and every change still in the outbox
    counts as unpublished. Bundle bytes not yet written are dropped: their changes travel again.
    """
    last = conn.execute(select(func.max(Published.seq)).where(Published.kind == "changes")).scalar()
    # every record in the outbox now may have left under the old id (store/unsent.py)
    tail = conn.execute(select(func.max(Outbox.seq))).scalar()
    write_meta(conn, unsent.SENT_FLOOR, str(int(tail or 0)))
    conn.execute(delete(Published))
    write_meta(conn, ownchain.META_STOPPED, "")  # a new chain: the old one's stop is over
    write_meta(conn, paused.META_PAUSED, "")  # and the notices to the old id are not its own
    write_meta(conn, paused.META_NOTICES, "")
    return int(last or 0)


def _last_outbox(conn: Connection) -> int:
    last = conn.execute(
        select(func.max(Published.last_outbox)).where(Published.kind == "changes")
    ).scalar()
    return int(last or 0)


def _prev_hash(conn: Connection, kind: str) -> str | None:
    return conn.execute(
        select(Published.bundle_hash)
        .where(Published.kind == kind)
        .order_by(Published.seq.desc())
        .limit(1)
    ).scalar()


def _folder(kind: str, device: str) -> str:
    return f"{'outbox' if kind == 'changes' else 'catalogue'}/{device}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Kept:
    """A bundle whose bytes this store keeps for writing (again). Only its size is read with
    the list: a laptop months without an acknowledgement keeps many bundles, and each sync
    reads the bytes of the missing ones only (:func:`kept_bytes`)."""

    kind: str
    seq: int
    file_name: str
    changes: int
    size: int


def kept(conn: Connection) -> list[Kept]:
    """Bundles whose bytes are kept: every bundle of changes no coordinator has acknowledged
    yet, and the newest catalogue bundle (a catalogue is a whole snapshot: older ones are not
    needed). In kind and seq order."""
    newest_catalogue = next_seq(conn, "catalogue") - 1
    rows = conn.execute(
        select(
            Published.kind,
            Published.seq,
            Published.file_name,
            Published.changes,
            func.length(Published.data),
        )
        .where(Published.data.is_not(None))
        .order_by(Published.kind, Published.seq)
    ).all()
    return [
        Kept(kind, int(seq), name, int(changes), int(size))
        for kind, seq, name, changes, size in rows
        if kind == "changes" or int(seq) == newest_catalogue
    ]


def kept_bytes(store: Store, bundle: Kept) -> bytes:
    """The kept bytes of one bundle (:class:`LookupError` when they were dropped meanwhile: an
    acknowledgement arrived, or a newer catalogue replaced it)."""
    with store.read() as conn:
        data = conn.execute(
            select(Published.data).where(Published.kind == bundle.kind, Published.seq == bundle.seq)
        ).scalar()
    if data is None:
        raise LookupError(bundle.file_name)
    return bytes(data)


def unconfirmed(conn: Connection) -> int:
    """Changes in bundles made here that no coordinator has acknowledged yet."""
    return outbox.unconfirmed(conn)


#: What :func:`check_home` found: the coordinator wrote the region's trust list back into a
#: folder that had lost it, or (a branch) the list is missing and the coordinator must sync.
HOME_RESEEDED = "reseeded"
HOME_TRUST_MISSING = "trust_missing"


def check_home(store: Store, share: Share) -> str | None:
    """Refuse (:class:`WrongShare`) a folder that is not this region's shared folder, once this
    store has accepted a trust list (before that, enrolment writes the request or starts the
    trust list; see ``sync/enroll.py``).

    A region folder that lost its trust list (``trust/`` deleted while tidying up, a partial
    copy with ``outbox/`` only) is still the region's (decision 0322): a coordinator writes
    its trust lists back (as into a blank stick) and says so (:data:`HOME_RESEEDED`); a branch
    keeps sending and is told the coordinator must sync once (:data:`HOME_TRUST_MISSING`). A
    folder whose trust lists are not of this region's trust root is refused.
    """
    with store.read() as conn:
        chain = load_chain(conn)
    if not chain:
        return None
    coordinator = store.meta("role") == "coordinator"
    lost = share.lost_trust()
    if share.holds_trust():
        if _require_own_root(share, chain):
            try:  # versions someone deleted are written back by anyone, when it can
                _reseed(store, share)
            except ShareUnreachable:
                raise
            except ShareError as exc:
                log.warning("could not write trust-list versions back: %s", exc)
            return None
        # only damaged files (a half copy): the list is lost, unless the folder's other files
        # are all of devices we never knew (another region of the same name)
        known = {d for t in chain for d in t.devices}
        found = share.device_folders()
        if found and not found & known:
            raise _another_region(share)
        lost = share.lost_trust(ignore_damaged=True)
    if coordinator and (lost or share.blank()):
        _reseed(store, share)  # a reformatted stick, a tidied folder: the region starts again
        return HOME_RESEEDED
    if lost:
        return HOME_TRUST_MISSING
    share.require_home()
    return None


def _require_own_root(share: Share, chain: list[TrustList]) -> bool:
    """Refuse a region folder whose trust lists all belong to another trust root (another
    region of the same name): at least one parses and none is a version we hold or signed by
    a coordinator key we know. False when no file there is a trust list at all (all damaged:
    the list is lost, decision 0322), True when ours is there."""
    hashes = {t.sha256 for t in chain}
    keys = {k.key_id: k for t in chain for k in t.coordinator_keys()}
    parsed = False
    for data in share.trust_documents():
        if hashlib.sha256(data).hexdigest() in hashes:
            return True
        try:
            doc = parse_trust(data)[1]
        except TrustError:
            continue
        parsed = True
        if any(doc.signed_by(k.key_id, k.sign, DOMAIN) for k in keys.values()):
            return True
    if not parsed:
        return False
    raise _another_region(share)


def _another_region(share: Share) -> WrongShare:
    return WrongShare(
        N_(
            "{path} holds the trust list of another region named {region}, not of yours. "
            "Nothing was sent; your changes stay on this computer. Choose your region's "
            "shared folder."
        ),
        path=str(share.root),
        region=share.region,
    )


def _reseed(store: Store, share: Share) -> int:
    """Write every trust-list version this device accepted that the shared folder lacks (a
    blank stick, decision 0320; a deleted ``trust/`` or file, 0322), so every device finds its
    region and the whole chain there again. They are signed documents: any device may write
    them. Returns how many were written."""
    with store.read() as conn:
        docs = conn.execute(select(TrustVersion.version, TrustVersion.doc)).all()
    there = {hashlib.sha256(data).hexdigest() for data in share.trust_documents()}
    written = 0
    for version, doc in docs:
        data = bytes(doc)
        if hashlib.sha256(data).hexdigest() in there:
            continue
        name = f"trust/{int(version):08d}.trust"
        try:
            share.write_once(name, data, make_region=True)  # a blank stick has no region yet
        except ShareConflict:  # the name is taken: by another coordinator's version, or junk
            if _holds_trust_list(share, name):
                continue  # a competing version: readers choose (decision 0301)
            again = f"trust/{int(version):08d}-{secrets.token_hex(4)}.trust"
            with contextlib.suppress(ShareConflict):
                share.write_once(again, data, make_region=True)
        written += 1
    if written:
        log.info("wrote %d trust-list versions back to the shared folder", written)
    return written


def _holds_trust_list(share: Share, rel: str) -> bool:
    """The file ``rel`` on the share is a trust-list document (not a damaged one)."""
    try:
        parse_trust(share.read(share.base / rel, DOC_LIMIT))
    except (TrustError, ShareError):
        return False
    return True


def _on_share(share: Share, kind: str, device: str) -> dict[str, int]:
    """This device's files in its outbox (or catalogue) folder on the share: name -> size."""
    return share.file_sizes(_folder(kind, device))


def _present(found: dict[str, int], bundle: Kept) -> bool:
    """The bundle's file (or a conflict copy of it) is there with its whole length. Its bytes
    are not read back: a damaged file of the same length is what ingest quarantines."""
    stem = bundle.file_name.removesuffix(BUNDLE_EXT)
    return any(name.startswith(stem) and size == bundle.size for name, size in found.items())


def missing(store: Store, share: Share) -> list[Kept]:
    """Kept bundles whose file is not on the share (not written yet, or gone since)."""
    with store.read() as conn:
        bundles = kept(conn)
    listings: dict[str, dict[str, int]] = {}
    result = []
    for bundle in bundles:
        if bundle.kind not in listings:
            listings[bundle.kind] = _on_share(share, bundle.kind, store.device_id)
        if not _present(listings[bundle.kind], bundle):
            result.append(bundle)
    return result


def _write(store: Store, share: Share, bundle: Kept) -> Path:
    """Write a kept bundle under its name; when a damaged file of ours holds the name (a
    truncated copy), under a second name: readers go by content, so both are the same bundle."""
    folder = _folder(bundle.kind, store.device_id)
    data = kept_bytes(store, bundle)
    try:
        path = share.write_once(f"{folder}/{bundle.file_name}", data)
    except ShareConflict:
        stem = bundle.file_name.removesuffix(BUNDLE_EXT)
        again = f"{folder}/{stem}-{secrets.token_hex(4)}{BUNDLE_EXT}"
        path = share.write_once(again, data)
    if bundle.kind == "catalogue":  # older snapshots are replaced by this one
        with store.uow() as uow:
            uow.connection.execute(
                update(Published)
                .where(Published.kind == "catalogue", Published.seq < bundle.seq)
                .values(data=None)
            )
            uow.commit()
    return path


def _deliver(store: Store, share: Share, tally: Tally, *, earlier: bool) -> None:
    """Write every kept bundle missing from the share; ``earlier``: they were made by an
    earlier publish (counted as sent again), else by this one."""
    for bundle in missing(store, share):
        try:
            path = _write(store, share, bundle)
        except LookupError:  # acknowledged (or replaced) since it was listed: not needed
            continue
        if bundle.kind == "catalogue":
            tally.catalogue = path
            tally.catalogue_again = tally.catalogue_again or earlier
        elif earlier:
            tally.bundles.append(path)
            tally.resent += bundle.changes
            tally.resent_bundles += 1
        else:
            tally.bundles.append(path)
            tally.changes += bundle.changes


def _catalogue_lost(store: Store, share: Share) -> bool:
    """The newest catalogue bundle is gone from the share and its bytes were dropped (a store
    from before bytes were kept): a new snapshot takes its place."""
    with store.read() as conn:
        row = conn.execute(
            select(Published.file_name, Published.data)
            .where(Published.kind == "catalogue")
            .order_by(Published.seq.desc())
            .limit(1)
        ).first()
    if row is None or row.data is not None:
        return False
    stem = str(row.file_name).removesuffix(BUNDLE_EXT)
    return not any(name.startswith(stem) for name in _on_share(share, "catalogue", store.device_id))


def _record(conn: Connection, kind: str, seq: int, data: bytes, span: tuple[int, int, int]) -> None:
    digest = bundle_hash(data)
    conn.execute(
        insert(Published).values(
            kind=kind,
            seq=seq,
            bundle_hash=digest,
            first_outbox=span[0],
            last_outbox=span[1],
            changes=span[2],
            created_wall=_now(),
            file_name=bundle_name(seq, digest),
            data=data,
        )
    )


def _make_changes_bundle(store: Store, own: DeviceKeys, trust: TrustList, region: str) -> int:
    """Commit the next bundle of unpublished changes locally; how many changes it holds."""
    with store.uow() as uow:
        conn = uow.connection
        rows = conn.execute(
            select(Outbox)
            .where(Outbox.seq > _last_outbox(conn))
            .order_by(Outbox.seq)
            .limit(MAX_CHANGES_PER_BUNDLE)
        ).all()
        if not rows:
            return 0
        changes = [
            Change(
                r.tbl,
                r.row_id,
                r.op,
                r.cl,
                r.hlc,
                r.device,
                json.loads(r.data) if r.data is not None else None,
            )
            for r in rows
        ]
        seq = next_seq(conn)
        data = build_bundle(
            changes,
            region=region,
            device=own.device,
            signing_key=own.signing,
            seq=seq,
            prev_hash=_prev_hash(conn, "changes"),
            created_hlc=store.identity.clock.now(),
            trust_version=trust.version,
            recipients=trust.recipients("changes"),
        )
        _record(conn, "changes", seq, data, (rows[0].seq, rows[-1].seq, len(rows)))
        uow.commit()
    return len(rows)


def _make_catalogue_bundle(
    store: Store,
    own: DeviceKeys,
    trust: TrustList,
    region: str,
    *,
    again: bool = False,
    target: Target | None = None,
) -> bool:
    """Commit a catalogue snapshot bundle locally when the catalogue, the people erased in
    the region (``sync/erasures.py``) or its readers changed (``again``: also when they did
    not, because the newest one is lost). ``target``: the store the coordinator merges into
    when it is not this one (``--central``), whose erasures count too."""
    central = _erasures_of(store, target)
    with store.uow() as uow:
        conn = uow.connection
        changes = catalogue.snapshot(conn)
        changes += erasures.newest(erasures.tombstones(conn), central)
        recipients = sorted(trust.recipients("catalogue"))
        digest = hashlib.sha256(
            json.dumps(
                [[c.tbl, c.row_id, c.op, c.cl, c.hlc, c.device, c.data] for c in changes],
                sort_keys=True,
            ).encode()
        )
        for key in recipients:
            digest.update(key)
        fingerprint = digest.hexdigest()
        if not changes or (read_meta(conn, META_CATALOGUE) == fingerprint and not again):
            return False
        seq = next_seq(conn, "catalogue")
        data = build_bundle(
            changes,
            region=region,
            device=own.device,
            signing_key=own.signing,
            seq=seq,
            prev_hash=_prev_hash(conn, "catalogue"),
            created_hlc=store.identity.clock.now(),
            trust_version=trust.version,
            recipients=recipients,
            kind="catalogue",
        )
        _record(conn, "catalogue", seq, data, (0, 0, len(changes)))
        write_meta(conn, META_CATALOGUE, fingerprint)
        uow.commit()
    return True


def _erasures_of(store: Store, target: Target | None) -> list[Change]:
    """The tombstones of the people erased in the central store a coordinator merges into
    (none for this computer's own store: the snapshot reads those itself)."""
    if target is None or (isinstance(target, StoreTarget) and target.store is store):
        return []
    with target.reading() as conn:
        return erasures.tombstones(conn)


def publish(
    store: Store, share: Share, tally: Tally | None = None, *, target: Target | None = None
) -> PublishResult:
    """Publish everything captured since the last bundle (and, on a coordinator, the catalogue),
    after writing again any kept bundle missing from the share.

    Raises :class:`ShareUnreachable` (with the count of changes kept) when the share is not
    there, :class:`WrongShare` when it is not this region's shared folder, :class:`ShareError`
    for disk full / permission denied; nothing is lost either way. ``tally`` (optional) says
    what was done before such an error. ``target``: the store the coordinator's sync merges
    into, when it is not this computer's own (``--central``): its own bundles merged there
    count for the own chain check (decision 0323).
    """
    tally = tally if tally is not None else Tally()
    try:
        result = _publish(store, share, tally, target)
    except ShareUnreachable:  # gone while sending: no kept bundle is known to be there
        with store.read() as conn:
            kept_changes = sum(b.changes for b in kept(conn) if b.kind == "changes")
        store.set_meta(outbox.NOT_WRITTEN, str(kept_changes))
        raise
    except ShareError:
        with store.read() as conn:
            pending = unpublished(conn)
        store.set_meta(outbox.NOT_WRITTEN, str(not_on_share(store, share) - pending))
        raise
    return result


def not_on_share(store: Store, share: Share) -> int:
    """Changes not on the share after a failed write: not in a bundle yet, or in a kept bundle
    whose file is missing (all kept bundles when the share cannot even be listed)."""
    with store.read() as conn:
        count = unpublished(conn)
        bundles = kept(conn)
    with contextlib.suppress(ShareError):
        bundles = missing(store, share)
    return count + sum(b.changes for b in bundles if b.kind == "changes")


def _publish(store: Store, share: Share, tally: Tally, target: Target | None) -> PublishResult:
    """:func:`publish` itself; the caller keeps count of what could not be written."""
    with store.read() as conn:
        waiting = unpublished(conn)
    share.require(waiting)
    if not identity.has_keys(store):  # never enrolled: nothing can be signed yet
        return PublishResult([], 0, waiting=waiting, note="not_enrolled")
    tally.home = check_home(store, share) or tally.home
    trust = refresh_trust(store, share)
    own = identity.load_device_keys(store)  # after the list: it may settle a change of keys
    coordinator = store.meta("role") == "coordinator"
    if trust.key_for(own.device) is not None:  # a coordinator's notice (decision 0333)
        tally.paused = paused.check(store, share, trust)
        if tally.paused is not None and tally.paused.stops:
            return tally.result(note="paused", waiting=waiting)
    if trust.key_for(own.device) is not None:  # never a number already used (decision 0323)
        verdict = ownchain.check(
            store, share, trust, read_acks(store, share), coordinator=coordinator, target=target
        )
        if verdict.note is not None:
            tally.own = verdict
        ownchain.remember(store, verdict)  # for ``status`` until the next check
        if verdict.stops:
            return tally.result(waiting=waiting)
        if verdict.note == "continued":
            ownchain.adopt(store, verdict)
    _deliver(store, share, tally, earlier=True)
    if int(store.meta(outbox.NOT_WRITTEN) or 0):
        store.set_meta(outbox.NOT_WRITTEN, "0")  # every kept bundle is on the share now
    with store.read() as conn:
        seq = next_seq(conn)
    if not trust.allows(own.device, seq, own.key_id) or not trust.recipients("changes"):
        entry = trust.key_for(own.device)
        if entry is not None and entry.revoked_after is not None:
            return tally.result(note="revoked", waiting=waiting)
        with store.read() as conn:
            replaced = replaced_on(conn, own.device, own.key_id)
        if replaced is not None:  # another computer took this identity's key (a copy)
            return tally.result(note="key_replaced", waiting=waiting, replaced_on=replaced)
        return tally.result(note="not_enrolled", waiting=waiting)
    while _make_changes_bundle(store, own, trust, share.region):
        _deliver(store, share, tally, earlier=False)
    if coordinator and trust.allows(own.device, 1, own.key_id, "catalogue"):
        lost = _catalogue_lost(store, share)
        if _make_catalogue_bundle(store, own, trust, share.region, again=lost, target=target):
            _deliver(store, share, tally, earlier=lost)
    return tally.result()


# --- acks ------------------------------------------------------------------------------------


def write_ack(
    store: Store, share: Share, device: str, seq: int, bundle_hash: str, *, again: bool = False
) -> Path:
    """Write this coordinator's signed ack of bundle (device, seq, hash) into its ack folder;
    ``again``: under a second name, when a file that is not this ack holds the usual one."""
    own = identity.load_device_keys(store)
    data = make_ack(own, share.region, device, seq, bundle_hash)
    rel = ack_path(own.device, device, seq, bundle_hash)
    if again:
        rel = rel.removesuffix(".ack") + f"-{secrets.token_hex(4)}.ack"
    return share.write_once(rel, data)


def read_acks(store: Store, share: Share) -> list[Ack]:
    """Verified acks addressed to this device (unverifiable files are skipped)."""
    with store.read() as conn:
        trust = load_trust(conn, share.region)
    found: dict[tuple[str, int, str], Ack] = {}
    for path in share.ack_files(store.device_id):
        try:
            ack = read_ack(share.read(path, DOC_LIMIT), trust, share.region)
        except (TrustError, ShareError, BundleError):
            continue
        if ack.device == store.device_id:
            found.setdefault((ack.coordinator, ack.seq, ack.bundle_hash), ack)
    return sorted(found.values(), key=lambda a: (a.seq, a.coordinator))
