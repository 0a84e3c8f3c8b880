"""Opening the store in two steps, so the sign-in panel is ready before the core is loaded.

1. :func:`check_store` runs on the worker as soon as the window is shown. It reads
   ``store.json``, gets the key (keyring, demo, or the passphrase typed), opens the file with
   SQLCipher directly and checks that the key is right and the schema is current, and reads
   the device's identity and branch name for the window title. It needs neither SQLAlchemy
   nor the models nor Alembic, so it is done a few milliseconds after the window appears.
2. :func:`open_checked` builds the :class:`~libtrainer.store.store.Store` (SQLAlchemy engine,
   capture triggers checked, clock floor restored) with the key found in step 1. The window
   runs it when it is first needed — the person starts typing into the sign-in panel, or
   signs in — or at once when a migration is due.

Thread rule: both functions run on a worker thread (in operations), never on the GUI thread.
See docs/decisions/0505-sign-in-ready-before-the-core.md.
"""

from __future__ import annotations

import base64
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from libtrainer.domain.errors import N_, KeyStoreError, StoreError
from libtrainer.store.cipher import cipher_pragmas, demo_key, derive_key, format_of

if TYPE_CHECKING:
    from libtrainer.store.store import Store

# As services.storefile and store.store name them (importing those would load SQLAlchemy).
CONFIG_FILE = "store.json"
STORE_FILE = "libtrainer.db"
BUSY_TIMEOUT_MS = 10_000
META_KEYS = ("device_id", "region_id", "library_id", "branch_id", "role", "device_name")


class CheckedStore(NamedTuple):
    """A store file whose key and schema were checked; what the sign-in panel needs of it.
    (A named tuple: no ``dataclasses`` before the window is ready, see ``gui.state.Device``.)"""

    data_dir: Path
    key: bytes
    key_source: str
    store_format: int  # how the file is encrypted (store.cipher)
    current: bool  # schema at the head revision (False: the open will migrate it)
    meta: dict[str, str]  # META_KEYS and branch_name ("" when unknown)
    store_uid: str = ""  # store.json's id of the store
    #: the store's committed clock floor (services.restorecheck; 0 when not read: a migration
    #: is due)
    progress: int = 0

    @property
    def demo(self) -> bool:
        return self.key_source == "demo"

    def __repr__(self) -> str:  # never the key, should it ever reach a log
        return f"CheckedStore(data_dir={self.data_dir!r}, key_source={self.key_source!r}, ...)"


#: the records went between the start and now (the folder was moved, a drive unplugged)
NO_RECORDS = N_(
    "No records were found in {path}. Close the app and start it again: it looks for them."
)


def _damaged(path: Path) -> StoreError:
    return StoreError(
        N_(
            "The settings file of the records, {path}, is damaged. Nothing was changed; call "
            "the coordinator."
        ),
        path=str(path),
    )


#: Keys being found ahead of time (:func:`prefetch_key`): folder → (thread, its result box).
_early: dict[str, tuple[threading.Thread, dict[str, Any]]] = {}


def prefetch_key(data_dir: Path) -> None:
    """Start finding the store key of ``data_dir`` on a thread of its own, before Qt loads.

    Deriving a demo store's key (scrypt) or asking the keyring mostly waits outside Python
    (the GIL is released), so it runs alongside the imports and window set-up instead of after
    them; :func:`store_key` takes the result when it is for the same folder and no passphrase.
    Harmless when the window ends up on another folder: the result is simply not used.
    """
    folder = Path(data_dir)
    if not (folder / CONFIG_FILE).is_file():
        return
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = _find_key(folder, None)
        except Exception as exc:  # noqa: BLE001 - handed to the caller of store_key
            box["error"] = exc

    thread = threading.Thread(target=work, name="libtrainer-store-key", daemon=True)
    _early[str(folder.resolve())] = (thread, box)
    thread.start()


def store_key(data_dir: Path, passphrase: str | None) -> tuple[bytes, str, int] | None:
    """The store's key, where it is kept and the file's format (as ``storefile.open_store``
    finds them); None when a passphrase is needed and none was given."""
    early = _early.pop(str(Path(data_dir).resolve()), None) if passphrase is None else None
    if early is not None:
        thread, box = early
        thread.join()
        if "error" in box:
            raise box["error"]
        result: tuple[bytes, str, int] | None = box["result"]
        return result
    return _find_key(data_dir, passphrase)


def _find_key(data_dir: Path, passphrase: str | None) -> tuple[bytes, str, int] | None:
    import json  # noqa: PLC0415 - on the thread that finds the key, not the GUI thread

    path = data_dir / CONFIG_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        source, uid, salt = str(raw["key_source"]), str(raw["store_uid"]), raw.get("salt")
        store_format = format_of(raw)
    except FileNotFoundError:
        raise StoreError(NO_RECORDS, path=str(data_dir)) from None
    except (ValueError, KeyError, TypeError):
        raise _damaged(path) from None
    if source == "keyring":
        from libtrainer.sync import keys  # noqa: PLC0415 - keyring only for a keyring store

        key = keys.load_optional_secret(keys.store_key_name(uid))
        if key is None:  # the keyring lost it: the recovery code brings it back
            from libtrainer.services.storefile import missing_key_error  # noqa: PLC0415 - rare

            raise missing_key_error(has_recovery=isinstance(raw.get("recovery"), dict), window=True)
        return key, source, store_format
    if source not in ("demo", "passphrase") or not isinstance(salt, str):
        raise _damaged(path)
    if source == "demo":
        return demo_key(base64.b64decode(salt), store_format), source, store_format
    if passphrase is None:
        return None
    wrapped = raw.get("wrapped_key")
    if wrapped is None:
        return derive_key(passphrase, base64.b64decode(salt)), source, store_format
    from libtrainer.store import keywrap  # noqa: PLC0415 - a store moved from the keyring

    try:
        key = keywrap.passphrase_key(passphrase, base64.b64decode(salt), wrapped, uid)
    except ValueError:  # damaged
        raise _damaged(path) from None
    if key is None:
        raise KeyStoreError(
            N_("This passphrase does not open the records. Check it and try again.")
        )
    return key, source, store_format


def check_store(data_dir: Path, passphrase: str | None = None) -> CheckedStore | None:
    """Step 1 (see the module docstring); None when the store needs a passphrase first.

    Only "file is not a database" means a wrong key or passphrase; a read-only, full or
    other user's folder, or a disk error, is said as such (:mod:`libtrainer.store.openerrors`).
    """
    import sqlcipher3  # noqa: PLC0415

    from libtrainer.store import openerrors  # noqa: PLC0415 - no SQLAlchemy

    found = store_key(data_dir, passphrase)
    if found is None:
        return None
    key, source, store_format = found
    path = data_dir / STORE_FILE
    if not path.is_file():
        raise StoreError(NO_RECORDS, path=str(path))
    try:
        current, meta, progress = _read(
            sqlcipher3.connect(str(path), isolation_level=None), key, store_format
        )
    except sqlcipher3.DatabaseError as exc:
        if not openerrors.is_wrong_key(exc):  # the disk or the folder, not the key
            disk = openerrors.open_error(exc, path)
            if disk is None:
                raise
            raise disk from exc
        if source == "passphrase":
            raise KeyStoreError(
                N_("This passphrase does not open the records. Check it and try again.")
            ) from None
        raise openerrors.wrong_key_error(path) from None
    return CheckedStore(
        data_dir, key, source, store_format, current, meta, _store_uid(data_dir), progress
    )


def _store_uid(data_dir: Path) -> str:
    import json  # noqa: PLC0415 - read on the worker, a few bytes

    try:
        raw = json.loads((data_dir / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(raw.get("store_uid") or "") if isinstance(raw, dict) else ""


def _read(conn: Any, key: bytes, store_format: int) -> tuple[bool, dict[str, str], int]:
    """(schema current, META_KEYS and branch_name, clock floor) of the store open on
    ``conn`` (closed here); raises sqlcipher3's errors as they come, and ``StoreError`` for a
    schema newer than this libtrainer knows."""
    from libtrainer.services.restorecheck import FLOOR_SQL  # noqa: PLC0415 - no SQLAlchemy
    from libtrainer.store import migrate  # noqa: PLC0415

    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")  # hex digits only: no user text
        for pragma in cipher_pragmas(store_format):  # before the first read
            conn.execute(pragma)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        revision = None
        if "alembic_version" in tables:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            revision = rows[0][0] if len(rows) == 1 else None
        current = revision == migrate.head_revision()
        if not current:
            migrate.check_known(revision)  # a newer libtrainer's schema: say "update"
        meta = dict.fromkeys((*META_KEYS, "branch_name"), "")
        progress = 0
        if current:
            progress = int(conn.execute(FLOOR_SQL).fetchone()[0] or 0)
            marks = ",".join("?" * len(META_KEYS))
            sql = f"SELECT key, value FROM lt_meta WHERE key IN ({marks})"  # noqa: S608 - marks
            meta.update({k: v or "" for k, v in conn.execute(sql, META_KEYS)})
            name = conn.execute(
                "SELECT name FROM branch WHERE id = ?", (meta["branch_id"],)
            ).fetchone()
            meta["branch_name"] = str(name[0]) if name and name[0] else ""
    finally:
        conn.close()
    return current, meta, progress


def open_checked(checked: CheckedStore) -> Store:
    """Step 2: the store itself, with the key step 1 found (migrated when it was behind)."""
    from libtrainer.store.store import Store  # noqa: PLC0415 - the core loads here

    return Store.open(checked.data_dir / STORE_FILE, checked.key, store_format=checked.store_format)
