"""This device's sync keys: an Ed25519 signing key and X25519 decryption keys.

Private parts live only in the OS keyring (through :mod:`libtrainer.sync.keys`); the store's
``lt_meta`` keeps the public parts, so the enrolment code can be shown without the keyring.
Every device has both kinds of key: coordinators decrypt branch bundles with theirs, branches
decrypt the coordinator's catalogue. Old decryption keys are kept after a rotation, so old
bundles stay readable. A passphrase-protected backup (scrypt + ChaCha20-Poly1305) carries the
keys to a new computer or back after the keyring was lost — with the key of the records too,
when the keyring keeps it (decision 0336).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import Connection, select

from libtrainer.domain.errors import N_, KeyStoreError, StoreError
from libtrainer.i18n.oserrors import os_reason
from libtrainer.store.models import Branch, Region
from libtrainer.store.store import Store, read_meta, write_meta
from libtrainer.sync import crypto, keys

META_SIGN, META_X25519 = "sync_sign_pub", "sync_x25519_pub"
BACKUP_FORMAT = 2  # 2: with the store key of a keyring store (decision 0336)


@dataclass(frozen=True)
class DeviceKeys:
    device: str
    signing: Ed25519PrivateKey
    exchange: tuple[X25519PrivateKey, ...]  # newest first

    @property
    def sign_public(self) -> bytes:
        return crypto.public_bytes(self.signing)

    @property
    def x25519_public(self) -> bytes:
        return crypto.public_bytes(self.exchange[0])

    @property
    def key_id(self) -> str:
        return crypto.key_id(self.sign_public)

    @property
    def code(self) -> str:
        return crypto.short_code(self.sign_public, self.x25519_public)


def region_key(store: Store) -> str:
    """The region's folder name on the share: a slug of the region's code ("alytaus-apskritis").

    Region *ids* differ between stores set up separately; the code is what they share.
    """
    with store.read() as conn:
        region_id = read_meta(conn, "region_id")
        code = conn.execute(select(Region.code).where(Region.id == region_id)).scalar()
    if not code:
        raise StoreError(N_("This store is not set up yet. Run “libtrainer init” first."))
    return slug(str(code))


def region_name(store: Store) -> str:
    """The region's name as people know it ("Kauno apskritis"), not its folder key
    ("kauno-apskritis"); the key when the store has no name for it."""
    with store.read() as conn:
        name = conn.execute(
            select(Region.name).where(Region.id == read_meta(conn, "region_id"))
        ).scalar()
    return str(name) if name else region_key(store)


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and dashes ("Vidzemes reģions" → "vidzemes-regions")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60] or "region"


def _save(device: str, signing: Ed25519PrivateKey, exchange: list[X25519PrivateKey]) -> None:
    missing = keys.NO_KEYRING_FOR_SYNC
    keys.save_secret(keys.signing_key_name(device), crypto.private_bytes(signing), missing=missing)
    keys.save_secret(
        keys.exchange_keys_name(device),
        b"".join(crypto.private_bytes(k) for k in exchange),
        missing=missing,
    )


def _publish_meta(store: Store, device_keys: DeviceKeys) -> None:
    with store.uow() as uow:
        write_meta(uow.connection, META_SIGN, device_keys.sign_public.hex())
        write_meta(uow.connection, META_X25519, device_keys.x25519_public.hex())
        uow.commit()


def save_device_keys(store: Store, device_keys: DeviceKeys) -> None:
    """Keep ``device_keys`` as this device's keys (keyring: private parts; store: public)."""
    _save(device_keys.device, device_keys.signing, list(device_keys.exchange))
    _publish_meta(store, device_keys)


# --- a change of keys (``trust rotate``) cut short ----------------------------------------------
#
# A coordinator's new keys must be kept before the trust list version naming them reaches the
# shared folder: the app may end at any moment (a dead network share, "Close anyway", a power
# cut), and a version naming a key nobody holds leaves the region with a coordinator key that
# exists nowhere — this computer could no longer change the list ("not a coordinator"), nor
# read what branches send for the new key. So the new keys wait in the keyring under their own
# name with the version they were written for, and reality decides what becomes of them: the
# newest version this store accepted names them (written, perhaps without this computer
# knowing) — they become this device's keys; it passed that version without them (another
# coordinator's change won, or the write never happened) — they are dropped; else they wait.


def save_pending_keys(store: Store, device_keys: DeviceKeys, version: int) -> None:
    """Keep ``device_keys`` as this device's next keys, for trust list ``version``."""
    body = {
        "version": int(version),
        "sign": crypto.private_bytes(device_keys.signing).hex(),
        "x25519": [crypto.private_bytes(k).hex() for k in device_keys.exchange],
    }
    keys.save_secret(
        keys.pending_keys_name(device_keys.device),
        json.dumps(body).encode(),
        missing=keys.NO_KEYRING_FOR_SYNC,
    )


def drop_pending_keys(store: Store) -> None:
    keys.delete_secret(keys.pending_keys_name(store.device_id))


def settle_pending_keys(store: Store) -> str | None:
    """Use or drop next keys left by a change of keys cut short (see above): "used",
    "dropped", or None when there were none or they still wait."""
    from libtrainer.sync.trust import load_trust  # noqa: PLC0415 - trust imports nothing here

    device = store.device_id
    raw = keys.load_optional_secret(keys.pending_keys_name(device))
    if raw is None:
        return None
    try:
        body = json.loads(raw)
        pending = DeviceKeys(
            device,
            crypto.ed25519_private(bytes.fromhex(body["sign"])),
            tuple(crypto.x25519_private(bytes.fromhex(k)) for k in body["x25519"]),
        )
        version = int(body["version"])
    except (ValueError, KeyError, TypeError, crypto.CryptoError):
        drop_pending_keys(store)  # damaged: nothing can be settled with them
        return "dropped"
    with store.read() as conn:
        trust = load_trust(conn)
    entry = trust.key_for(device)
    if entry is not None and entry.key(pending.key_id) is not None:
        save_device_keys(store, pending)
        drop_pending_keys(store)
        return "used"
    if trust.version >= version:
        drop_pending_keys(store)
        return "dropped"
    return None


def branch_of(store: Store) -> tuple[str | None, str]:
    """This device's branch id and name (organisation data, shown to the coordinator)."""
    branch = store.meta("branch_id")
    with store.read() as conn:
        name = conn.execute(select(Branch.name).where(Branch.id == branch)).scalar()
    return branch, str(name or "")


def has_keys(store: Store) -> bool:
    return store.meta(META_SIGN) is not None


def load_device_keys(store: Store) -> DeviceKeys:
    """This device's keys from the keyring; :class:`KeyStoreError` when they are not there.
    A change of keys cut short is settled first (:func:`settle_pending_keys`)."""
    device = store.device_id
    settle_pending_keys(store)
    signing = keys.load_optional_secret(keys.signing_key_name(device))
    exchange = keys.load_optional_secret(keys.exchange_keys_name(device))
    if signing is None or not exchange or len(exchange) % 32:
        raise KeyStoreError(
            N_(
                "The sync keys of this computer are not in its keyring. Restore them with "
                "“libtrainer keys restore FILE”, or enrol again with "
                "“libtrainer enroll SHARE --new-key”."
            )
        )
    try:
        return DeviceKeys(
            device,
            crypto.ed25519_private(signing),
            tuple(crypto.x25519_private(exchange[i : i + 32]) for i in range(0, len(exchange), 32)),
        )
    except crypto.CryptoError as exc:
        raise KeyStoreError(N_("The sync keys in this computer's keyring are damaged.")) from exc


def _kept_exchange_keys(store: Store) -> tuple[X25519PrivateKey, ...]:
    """This device's decryption keys, newest first, to keep behind a new one (none when the
    keyring has none, or they are damaged)."""
    if not has_keys(store):
        return ()
    try:
        return load_device_keys(store).exchange
    except KeyStoreError:
        return ()


def new_device_keys(store: Store) -> DeviceKeys:
    """Fresh keys for this device (first use, re-enrolment or rotation); old decryption keys
    are kept behind the new one."""
    old = _kept_exchange_keys(store)
    fresh = DeviceKeys(
        store.device_id, Ed25519PrivateKey.generate(), (X25519PrivateKey.generate(), *old)
    )
    save_device_keys(store, fresh)
    return fresh


def keys_for_new_identity(store: Store, device: str) -> DeviceKeys:
    """Fresh keys for the new device id ``device`` (sync/renew.py, docs/decisions/0318).

    Only the keyring is written (under ``device``'s names); the caller writes the public parts
    into ``lt_meta`` with :func:`write_public_meta` in the transaction that switches the id.
    The old identity's decryption keys are kept behind the new one (whatever was sealed for
    it stays readable); its signing key stays in the keyring under the old id, unused.
    """
    old = _kept_exchange_keys(store)
    fresh = DeviceKeys(device, Ed25519PrivateKey.generate(), (X25519PrivateKey.generate(), *old))
    _save(fresh.device, fresh.signing, list(fresh.exchange))
    return fresh


def write_public_meta(conn: Connection, device_keys: DeviceKeys) -> None:
    """The public parts of ``device_keys`` into ``lt_meta`` (inside the caller's transaction)."""
    write_meta(conn, META_SIGN, device_keys.sign_public.hex())
    write_meta(conn, META_X25519, device_keys.x25519_public.hex())


def ensure_device_keys(store: Store) -> DeviceKeys:
    """This device's keys, made on first use (call it at ``init`` and before enrolling)."""
    if not store.device_id:
        raise StoreError(N_("This store is not set up yet. Run “libtrainer init” first."))
    return load_device_keys(store) if has_keys(store) else new_device_keys(store)


def decryption_keys(store: Store) -> list[X25519PrivateKey]:
    """Every X25519 key of this device, newest first (the ``decrypt_keys`` of open_bundle)."""
    return list(load_device_keys(store).exchange)


def enrolment_code(store: Store) -> str | None:
    """The code people compare by phone ("7F3A-19C2"), or None before keys exist."""
    sign, x25519 = store.meta(META_SIGN), store.meta(META_X25519)
    if not sign or not x25519:
        return None
    return crypto.short_code(bytes.fromhex(sign), bytes.fromhex(x25519))


# --- backup -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyBackup:
    """What a key backup holds: a device's sync keys and, since decision 0336, the key of the
    records it was made from (a store whose key is kept in the keyring), so that a copy of
    the data folder opens on a new computer with the backup alone."""

    device: str
    signing: Ed25519PrivateKey
    exchange: tuple[X25519PrivateKey, ...]
    store_uid: str | None = None  # the records the store key opens (``store.json``'s id)
    store_key: bytes | None = None


def backup_keys(store: Store, path: Path, passphrase: str) -> bool:
    """Write this device's keys to ``path``, sealed with ``passphrase``, and the store's own
    key when the keyring keeps it (decision 0336); True when the store key is in the file.

    A store opened with a passphrase or a demonstration store has no key to carry: its
    passphrase (or the published one) opens it on any computer."""
    own = load_device_keys(store)
    body = {
        "format": BACKUP_FORMAT,
        "device": own.device,
        "sign": crypto.private_bytes(own.signing).hex(),
        "x25519": [crypto.private_bytes(k).hex() for k in own.exchange],
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    held = _store_key(store)
    if held is not None:
        body["store_uid"], body["store_key"] = held[0], held[1].hex()
    sealed = crypto.seal_with_passphrase(json.dumps(body).encode(), passphrase)
    try:
        _write_whole(path, sealed)
    except OSError as exc:
        raise KeyStoreError(
            N_("The key backup {path} cannot be written: {detail}"),
            path=str(path),
            detail=os_reason(exc),
        ) from exc
    return held is not None


def _store_key(store: Store) -> tuple[str, bytes] | None:
    """(store id, key) of a store whose key the keyring keeps, else None."""
    from libtrainer.services import storefile  # noqa: PLC0415 - the data folder's settings

    try:
        config = storefile.read_config(Path(store.path).parent)
    except (StoreError, OSError):
        return None
    if config.key_source != "keyring":
        return None
    key = keys.load_optional_secret(keys.store_key_name(config.store_uid))
    return None if key is None else (config.store_uid, key)


def _write_whole(path: Path, data: bytes) -> None:
    """``data`` into ``path`` whole or not at all: written to a new hidden file beside it
    (readable by its owner only), flushed, then renamed over ``path``. A full USB stick or a
    pulled drive leaves an earlier backup at ``path`` as it was."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_backup(path: Path, passphrase: str) -> KeyBackup:
    """The keys in the backup at ``path``; :class:`KeyStoreError` when it cannot be read, the
    passphrase is wrong or the file is damaged. Nothing is changed."""
    try:
        sealed = path.read_bytes()
    except OSError as exc:
        raise KeyStoreError(N_("The key backup {path} cannot be read."), path=str(path)) from exc
    try:
        body = json.loads(crypto.open_with_passphrase(sealed, passphrase))
        signing = crypto.ed25519_private(bytes.fromhex(body["sign"]))
        exchange = tuple(crypto.x25519_private(bytes.fromhex(k)) for k in body["x25519"])
        device = str(body["device"])
        store_key = bytes.fromhex(body["store_key"]) if body.get("store_key") else None
        store_uid = str(body["store_uid"]) if store_key is not None else None
    except crypto.CryptoError as exc:
        raise KeyStoreError(
            N_("The passphrase is wrong or the key backup {path} is damaged."), path=str(path)
        ) from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyStoreError(N_("The key backup {path} is damaged."), path=str(path)) from exc
    if not exchange or (store_key is not None and len(store_key) != 32):
        raise KeyStoreError(N_("The key backup {path} is damaged."), path=str(path))
    return KeyBackup(device, signing, exchange, store_uid, store_key)


def restore_keys(store: Store, path: Path, passphrase: str) -> str:
    """Put the keys of the backup at ``path`` back into the keyring (:func:`restore_backup`)."""
    return restore_backup(store, read_backup(path, passphrase))


def restore_backup(store: Store, backup: KeyBackup) -> str:
    """Put the sync keys of ``backup`` back into the keyring; returns "all" or "decryption".

    A backup of this very device restores everything when this computer has no working key
    of its own; otherwise only its decryption keys are added (old bundles become readable
    again) and the current signing key stays. (The store key a backup may hold is put back
    before the store is opened: ``services.keybackup``.)
    """
    try:
        own: DeviceKeys | None = load_device_keys(store) if has_keys(store) else None
    except KeyStoreError:
        own = None
    if backup.device == store.device_id and own is None:
        save_device_keys(store, DeviceKeys(backup.device, backup.signing, backup.exchange))
        return "all"
    if own is None:
        own = new_device_keys(store)
    known = {crypto.private_bytes(k) for k in own.exchange}
    merged = list(own.exchange) + [
        k for k in backup.exchange if crypto.private_bytes(k) not in known
    ]
    _save(own.device, own.signing, merged)
    return "decryption"
