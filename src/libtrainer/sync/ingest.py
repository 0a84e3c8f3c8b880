"""Ingest: read bundles from the share, verify them, merge each in one transaction.

For every bundle file (conflict copies and re-deliveries included — bundles are known by the
hash of their content, never by name or date): a bundle already merged is skipped; otherwise
it is verified and decrypted (:func:`libtrainer.sync.bundle.open_bundle`) and merged
(:func:`libtrainer.sync.merge.merge_bundle`) in a transaction of its own, all or nothing.
A refused bundle is recorded in the quarantine with its reason and nothing of it is merged; a
young, incomplete file is "still arriving" and is simply tried again next time. Afterwards
rows held for a missing reference are linked where possible, and the gaps are reported.

The coordinator writes a signed ack for each bundle it has merged (acks: ``sync/acks.py``).
Thread rule: one ingest at a time per target (the store's writer lock serialises it).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from libtrainer.domain.ids import is_uuid
from libtrainer.i18n import render
from libtrainer.store import held, pending
from libtrainer.store.apply import Outcome
from libtrainer.store.held import HeldGroup
from libtrainer.store.hlc import wall_ms
from libtrainer.store.models import Ingested, Quarantined, SeenFile
from libtrainer.sync import chain, quarantine
from libtrainer.sync.bundle import OpenedBundle, bundle_hash, peek_header
from libtrainer.sync.chain import Gap
from libtrainer.sync.errors import BundleError, ShareError
from libtrainer.sync.merge import Incoming, Merged, Refused, merge_bundle
from libtrainer.sync.share import parse_bundle_name
from libtrainer.sync.sqlutil import upsert
from libtrainer.sync.target import Target

log = logging.getLogger(__name__)
STILL_ARRIVING_S = 15 * 60
#: A half file that stays the same (same bytes) across syncs this long is damaged, not arriving:
#: ``cp -a`` and Windows Explorer keep the old modification time, so time alone cannot tell.
GIVE_UP_S = 6 * 3600

Reader = Callable[[Path], bytes]
Opener = Callable[[bytes, str], OpenedBundle]
Labeller = Callable[[str | None], str]


@dataclass(frozen=True)
class Quarantine:
    file_name: str
    reason: str
    message: str
    bundle_hash: str = ""  # the content's hash: conflict copies of one bundle share it


@dataclass
class IngestReport:
    """What one ingest run did, for the sync summary."""

    merged: list[tuple[str, int, Merged]] = field(default_factory=list)  # device, seq, result
    duplicates: int = 0
    quarantined: list[Quarantine] = field(default_factory=list)
    arriving: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    held: int = 0
    held_reasons: list[HeldGroup] = field(default_factory=list)  # why they are held
    pending: int = 0

    @property
    def changes_applied(self) -> int:
        return sum(m.counts[Outcome.APPLIED] for _d, _s, m in self.merged)


def incoming_of(opened: OpenedBundle, earlier: tuple[str, ...] = ()) -> Incoming:
    """What merging needs of an opened bundle; ``earlier``: its computer's earlier identities."""
    h = opened.header
    return Incoming(
        opened.bundle_hash,
        h.device,
        h.kind,
        h.seq,
        h.prev_hash,
        h.created_hlc,
        opened.changes,
        created_wall_ms=_wall_ms(h.created_wall),
        earlier=earlier,
    )


def _wall_ms(text: str) -> int | None:
    """An ISO time from a bundle header in milliseconds (None when it is not one)."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return int(moment.timestamp() * 1000)
    except (OverflowError, OSError, ValueError):
        return None


def merge_one(
    target: Target,
    incoming: Incoming,
    *,
    now_ms: int,
    file_name: str = "",
    label: Labeller = lambda device: device or "",
    bulk: bool = True,
) -> Merged | Quarantine:
    """Merge one verified bundle in its own transaction, or quarantine it with its reason."""
    try:
        with target.transaction() as conn:
            merged = merge_bundle(
                conn,
                incoming,
                now_ms=now_ms,
                clock=target.clock,
                bulk=bulk,
                own_device=getattr(target, "device", None),
            )
            if not merged.duplicate:
                quarantine.drop(conn, incoming.bundle_hash)
    except Refused as refusal:
        params = {
            **refusal.params,
            "name": file_name or incoming.bundle_hash[:12],
            "device": label(incoming.device),
        }
        with target.transaction() as conn:
            quarantine.put(
                conn,
                bundle_hash=incoming.bundle_hash,
                file_name=file_name,
                reason=refusal.reason,
                params=params,
                device=incoming.device,
                seq=incoming.seq,
            )
            if refusal.suspend:
                chain.suspend(conn, incoming.link, refusal.reason)
        message = quarantine.message(refusal.reason, params)
        return Quarantine(file_name, refusal.reason, message, incoming.bundle_hash)
    if merged.observed_hlc:
        target.clock.observe(merged.observed_hlc)
    return merged


class FileIngest:
    """One pass over bundle files into one target."""

    def __init__(
        self,
        target: Target,
        *,
        read: Reader,
        open_: Opener,
        label: Labeller,
        now_ms: int | None = None,
        root: Path | None = None,
        earlier: Callable[[str], tuple[str, ...]] = lambda _device: (),
    ) -> None:
        self.target = target
        self.earlier = earlier  # a device's earlier identities (``TrustList.lineage``)
        self.read = read
        self.open = open_
        self.label = label
        self.now_ms = now_ms if now_ms is not None else wall_ms()
        self.root = root
        self.report = IngestReport()
        self._done: dict[str, tuple[int, int]] | None = None

    def run(self, paths: list[Path]) -> IngestReport:
        for path in paths:
            self.one(path)
        self.finish()
        return self.report

    def _rel(self, path: Path) -> str:
        if self.root is not None:
            try:
                return path.relative_to(self.root).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    def one(self, path: Path) -> None:
        rel = self._rel(path)
        try:
            stat = path.stat()
        except OSError:
            return  # vanished since the listing: it will be read next time if it comes back
        if stat.st_size == 0:
            # A name claimed by a write cut short (``share.write_once`` without hard links
            # makes the file empty, then renames the data over it): it holds nothing, and its
            # writer fills it at its next sync (a kept bundle is written again whole).
            return
        if self._seen(rel, stat.st_size, stat.st_mtime_ns):
            self.report.duplicates += 1
            return
        try:
            data = self.read(path)
        except ShareError as exc:  # the message names the shared folder, and here the file
            self.report.unreadable.append(f"{render(exc)} [{path.name}]")
            return
        except BundleError as exc:  # past the size limit: known by name, size and date instead
            digest = bundle_hash(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
            self._refuse(rel, path.name, b"", digest, exc)
            self._remember(rel, stat.st_size, stat.st_mtime_ns, digest)
            return
        digest = bundle_hash(data)
        with self.target.reading() as conn:
            done = chain.is_ingested(conn, digest)
        if done:
            self.report.duplicates += 1
            with self.target.transaction() as conn:
                chain.ack_again(conn, digest)
        elif self._open_and_merge(path, rel, data, digest, stat.st_mtime) is None:
            return
        self._remember(rel, stat.st_size, stat.st_mtime_ns, digest)

    def _remember(self, rel: str, size: int, mtime_ns: int, digest: str) -> None:
        with self.target.transaction() as conn:
            upsert(
                conn,
                SeenFile,
                {"path": rel[:500], "size": size, "mtime_ns": mtime_ns, "bundle_hash": digest},
                ["path"],
            )

    def _open_and_merge(
        self, path: Path, rel: str, data: bytes, digest: str, mtime: float
    ) -> bool | None:
        """Open and merge; False after a quarantine, None when the file is still arriving."""
        try:
            opened = self.open(data, path.name)
        except BundleError as exc:
            age = time.time() - mtime  # negative: a file dated ahead, which time cannot judge
            if exc.reason == "truncated" and 0 <= age < STILL_ARRIVING_S:
                if self._merged_copy(rel, path.name, data):
                    self.report.duplicates += 1  # a half copy of a bundle merged already
                    return False
                self.report.arriving.append(path.name)
                return None
            if exc.reason == "truncated" and self._given_up(digest):
                exc = BundleError("incomplete", **{**exc.params, "hours": GIVE_UP_S // 3600})
            self._refuse(rel, path.name, data, digest, exc)
            return False
        incoming = incoming_of(opened, self.earlier(opened.header.device))
        result = merge_one(
            self.target, incoming, now_ms=self.now_ms, file_name=path.name, label=self.label
        )
        if isinstance(result, Quarantine):
            self.report.quarantined.append(result)
            return False
        if result.duplicate:
            self.report.duplicates += 1
        else:
            self.report.merged.append((incoming.device, incoming.seq, result))
        return True

    def _given_up(self, digest: str) -> bool:
        """These very bytes were refused as incomplete long enough ago: not arriving any more."""
        with self.target.reading() as conn:
            first = quarantine.first_seen(conn, digest)
        if first is None:
            return False
        try:
            since = dt.datetime.fromisoformat(first).timestamp()
        except ValueError:
            return False
        return time.time() - since >= GIVE_UP_S

    @staticmethod
    def _named(rel: str, name: str, data: bytes) -> tuple[str | None, int | None]:
        """The device and seq a file claims (unverified: to name it and find copies)."""
        folder = Path(rel).parent.name
        device, seq = (folder if is_uuid(folder) else None), None
        numbered = parse_bundle_name(name)  # a half file's header may be cut off
        if numbered is not None:
            seq = numbered[0]
        try:
            header = peek_header(data)  # unverified: only to name the device for people
            device, seq = header.device, header.seq
        except BundleError:
            pass
        return device, seq

    def _merged_copy(self, rel: str, name: str, data: bytes) -> bool:
        """A damaged file claims a bundle this store merged already (a conflict or resent
        copy): nothing to set aside or to wait for."""
        device, seq = self._named(rel, name, data)
        if device is None or seq is None:
            return False
        with self.target.reading() as conn:
            return bool(chain.merged_upto(conn, device, quarantine.kind_of(rel), seq))

    def _refuse(self, rel: str, name: str, data: bytes, digest: str, exc: BundleError) -> None:
        device, seq = self._named(rel, name, data)
        if exc.reason in quarantine.DAMAGED and self._merged_copy(rel, name, data):
            self.report.duplicates += 1
            return
        params = {**exc.params, "name": name, "device": self.label(device)}
        with self.target.transaction() as conn:
            quarantine.put(
                conn,
                bundle_hash=digest,
                file_name=rel,
                reason=exc.reason,
                params=params,
                device=device,
                seq=seq,
            )
        message = quarantine.message(exc.reason, params)
        self.report.quarantined.append(Quarantine(name, exc.reason, message, digest))

    def _exists(self, rel: str) -> bool:
        if self.root is None:
            return True
        try:
            return (self.root / rel).is_file()
        except OSError:
            return True  # cannot tell: keep the entry

    def _seen(self, rel: str, size: int, mtime_ns: int) -> bool:
        """True when this very file was read before and is merged, or refused for good."""
        if self._done is None:
            self._done = self._load_done()
        return self._done.get(rel[:500]) == (size, mtime_ns)

    def _load_done(self) -> dict[str, tuple[int, int]]:
        """Files already read whose bundle is merged or refused for good (one query each)."""
        with self.target.reading() as conn:
            settled = set(conn.execute(select(Ingested.bundle_hash)).scalars())
            settled.update(
                h
                for h, reason in conn.execute(select(Quarantined.bundle_hash, Quarantined.reason))
                if reason not in quarantine.RETRIED
            )
            rows = conn.execute(
                select(SeenFile.path, SeenFile.size, SeenFile.mtime_ns, SeenFile.bundle_hash)
            ).all()
        return {path: (size, mtime) for path, size, mtime, h in rows if h in settled}

    def finish(self) -> None:
        """Link rows whose references arrived by other ways; count what waits; list gaps."""
        # Whether damaged files are still there is asked before the store's transaction: a
        # slow or dead drive must not hold up the saves of the people working meanwhile.
        with self.target.reading() as conn:
            names = {
                e.file_name for e in quarantine.entries(conn) if e.reason in quarantine.DAMAGED
            }
        present = {name: self._exists(name) for name in names}
        with self.target.transaction() as conn:
            held.sweep(conn)
            settled = quarantine.settle_damaged(conn, lambda name: present.get(name, True))
        if settled:
            self.report.quarantined = [
                q for q in self.report.quarantined if q.file_name not in settled
            ]
        with self.target.reading() as conn:
            self.report.gaps = chain.gaps(conn)
            self.report.held = held.count(conn)
            self.report.held_reasons = held.reasons(conn) if self.report.held else []
            self.report.pending = pending.count(conn)
        self.target.keep_clock()
