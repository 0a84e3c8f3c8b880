"""Does the data folder survive a restart? (Public PCs often restore their disk at reboot.)

Two checks, both only warnings:

- :func:`risky_location` looks at the path: temp folders (``%TEMP%``, ``/tmp``,
  ``C:\\Windows\\Temp``…) and, when reboot-restore software (Deep Freeze, Reboot Restore Rx,
  Windows SteadyState, Unified Write Filter…) is installed, folders on the frozen system drive.
- :func:`write_marker` leaves a small file with a timestamp and the settings remember it; on
  the next start :func:`check_marker` tells whether the folder kept it across a restart
  (``confirmed``), whether no restart happened yet (``waiting``), or whether it vanished
  (``lost``: the folder was restored — the data will be lost at every restart).

Pure Python (no Qt): the first-run wizard and the Today screen show what it finds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from libtrainer.domain.errors import N_

MARKER_NAME = ".libtrainer-restart-check.json"

#: Folders whose presence means reboot-restore software is installed (Windows).
RESTORE_SOFTWARE = (
    ("Deep Freeze", r"C:\Program Files\Faronics\Deep Freeze"),
    ("Deep Freeze", r"C:\Program Files (x86)\Faronics\Deep Freeze"),
    ("Deep Freeze", r"C:\Windows\SysWOW64\DFC.exe"),
    ("Deep Freeze", r"C:\Windows\System32\DFC.exe"),
    ("Reboot Restore Rx", r"C:\Program Files\Reboot Restore Rx"),
    ("Reboot Restore Rx", r"C:\Program Files (x86)\Reboot Restore Rx"),
    ("Reboot Restore Rx", r"C:\Program Files\Shield"),
    ("Windows SteadyState", r"C:\Program Files\Windows SteadyState"),
    ("Centurion SmartShield", r"C:\Program Files\Centurion Technologies"),
    ("Unified Write Filter", r"C:\Windows\System32\uwfcfgmgmt.dll"),
)

TEMP_PARTS = ("temp", "tmp", "temporary internet files", "inetcache", "$recycle.bin")
#: Folders that are emptied at restart on Linux/macOS (we only compare paths with them).
POSIX_TEMP = ("/tmp", "/var/tmp", "/dev/shm", "/run/user")  # noqa: S108


@dataclass(frozen=True)
class Risk:
    """One reason to worry about a folder: an untranslated message and its parameters."""

    msgid: str
    params: Mapping[str, str]


def risky_location(
    folder: str | os.PathLike[str],
    *,
    env: Mapping[str, str] | None = None,
    exists: Callable[[str], bool] = os.path.exists,
    platform: str = sys.platform,
) -> list[Risk]:
    """Reasons why ``folder`` may not survive a restart (empty list: nothing known)."""
    env = os.environ if env is None else env
    text = os.fspath(folder)
    risks: list[Risk] = []
    if _is_temp(text, env, platform):
        risks.append(
            Risk(
                N_(
                    "“{path}” is a temporary folder: it is emptied at restarts and "
                    "by clean-up tools."
                ),
                {"path": text},
            )
        )
    if platform.startswith("win"):
        products = restore_software(exists=exists, platform=platform)
        system = env.get("SystemDrive", "C:").upper()
        drive = PureWindowsPath(text).drive.upper()
        if products and (not drive or drive == system):
            risks.append(
                Risk(
                    N_(
                        "{product} is installed on this computer and the folder is on the system "
                        "drive {drive}, which it restores at every restart. Choose a folder on a "
                        "drive it does not freeze (for example a “ThawSpace” drive)."
                    ),
                    {"product": ", ".join(products), "drive": system},
                )
            )
    return risks


def restore_software(
    *, exists: Callable[[str], bool] = os.path.exists, platform: str = sys.platform
) -> list[str]:
    """The reboot-restore products installed on this computer (by name, sorted; [] when none
    is known to be, and always off Windows). Such a PC puts the Windows profile back at each
    restart, and with it the keyring: the first-run wizard then proposes a passphrase."""
    if not platform.startswith("win"):
        return []
    return sorted({name for name, path in RESTORE_SOFTWARE if exists(path)})


def _is_temp(text: str, env: Mapping[str, str], platform: str) -> bool:
    if platform.startswith("win"):
        path = PureWindowsPath(text)
        lowered = str(path).lower().rstrip("\\")
        for var in ("TEMP", "TMP"):
            value = env.get(var)
            if value and (lowered + "\\").startswith(str(PureWindowsPath(value)).lower() + "\\"):
                return True
        parts = [p.lower() for p in path.parts]
        return any(p in TEMP_PARTS for p in parts) or lowered.startswith("c:\\windows\\temp")
    lowered = os.path.normpath(text)
    roots = list(POSIX_TEMP)
    for var in ("TMPDIR", "TEMP", "TMP"):
        if env.get(var):
            roots.append(os.path.normpath(env[var]))
    default_tmp = os.path.normpath(tempfile.gettempdir()) if env is os.environ else None
    if default_tmp:
        roots.append(default_tmp)
    return any(lowered == r or lowered.startswith(r.rstrip("/") + "/") for r in roots)


# --- the marker -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    path: str
    written: str  # ISO timestamp (UTC)
    nonce: str

    @property
    def token(self) -> str:
        """What the settings remember: the time written and a random nonce."""
        return f"{self.written}#{self.nonce}"


def write_marker(folder: Path) -> Marker:
    """Leave the restart-check file in ``folder`` (raises OSError when it cannot be written)."""
    folder.mkdir(parents=True, exist_ok=True)
    import secrets  # noqa: PLC0415 - not needed to check a marker at start

    written = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    nonce = secrets.token_hex(8)
    path = folder / MARKER_NAME
    tmp = folder / (MARKER_NAME + ".tmp")
    tmp.write_text(json.dumps({"written": written, "nonce": nonce}), encoding="utf-8")
    tmp.replace(path)
    return Marker(str(path), written, nonce)


def read_marker(folder: Path) -> Marker | None:
    """The restart-check file already in ``folder``, to remember again when a store is
    opened whose settings were lost (docs/decisions/0518); None when there is none."""
    path = folder / MARKER_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Marker(str(path), str(data["written"]), str(data["nonce"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def boot_time() -> dt.datetime | None:
    """When this computer last started, if the system says so."""
    try:
        if sys.platform.startswith("linux"):
            for line in Path("/proc/stat").read_text().splitlines():
                if line.startswith("btime "):
                    return dt.datetime.fromtimestamp(int(line.split()[1]), dt.UTC)
        if sys.platform.startswith("win"):
            import ctypes  # noqa: PLC0415

            uptime_ms = ctypes.windll.kernel32.GetTickCount64()  # type: ignore[attr-defined]
            return dt.datetime.fromtimestamp(time.time() - uptime_ms / 1000, dt.UTC)
    except (OSError, ValueError, AttributeError):
        return None
    return None


def check_marker(path: str | None, token: str | None, booted: dt.datetime | None = None) -> str:
    """``none`` (no marker was written), ``lost``, ``waiting`` (no restart since) or
    ``confirmed`` (the marker outlived a restart)."""
    if not path or not token:
        return "none"
    written, _sep, nonce = token.partition("#")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "lost"
    if data.get("written") != written or data.get("nonce") != nonce:
        return "lost"
    booted = booted or boot_time()
    if booted is None:
        return "waiting"
    return "confirmed" if booted > dt.datetime.fromisoformat(written) else "waiting"


RESTART_ADVICE = N_(
    "To be sure the folder survives restarts: restart the computer, open libtrainer again and "
    "look at the Today screen. It says “The data folder survived a restart” when the check file "
    "is still there, and warns you when it is gone."
)
