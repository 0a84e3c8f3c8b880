"""Printouts: sign-in sheets and certificates made to be printed, kept only for the session.

A branch PC is shared with the public. A PDF of people's names saved in the home folder (or in
Documents, Downloads, on the Desktop) is found by the next person who sits down. So printing
writes into a private ``printouts`` folder inside the data folder (owner-only where the system
has permissions) and opens the file from there; the files are deleted at the next start, at
the lock and when the window closes (decision 0521). Whoever wants to keep one saves a copy
where they choose.

Cleaning deletes only what this module made there: regular files named as :func:`new_path`
names them, and their temporary ``.part`` files (``reports.atomic``). It never follows a link:
a link in the folder is not deleted through, and a ``printouts`` that is itself a link (or a
junction) is neither written to nor cleaned. A file that cannot be deleted now (a viewer on
Windows still holds it open) is left for the next time, silently.

Thread rule: any thread (no Qt), except :func:`documents`, which is for the GUI thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import stat
from pathlib import Path

from libtrainer.domain.errors import N_, LibtrainerError

log = logging.getLogger("libtrainer.gui.printouts")

FOLDER = "printouts"
#: ``<stem>-<YYYY-MM-DD>-<12 hex>.pdf`` — the names :func:`new_path` gives
_NAME = re.compile(r"[\w-]+-\d{4}-\d{2}-\d{2}-[0-9a-f]{12}\.pdf")
_PART = re.compile(r"\.(?P<name>.+)\.part")


def folder(data_dir: Path) -> Path:
    """The printouts folder of the data folder ``data_dir`` (it may not exist yet)."""
    return data_dir / FOLDER


def made_here(name: str) -> bool:
    """Whether a file named ``name`` in the printouts folder was made by :func:`new_path` (or
    is the temporary file of one being written)."""
    part = _PART.fullmatch(name)
    return _NAME.fullmatch(part.group("name") if part else name) is not None


def new_path(data_dir: Path, stem: str, today: dt.date) -> Path:
    """A new, unused name for a printout (the folder is made owner-only when missing).

    ``stem`` ("sign-in-sheet", translated) is reduced to letters, digits and dashes; a random
    part keeps two printouts of a day apart (Windows cannot replace a PDF open in a viewer).
    Raises :class:`OSError` when the folder cannot be made, and a :class:`LibtrainerError`
    when ``printouts`` is not a plain folder."""
    import secrets  # noqa: PLC0415 - only when printing (not at start: clean() is)

    where = _ready(folder(data_dir))
    safe = re.sub(r"[^\w-]+", "-", stem).strip("-") or "printout"
    return where / f"{safe}-{today.isoformat()}-{secrets.token_hex(6)}.pdf"


def clean(data_dir: Path) -> int:
    """Delete the printouts made earlier (see the module docstring); how many are left
    because they could not be deleted now. Never raises: a printout left is deleted later."""
    where = folder(data_dir)
    try:
        if not _plain_dir(os.lstat(where)):
            log.warning("the printouts folder is not a plain folder; it is not cleaned")
            return 0
        with os.scandir(where) as entries:
            ours = [e.path for e in entries if made_here(e.name) and _regular(e)]
    except FileNotFoundError:
        return 0
    except OSError as exc:
        log.warning("the printouts folder could not be read: %s", type(exc).__name__)
        return 0
    left = 0
    for path in ours:
        try:
            os.unlink(path)  # removes a name; it never follows a link
        except FileNotFoundError:
            pass
        except OSError:  # open in a viewer (Windows), no permission: the next time
            left += 1
    if left:
        log.info("%d printouts could not be deleted yet (open in a viewer?)", left)
    return left


def documents() -> Path:
    """Where a file meant to be kept is suggested first: the person's Documents folder
    (home when there is none), never the printouts folder."""
    from PySide6.QtCore import QStandardPaths  # noqa: PLC0415 - only when saving

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(found) if found else Path.home()
    return path if path.is_dir() else Path.home()


def _ready(where: Path) -> Path:
    try:
        info = os.lstat(where)
    except FileNotFoundError:
        with contextlib.suppress(FileExistsError):  # made meanwhile: checked below
            where.mkdir(mode=0o700)
        info = os.lstat(where)
    if not _plain_dir(info):
        raise LibtrainerError(
            N_(
                "The printouts folder {path} is not a plain folder, so nothing is printed "
                "there. Ask whoever looks after this computer to remove it."
            ),
            path=str(where),
        )
    if os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(where, 0o700)  # not a link (checked above): only its owner reads it
    return where


def _plain_dir(info: os.stat_result) -> bool:
    """A directory itself: not a link, not a Windows junction or other reparse point."""
    reparse = getattr(info, "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_REPARSE_POINT
    return stat.S_ISDIR(info.st_mode) and not reparse


def _regular(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=False) and not entry.is_symlink()
    except OSError:
        return False
