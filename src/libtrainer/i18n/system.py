"""What the computer says about the person using it: the language of its menus and how its
spreadsheets write numbers. No Qt; every probe is guarded (an answer it cannot get is "not
known", never an error) and takes what it reads as an argument, so tests inject it.

- **Language** (:func:`system_language`): on Windows the user's display language, the one
  Windows' own menus are in (``GetUserDefaultUILanguage``); elsewhere the messages locale as
  gettext reads it: ``LANGUAGE`` (GNU's list of preferred languages, e.g. ``lv:en``) unless the
  locale is C, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` — the first one set decides.
- **Number format** (:func:`number_format`): Excel splits a double-clicked CSV by the list
  separator of the regional settings and reads numbers by their decimal symbol. On Windows both
  come from ``HKCU\\Control Panel\\International`` (``sList``, ``sDecimal``); elsewhere the
  decimal point of the user's numeric locale (``locale.localeconv``), with ``;`` between cells
  when it is a comma (what LibreOffice and Excel expect there). The C locale is "not known".

Thread rule: call :func:`number_format` first from the main thread (the CLI before its work,
the window before an export goes to its worker): off Windows, outside Qt (which sets the
user's locale itself), it switches the numeric locale for a moment to read it; the answer is
kept for the rest of the process.
"""

from __future__ import annotations

import contextlib
import locale
import os
import sys
from collections.abc import Callable, Mapping
from functools import cache
from typing import NamedTuple

#: Primary language ids of Windows (the low 10 bits of a LANGID) that libtrainer speaks.
WINDOWS_LANGUAGES = {0x27: "lt", 0x26: "lv", 0x09: "en"}

#: Locale names that mean "no regional settings chosen" (the C library's default).
_C_LOCALES = frozenset({"c", "posix"})


def _code(name: str | None) -> str:
    """``"lt_LT.UTF-8"`` → ``"lt"``, ``"C.UTF-8"`` → ``"c"``, ``None`` → ``""``."""
    return (name or "").replace("-", "_").split("_")[0].split(".")[0].split("@")[0].lower()


# --- language -----------------------------------------------------------------------------------


def windows_ui_language() -> int | None:
    """The LANGID of the Windows user's display language; None elsewhere or when not known."""
    if not sys.platform.startswith("win"):
        return None
    try:
        import ctypes  # noqa: PLC0415 - Windows only

        return int(ctypes.windll.kernel32.GetUserDefaultUILanguage())  # type: ignore[attr-defined,unused-ignore]
    except (OSError, AttributeError, ValueError):
        return None


def windows_language(langid: int | None) -> str | None:
    """``0x0427`` (Lithuanian) → "lt", ``0x0426`` → "lv", any English → "en"; else None."""
    if not langid:
        return None
    return WINDOWS_LANGUAGES.get(langid & 0x3FF)


def posix_language(environ: Mapping[str, str], known: Callable[[str], str | None]) -> str | None:
    """The language gettext would use from ``environ``, among those ``known`` accepts
    (it maps a locale name to a language code or None). None: the C locale, or none known."""
    messages = next((environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(v)), "")
    if messages and _code(messages) in _C_LOCALES:
        return None
    if messages:  # GNU gettext reads LANGUAGE only when a locale is chosen
        for entry in environ.get("LANGUAGE", "").split(":"):
            if found := known(entry):
                return found
    return known(messages)


def system_language(
    known: Callable[[str], str | None],
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    ui_language: Callable[[], int | None] = windows_ui_language,
) -> str | None:
    """The language of this computer's menus that libtrainer speaks, or None (not known, or
    one it does not speak). ``known`` maps a locale name to "lt", "lv", "en" or None."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform).startswith("win"):
        langid = ui_language()
        if langid:  # Windows answered: its display language decides, spoken here or not
            return windows_language(langid)
        return posix_language(env, known)  # a language set for a console (rare on Windows)
    found = posix_language(env, known)
    if found or any(env.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG")):
        return found
    return known(locale.getlocale()[0] or "")  # nothing in the environment (macOS apps)


# --- number format ------------------------------------------------------------------------------


class NumberFormat(NamedTuple):
    """How the computer's spreadsheets expect a CSV: the character between cells and the
    decimal symbol. (A named tuple: this module is on the way to the first window, where the
    ``dataclasses`` module costs, decision 0510.)"""

    list_separator: str
    decimal: str


#: Characters that cannot separate cells or mark decimals in a CSV one can read back.
_NOT_SEPARATORS = frozenset("\"'\r\n-+ ")


def usable(list_separator: str | None, decimal: str | None) -> NumberFormat | None:
    """The format of these two settings, or None when they cannot make a readable CSV (empty,
    longer than a character, a letter or a digit, both the same). A separator that cannot be
    used with a usable decimal gives the one that goes with it (";" with a comma)."""
    if not decimal or len(decimal) != 1 or decimal.isalnum() or decimal in _NOT_SEPARATORS:
        return None
    fitting = ";" if decimal == "," else ","
    if (
        not list_separator
        or len(list_separator) != 1
        or list_separator.isalnum()
        or list_separator in _NOT_SEPARATORS
        or list_separator == decimal
    ):
        list_separator = fitting
    return NumberFormat(list_separator, decimal)


def read_windows_international(name: str) -> str | None:
    """A value of ``HKCU\\Control Panel\\International`` (``sList``, ``sDecimal``); None
    elsewhere or when it cannot be read."""
    if not sys.platform.startswith("win"):
        return None
    try:
        import winreg  # noqa: PLC0415 - Windows only

        with winreg.OpenKey(  # type: ignore[attr-defined,unused-ignore]
            winreg.HKEY_CURRENT_USER,  # type: ignore[attr-defined,unused-ignore]
            r"Control Panel\International",
        ) as key:
            value, _kind = winreg.QueryValueEx(key, name)  # type: ignore[attr-defined,unused-ignore]
    except (ImportError, OSError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def windows_number_format(
    read: Callable[[str], str | None] = read_windows_international,
) -> NumberFormat | None:
    """The list separator and decimal symbol of the Windows user's regional settings."""
    return usable(read("sList"), read("sDecimal"))


def user_localeconv() -> Mapping[str, object] | None:
    """``locale.localeconv()`` of the user's numeric locale (the environment's), or None when
    that is the C locale or is not installed. The process's numeric locale is put back."""
    try:
        current = locale.setlocale(locale.LC_NUMERIC)
    except locale.Error:
        return None
    try:
        if _code(current) in _C_LOCALES:
            locale.setlocale(locale.LC_NUMERIC, "")
            if _code(locale.setlocale(locale.LC_NUMERIC)) in _C_LOCALES:
                return None
        return locale.localeconv()
    except locale.Error:  # a locale named in the environment but not installed
        return None
    finally:
        with contextlib.suppress(locale.Error):
            locale.setlocale(locale.LC_NUMERIC, current)


def posix_number_format(
    conv: Callable[[], Mapping[str, object] | None] = user_localeconv,
) -> NumberFormat | None:
    """The decimal point of the user's numeric locale, with ";" between cells when it is a
    comma and "," otherwise (there is no list separator to read)."""
    found = conv()
    decimal = found.get("decimal_point") if found else None
    return usable(None, decimal if isinstance(decimal, str) else None)


def detect_number_format(
    platform: str | None = None,
    *,
    read: Callable[[str], str | None] = read_windows_international,
    conv: Callable[[], Mapping[str, object] | None] = user_localeconv,
) -> NumberFormat | None:
    """This computer's number format for spreadsheets, or None when it is not known."""
    if (platform or sys.platform).startswith("win"):
        return windows_number_format(read)
    return posix_number_format(conv)


@cache
def _detected() -> NumberFormat | None:
    return detect_number_format()


def number_format() -> NumberFormat | None:
    """This computer's number format (read once per process; see the module's thread rule)."""
    return _detected()
