"""Finding a store that is already there, when the per-user settings that named it are gone.

Reboot-restore software puts the user profile (and with it the app's settings and the
keyring) back at every restart while the data folder on a kept drive survives. The first-run
wizard then starts again; instead of a dead end it offers to open the records it finds in the
usual places (:func:`usual_places`): the default data folder (``paths.data_dir``), and on
Windows the same folder on every other fixed or removable drive (a USB stick; never a network
drive), plus ``X:\\libtrainer`` there. A store is named from its ``store.json`` only (branch
and computer, ``storefile.keep_place``): no key is needed and nothing is opened, changed or
moved (docs/decisions/0518).

One store can be in several folders (a copy on a USB disk, an old copy left in the default
folder): :func:`by_store` groups what was found by store id, and each copy carries when its
file last changed and the kind of drive it is on, so the wizard can say so and let the person
choose — it never picks one.

Pure Python and light: no SQLAlchemy, no Qt (the wizard calls it on the GUI thread).
"""

from __future__ import annotations

import contextlib
import json
import os
import string
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any

CONFIG_FILE = "store.json"  # as services.storefile names them (importing it loads SQLAlchemy)
STORE_FILE = "libtrainer.db"
#: A folder name people often give the data folder on a kept drive (looked for on each drive).
PLAIN_NAME = "libtrainer"


@dataclass(frozen=True)
class FoundStore:
    """A finished store in ``folder``, as its ``store.json`` describes it (no secrets)."""

    folder: Path
    store_uid: str
    key_source: str
    branch: str = ""
    device: str = ""
    #: When the store file (or its write-ahead log) last changed, seconds since the epoch.
    changed: float = 0.0
    #: The kind of drive it is on (:func:`drive_kind`), "" when not known.
    drive: str = ""


def describe(folder: Path, *, drive: Callable[[Path], str] | None = None) -> FoundStore | None:
    """The store in ``folder`` (None: no finished store there — nothing, a set-up that was
    interrupted, or a ``libtrainer.db`` without its ``store.json``, which is never touched).
    ``drive`` tells the kind of drive a folder is on (default :func:`drive_kind`)."""
    try:
        if not ((folder / CONFIG_FILE).is_file() and (folder / STORE_FILE).is_file()):
            return None
        raw = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("setup_pending") is True:
        return None
    place = raw.get("place")
    if not isinstance(place, dict):
        place = {}
    return FoundStore(
        folder,
        str(raw.get("store_uid") or ""),
        str(raw.get("key_source") or ""),
        str(place.get("branch") or "")[:200],
        str(place.get("device") or "")[:200],
        _changed(folder),
        (drive or drive_kind)(folder),
    )


def _changed(folder: Path) -> float:
    times = []
    for name in (STORE_FILE, STORE_FILE + "-wal"):
        try:
            times.append((folder / name).stat().st_mtime)
        except OSError:
            continue
    return max(times, default=0.0)


#: ``GetDriveTypeW`` answers and what :func:`drive_kind` calls them.
_DRIVE_KINDS = {2: "removable", 3: "fixed", 4: "network", 5: "optical"}


def drive_kind(folder: Path) -> str:
    """ "fixed", "removable", "network" or "optical" for a folder on Windows (as Windows tells
    it: a USB hard disk counts as fixed); "" elsewhere or when not known."""
    if not sys.platform.startswith("win"):
        return ""
    try:
        import ctypes  # noqa: PLC0415

        anchor = PureWindowsPath(str(folder.absolute())).anchor
        return _DRIVE_KINDS.get(int(ctypes.windll.kernel32.GetDriveTypeW(anchor)), "")
    except (OSError, AttributeError, ValueError):
        return ""


def by_store(found: Iterable[FoundStore]) -> list[list[FoundStore]]:
    """``found`` grouped by store id, in the order first seen: a group of several is one
    store in several folders (copies), which the person must choose between."""
    groups: dict[str, list[FoundStore]] = {}
    for i, store in enumerate(found):
        groups.setdefault(store.store_uid or f"\0{i}", []).append(store)  # no id: its own
    return list(groups.values())


def newest(copies: list[FoundStore]) -> FoundStore | None:
    """The copy changed most recently (None when fewer than two or no single newest one)."""
    if len(copies) < 2:
        return None
    ordered = sorted(copies, key=lambda c: c.changed, reverse=True)
    return ordered[0] if ordered[0].changed > ordered[1].changed else None


#: ``GetDriveTypeW`` answers of the drives searched: removable (a USB stick, a memory card) and
#: fixed (a disk, also a USB hard disk). Never network drives: they may hang for a long time.
_SEARCHED_TYPES = (2, 3)
#: Floppy letters: asking an empty one can keep Windows busy for seconds.
_FLOPPY = ("A:", "B:")
SEM_FAILCRITICALERRORS = 0x0001


def local_drives(*, kernel: Any = None, platform: str = sys.platform) -> list[str]:
    """The letters of this Windows computer's fixed and removable drives ("C:", "D:", "E:"…;
    no network drive, no CD, no floppy letter); [] elsewhere. ``kernel`` stands in for
    ``kernel32`` in tests."""
    if not platform.startswith("win"):
        return []
    try:
        if kernel is None:
            import ctypes  # noqa: PLC0415

            kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        mask = int(kernel.GetLogicalDrives())
        return [
            f"{letter}:"
            for i, letter in enumerate(string.ascii_uppercase)
            if mask >> i & 1
            and f"{letter}:" not in _FLOPPY
            and kernel.GetDriveTypeW(f"{letter}:\\") in _SEARCHED_TYPES
        ]
    except (OSError, AttributeError, ValueError):
        return []


@contextlib.contextmanager
def quiet_drive_errors() -> Iterator[None]:
    """While looking at drives, Windows shows no "There is no disk in the drive" box for an
    empty card reader (``SetThreadErrorMode(SEM_FAILCRITICALERRORS)``); a no-op elsewhere."""
    if not sys.platform.startswith("win"):
        yield
        return
    try:
        import ctypes  # noqa: PLC0415

        kernel = ctypes.windll.kernel32
        old = ctypes.c_uint32()
        kernel.SetThreadErrorMode(SEM_FAILCRITICALERRORS, ctypes.byref(old))
    except (OSError, AttributeError, ValueError):
        yield
        return
    try:
        yield
    finally:
        kernel.SetThreadErrorMode(old.value, None)


def usual_places(
    default: Path | str,
    *,
    platform: str = sys.platform,
    drives: Callable[[], Iterable[str]] = local_drives,
) -> list[str]:
    """Where a data folder usually is: ``default`` first; on Windows also the same folder on
    each other fixed or removable drive (a USB stick) and ``X:\\libtrainer`` on each of them
    (paths as text; :func:`local_drives`)."""
    places = [str(default)]
    if platform.startswith("win"):
        path = PureWindowsPath(str(default))
        rest = path.relative_to(path.anchor) if path.anchor else path
        for drive in drives():
            letter = drive.rstrip(":\\/").upper() + ":"
            if path.drive.upper() != letter:
                places.append(str(PureWindowsPath(letter + "\\") / rest))
            places.append(str(PureWindowsPath(letter + "\\") / PLAIN_NAME))
    unique: list[str] = []
    for place in places:
        if place.lower() not in (u.lower() for u in unique):
            unique.append(place)
    return unique


def find_stores(
    places: Iterable[str],
    *,
    skip: Iterable[Path] = (),
    drive: Callable[[Path], str] | None = None,
) -> list[FoundStore]:
    """The finished stores in ``places`` (in that order), leaving out the folders in ``skip``
    and any store seen twice (the same folder by two names). Copies of one store in two
    folders are both there: :func:`by_store` groups them."""
    skipped = {_key(Path(p)) for p in skip}
    found: list[FoundStore] = []
    with quiet_drive_errors():
        for place in places:
            folder = Path(place)
            if _key(folder) in skipped:
                continue
            store = describe(folder, drive=drive)
            if store is not None and all(_key(f.folder) != _key(folder) for f in found):
                found.append(store)
    return found


def _key(folder: Path) -> str:
    try:
        return os.path.normcase(folder.resolve())
    except OSError:
        return os.path.normcase(folder)
