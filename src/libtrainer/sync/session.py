"""One synchronisation, as ``libtrainer sync SHARE`` runs it: publish, prune, ingest, ack.

1. Publish this device's new changes (``sync/publish.py``). 2. Read the coordinators' acks and
prune what they confirmed (``sync/acks.py``). 3. Ingest: a coordinator merges every device's
bundles (its own too, which changes nothing but lets it acknowledge them) into its own store,
or into a central PostgreSQL store; a branch or lecturer device merges the coordinators'
catalogue and erases the people the coordinators erased (``sync/erasures.py``). 4. A
coordinator acknowledges each bundle it merged (and writes again, on this shared folder, the
acks it gave on another: ``sync/reack.py``), leaves its notices for the devices it suspended
or revoked (``sync/notify.py``) and publishes the catalogue again if the merge changed it.

When the share is not reachable nothing is attempted and every change stays on this computer
(:class:`ShareUnreachable`). Problems with single files are reported and never stop the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from libtrainer.domain.errors import error_codes
from libtrainer.domain.rules import shown
from libtrainer.i18n import _, render
from libtrainer.store import codeclash, outbox
from libtrainer.store.hlc import unpack, wall_ms
from libtrainer.store.models import Ingested, TrustVersion
from libtrainer.store.openerrors import DiskError
from libtrainer.store.store import Store
from libtrainer.sync import (
    acks,
    chain,
    clockahead,
    crypto,
    erasures,
    identity,
    notify,
    ownchain,
    publish,
    quarantine,
    reack,
)
from libtrainer.sync.ackfile import ack_path, read_ack
from libtrainer.sync.bundle import MAX_BUNDLE, OpenedBundle, open_bundle, peek_header
from libtrainer.sync.errors import (
    BundleError,
    ShareConflict,
    ShareError,
    ShareUnreachable,
    ShareVanished,
    TrustError,
)
from libtrainer.sync.ingest import FileIngest, IngestReport
from libtrainer.sync.merge import FUTURE_LIMIT_MS
from libtrainer.sync.paused import Pause
from libtrainer.sync.share import Share
from libtrainer.sync.signed import DOC_LIMIT
from libtrainer.sync.target import StoreTarget, Target
from libtrainer.sync.trust import TrustList, parse_trust, refresh_trust

log = logging.getLogger(__name__)


@dataclass
class SyncSummary:
    """What a sync did, for the summary printed to people and the ``--json`` output."""

    published_changes: int = 0
    published_bundles: int = 0
    publish_note: str | None = None
    resent_changes: int = 0  # in bundles made earlier, written now: they were not on the share
    catalogue_again: bool = False  # the newest catalogue was missing and was written again
    send_failed: bool = False  # a write to the share failed (the reason is in ``problems``)
    unsent: int = 0  # after such a failure: changes still not on the share (kept here)
    pruned: int = 0
    #: bundles whose confirmation on the share is damaged: written again, waiting for a new one
    ack_damaged: list[int] = field(default_factory=list)
    acked: int = 0
    code_clashes: int = 0  # participant codes newly found given to two people (coordinators)
    #: people erased here because a coordinator erased them (``sync/erasures.py``; devices)
    erased_on_request: int = 0
    #: bundles made before this computer became a coordinator (not readable here), found now
    before_coordinator: int = 0
    revoked_after: int | None = None  # this device is revoked: bundles after this are refused
    #: This device's own bundles elsewhere that its chain did not hold: a store restored from
    #: an older copy (``sync/ownchain.py``, decision 0323), or None.
    own: ownchain.Verdict | None = None
    own_suspended: bool = False  # a coordinator that suspended its own id (an earlier fork)
    #: A coordinator's notice paused this device's sending (``sync/paused.py``, 0333), or None.
    paused: Pause | None = None
    notices_written: int = 0  # a coordinator: notices written for devices it stopped (0333)
    own_device: str = ""  # this computer's device id (for the way out)
    #: this computer's clock ran ahead once: what it sent is dated this far (ms) ahead (0: not)
    clock_ahead_ms: int = 0
    #: a coordinator merges what this computer sends dated that far ahead: "new" (learnt at
    #: this sync) or "known"; None: not known (``sync/clockahead.py``)
    clock_approved: str | None = None
    coordinator: bool = False
    ingest: IngestReport | None = None
    problems: list[str] = field(default_factory=list)
    trust_notes: list[str] = field(default_factory=list)  # a split trust list settled (0322)
    home: str | None = None  # the trust list was written back / is missing (publish.check_home)
    replaced_on: str | None = None  # publish_note "key_replaced": when the key was replaced

    @property
    def failed(self) -> bool:
        """A real failure: a problem, or this computer's sends would be (or are) set aside."""
        stopped = self.own is not None and self.own.stops
        paused = self.paused is not None and self.paused.stops
        return bool(self.problems) or stopped or paused or self.own_suspended


def unsent(store: Store) -> int:
    """Changes on this computer not on the share yet (for the unreachable message)."""
    return store.pending_changes()


def synchronise(
    store: Store, share_root: Path, *, target: Target | None = None, now_ms: int | None = None
) -> SyncSummary:
    """Run one sync against the share at ``share_root`` (see the module docstring)."""
    share = Share.for_store(share_root, store)
    if not share.reachable():
        raise ShareUnreachable(unsent(store), path=str(share_root))
    try:
        return _synchronise(store, share, target=target, now_ms=now_ms)
    except ShareVanished as exc:  # taken out half-way: nothing was written in its place
        raise ShareVanished(_kept_here(store), path=str(share_root)) from exc


def _kept_here(store: Store) -> int:
    """Changes on this computer that no coordinator has confirmed (not sent, or sent and
    perhaps lost with a shared folder that went away)."""
    with store.read() as conn:
        return publish.unpublished(conn) + publish.unconfirmed(conn)


def _synchronise(
    store: Store, share: Share, *, target: Target | None, now_ms: int | None
) -> SyncSummary:
    summary = SyncSummary(coordinator=store.meta("role") == "coordinator")
    if identity.has_keys(store):  # another region's folder, a folder inside the share
        summary.home = publish.check_home(store, share)
    if store.meta("role") == "coordinator":
        _settle_split(store, share, summary)
    _publish(store, share, summary, target)
    if summary.published_bundles:
        summary.clock_ahead_ms = _clock_ahead(store, now_ms)
    newly_approved = False
    try:
        found = reack.read_acks(store, share)
        newly_approved = clockahead.learn(store, found.valid)  # before prune drops the bytes
        summary.pruned = acks.prune(store, found.valid)
        summary.ack_damaged = reack.ask_again(store, share, found)
    except ShareError as exc:
        summary.problems.append(render(exc))
    if summary.clock_ahead_ms and clockahead.covered(store):
        summary.clock_approved = "new" if newly_approved else "known"
    _report_skipped(share, summary)
    coordinator = store.meta("role") == "coordinator"
    trust = refresh_trust(store, share)
    own = trust.key_for(store.device_id)
    if own is None or summary.publish_note == "key_replaced":
        return summary  # not enrolled (any more): nothing on the share is readable here
    if own.revoked_after is not None:  # what comes now is not encrypted for it any more
        summary.revoked_after = own.revoked_after
        _end_join(store, revoked=True)
        return summary
    try:
        paths = share.bundle_files() if coordinator else share.catalogue_files()
    except ShareError as exc:
        summary.problems.append(render(exc))
        return summary
    finally:
        _report_skipped(share, summary)
    target = target or StoreTarget(store)
    noted = _notes(target) if coordinator else set()
    if coordinator:
        _keys_changed(store, target)
    ingest = FileIngest(
        target,
        read=lambda path: share.read(path, MAX_BUNDLE),
        open_=_opener(store, share, trust),
        label=lambda device: device_label(trust, device),
        now_ms=now_ms,
        root=share.base,
        earlier=trust.lineage,  # a renewed computer's approvals (decision 0332)
    )
    try:
        summary.ingest = ingest.run(paths)
    except OperationalError as exc:  # disk full, store locked: the bundle's transaction rolled back
        log.warning("ingest stopped: %s", exc.orig)
        summary.ingest = ingest.report
        summary.problems.append(_store_problem(exc))
        return summary
    except DiskError as exc:  # the same, told by the unit of work (store.openerrors)
        log.warning("ingest stopped: %s", error_codes(exc))
        summary.ingest = ingest.report
        summary.problems.append(render(exc))
        return summary
    if not coordinator:
        _settle_old_catalogues(target, summary.ingest)
        _end_join(store)
        summary.erased_on_request = erasures.carry_out(store)
    if coordinator:
        summary.before_coordinator = _settle_before_coordinator(store, target, summary.ingest)
        _ack_merged(store, share, target, trust, summary, paths)
    if coordinator and summary.ingest.merged:
        summary.code_clashes = _new_open_notes(target, noted)
        if isinstance(target, StoreTarget):
            _regroup(store)
        _publish(store, share, summary, target)
    if coordinator:
        with target.reading() as conn:
            summary.own_suspended = chain.suspension(conn, store.device_id) is not None
        summary.own_device = store.device_id
    return summary


def _settle_split(store: Store, share: Share, summary: SyncSummary) -> None:
    """A coordinator whose trust-list version lost to another coordinator's applies its change
    again on top of the winner (``sync/trustsplit.py``, decision 0322)."""
    from libtrainer.sync import trustsplit  # noqa: PLC0415 - trustsplit imports enroll, which imports this

    try:
        refresh_trust(store, share)
        summary.trust_notes.extend(trustsplit.lines(trustsplit.settle(store, share)))
    except (ShareError, TrustError) as exc:
        summary.problems.append(render(exc))


#: ``lt_meta`` mark of a device that asked to join and waits for its first catalogue
#: (``sync.enroll``, docs/decisions/0317).
META_JOINING = "sync_join_pending"


def _end_join(store: Store, *, revoked: bool = False) -> None:
    """A joining device has joined once it is in the trust list and holds a catalogue (or was
    revoked since): whichever path synchronised it (``libtrainer sync``, the window, a
    scheduled send), it is not "joining" any more."""
    if not store.meta(META_JOINING):
        return
    with store.read() as conn:
        catalogues = conn.execute(
            select(func.count()).select_from(Ingested).where(Ingested.kind == "catalogue")
        ).scalar_one()
    if catalogues or revoked:
        store.set_meta(META_JOINING, "")


def _notes(target: Target) -> set[tuple[str, str]]:
    """The notes of a participant code given to two people the target holds."""
    with target.reading() as conn:
        return codeclash.keys(conn)


def _new_open_notes(target: Target, before: set[tuple[str, str]]) -> int:
    """How many notes this sync added that no coordinator has decided yet (a clash another
    coordinator decided is shown decided, not announced again)."""
    with target.reading() as conn:
        return len(codeclash.open_keys(conn) - before)


def _regroup(store: Store) -> None:
    """Groups of confirmed duplicates whose kept record a branch deleted stay together."""
    from libtrainer.services import duplicates  # noqa: PLC0415 - coordinators only

    with store.uow() as uow:
        changed = duplicates.regroup_after_remote_deletes(uow)
    if not changed.empty:
        log.info(
            "regrouped %d records of deleted kept records",
            len(changed.created.get("participant_alias", [])),
        )


def _report_skipped(share: Share, summary: SyncSummary) -> None:
    """Folders of the share that could not be listed: reported; the others were read."""
    summary.problems.extend(render(exc) for exc in share.skipped)
    share.skipped.clear()


def _clock_ahead(store: Store, now_ms: int | None) -> int:
    """How far (ms) this computer's own clock is ahead of its date when more than a day: it
    ran ahead once, and never runs back (decision 0002); else 0."""
    ahead = unpack(store.identity.clock.last)[0] - (now_ms if now_ms is not None else wall_ms())
    return ahead if ahead > FUTURE_LIMIT_MS else 0


def _settle_old_catalogues(target: Target, report: IngestReport) -> None:
    """Catalogues made before this device was enrolled are replaced, not problems."""
    with target.transaction() as conn:
        settled = quarantine.settle_superseded(conn)
    if settled:
        report.quarantined = [q for q in report.quarantined if q.bundle_hash not in settled]


def _publish(store: Store, share: Share, summary: SyncSummary, target: Target | None) -> None:
    tally = publish.Tally()
    try:  # publish keeps count of what it could not write (outbox.NOT_WRITTEN)
        result = publish.publish(store, share, tally, target=target)
    except ShareUnreachable as exc:  # gone while sending: no kept bundle is known to be there
        if isinstance(exc, ShareVanished):
            raise  # told by synchronise, which counts what is kept here
        with store.read() as conn:
            pending = publish.unpublished(conn)
        kept = int(store.meta(outbox.NOT_WRITTEN) or 0)
        raise ShareUnreachable(pending + kept, path=exc.params.get("path", "")) from exc
    except ShareError as exc:
        result = tally.result()
        summary.problems.append(render(exc))
        summary.send_failed = True
        summary.unsent = _not_on_share(store, share)
    summary.published_changes += result.changes
    summary.published_bundles += len(result.bundles)
    summary.resent_changes += result.resent
    summary.catalogue_again = summary.catalogue_again or result.catalogue_again
    summary.publish_note = result.note
    summary.replaced_on = result.replaced_on
    summary.home = summary.home or result.home
    summary.paused = result.paused
    if result.own is not None:
        summary.own = result.own
    elif summary.own is not None and summary.own.stops:  # merged since: nothing left to say
        summary.own = None


def _not_on_share(store: Store, share: Share) -> int:
    """Changes not on the share after a failed write (see :func:`publish.not_on_share`)."""
    return publish.not_on_share(store, share)


def _opener(store: Store, share: Share, trust: TrustList):  # type: ignore[no-untyped-def]
    keys = identity.decryption_keys(store)

    def open_(data: bytes, name: str) -> OpenedBundle:
        try:
            return open_bundle(data, trust=trust, decrypt_keys=keys, region=share.region, name=name)
        except BundleError as exc:
            if exc.reason == "undecryptable":  # its signature checked out: the header is true
                with contextlib.suppress(BundleError):
                    exc.params = {**exc.params, "trust_version": peek_header(data).trust_version}
            raise

    return open_


#: ``lt_meta``: the decryption keys this coordinator had when it last looked (a fingerprint).
META_KEYS = "sync_decryption_keys"


def _keys_changed(store: Store, target: Target) -> None:
    """Keys were added (a key backup restored): bundles set aside as made before this computer
    became a coordinator are tried again at this sync."""
    digest = hashlib.sha256()
    for key in sorted(crypto.public_bytes(k) for k in identity.decryption_keys(store)):
        digest.update(key)
    fingerprint = digest.hexdigest()
    if store.meta(META_KEYS) == fingerprint:
        return
    with target.transaction() as conn:
        quarantine.reopen_before_coordinator(conn)
    store.set_meta(META_KEYS, fingerprint)


def _settle_before_coordinator(store: Store, target: Target, report: IngestReport) -> int:
    """Bundles this coordinator cannot read because they were made before it was one: one
    plain line (how many, where their changes are), not a problem retried at every sync."""
    since = _coordinator_since(store)
    if since is None:
        return 0
    with target.transaction() as conn:
        settled = quarantine.settle_before_coordinator(conn, since)
    if settled:
        report.quarantined = [q for q in report.quarantined if q.bundle_hash not in settled]
    return len(settled)


def _coordinator_since(store: Store) -> int | None:
    """The first trust-list version this store holds in which this device is a coordinator
    whose key bundles of changes are encrypted for; None when there is none."""
    with store.read() as conn:
        docs = conn.execute(select(TrustVersion.doc).order_by(TrustVersion.version)).scalars()
        for doc in docs:
            try:
                trust = parse_trust(bytes(doc))[0]
            except TrustError:
                continue
            entry = trust.key_for(store.device_id)
            if entry is not None and any(k.key_id in trust.coordinators for k in entry.keys):
                return trust.version
    return None


def _ack_merged(
    store: Store,
    share: Share,
    target: Target,
    trust: TrustList,
    summary: SyncSummary,
    paths: list[Path] | None = None,
) -> None:
    """Acknowledge every merged bundle of changes not acknowledged yet (also after a crash),
    and again each one of a device with an outbox in ``paths`` whose ack is not on this
    shared folder; then write the notices those devices are owed (decision 0333)."""
    folders, lost = reack.ack_folders(store, share, paths or [])
    summary.problems.extend(render(exc) for exc in lost)  # ack folders that could not be listed
    reack.ask_lost(target, folders)
    with target.reading() as conn:
        links = chain.unacked(conn)
    for link in links:
        rel = ack_path(store.device_id, link.device, link.seq, link.bundle_hash)
        try:
            if not _acked_already(store, share, trust, rel, link.bundle_hash):
                try:
                    publish.write_ack(store, share, link.device, link.seq, link.bundle_hash)
                except ShareConflict:  # another file took the name: readers go by content
                    publish.write_ack(
                        store, share, link.device, link.seq, link.bundle_hash, again=True
                    )
                summary.acked += 1
        except ShareVanished:
            raise
        except ShareError as exc:
            summary.problems.append(render(exc))
            return
        with target.transaction() as conn:
            chain.mark_acked(conn, link.bundle_hash)
    try:
        summary.notices_written += notify.write_due(store, share, target, trust, folders)
    except ShareVanished:
        raise
    except ShareError as exc:
        summary.problems.append(render(exc))


def _acked_already(
    store: Store, share: Share, trust: TrustList, rel: str, bundle_hash: str
) -> bool:
    """True when the file at the ack's name is this coordinator's valid ack of the bundle (a
    sync that stopped after writing it); anything else there is not an ack."""
    path = share.base / rel
    try:
        ack = read_ack(share.read(path, DOC_LIMIT), trust, share.region)
    except (ShareError, BundleError, TrustError):
        return False
    return ack.coordinator == store.device_id and ack.bundle_hash == bundle_hash


def _store_problem(exc: OperationalError) -> str:
    """What to tell a person when the store could not take a bundle (nothing was merged)."""
    text = str(exc.orig).lower()
    if "full" in text:
        return _(
            "There is no space left for the store on this computer. Nothing was lost: "
            "free some space and synchronise again."
        )
    if "locked" in text or "busy" in text:
        return _(
            "The store is busy: another libtrainer window is writing to it. Nothing was "
            "lost: synchronise again in a moment."
        )
    message = _(
        "The merge stopped because the store could not be written ({detail}). Nothing "
        "was lost: synchronise again."
    )
    return message.format(detail=str(exc.orig)[:200])


def device_label(trust: TrustList, device: str | None) -> str:
    """“Skaitykla PC-1” (Būdviečio padalinys), or the start of the id of an unknown device."""
    if not device:
        return "?"
    entry = trust.key_for(device)
    if entry is None:
        return device[:8]
    name, branch = shown(entry.name, 120), shown(entry.branch_name, 120)
    if branch:
        return _("“{name}” ({branch})").format(name=name, branch=branch)
    return _("“{name}”").format(name=name)
