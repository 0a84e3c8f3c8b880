"""Creating and opening the device store in a data folder, with its key kept safely.

The data folder holds ``libtrainer.db`` (SQLCipher) and ``store.json`` (no secrets: the store's
id, where its key is kept — ``keyring``, ``passphrase`` (scrypt salt stored here) or ``demo`` —
the store file's ``format``, which says how it is encrypted: ``store.cipher``, for a keyring
store the key wrapped with its recovery code: ``services.recovery``, for a store that moved
from the keyring to a passphrase its key wrapped with the passphrase: ``services.keysource``,
and the app's appearance there: :func:`keep_appearance`). The key itself is never written to
disk unwrapped.

Every change of ``store.json`` reads it again and writes it whole under one lock
(:func:`update_config`): the window names the branch on its reader thread while Settings may
change the key's place on its writer thread, and neither may write back what the other
replaced.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from libtrainer.domain.errors import N_, KeyStoreError, StoreError
from libtrainer.i18n.oserrors import os_reason
from libtrainer.services import store_appearance
from libtrainer.store import keywrap
from libtrainer.store.cipher import STORE_FORMAT, demo_key, derive_key, format_of, new_salt
from libtrainer.store.openerrors import WrongKeyError
from libtrainer.store.store import STORE_FILE, Store

# ``libtrainer.sync.keys`` (the keyring, which loads urllib and http.client) is imported only
# where a keyring store needs it: a passphrase or demo store signs in without it (0527).

CONFIG_FILE = "store.json"
KEY_SOURCES = ("keyring", "passphrase", "demo")


@dataclass(frozen=True)
class StoreConfig:
    store_uid: str
    key_source: str
    salt: str | None = None
    format: int = STORE_FORMAT
    recovery: dict[str, Any] | None = None  # the key wrapped with the recovery code
    setup_pending: bool = False  # made by init or the wizard, which have not finished yet
    #: which branch and computer the store is of ({"branch": name, "device": name}), so a
    #: folder found without the per-user settings can be named before its key is at hand
    place: dict[str, str] | None = None
    #: the wizard made this keyring store, and nobody has confirmed writing its code down yet
    recovery_owed: bool = False
    #: a passphrase store that kept its key in the keyring before: its key, wrapped with the
    #: scrypt of the passphrase (``store.keywrap``); None: the key is derived (decision 0003)
    wrapped_key: dict[str, Any] | None = None
    #: the app's language, high contrast and text size when last used on this store, put back
    #: when a fresh Windows profile opens it (``services.store_appearance``); nothing personal
    appearance: dict[str, Any] | None = None

    @property
    def owes_code(self) -> bool:
        """A keyring store the wizard made whose first recovery code is still owed (shown
        after an administrator signs in: ``services.recovery``, ``gui.recovery_owed``)."""
        return self.key_source == "keyring" and self.recovery is None and self.recovery_owed

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": self.format,
            "store_uid": self.store_uid,
            "key_source": self.key_source,
            "salt": self.salt,
        }
        if self.recovery is not None:
            data["recovery"] = self.recovery
        if self.setup_pending:
            data["setup_pending"] = True
        if self.place:
            data["place"] = self.place
        if self.recovery_owed:
            data["recovery_owed"] = True
        if self.wrapped_key is not None:
            data["wrapped_key"] = self.wrapped_key
        if self.appearance:
            data["appearance"] = self.appearance
        return data


class StoreKeyMissing(KeyStoreError):
    """A keyring store whose key is not in this computer's keyring (``recoverable``: the store
    has a recovery code that puts it back)."""

    def __init__(self, msgid: str, *, recoverable: bool, **params: Any) -> None:
        super().__init__(msgid, **params)
        self.recoverable = recoverable


NO_RECOVERY_CODE = N_(
    "This computer no longer has the secret key of its records, and they have no recovery "
    "code. Records already sent to your coordinator are safe there: call your coordinator, who "
    "can set this computer up again for you."
)
KEY_NOT_IN_KEYRING = N_(
    "The key of this store is not in this computer's keyring (a new Windows profile or "
    "reboot-restore software removes it). Open the store again with its recovery code, "
    "written down when it was set up: “Enter the recovery code…” on the sign-in screen, or "
    "“libtrainer keys recover”."
)
#: The same in the window, in plain words and with the step taken there (no command line).
KEY_NOT_ON_THIS_COMPUTER = N_(
    "This computer no longer has the secret key of its records (a new Windows profile or "
    "reboot-restore software removes it). The records are safe: press “Enter the recovery "
    "code…” below and type the code written down when this computer was set up."
)


def missing_key_error(*, has_recovery: bool, window: bool = False) -> StoreKeyMissing:
    """What to say when a keyring store's key is not in the keyring (``window``: as the
    window says it, else as the command line does)."""
    found = KEY_NOT_ON_THIS_COMPUTER if window else KEY_NOT_IN_KEYRING
    return StoreKeyMissing(found if has_recovery else NO_RECOVERY_CODE, recoverable=has_recovery)


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
        recovery = raw.get("recovery")
        wrapped = raw.get("wrapped_key")
        if wrapped is not None and not isinstance(wrapped, dict):
            raise ValueError("wrapped_key")
        config = StoreConfig(
            str(raw["store_uid"]),
            str(raw["key_source"]),
            raw.get("salt"),
            format_of(raw),
            recovery if isinstance(recovery, dict) else None,
            raw.get("setup_pending") is True,
            place_of(raw),
            raw.get("recovery_owed") is True,
            wrapped,
            store_appearance.of(raw),
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
    """Write ``store.json`` whole or not at all, and durably: it holds the only copy of the
    store's id (the key's name in the keyring), the passphrase salt and the recovery data."""
    tmp = data_dir / (CONFIG_FILE + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(json.dumps(config.to_json(), indent=1))
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(data_dir / CONFIG_FILE)


#: Held while ``store.json`` is read, changed and written (:func:`update_config`).
config_lock = threading.RLock()


def update_config(
    data_dir: Path, change: Callable[[StoreConfig], StoreConfig | None]
) -> StoreConfig | None:
    """Read ``store.json`` again, apply ``change`` and write the result whole; all of it under
    :data:`config_lock`, so two threads never write back each other's older copy. ``change``
    returns None to leave the file as it is. Returns what was written (None: nothing)."""
    with config_lock:
        changed = change(read_config(data_dir))
        if changed is not None:
            _write_config(data_dir, changed)
        return changed


def write_recovery(data_dir: Path, recovery: dict[str, Any]) -> None:
    """Keep ``recovery`` (the key wrapped with a recovery code) in ``store.json`` (callers
    check the store under :data:`config_lock` first)."""
    update_config(data_dir, lambda now: replace(now, recovery=recovery, recovery_owed=False))


def write_recovery_owed(data_dir: Path) -> None:
    """Note in ``store.json`` that the store still owes its first recovery code."""
    update_config(data_dir, lambda now: replace(now, recovery_owed=True))


def finish_setup(
    data_dir: Path,
    *,
    branch: str = "",
    device: str = "",
    appearance: dict[str, Any] | None = None,
) -> None:
    """The set-up that made the store (``create(..., setup_pending=True)``) is complete;
    ``branch`` and ``device`` name it in ``store.json`` (:func:`keep_place`), ``appearance``
    is the app's appearance chosen meanwhile (:func:`keep_appearance`)."""

    def finish(config: StoreConfig) -> StoreConfig:
        config = replace(config, setup_pending=False)
        if branch or device:
            config = replace(config, place={"branch": branch, "device": device})
        if appearance is not None:
            config = replace(config, appearance=store_appearance.clean(appearance))
        return config

    update_config(data_dir, finish)


def place_of(raw: Any) -> dict[str, str] | None:
    """The branch and device names kept in a ``store.json`` read as JSON (None: not kept —
    a store made before they were, or a damaged entry)."""
    place = raw.get("place") if isinstance(raw, dict) else None
    if not isinstance(place, dict):
        return None
    return {key: str(place.get(key) or "")[:200] for key in ("branch", "device")}


def keep_place(data_dir: Path, *, branch: str, device: str) -> bool:
    """Write the branch's and this computer's names into ``store.json`` when they differ from
    what it holds (a store made before they were kept, a renamed branch). They are no secret
    and name no person; the first-run wizard shows them for a store found without its
    settings (docs/decisions/0518). True when the file was written."""
    place = {"branch": branch, "device": device}

    def named(config: StoreConfig) -> StoreConfig | None:
        if config.setup_pending or not (branch or device) or config.place == place:
            return None
        return replace(config, place=place)

    return update_config(data_dir, named) is not None


def keep_appearance(data_dir: Path, appearance: dict[str, Any]) -> bool:
    """Keep the app's language, high contrast and text size in ``store.json`` when they differ
    from what it holds: on a PC whose Windows profile is put back at every restart the
    per-user settings forget them, the kept folder does not (0518, update). No person, no
    secret. True when the file was written."""
    wanted = store_appearance.clean(appearance)

    def kept(config: StoreConfig) -> StoreConfig | None:
        if config.setup_pending or wanted is None or config.appearance == wanted:
            return None
        return replace(config, appearance=wanted)

    return update_config(data_dir, kept) is not None


def unfinished(data_dir: Path) -> bool:
    """A store whose set-up was interrupted (a crash, a kill, a full disk during ``init``, the
    first-run wizard or making the demo): it holds no one's work and is made again."""
    if not exists(data_dir):
        return False
    try:
        return read_config(data_dir).setup_pending
    except StoreError:
        return False


def _clear_interrupted(data_dir: Path) -> None:
    """Before a new store is made: remove a store whose set-up never finished (and its key).
    A store file without its settings file is never touched: it may be a real store whose
    ``store.json`` was lost (or an ``init`` stopped before it wrote it); the person decides."""
    if unfinished(data_dir):
        config = read_config(data_dir)
        if config.key_source == "keyring":
            from libtrainer.sync import keys  # noqa: PLC0415 - a keyring store only

            keys.delete_secret(keys.store_key_name(config.store_uid))
        for name in (STORE_FILE, STORE_FILE + "-wal", STORE_FILE + "-shm", CONFIG_FILE):
            (data_dir / name).unlink(missing_ok=True)
        return
    if store_path(data_dir).is_file() and not (data_dir / CONFIG_FILE).exists():
        raise StoreError(ORPHAN_STORE_FILE, path=str(data_dir))


#: A ``libtrainer.db`` without ``store.json`` next to it.
ORPHAN_STORE_FILE = N_(
    "The folder {path} holds a store file (libtrainer.db) but not its settings file "
    "(store.json). It may be a store whose settings file was lost: nothing was changed. Put "
    "store.json back from a backup, or choose another folder. Only if you are sure that "
    "store holds nothing needed, move libtrainer.db out of the folder and try again."
)


def create(
    data_dir: Path,
    *,
    passphrase: str | None = None,
    demo: bool = False,
    setup_pending: bool = False,
) -> Store:
    """Create an empty store. Key: the keyring; else the passphrase given; never silently plain.

    ``setup_pending``: the caller sets the store up further and calls :func:`finish_setup`
    when done; until then an interrupted set-up is made again by the next ``create``."""
    _clear_interrupted(data_dir)
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
        salt = new_salt()
        config = StoreConfig(uid, "demo", base64.b64encode(salt).decode())
        key = demo_key(salt, config.format)
    elif passphrase is not None:
        salt = new_salt()
        config = StoreConfig(uid, "passphrase", base64.b64encode(salt).decode())
        key = derive_key(passphrase, salt)
    else:
        from libtrainer.sync import keys  # noqa: PLC0415 - a keyring store only

        if not keys.keyring_available():
            raise KeyStoreError(keys._NO_KEYRING)
        key = keys.new_key()
        keys.save_secret(keys.store_key_name(uid), key)
        config = StoreConfig(uid, "keyring")
    store = Store.open(store_path(data_dir), key, create=True)
    _write_config(data_dir, replace(config, setup_pending=setup_pending))
    return store


def open_store(data_dir: Path, *, passphrase: str | None = None) -> Store:
    """Open the store in ``data_dir`` with its key from wherever ``store.json`` says it is."""
    config = read_config(data_dir)
    if config.setup_pending:  # nothing may be recorded in a store that init will make again
        raise StoreError(
            N_(
                "Setting up the store in {path} was interrupted. Run “libtrainer init” again "
                "(or start the app): it makes the store again; nothing was recorded in it yet."
            ),
            path=str(data_dir),
        )
    if config.key_source == "keyring":
        from libtrainer.sync import keys  # noqa: PLC0415 - a keyring store only

        found = keys.load_optional_secret(keys.store_key_name(config.store_uid))
        if found is None:
            raise missing_key_error(has_recovery=config.recovery is not None)
        key = found
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
            key = passphrase_key(data_dir, config, passphrase)
    try:
        return Store.open(store_path(data_dir), key, store_format=config.format)
    except WrongKeyError as exc:  # only the key: a full or read-only disk says so itself
        if config.key_source == "passphrase":
            raise KeyStoreError(WRONG_PASSPHRASE) from exc
        raise


#: A passphrase that does not open the store (derived: the store file refuses the key; wrapped:
#: it does not unwrap the key).
WRONG_PASSPHRASE = N_("The passphrase is not right for this store.")


def passphrase_key(data_dir: Path, config: StoreConfig, passphrase: str) -> bytes:
    """The key of the passphrase store ``config`` from ``passphrase`` (derived, or unwrapped
    when the store kept its key in the keyring before: ``store.keywrap``)."""
    salt = base64.b64decode(config.salt or "")
    try:
        key = keywrap.passphrase_key(passphrase, salt, config.wrapped_key, config.store_uid)
    except ValueError:
        raise StoreError(
            N_("The store settings file {path} is damaged."), path=str(data_dir / CONFIG_FILE)
        ) from None
    if key is None:
        raise KeyStoreError(WRONG_PASSPHRASE)
    return key


def key_opens(data_dir: Path, config: StoreConfig, key: bytes) -> bool:
    """Whether ``key`` opens the store file of ``data_dir`` — read only, on a connection of its
    own, so it may be asked while this process has the store open and a write under way (a
    unit of work holds the write lock: opening a :class:`Store` would wait for it)."""
    import sqlcipher3  # noqa: PLC0415

    from libtrainer.store import engine, openerrors  # noqa: PLC0415

    try:
        conn = engine.connect_raw(store_path(data_dir), key, config.format)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlcipher3.DatabaseError as exc:
        if openerrors.is_wrong_key(exc):
            return False
        disk = openerrors.open_error(exc, store_path(data_dir))
        if disk is not None:
            raise disk from exc
        raise
    return True


def needs_passphrase(data_dir: Path) -> bool:
    return read_config(data_dir).key_source == "passphrase"


def is_demo(data_dir: Path) -> bool:
    return read_config(data_dir).key_source == "demo"
