"""The shared folder: layout, write-once atomic files, and reading by content.

Layout under ``<SHARE>/libtrainer/v1/<region>/``::

    outbox/<device>/<seq:012d>-<hash16>.ltb      change bundles of one device
    catalogue/<device>/<seq:012d>-<hash16>.ltb   coordinator snapshots for the branches
    enroll/<device>-<key id>.req                  enrolment requests
    trust/<version:08d>.trust                     trust-list versions
    acks/<coordinator>/<device>/<seq>-<hash16>.ack

The share is dumb and untrusted (SMB, a cloud-synced folder, a USB stick). Each device writes
only into its own folders, and only new files: data goes to a hidden temporary name, is
flushed and fsynced, then linked or renamed to its final name *without overwriting*. Readers
identify files by content hash, never by name or mtime, so conflict copies made by sync
clients ("x (1).ltb", "x-DESKTOP-1.ltb", "x.sync-conflict-….ltb", "x (conflicted copy …).ltb")
and re-deliveries are harmless. Thread rules: none; each call stands alone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from libtrainer.domain.errors import N_
from libtrainer.domain.ids import is_uuid
from libtrainer.sync.errors import BundleError, ShareConflict, ShareError, ShareUnreachable

if TYPE_CHECKING:
    from libtrainer.store.store import Store

T = TypeVar("T")
BUNDLE_EXT = ".ltb"
_NAME = re.compile(r"^(\d{12})-([0-9a-f]{16})")
_TEMP_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download", ".!sync")
_SHARING_VIOLATION = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
DOC_LIMIT = 8 * 1024 * 1024


def is_temp(name: str) -> bool:
    """Temporary or hidden files of ours or of a sync client; never read as data."""
    lower = name.lower()
    return lower.startswith((".", "~")) or lower.endswith(_TEMP_SUFFIXES)


def parse_bundle_name(name: str) -> tuple[int, str] | None:
    """(seq, hash16) from a bundle file name, also from a sync client's conflict copy of it."""
    match = _NAME.match(name)
    return (int(match.group(1)), match.group(2)) if match else None


def bundle_name(seq: int, bundle_hash: str) -> str:
    return f"{seq:012d}-{bundle_hash[:16]}{BUNDLE_EXT}"


def os_error(exc: OSError, path: Path) -> ShareError:
    """A person-readable error for a failed file operation on the share."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ShareError(
            N_(
                "The shared folder is full ({path}). Nothing was lost: free some "
                "space and synchronise again."
            ),
            path=str(path),
        )
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return ShareError(
            N_(
                "libtrainer may not write or read {path} on the shared folder. "
                "Ask whoever manages the folder for access; nothing was lost."
            ),
            path=str(path),
        )
    if isinstance(exc, FileNotFoundError):
        return ShareError(
            N_(
                "The file {path} disappeared from the shared folder while it was "
                "being used. Synchronise again; nothing was lost."
            ),
            path=str(path),
        )
    return ShareError(
        N_(
            "The shared folder could not be used ({path}: {detail}). Nothing was "
            "lost; try again later."
        ),
        path=str(path),
        detail=exc.strerror or "",
    )


def with_retry(action: Callable[[], T], delays: tuple[float, ...] = RETRY_DELAYS) -> T:
    """Run ``action``, retrying while Windows reports a sharing or lock violation (an antivirus
    or a sync client holding the file); other errors go straight through."""
    for delay in (*delays, None):
        try:
            return action()
        except PermissionError as exc:
            if delay is None or getattr(exc, "winerror", None) not in _SHARING_VIOLATION:
                raise
            time.sleep(delay)
    raise AssertionError("unreachable")


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _place(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the name ``target``; FileExistsError when ``target`` exists (no overwrite)."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise
    except (OSError, NotImplementedError) as exc:  # no hard links here (FAT, some SMB servers)
        if isinstance(exc, PermissionError) and getattr(exc, "winerror", None):
            raise
    if sys.platform == "win32":
        os.rename(tmp, target)  # never replaces an existing file on Windows
        return
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)  # claim the name first
    os.close(fd)
    os.replace(tmp, target)


class Share:
    """One region's folder on the share, for one reader or writer."""

    def __init__(self, root: Path, region: str) -> None:
        self.root = Path(root)
        self.region = region
        self.base = self.root / "libtrainer" / "v1" / region

    @classmethod
    def for_store(cls, root: Path, store: Store) -> Share:
        from libtrainer.sync.identity import region_key  # noqa: PLC0415 - avoids an import cycle

        return cls(root, region_key(store))

    # -- state -------------------------------------------------------------------------------

    def reachable(self) -> bool:
        """True when the share's root folder is there and can be listed."""
        try:
            os.listdir(self.root)
        except OSError:
            return False
        return True

    def require(self, pending: int = 0) -> None:
        """Raise :class:`ShareUnreachable` (with the count of changes kept) when unreachable."""
        if not self.reachable():
            raise ShareUnreachable(pending, path=str(self.root))

    # -- writing -----------------------------------------------------------------------------

    def write_once(self, rel_path: str, data: bytes) -> Path:
        """Write ``data`` as a new file ``rel_path`` under the region folder, atomically.

        The same bytes already there under that name are success (a retried write); other
        bytes there are never overwritten (:class:`ShareError`).
        """
        target = self.base / rel_path
        tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            try:
                with_retry(lambda: _place(tmp, target))
            except FileExistsError:
                if self._same(target, data):
                    return target
                if target.stat().st_size == 0:  # a name claimed by a write that crashed
                    os.replace(tmp, target)
                    _fsync_dir(target.parent)
                    return target
                raise ShareConflict(
                    N_(
                        "A different file named {path} is already on the "
                        "shared folder; it was not overwritten."
                    ),
                    path=str(target),
                ) from None
            _fsync_dir(target.parent)
            return target
        except OSError as exc:
            raise os_error(exc, target) from exc
        finally:
            with contextlib.suppress(OSError):
                with_retry(lambda: tmp.unlink(missing_ok=True))

    @staticmethod
    def _same(path: Path, data: bytes) -> bool:
        try:
            return path.stat().st_size == len(data) and path.read_bytes() == data
        except OSError:
            return False

    # -- reading -----------------------------------------------------------------------------

    def read(self, path: Path, limit: int) -> bytes:
        """The bytes of ``path``; BundleError("too_large") past ``limit``; ShareError if gone."""
        try:
            with with_retry(lambda: open(path, "rb")) as fh:
                data = fh.read(limit + 1)
        except OSError as exc:
            raise os_error(exc, path) from exc
        if len(data) > limit:
            raise BundleError("too_large", name=path.name)
        return data

    def _files(self, folder: Path, suffix: str) -> list[Path]:
        try:
            names = sorted(os.listdir(folder))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise os_error(exc, folder) from exc
        return [folder / n for n in names if not is_temp(n) and suffix in n.lower()]

    def _device_dirs(self, area: str) -> list[str]:
        try:
            names = sorted(os.listdir(self.base / area))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise os_error(exc, self.base / area) from exc
        return [n for n in names if is_uuid(n) and (self.base / area / n).is_dir()]

    def device_outboxes(self) -> list[str]:
        """Device ids with an outbox folder (names that are not device ids are ignored)."""
        return self._device_dirs("outbox")

    def bundle_files(self, device: str | None = None) -> list[Path]:
        """Bundle files (with any conflict copies) of one device's outbox, or of all devices."""
        devices = [device] if device else self.device_outboxes()
        return [p for d in devices for p in self._files(self.base / "outbox" / d, BUNDLE_EXT)]

    def catalogue_files(self) -> list[Path]:
        """Catalogue bundles of every coordinator (for branch devices to ingest)."""
        return [
            p
            for d in self._device_dirs("catalogue")
            for p in self._files(self.base / "catalogue" / d, BUNDLE_EXT)
        ]

    def unique(self, paths: list[Path], limit: int) -> dict[str, Path]:
        """One path per distinct content (sha256 → path): conflict copies collapse into the
        original (the shortest name is kept)."""
        found: dict[str, Path] = {}
        for path in sorted(paths, key=lambda p: (len(p.name), p.name)):
            try:
                digest = hashlib.sha256(self.read(path, limit)).hexdigest()
            except (ShareError, BundleError):
                continue
            found.setdefault(digest, path)
        return found

    def documents(self, area: str, suffix: str) -> list[bytes]:
        """Distinct contents of the small files of ``area`` (trust/, enroll/)."""
        paths = self._files(self.base / area, suffix)
        return [self.read(p, DOC_LIMIT) for p in self.unique(paths, DOC_LIMIT).values()]

    def trust_documents(self) -> list[bytes]:
        return self.documents("trust", ".trust")

    def ack_files(self, device: str) -> list[Path]:
        """Ack files addressed to ``device`` by any coordinator."""
        return [
            p
            for coordinator in self._device_dirs("acks")
            for p in self._files(self.base / "acks" / coordinator / device, ".ack")
        ]
