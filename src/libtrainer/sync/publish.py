"""Publishing: this device's captured changes become bundles in its own outbox folder.

Guarantees:
- Bundles chain per device: ``seq`` 1, 2, 3… and each ``prev_hash`` is the previous bundle's
  hash; the chain lives in ``lt_published`` and survives restarts.
- Crash-safe without forks: a bundle is first committed locally (with its bytes), then written
  to the share, then its bytes are dropped. After a crash in between, the *same bytes* are
  written again — never a second, different bundle with the same seq.
- Nothing is removed from the outbox here; pruning waits for a coordinator's ack.
- A coordinator also publishes the catalogue snapshot for the branches when it changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, delete, func, insert, select, update

from libtrainer.store.apply import Change
from libtrainer.store.models import Outbox, Published
from libtrainer.store.store import Store, read_meta, write_meta
from libtrainer.sync import catalogue, identity
from libtrainer.sync.ackfile import Ack, ack_path, make_ack, read_ack
from libtrainer.sync.bundle import build_bundle, bundle_hash
from libtrainer.sync.errors import BundleError, ShareError, TrustError
from libtrainer.sync.identity import DeviceKeys
from libtrainer.sync.share import Share, bundle_name
from libtrainer.sync.signed import DOC_LIMIT
from libtrainer.sync.trust import TrustList, load_trust, refresh_trust

MAX_CHANGES_PER_BUNDLE = 100_000
META_CATALOGUE = "sync_catalogue_fingerprint"


@dataclass(frozen=True)
class PublishResult:
    bundles: list[Path]
    changes: int
    waiting: int = 0  # changes kept on this computer, not yet in any bundle
    note: str | None = None  # "not_enrolled" while the coordinator has not approved the device
    catalogue: Path | None = field(default=None)


def unpublished(conn: Connection) -> int:
    """Captured changes not yet in any bundle."""
    after = _last_outbox(conn)
    return int(conn.execute(select(func.count()).where(Outbox.seq > after)).scalar_one())


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
    conn.execute(delete(Published))
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


def _flush(store: Store, share: Share) -> list[Path]:
    """Write every bundle committed locally but not yet on the share (after a crash)."""
    with store.read() as conn:
        rows = conn.execute(
            select(Published.kind, Published.seq, Published.file_name, Published.data)
            .where(Published.data.is_not(None))
            .order_by(Published.kind, Published.seq)
        ).all()
    paths = []
    for kind, seq, name, data in rows:
        assert data is not None
        paths.append(share.write_once(f"{_folder(kind, store.device_id)}/{name}", bytes(data)))
        with store.uow() as uow:
            uow.connection.execute(
                update(Published)
                .where(Published.kind == kind, Published.seq == seq)
                .values(data=None)
            )
            uow.commit()
    return paths


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


def _make_catalogue_bundle(store: Store, own: DeviceKeys, trust: TrustList, region: str) -> bool:
    """Commit a catalogue snapshot bundle locally when the catalogue or its readers changed."""
    with store.uow() as uow:
        conn = uow.connection
        changes = catalogue.snapshot(conn)
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
        if not changes or read_meta(conn, META_CATALOGUE) == fingerprint:
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


def publish(store: Store, share: Share) -> PublishResult:
    """Publish everything captured since the last bundle (and, on a coordinator, the catalogue).

    Raises :class:`ShareUnreachable` (with the count of changes kept) when the share is not
    there, :class:`ShareError` for disk full / permission denied; nothing is lost either way.
    """
    with store.read() as conn:
        waiting = unpublished(conn)
    share.require(waiting)
    if not identity.has_keys(store):  # never enrolled: nothing can be signed yet
        return PublishResult([], 0, waiting=waiting, note="not_enrolled")
    own = identity.load_device_keys(store)
    trust = refresh_trust(store, share)
    written = _flush(store, share)
    with store.read() as conn:
        seq = next_seq(conn)
    if not trust.allows(own.device, seq, own.key_id) or not trust.recipients("changes"):
        return PublishResult(written, 0, waiting=waiting, note="not_enrolled")
    count = 0
    while made := _make_changes_bundle(store, own, trust, share.region):
        count += made
        written += _flush(store, share)
    if (
        store.meta("role") == "coordinator"
        and trust.allows(own.device, 1, own.key_id, "catalogue")
        and _make_catalogue_bundle(store, own, trust, share.region)
    ):
        written += _flush(store, share)
    bundles = [p for p in written if p.parent.parent.name == "outbox"]
    cat_path = next((p for p in reversed(written) if p.parent.parent.name == "catalogue"), None)
    return PublishResult(bundles, count, waiting=0, catalogue=cat_path)


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
