"""Device settings kept in the store (``lt_meta``), not in the user's profile.

These are facts about the device that every staff member of it shares and that must not be
changed by editing a per-user settings file: where the shared folder is and after how many idle
minutes the app locks. Per-user preferences (language, window geometry) live in the GUI's
settings instead. Values are validated here; reading a missing or damaged value gives the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from libtrainer.domain import rules
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.store.store import read_meta, write_meta
from libtrainer.store.uow import UnitOfWork

SHARE_PATH = "share_path"
IDLE_LOCK_MINUTES = "idle_lock_minutes"
#: "hourly" when this computer also sends while the app is closed (``sync.scheduled``).
SCHEDULED_SEND = "scheduled_send"
DEFAULT_IDLE_LOCK_MINUTES = 5
MIN_IDLE_LOCK_MINUTES = 1
MAX_IDLE_LOCK_MINUTES = 120


@dataclass(frozen=True)
class DeviceSettings:
    share_path: str | None
    idle_lock_minutes: int
    scheduled_send: bool = False


def read(conn: Connection) -> DeviceSettings:
    """The device settings (defaults where none are set)."""
    share = read_meta(conn, SHARE_PATH) or None
    raw = read_meta(conn, IDLE_LOCK_MINUTES)
    try:
        minutes = check_idle_minutes(int(raw)) if raw else DEFAULT_IDLE_LOCK_MINUTES
    except (ValueError, ValidationError):
        minutes = DEFAULT_IDLE_LOCK_MINUTES
    scheduled = read_meta(conn, SCHEDULED_SEND) == "hourly"
    return DeviceSettings(share, minutes, scheduled)


def check_share_path(text: str) -> str:
    """The shared folder as it is kept: its whole path, ``..`` and doubled separators folded
    ("" clears it). A path without its drive or the folders above it (``usb``, ``E:``) is
    refused: the app may start in any folder, so it would point somewhere else each time
    (decision 0331). Links are not followed: a mapped drive letter stays as given."""
    text = rules.clean_text("share_path", text)
    if not text:
        return ""
    if not Path(text).is_absolute():
        raise ValidationError(
            "share_path",
            N_(
                "Give the shared folder's whole path, beginning with its drive or network "
                "name (for example E:\\ or \\\\server\\share), or choose it with Browse."
            ),
        )
    return os.path.normpath(text)


def check_idle_minutes(value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(
            "idle_lock_minutes", N_("The idle lock time must be a whole number of minutes.")
        )
    if not MIN_IDLE_LOCK_MINUTES <= value <= MAX_IDLE_LOCK_MINUTES:
        raise ValidationError(
            "idle_lock_minutes",
            N_("The idle lock time must be from {low} to {high} minutes."),
            low=MIN_IDLE_LOCK_MINUTES,
            high=MAX_IDLE_LOCK_MINUTES,
        )
    return value


def save(
    uow: UnitOfWork,
    *,
    share_path: str | None = None,
    idle_lock_minutes: int | None = None,
    scheduled_send: bool | None = None,
) -> DeviceSettings:
    """Change the settings given (None leaves one as it is; "" clears the share); commits.

    ``scheduled_send`` only records the choice: registering it with the system is
    :mod:`libtrainer.sync.scheduled`'s work, done by the caller first."""
    conn = uow.connection
    if share_path is not None:
        write_meta(conn, SHARE_PATH, check_share_path(share_path))
    if idle_lock_minutes is not None:
        write_meta(conn, IDLE_LOCK_MINUTES, str(check_idle_minutes(idle_lock_minutes)))
    if scheduled_send is not None:
        write_meta(conn, SCHEDULED_SEND, "hourly" if scheduled_send else "")
    result = read(conn)
    uow.commit()
    return result
