"""Creating and opening the device store in a data folder, with its key kept safely.

The data folder holds ``libtrainer.db`` (SQLCipher) and ``store.json`` (no secrets: the store's
id, where its key is kept — ``keyring``, ``passphrase`` (scrypt salt stored here) or ``demo`` —
and the store file's ``format``, which says how it is encrypted: ``store.cipher``). The key
itself is never written to disk.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from libtrainer.domain.errors import N_, KeyStoreError, StoreError
from libtrainer.i18n.oserrors import os_reason
from libtrainer.store.cipher import STORE_FORMAT, demo_key, format_of
from libtrainer.store.openerrors import WrongKeyError
from libtrainer.store.store import STORE_FILE, Store
from libtrainer.sync import keys

CONFIG_FILE = "store.json"
KEY_SOURCES = ("keyring", "passphrase", "demo")


@dataclass(frozen=True)
class StoreConfig:
    store_uid: str
    key_source: str
    salt: str | None = None
    format: int = STORE_FORMAT

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "store_uid": self.store_uid,
            "key_source": self.key_source,
            "salt": self.salt,
        }


def store_path(data_dir: Path) -> Path:
    return data_dir / STORE_FILE


def exists(data_dir: Path) -> bool:
    return (data_dir / CONFIG_FILE).is_file() and store_path(data_dir).is_file()


def _not_a_folder(data_dir: Path) -> StoreError | None:
    """The error to raise when ``data_dir`` (or a folder above it) is a file, else None."""
    for folder in (data_dir, *data_dir.parents):
        if folder.exists():
            if folder.is_dir():
                return None
            return StoreError(
                N_("The data folder {path} cannot be used: {file} is a file, not a folder."),
                path=str(data_dir),
                file=str(folder),
            )
    return None


def read_config(data_dir: Path) -> StoreConfig:
    path = data_dir / CONFIG_FILE
    error = _not_a_folder(data_dir)
    if error is not None:
        raise error
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        config = StoreConfig(
            str(raw["store_uid"]), str(raw["key_source"]), raw.get("salt"), format_of(raw)
        )
    except FileNotFoundError:
        raise StoreError(
            N_("No store at {path}. Run “libtrainer init” first."), path=str(data_dir)
        ) from None
    except (ValueError, KeyError, TypeError):
        raise StoreError(N_("The store settings file {path} is damaged."), path=str(path)) from None
    if config.key_source not in KEY_SOURCES:
        raise StoreError(N_("The store settings file {path} is damaged."), path=str(path))
    return config


def _write_config(data_dir: Path, config: StoreConfig) -> None:
    tmp = data_dir / (CONFIG_FILE + ".tmp")
    tmp.write_text(json.dumps(config.to_json(), indent=1), encoding="utf-8")
    tmp.replace(data_dir / CONFIG_FILE)


def create(data_dir: Path, *, passphrase: str | None = None, demo: bool = False) -> Store:
    """Create an empty store. Key: the keyring; else the passphrase given; never silently plain."""
    if exists(data_dir):
        raise StoreError(N_("A store already exists in {path}."), path=str(data_dir))
    error = _not_a_folder(data_dir)
    if error is not None:
        raise error
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # /sys, a read-only disk, another user's folder
        raise StoreError(
            N_("The data folder {path} cannot be created: {reason}. Choose another folder."),
            path=str(data_dir),
            reason=os_reason(exc),
        ) from exc
    uid = str(uuid.uuid4())
    if demo:
        salt = keys.new_salt()
        config = StoreConfig(uid, "demo", base64.b64encode(salt).decode())
        key = demo_key(salt, config.format)
    elif passphrase is not None:
        salt = keys.new_salt()
        config = StoreConfig(uid, "passphrase", base64.b64encode(salt).decode())
        key = keys.derive_key(passphrase, salt)
    else:
        if not keys.keyring_available():
            raise KeyStoreError(keys._NO_KEYRING)
        key = keys.new_key()
        keys.save_secret(keys.store_key_name(uid), key)
        config = StoreConfig(uid, "keyring")
    store = Store.open(store_path(data_dir), key, create=True)
    _write_config(data_dir, config)
    return store


def open_store(data_dir: Path, *, passphrase: str | None = None) -> Store:
    """Open the store in ``data_dir`` with its key from wherever ``store.json`` says it is."""
    config = read_config(data_dir)
    if config.key_source == "keyring":
        key = keys.load_secret(keys.store_key_name(config.store_uid))
    else:
        if config.salt is None:
            raise StoreError(N_("The store settings file {path} is damaged."), path=str(data_dir))
        salt = base64.b64decode(config.salt)
        if config.key_source == "demo":
            key = demo_key(salt, config.format)
        elif passphrase is None:
            raise KeyStoreError(
                N_(
                    "This store is protected by a passphrase. Give it with "
                    "--passphrase-file FILE or at the prompt."
                )
            )
        else:
            key = keys.derive_key(passphrase, salt)
    try:
        return Store.open(store_path(data_dir), key, store_format=config.format)
    except WrongKeyError as exc:  # only the key: a full or read-only disk says so itself
        if config.key_source == "passphrase":
            raise KeyStoreError(N_("The passphrase is not right for this store.")) from exc
        raise


def needs_passphrase(data_dir: Path) -> bool:
    return read_config(data_dir).key_source == "passphrase"


def is_demo(data_dir: Path) -> bool:
    return read_config(data_dir).key_source == "demo"
