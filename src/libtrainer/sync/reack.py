"""Acknowledgements lost or damaged on the shared folder are written again (decision 0320).

A branch keeps a bundle's bytes and its outbox rows until a coordinator's ack names the bundle
(``sync/acks.py``). When the share loses the ack, or the stick is pulled while it is written,
nobody would ever write it again: the branch waits "not yet confirmed" for ever and its outbox
grows. Two cheap checks close that, without anybody reading every ack file at every sync:

* **Coordinator** (:func:`ack_folders`, :func:`ask_lost`): once per sync it lists the names in
  its own ack folder of each device whose outbox it lists anyway, and marks for acknowledging
  again every merged bundle of changes of that device whose ack name is missing there
  (``chain.ack_again``) — also one whose ack went to another shared folder or USB stick
  (decision 0333); ``session._ack_merged`` then writes those acks. Names only: no file is
  read. The same listing tells which of its notices (``sync/notify.py``) are missing there.
* **Branch** (:func:`read_acks`, :func:`ask_again`): it reads the acks addressed to it anyway.
  A file with the ack name of a bundle it still keeps that does not verify (zero bytes, cut
  off) is a damaged ack: the branch writes the bundle once more under a new name
  (``<seq>-<hash16>-<random>.ltb``, the same bytes, so the same bundle). To the coordinator
  that is "a merged bundle arrived again": it checks its ack, finds it damaged and writes it
  under a second name. The branch asks once per damaged file (``lt_meta`` ``sync_ack_asked``)
  and says in its summary that it waits for that confirmation.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from libtrainer.store.models import Ingested, Published
from libtrainer.store.store import Store
from libtrainer.sync import chain
from libtrainer.sync.ackfile import Ack, read_ack
from libtrainer.sync.errors import BundleError, ShareConflict, ShareError, TrustError
from libtrainer.sync.share import BUNDLE_EXT, Share, parse_bundle_name
from libtrainer.sync.signed import DOC_LIMIT
from libtrainer.sync.target import Target
from libtrainer.sync.trust import load_trust

log = logging.getLogger(__name__)

#: ``lt_meta``: {seq: damaged ack files seen when the branch asked} of bundles asked again.
META_ASKED = "sync_ack_asked"

_Name = tuple[int, str]  # (seq, first 16 hex digits of the bundle's hash)


@dataclass
class AckFiles:
    """The acks addressed to this device: the verified ones, and (seq, hash16) -> how many
    files carry that ack name without verifying (damaged, or not an ack at all)."""

    valid: list[Ack] = field(default_factory=list)
    damaged: dict[_Name, int] = field(default_factory=dict)


def read_acks(store: Store, share: Share) -> AckFiles:
    """Every ack file addressed to this device, read once: verified acks, and the names of
    those that do not verify (``publish.read_acks`` plus what it passes over)."""
    with store.read() as conn:
        trust = load_trust(conn, share.region)
    found: dict[tuple[str, int, str], Ack] = {}
    result = AckFiles()
    for path in share.ack_files(store.device_id):
        try:
            ack = read_ack(share.read(path, DOC_LIMIT), trust, share.region)
        except (TrustError, ShareError, BundleError):
            named = parse_bundle_name(path.name)
            if named is not None:
                result.damaged[named] = result.damaged.get(named, 0) + 1
            continue
        if ack.device == store.device_id:
            found.setdefault((ack.coordinator, ack.seq, ack.bundle_hash), ack)
    result.valid = sorted(found.values(), key=lambda a: (a.seq, a.coordinator))
    return result


def ask_again(store: Store, share: Share, acks: AckFiles) -> list[int]:
    """Write once more, under a new name, each kept bundle whose only acks are damaged (once
    per damaged file); returns the seqs of the bundles now waiting for such an ack again."""
    confirmed = {(a.seq, a.bundle_hash) for a in acks.valid}
    with store.read() as conn:
        kept = conn.execute(
            select(Published.seq, Published.bundle_hash, Published.file_name).where(
                Published.kind == "changes", Published.data.is_not(None)
            )
        ).all()
    asked = _asked(store)
    still: dict[str, int] = {}
    waiting = []
    for seq, digest, name in kept:
        seq = int(seq)
        damaged = acks.damaged.get((seq, str(digest)[:16]), 0)
        if not damaged or (seq, digest) in confirmed:
            continue
        if damaged > asked.get(str(seq), 0):
            _write_again(store, share, seq, str(name))
        still[str(seq)] = max(damaged, asked.get(str(seq), 0))
        waiting.append(seq)
    if still != asked:
        store.set_meta(META_ASKED, json.dumps(still, sort_keys=True) if still else "")
    return sorted(waiting)


def _asked(store: Store) -> dict[str, int]:
    try:
        value = json.loads(store.meta(META_ASKED) or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int)}


def _write_again(store: Store, share: Share, seq: int, name: str) -> Path | None:
    """The kept bytes of bundle ``seq`` under a new name in this device's outbox folder (None
    when they were dropped meanwhile: confirmed after all)."""
    with store.read() as conn:
        data = conn.execute(
            select(Published.data).where(Published.kind == "changes", Published.seq == seq)
        ).scalar()
    if data is None:
        return None
    stem = name.removesuffix(BUNDLE_EXT)
    for _attempt in range(2):
        again = f"outbox/{store.device_id}/{stem}-{secrets.token_hex(4)}{BUNDLE_EXT}"
        with contextlib.suppress(ShareConflict):  # that random name is taken: another one
            return share.write_once(again, bytes(data))
    last = f"outbox/{store.device_id}/{stem}-{secrets.token_hex(8)}{BUNDLE_EXT}"
    return share.write_once(last, bytes(data))


def ack_folders(
    store: Store, share: Share, paths: list[Path]
) -> tuple[dict[str, set[str]], list[ShareError]]:
    """The names in this coordinator's ack folder of each device whose outbox ``paths`` lists
    (one listing per device), and the problems of folders that could not be listed (the
    others are done). What :func:`ask_lost` and ``notify.write_due`` go by."""
    devices = {p.parent.name for p in paths if parse_bundle_name(p.name) is not None}
    folders: dict[str, set[str]] = {}
    problems = []
    for device in sorted(devices):
        try:
            folders[device] = set(share.file_sizes(f"acks/{store.device_id}/{device}"))
        except ShareError as exc:
            problems.append(exc)
    return folders, problems


def ask_lost(target: Target, folders: dict[str, set[str]]) -> int:
    """Mark for acknowledging again each merged bundle of changes already acknowledged whose
    ack name is missing from this coordinator's ack folder for its device on this shared
    folder (``folders``, :func:`ack_folders`): the share lost it, a person tidied the folder,
    or it is another shared folder or USB stick than the one the ack was written to (decision
    0333). The device keeps its bundles until it reads their acks, and a lecturer carrying
    them between buildings on two sticks reads only the acks of the stick in hand. Only
    devices with an outbox on this folder, and only names: no file is read; the bundles of a
    device are looked up only when its folder holds fewer ack names than it has bundles
    merged here. Returns how many were marked."""
    if not folders:
        return 0
    with target.reading() as conn:
        counts = dict(
            conn.execute(
                select(Ingested.device, func.count())
                .where(Ingested.kind == "changes")
                .group_by(Ingested.device)
            ).all()
        )
    marked = 0
    for device, names in folders.items():
        present = {parse_bundle_name(name) for name in names} - {None}
        if int(counts.get(device, 0)) <= len(present):
            continue
        with target.reading() as conn:
            rows = conn.execute(
                select(Ingested.seq, Ingested.bundle_hash).where(
                    Ingested.device == device,
                    Ingested.kind == "changes",
                    Ingested.acked.is_(True),
                )
            ).all()
        again = [str(h) for seq, h in rows if (int(seq), str(h)[:16]) not in present]
        if again:
            log.info("%d acks of device %s are missing: written again", len(again), device[:8])
            with target.transaction() as conn:
                for digest in again:
                    chain.ack_again(conn, digest)
            marked += len(again)
    return marked
