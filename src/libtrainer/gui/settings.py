"""Per-user GUI preferences, typed, over ``QSettings`` (after Picard's settings).

Where they are kept: the file named by ``LIBTRAINER_SETTINGS`` when set (tests point it into a
temp folder), else Qt's per-user INI location for organisation/app "libtrainer". Device-wide
settings (shared folder, idle lock) are in the store instead (``services.settings``).
Thread rule: GUI thread only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings

ENV_SETTINGS = "LIBTRAINER_SETTINGS"
T = TypeVar("T")


class Setting(Generic[T]):
    """One typed value; reading a missing or damaged value gives the default."""

    def __init__(self, key: str, default: T, kind: type) -> None:
        self.key = key
        self.default = default
        self.kind = kind

    @overload
    def __get__(self, obj: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, obj: GuiSettings, owner: type) -> T: ...
    def __get__(self, obj: GuiSettings | None, owner: type) -> Any:
        if obj is None:
            return self
        raw = obj.qsettings.value(self.key)
        if raw is None:
            return self.default
        return _convert(raw, self.kind, self.default)

    def __set__(self, obj: GuiSettings, value: T) -> None:
        if value is None:
            obj.qsettings.remove(self.key)
        elif self.kind is bytes:
            obj.qsettings.setValue(self.key, QByteArray(bytes(value)))  # type: ignore[call-overload]
        else:
            obj.qsettings.setValue(self.key, value)


def _convert(raw: Any, kind: type, default: Any) -> Any:
    try:
        if kind is bool:
            if isinstance(raw, str):
                return raw.strip().lower() in ("1", "true", "yes")
            return bool(raw)
        if kind is int:
            return int(raw)
        if kind is bytes:
            return bytes(raw.data()) if isinstance(raw, QByteArray) else bytes(raw)
        if kind is str:
            return str(raw) if raw != "" else default
    except (TypeError, ValueError):
        return default
    return raw


def _progress_key(store_uid: str) -> str:
    return "progress/" + "".join(c for c in store_uid if c.isalnum() or c == "-")


class GuiSettings:
    """The app's per-user settings. Create one and pass it around; it writes through."""

    language: Setting[str | None] = Setting("ui/language", None, str)
    data_dir: Setting[str | None] = Setting("store/data_dir", None, str)
    last_login: Setting[str | None] = Setting("ui/last_login", None, str)
    geometry: Setting[bytes | None] = Setting("window/geometry", None, bytes)
    window_state: Setting[bytes | None] = Setting("window/state", None, bytes)
    last_screen: Setting[str | None] = Setting("window/last_screen", None, str)
    high_contrast: Setting[bool] = Setting("ui/high_contrast", False, bool)
    font_points: Setting[int] = Setting("ui/font_points", 0, int)
    #: Minutes between automatic syncs while someone is signed in (0: only "Sync now").
    auto_sync_minutes: Setting[int] = Setting("sync/auto_minutes", 10, int)
    marker_path: Setting[str | None] = Setting("persist/marker_path", None, str)
    marker_written: Setting[str | None] = Setting("persist/marker_written", None, str)
    persistence_confirmed: Setting[bool] = Setting("persist/confirmed", False, bool)

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        target = path or os.environ.get(ENV_SETTINGS)
        if target:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            self.qsettings = QSettings(str(target), QSettings.Format.IniFormat)
        else:
            self.qsettings = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, "libtrainer", "libtrainer"
            )

    def has(self, name: str) -> bool:
        """Whether this profile holds a value of the setting ``name`` (an attribute of this
        class), rather than its default."""
        setting = getattr(type(self), name)
        return bool(self.qsettings.contains(setting.key))

    def progress(self, store_uid: str) -> int | None:
        """How far the store ``store_uid`` had got when this computer last saw it (its clock
        floor, ``services.restorecheck``); None when never seen here."""
        value = _convert(self.qsettings.value(_progress_key(store_uid)), int, None)
        return value if isinstance(value, int) and value > 0 else None

    def remember_progress(self, store_uid: str, value: int) -> None:
        """Remember ``value`` for ``store_uid``, never lowering what is remembered."""
        if not store_uid or value <= 0:
            return
        known = self.progress(store_uid) or 0
        if value > known:
            self.qsettings.setValue(_progress_key(store_uid), str(value))

    @property
    def path(self) -> str:
        return self.qsettings.fileName()

    def sync(self) -> None:
        self.qsettings.sync()
