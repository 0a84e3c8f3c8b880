"""Moving a store's key from the keyring to a passphrase the staff type at each start.

On a PC whose Windows profile is put back at every restart (reboot-restore software), or
where the public uses the same Windows account as the staff, the keyring is the wrong place
for the store key: it is emptied every morning (the recovery code is then needed each day,
decision 0008), or anyone at the PC can read it. Such a store should ask for a passphrase.

:func:`use_passphrase` does not encrypt the store file again: its random key stays, now kept
in ``store.json`` wrapped with the scrypt of the passphrase (``store.keywrap``), and only
``store.json`` changes — one atomic replace, so at any moment one of the two ways opens the
store. The recovery code written down before wraps the same key and stays in ``store.json``.
The keyring's copy is deleted last, once the new ``store.json`` was read back and opens with
the passphrase. See docs/decisions/0003 (update).

A forgotten passphrase of such a store is set again with that recovery code
(:func:`reset_passphrase`, decision 0524): the code unwraps the key, which is wrapped with the
new passphrase. A store locked with a passphrase from the start has no code (its key is derived
from the passphrase): :func:`can_reset` says which.
"""

from __future__ import annotations

import base64
import hmac
from dataclasses import replace
from pathlib import Path

from libtrainer.domain.errors import N_, KeyStoreError, StoreError, ValidationError
from libtrainer.services import storefile
from libtrainer.store import keywrap
from libtrainer.store.store import Store
from libtrainer.sync import keys

#: The shortest passphrase accepted (as the first-run wizard asks).
MIN_PASSPHRASE = 10

TOO_SHORT = N_("Use at least 10 characters.")
ALREADY_PASSPHRASE = N_("These records already open only with a passphrase.")
DEMO_STORE = N_("Demonstration data needs no passphrase: its key is published.")
NOT_A_PASSPHRASE_STORE = N_(
    "These records do not open with a passphrase: there is no passphrase to replace."
)
#: A passphrase store made so from the start: its key is the passphrase's (decision 0003).
NO_CODE_FOR_PASSPHRASE = N_(
    "These records were locked with a passphrase from the start and have no recovery code: "
    "only the passphrase opens them, and nothing can replace it. Ask the staff whether it is "
    "written down with the library's papers. Records already sent to your coordinator are "
    "safe there: call your coordinator, who can set this computer up again for you."
)
WRONG_CODE = N_(
    "This recovery code does not open these records. Check it letter by letter against the "
    "paper. Nothing was changed."
)


def check_passphrase(passphrase: str) -> None:
    """:class:`ValidationError` when ``passphrase`` is too short to protect the records."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError("passphrase", TOO_SHORT)


def use_passphrase(data_dir: Path, passphrase: str) -> None:
    """From now on the store in ``data_dir`` opens with ``passphrase`` instead of the key in
    this computer's keyring (which must be there now: the store is open with it).

    Every check comes first; on any failure nothing was changed. Runs on a worker thread."""
    check_passphrase(passphrase)
    with storefile.config_lock:
        config = storefile.read_config(data_dir)
        if config.key_source == "passphrase":
            raise KeyStoreError(ALREADY_PASSPHRASE)
        if config.key_source != "keyring":
            raise KeyStoreError(DEMO_STORE)
        name = keys.store_key_name(config.store_uid)
        key = keys.load_optional_secret(name)
        if key is None:
            raise storefile.missing_key_error(has_recovery=config.recovery is not None)
        Store.open(storefile.store_path(data_dir), key, store_format=config.format).close()
        _wrap_with(data_dir, config, key, passphrase, recovery_owed=False)
    keys.delete_secret(name)


def can_reset(data_dir: Path) -> bool:
    """Whether a forgotten passphrase of the store in ``data_dir`` can be replaced: it is a
    passphrase store with a recovery code (one that kept its key in the keyring before). A
    passphrase store made so from the start (the wizard, ``init``) has none: its key is
    derived from the passphrase (decision 0003) and nothing else opens it."""
    config = storefile.read_config(data_dir)
    return config.key_source == "passphrase" and config.recovery is not None


def reset_passphrase(data_dir: Path, code: str, passphrase: str) -> None:
    """A forgotten passphrase replaced: the recovery code ``code`` unwraps the store's key,
    which is wrapped again with the new ``passphrase`` (the store file is not encrypted again;
    the recovery code keeps working). The old wrapping is replaced by one atomic write of
    ``store.json``.

    Every check comes first (the new passphrase long enough, a passphrase store with a code,
    the code right and its key opening the store); on any failure nothing was changed. Runs
    on a worker thread."""
    from libtrainer.services import recovery  # noqa: PLC0415 - this path only

    check_passphrase(passphrase)
    with storefile.config_lock:
        config = storefile.read_config(data_dir)
        if config.key_source != "passphrase":
            raise KeyStoreError(NOT_A_PASSPHRASE_STORE)
        if config.recovery is None:
            raise KeyStoreError(NO_CODE_FOR_PASSPHRASE)
        key = recovery.unwrap(config.recovery, recovery.parse(code), config.store_uid)
        # a store.json whose code entry someone replaced with their own key does not pass
        if key is None or not storefile.key_opens(data_dir, config, key):
            raise KeyStoreError(WRONG_CODE)
        _wrap_with(data_dir, config, key, passphrase)


def _wrap_with(
    data_dir: Path,
    config: storefile.StoreConfig,
    key: bytes,
    passphrase: str,
    *,
    recovery_owed: bool | None = None,
) -> None:
    """Keep ``key`` in ``store.json`` wrapped with the scrypt of ``passphrase`` (a new salt),
    in one atomic write; read back and checked, else put back as it was (caller holds
    :data:`storefile.config_lock`)."""
    salt = keys.new_salt()
    wrapped = keywrap.seal(key, keys.derive_key(passphrase, salt), config.store_uid)
    moved = replace(
        config,
        key_source="passphrase",
        salt=base64.b64encode(salt).decode("ascii"),
        wrapped_key=wrapped,
    )
    if recovery_owed is not None:
        moved = replace(moved, recovery_owed=recovery_owed)
    storefile.update_config(data_dir, lambda _now: moved)
    again = storefile.read_config(data_dir)
    if not hmac.compare_digest(storefile.passphrase_key(data_dir, again, passphrase), key):
        storefile.update_config(data_dir, lambda _now: config)  # cannot happen; undo
        raise StoreError(N_("The store settings file {path} is damaged."), path=str(data_dir))
