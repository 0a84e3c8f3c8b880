"""The shared folder: layout, write-once atomic files, and reading by content.

Layout under ``<SHARE>/libtrainer/v1/<region>/``::

    outbox/<device>/<seq:012d>-<hash16>.ltb      change bundles of one device
    catalogue/<device>/<seq:012d>-<hash16>.ltb   coordinator snapshots for the branches
    enroll/<device>-<key id>.req                  enrolment requests
    trust/<version:08d>.trust                     trust-list versions
    acks/<coordinator>/<device>/<seq>-<hash16>.ack
    acks/<coordinator>/<device>/notice-<state>-<hash16>.notice   a coordinator's notices

The share is dumb and untrusted (SMB, a cloud-synced folder, a USB stick). Each device writes
only into its own folders, and only new files: data goes to a hidden temporary name, is
flushed and fsynced, then linked or renamed to its final name *without overwriting*. Readers
identify files by content hash, never by name or mtime, so conflict copies made by sync
clients ("x (1).ltb", "x-DESKTOP-1.ltb", "x.sync-conflict-….ltb", "x (conflicted copy …).ltb")
and re-deliveries are harmless.

Below the share's root nothing is followed that leads elsewhere: a symbolic link or a Windows
junction there is refused (reading and writing), only regular files are read (not a FIFO or a
device), and names that are not text are skipped. A folder that cannot be listed is reported
and the others are still read. Thread rules: none; each call stands alone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar

from libtrainer.domain.errors import N_
from libtrainer.domain.ids import is_uuid
from libtrainer.i18n.oserrors import os_reason
from libtrainer.sync.errors import (
    BundleError,
    ShareConflict,
    ShareError,
    ShareNotFullPath,
    ShareUnreachable,
    ShareVanished,
    WrongShare,
)

if TYPE_CHECKING:
    from libtrainer.store.store import Store

T = TypeVar("T")
log = logging.getLogger(__name__)
BUNDLE_EXT = ".ltb"
_NAME = re.compile(r"^(\d{12})-([0-9a-f]{16})")
_TEMP_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download", ".!sync")
_SHARING_VIOLATION = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
DOC_LIMIT = 8 * 1024 * 1024
DOCS_BUDGET = 32 * 1024 * 1024  # all of one area's small documents held at once
_LINK_TAGS = (0xA000000C, 0xA0000003)  # Windows reparse tags: symbolic link, junction
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOFOLLOW", 0)  # a link as the file's own name: refused by the system
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once (and is then refused), never hangs
)


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


#: Windows' ERROR_WRITE_PROTECT: a USB stick or SD card whose lock switch is on (Python
#: reports it as a PermissionError).
_WRITE_PROTECT = 19


def os_error(exc: OSError, path: Path, root: Path | None = None) -> ShareError:
    """A person-readable error for a failed file operation on the share. The message names
    the shared folder as the person chose it (``root``: the stick, the network folder), not
    the file inside it (kept as the ``path`` parameter for the log), and says what helps:
    more room, the stick's lock switch, access rights."""
    folder = str(root if root is not None else path)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ShareError(
            N_(
                "The shared folder {folder} is full. Nothing was lost: make room on it "
                "(delete files you no longer need from it) or use another one, then "
                "synchronise again."
            ),
            folder=folder,
            path=str(path),
        )
    if exc.errno == errno.EROFS or getattr(exc, "winerror", None) == _WRITE_PROTECT:
        return ShareError(
            N_(
                "The shared folder {folder} is write-protected: nothing can be written to it, "
                "so trying again does not help. If it is a USB stick or a memory card, slide "
                "the lock switch on its side to unlock it, or use another one; otherwise ask "
                "whoever manages the folder. Nothing was lost."
            ),
            folder=folder,
            path=str(path),
        )
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return ShareError(
            N_(
                "libtrainer may not write to or read from the shared folder {folder}. Ask "
                "whoever manages the folder for access; nothing was lost."
            ),
            folder=folder,
            path=str(path),
        )
    if isinstance(exc, FileNotFoundError):
        return ShareError(
            N_(
                "A file disappeared from the shared folder {folder} while it was being used "
                "(was the USB stick taken out?). Synchronise again; nothing was lost."
            ),
            folder=folder,
            path=str(path),
        )
    return ShareError(
        N_(
            "The shared folder {folder} could not be used ({detail}). Nothing was lost; try "
            "again later."
        ),
        folder=folder,
        path=str(path),
        detail=os_reason(exc),
    )


def link_error(path: Path) -> ShareError:
    return ShareError(
        N_(
            "{path} on the shared folder is a link to another place; libtrainer does not "
            "follow links there and left it alone. Ask whoever manages the folder to replace "
            "it with a real folder or file."
        ),
        path=str(path),
    )


def not_a_file_error(path: Path) -> ShareError:
    return ShareError(
        N_("{path} on the shared folder is not an ordinary file; libtrainer left it alone."),
        path=str(path),
    )


def _is_link(st: os.stat_result) -> bool:
    """A symbolic link, or a Windows junction (not other reparse points: OneDrive's
    files-on-demand are reparse points too, and are ordinary files to read)."""
    return stat.S_ISLNK(st.st_mode) or getattr(st, "st_reparse_tag", 0) in _LINK_TAGS


def _text_name(name: str) -> bool:
    """A name that is text (a file name that is not valid Unicode cannot be ours)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        log.warning("skipped a file whose name is not text: %s", ascii(name))
        return False
    return True


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


def full_path(named: str | os.PathLike[str]) -> Path:
    """The shared folder a person names now (a command's SHARE), as a whole path: one given
    relative to the folder the command runs in is taken from there, and ``..`` and doubled
    separators are folded. Links are not followed: a mapped drive letter stays the letter the
    person knows (decision 0331). Whatever is remembered of it is this whole path."""
    return Path(os.path.abspath(os.fspath(named)))


class Share:
    """One region's folder on the share, for one reader or writer.

    ``root`` must be a whole path (:func:`full_path`): a relative one would be found from
    whatever folder a program happens to start in — a plain ``libtrainer sync`` or the app's
    automatic sync somewhere else than the ``enroll`` that remembered it — so it raises
    :class:`ShareNotFullPath` and nothing is read or written (decision 0331)."""

    def __init__(self, root: Path, region: str) -> None:
        if not Path(root).is_absolute():
            raise ShareNotFullPath(path=str(root))
        self.root = Path(root)
        self.region = region
        self.base = self.root / "libtrainer" / "v1" / region
        self.checked: set[Path] = set()  # folders known to hold no link below the root
        self.skipped: list[ShareError] = []  # folders that could not be listed (reported)

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

    def holds_trust(self) -> bool:
        """True when the region folder's ``trust/`` holds a trust-list file."""
        return any(
            ".trust" in entry.name.lower() and not is_temp(entry.name)
            for entry in self._entries(self.base / "trust")
        )

    def lost_trust(self, *, ignore_damaged: bool = False) -> bool:
        """This region's folder is here without a trust list (someone tidied ``trust/`` away,
        or copied only ``outbox/``), and the folder is not inside a shared folder nor holds
        another region's files. ``ignore_damaged``: the caller found only damaged files in
        ``trust/`` (they do not count as a list)."""
        return (
            self.base.is_dir()
            and (ignore_damaged or not self.holds_trust())
            and self._shared_folder_above() is None
            and not self.other_regions()
        )

    def require_home(self) -> None:
        """Raise :class:`WrongShare` when the folder holds no trust list of this region: an
        enrolled device never writes into another region's stick, into the ``libtrainer``
        folder inside the shared folder, or into some other folder (its work would reach no
        coordinator). The error names the folder and what was found there."""
        if self.holds_trust():
            return
        inside = self._shared_folder_above()
        if inside is not None:
            raise WrongShare(
                N_(
                    "{path} looks like the “libtrainer” folder inside the shared folder, or a "
                    "folder in it. Nothing was sent; your changes stay on this computer. "
                    "Choose the folder above it: {parent}"
                ),
                path=str(self.root),
                parent=str(inside),
            )
        others = self.other_regions()
        if others:
            raise WrongShare(
                N_(
                    "{path} is the shared folder of another region ({regions}), not of "
                    "{region}. Nothing was sent; your changes stay on this computer. Choose "
                    "your region's shared folder."
                ),
                path=str(self.root),
                regions=", ".join(others),
                region=self.region,
            )
        raise WrongShare(
            N_(
                "{path} is not your region's shared folder: it holds no trust list of "
                "{region}. Nothing was sent; your changes stay on this computer. Choose the "
                "shared folder your coordinator set up (it holds a “libtrainer” folder)."
            ),
            path=str(self.root),
            region=self.region,
        )

    def blank(self) -> bool:
        """No region's files at all here (a new or reformatted folder or stick), and not a
        folder inside a shared folder."""
        return not (self.root / "libtrainer").exists() and self._shared_folder_above() is None

    def other_regions(self) -> list[str]:
        """Region folders of this share, other than ours, that hold a trust list."""
        found = []
        for entry in self._list_quietly(self.root / "libtrainer" / "v1"):
            if (
                entry.name != self.region
                and entry.is_dir(follow_symlinks=False)
                and any(
                    e.name.endswith(".trust")
                    for e in self._list_quietly(Path(entry.path) / "trust")
                )
            ):
                found.append(entry.name)
        return found

    def _shared_folder_above(self) -> Path | None:
        """The shared folder this root lies inside (``X`` for ``X/libtrainer[/v1/…]``), or None."""
        here = self.root.absolute()
        for folder in (here, *here.parents):
            if folder.name == "libtrainer" and (folder / "v1").is_dir():
                return folder.parent
        return None

    def _list_quietly(self, folder: Path) -> list[os.DirEntry[str]]:
        try:
            return self._entries(folder)
        except ShareError:
            return []

    def check_folder(self, folder: Path) -> None:
        """Raise ShareError when ``folder`` is not below the root or any part of it below the
        root is a link (symbolic link, junction); parts not made yet are fine."""
        if folder in self.checked:
            return
        try:
            parts = folder.relative_to(self.root).parts
        except ValueError:
            raise link_error(folder) from None
        here = self.root
        for part in parts:
            here = here / part
            try:
                st = os.lstat(here)
            except FileNotFoundError:
                return  # made later, by us (write_once) or never (nothing to read)
            except OSError as exc:
                raise os_error(exc, here, self.root) from exc
            if _is_link(st):
                raise link_error(here)
        self.checked.add(folder)

    # -- writing -----------------------------------------------------------------------------

    def write_once(self, rel_path: str, data: bytes, *, make_region: bool = False) -> Path:
        """Write ``data`` as a new file ``rel_path`` under the region folder, atomically.

        The same bytes already there under that name are success (a retried write); other
        bytes there are never overwritten (:class:`ShareError`). The share's root is never
        created, and the region folder only with ``make_region`` (enrolment, a region's first
        trust list, a coordinator re-seeding a blank stick): a root or region folder that went
        away is :class:`ShareVanished` and nothing is written (decision 0323).
        """
        relative = PurePosixPath(rel_path)
        if relative.is_absolute() or any(p in ("", ".", "..") for p in relative.parts):
            raise ValueError(f"not a path inside the region folder: {rel_path!r}")
        target = self.base / rel_path
        tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
        try:
            self.check_folder(target.parent)
            self._make_folders(target.parent, make_region=make_region)
            self.checked.discard(target.parent)
            self.check_folder(target.parent)  # again: a link may have been put there meanwhile
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
            raise os_error(exc, target, self.root) from exc
        finally:
            with contextlib.suppress(OSError):
                with_retry(lambda: tmp.unlink(missing_ok=True))

    def _make_folders(self, folder: Path, *, make_region: bool) -> None:
        """Make ``folder`` one level at a time, each inside a parent that exists (never
        ``parents=True``): a share root that went away is not made again as an empty local
        folder, and the region folder is made only when ``make_region``."""
        if not os.path.isdir(self.root):
            raise ShareVanished(path=str(self.root))
        region_depth = len(self.base.relative_to(self.root).parts)
        here = self.root
        for depth, part in enumerate(folder.relative_to(self.root).parts, 1):
            here = here / part
            if os.path.isdir(here):
                continue
            if depth <= region_depth and not make_region:
                raise ShareVanished(path=str(self.root))
            try:
                os.mkdir(here)
            except FileExistsError:
                continue
            except FileNotFoundError:  # its parent (the root, at worst) went away meanwhile
                raise ShareVanished(path=str(self.root)) from None

    @staticmethod
    def _same(path: Path, data: bytes) -> bool:
        try:
            return path.stat().st_size == len(data) and path.read_bytes() == data
        except OSError:
            return False

    # -- reading -----------------------------------------------------------------------------

    def read(self, path: Path, limit: int) -> bytes:
        """The bytes of ``path``; BundleError("too_large") past ``limit``; ShareError if gone."""
        self.check_folder(path.parent)
        try:
            if not hasattr(os, "O_NOFOLLOW") and _is_link(os.lstat(path)):  # Windows
                raise link_error(path)
            fd = with_retry(lambda: os.open(path, _READ_FLAGS))
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link
                raise link_error(path) from exc
            raise os_error(exc, path, self.root) from exc
        try:
            with os.fdopen(fd, "rb") as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    raise not_a_file_error(path)
                data = fh.read(limit + 1)
        except OSError as exc:
            raise os_error(exc, path, self.root) from exc
        if len(data) > limit:
            raise BundleError("too_large", name=path.name)
        return data

    def _entries(self, folder: Path) -> list[os.DirEntry[str]]:
        """The entries of ``folder`` with text names, by name ([] when there is no folder)."""
        self.check_folder(folder)
        try:
            with os.scandir(folder) as found:
                entries = [e for e in found if _text_name(e.name)]
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise os_error(exc, folder, self.root) from exc
        return sorted(entries, key=lambda e: e.name)

    def _files(self, folder: Path, suffix: str) -> list[Path]:
        """Regular files of ``folder`` whose names contain ``suffix`` (not links, not ours in
        the making). A folder that cannot be listed is noted in :attr:`skipped`."""
        try:
            entries = self._entries(folder)
        except ShareError as exc:
            log.warning("a folder of the shared folder could not be listed")
            self.skipped.append(self._in_folder(exc, folder))
            return []
        return [
            folder / e.name
            for e in entries
            if not is_temp(e.name) and suffix in e.name.lower() and e.is_file(follow_symlinks=False)
        ]

    def _in_folder(self, exc: ShareError, folder: Path) -> ShareError:
        """``exc`` with the folder inside the shared folder it is about (``outbox/<device>``):
        the message names the shared folder; which device's folder it was helps whoever sorts
        it out (a coordinator)."""
        try:
            inside = folder.relative_to(self.base).as_posix()
        except ValueError:
            return exc
        from libtrainer.i18n import render  # noqa: PLC0415 - only when a folder fails

        return ShareError(N_("{problem} (folder {inside})"), problem=render(exc), inside=inside)

    def file_sizes(self, rel_folder: str) -> dict[str, int]:
        """Regular files of a folder below the region folder (not temporary ones): name ->
        size. A folder that is not there is empty; one that cannot be listed is a ShareError."""
        sizes = {}
        for entry in self._entries(self.base / rel_folder):
            if is_temp(entry.name) or not entry.is_file(follow_symlinks=False):
                continue
            try:
                sizes[entry.name] = entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
        return sizes

    def _device_dirs(self, area: str) -> list[str]:
        names = []
        for entry in self._entries(self.base / area):
            if not is_uuid(entry.name):
                continue
            try:
                st = os.lstat(entry.path)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode) and not _is_link(st):
                names.append(entry.name)
        return names

    def device_outboxes(self) -> list[str]:
        """Device ids with an outbox folder (names that are not device ids are ignored)."""
        return self._device_dirs("outbox")

    def device_folders(self) -> set[str]:
        """Device ids with an outbox or catalogue folder here (whose files these are)."""
        return {*self._device_dirs("outbox"), *self._device_dirs("catalogue")}

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

    def _readable(self, paths: list[Path], limit: int) -> Iterator[tuple[Path, bytes]]:
        """(path, bytes) of each readable file of ``paths``, shortest names first (so an
        original comes before its conflict copies); unreadable files are passed over."""
        for path in sorted(paths, key=lambda p: (len(p.name), p.name)):
            try:
                yield path, self.read(path, limit)
            except (ShareError, BundleError):
                continue

    def unique(self, paths: list[Path], limit: int) -> dict[str, Path]:
        """One path per distinct content (sha256 → path): conflict copies collapse into the
        original (the shortest name is kept)."""
        found: dict[str, Path] = {}
        for path, data in self._readable(paths, limit):
            found.setdefault(hashlib.sha256(data).hexdigest(), path)
        return found

    def documents(self, area: str, suffix: str) -> list[bytes]:
        """Distinct contents of the small files of ``area`` (trust/, enroll/), shortest names
        first, at most :data:`DOCS_BUDGET` bytes in all (a folder filled with junk cannot
        exhaust memory); unreadable files are passed over."""
        found: dict[str, bytes] = {}
        total = 0
        for _path, data in self._readable(self._files(self.base / area, suffix), DOC_LIMIT):
            total += len(data)
            if total > DOCS_BUDGET:
                log.warning("stopped reading %s/: more than %d bytes of files", area, DOCS_BUDGET)
                break
            found.setdefault(hashlib.sha256(data).hexdigest(), data)
        return list(found.values())

    def trust_documents(self) -> list[bytes]:
        return self.documents("trust", ".trust")

    def ack_files(self, device: str) -> list[Path]:
        """Ack files addressed to ``device`` by any coordinator."""
        return [
            p
            for coordinator in self._device_dirs("acks")
            for p in self._files(self.base / "acks" / coordinator / device, ".ack")
        ]

    def notice_files(self, device: str) -> list[Path]:
        """Notice files addressed to ``device`` by any coordinator (``sync/noticefile.py``)."""
        return [
            p
            for coordinator in self._device_dirs("acks")
            for p in self._files(self.base / "acks" / coordinator / device, ".notice")
        ]
