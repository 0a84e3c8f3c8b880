"""A key backup restored on a computer whose keyring lacks the records' key (decision 0336).

A coordinator moving to a new PC copies the data folder there and restores the key backup.
The keyring of the new PC holds nothing, not even the key the records are encrypted with, so
the store cannot be opened to receive the sync keys. A backup made since 0336 carries that key
too (sealed with the backup's passphrase, like the private keys beside it): :func:`put_store_key`
checks that it opens this data folder's store and puts it into the keyring first. A backup of
other records, or one made before, is refused with what to do — nothing is written then.
"""

from __future__ import annotations

from pathlib import Path

from libtrainer.domain.errors import N_, KeyStoreError
from libtrainer.services import storefile
from libtrainer.sync import keys
from libtrainer.sync.identity import KeyBackup

#: A backup made before 0336 (sync keys only) on a computer without the records' key.
OLDER_BACKUP = N_(
    "This key backup holds the sync keys only (it was made by an earlier version of "
    "libtrainer), not the key of the records in {path}. Put that key back first with the "
    "recovery code written down when the records were set up: libtrainer keys recover — then "
    "run libtrainer keys restore again. A key backup made now on the old computer holds both."
)
OLDER_BACKUP_NO_CODE = N_(
    "This key backup holds the sync keys only (it was made by an earlier version of "
    "libtrainer), not the key of the records in {path}, and these records have no recovery "
    "code. Make a new key backup on the old computer (libtrainer keys backup FILE): it holds "
    "the records' key too; restore that one here."
)
OTHER_RECORDS = N_(
    "This key backup was made on another computer: the records' key it holds does not open "
    "the records in {path}. Restore the backup made on the computer these records were copied "
    "from, or put their key back with the recovery code: libtrainer keys recover."
)


def put_store_key(data_dir: Path, backup: KeyBackup) -> str:
    """Make the store in ``data_dir`` openable with the key ``backup`` holds, when the keyring
    lacks it. Returns "restored" (the key was put into the keyring), "kept" (the keyring has
    a key already, left as it is) or "not_needed" (a passphrase or demonstration store).
    :class:`KeyStoreError` when the keyring lacks the key and the backup cannot give it."""
    config = storefile.read_config(data_dir)
    if config.key_source != "keyring":
        return "not_needed"
    name = keys.store_key_name(config.store_uid)
    if keys.load_optional_secret(name) is not None:
        return "kept"
    if backup.store_key is None:
        older = OLDER_BACKUP if config.recovery is not None else OLDER_BACKUP_NO_CODE
        raise KeyStoreError(older, path=str(data_dir))
    if backup.store_uid != config.store_uid or not storefile.key_opens(
        data_dir, config, backup.store_key
    ):
        raise KeyStoreError(OTHER_RECORDS, path=str(data_dir))
    keys.save_secret(name, backup.store_key)
    return "restored"
