"""Why a store file cannot be opened or written, told apart: a wrong key, or the disk.

SQLCipher says "file is not a database" (``SQLITE_NOTADB``) when the key does not decrypt the
file, and only then. Every other failure — a read-only or full disk, a folder of another
user, a disk I/O error, a file another program holds — has nothing to do with the key, and a
person told "wrong passphrase" would try other passphrases or start over in a new folder. So
this module turns those into a message with the reason (in the person's language, as
:func:`~libtrainer.i18n.oserrors.os_reason` gives it), found by trying the folder itself, and
says the records are intact.

It imports neither SQLAlchemy nor sqlcipher3: the sign-in check (``gui.opening``) uses it on
raw sqlcipher3 errors, the store (``store.store``, ``store.uow``) on SQLAlchemy's, which carry
the driver's error as ``orig``.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from libtrainer.domain.errors import N_, StoreError
from libtrainer.i18n import _
from libtrainer.i18n.oserrors import os_reason

# SQLite's primary result codes (https://sqlite.org/rescode.html).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_AUTH = 23
SQLITE_NOTADB = 26

_REASONS = {
    SQLITE_PERM: N_("no permission"),
    SQLITE_AUTH: N_("no permission"),
    SQLITE_BUSY: N_("another program is using it"),
    SQLITE_LOCKED: N_("another program is using it"),
    SQLITE_READONLY: N_("it may only be read, not written"),
    SQLITE_IOERR: N_("the disk reported a read or write error"),
    SQLITE_CANTOPEN: N_("one of its files cannot be opened"),
}
#: The codes that say "the disk or the folder", never "the key".
DISK_CODES = frozenset({*_REASONS, SQLITE_FULL})


class WrongKeyError(StoreError):
    """The key (or the passphrase it came from) does not open this store file."""


class DiskError(StoreError):
    """The store's disk or folder failed (full, read-only, no permission, I/O error); the
    records in the store are intact."""


def wrong_key_error(path: Path) -> WrongKeyError:
    return WrongKeyError(N_("The store at {path} cannot be opened with this key."), path=str(path))


def sqlite_code(error: BaseException) -> int | None:
    """The primary SQLite result code of ``error`` or of the driver error it wraps."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        code = getattr(current, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF  # an extended code (SQLITE_IOERR_WRITE …) to its primary one
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
    return None


def is_wrong_key(error: BaseException) -> bool:
    """True when ``error`` means the key does not decrypt the file (and nothing else)."""
    code = sqlite_code(error)
    if code is not None:
        return code == SQLITE_NOTADB
    return "not a database" in str(error)  # a driver without codes


def _probe(store_file: Path) -> OSError | None:
    """Why the folder of ``store_file`` (or the file) cannot be written, found by trying:
    open the file for writing (changing nothing), then write and remove a small file in its
    folder. None when both work."""
    try:
        if store_file.exists():
            with store_file.open("r+b"):
                pass
        probe = store_file.with_name(f".libtrainer-write-check-{os.getpid()}")
        try:
            with probe.open("wb") as fh:
                fh.write(b"\0" * 8192)
                fh.flush()
                os.fsync(fh.fileno())
        finally:
            with contextlib.suppress(OSError):
                probe.unlink(missing_ok=True)
    except OSError as exc:
        return exc
    return None


def _cause(error: BaseException, store_file: Path) -> tuple[bool, str] | None:
    """(the disk is full, the reason in words) for a disk or folder error; None otherwise."""
    if isinstance(error, OSError):
        found: OSError | None = error
        code = None
    else:
        code = sqlite_code(error)
        if code not in DISK_CODES:
            return None
        found = _probe(store_file)
    if found is not None:
        return found.errno == errno.ENOSPC, os_reason(found)
    if code == SQLITE_FULL:
        return True, _("the disk is full")
    return False, _(_REASONS.get(code or 0, N_("the disk reported a read or write error")))


def open_error(error: BaseException, store_file: Path) -> DiskError | None:
    """The message for a store that could not be opened because of its disk or folder
    (None when ``error`` is something else: a wrong key, a bug)."""
    cause = _cause(error, store_file)
    if cause is None:
        return None
    full, reason = cause
    folder = str(store_file.parent)
    if full:
        return DiskError(
            N_(
                "The records in {path} cannot be opened: the disk that holds them is full. "
                "They are intact; free some space on that disk, then try again."
            ),
            path=folder,
        )
    return DiskError(
        N_(
            "The records in {path} cannot be opened: {reason}. They are intact, and the "
            "password is not the problem. Restart the computer and try again; if it happens "
            "again, call the coordinator."
        ),
        path=folder,
        reason=reason,
    )


def write_error(error: BaseException, store_file: Path) -> DiskError | None:
    """The message for a change that could not be saved because of the disk or the folder
    (None when ``error`` is something else); the transaction was rolled back."""
    if isinstance(error, OSError):
        return None  # not the store's: a file the caller was writing names itself
    cause = _cause(error, store_file)
    if cause is None:
        return None
    full, reason = cause
    folder = str(store_file.parent)
    if full:
        return DiskError(
            N_(
                "The disk holding the data folder {path} is full, so this was not saved. "
                "Nothing saved before was lost; free some space on that disk, then try again."
            ),
            path=folder,
        )
    return DiskError(
        N_(
            "This could not be saved in the data folder {path}: {reason}. Nothing saved "
            "before was lost; fix that, then try again."
        ),
        path=folder,
        reason=reason,
    )
