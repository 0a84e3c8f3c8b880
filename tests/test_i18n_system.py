"""The computer's language and number format, read from what is injected (no real registry,
Windows API or locale): Windows' display language and regional settings, POSIX's locale."""

from __future__ import annotations

import locale
import sys
from collections.abc import Callable, Mapping

import pytest

from libtrainer.i18n import detect_language, system
from libtrainer.i18n.system import NumberFormat

LITHUANIAN, LATVIAN, ENGLISH_US, ENGLISH_GB, GERMAN = 0x0427, 0x0426, 0x0409, 0x0809, 0x0407


def _no_ui() -> int | None:
    return None


@pytest.mark.parametrize(
    ("langid", "expected"),
    [(LITHUANIAN, "lt"), (LATVIAN, "lv"), (ENGLISH_US, "en"), (ENGLISH_GB, "en"), (GERMAN, "en")],
)
def test_windows_follows_the_users_display_language(langid: int, expected: str) -> None:
    """On Windows the display language decides (German, not spoken here, gives English)."""
    found = detect_language(
        environ={"LANG": "lt_LT.UTF-8"}, platform="win32", ui_language=lambda: langid
    )
    assert found == expected


def test_windows_without_an_answer_reads_the_environment() -> None:
    """When Windows cannot be asked, a language set for the console is used, else English."""
    assert detect_language(environ={"LANG": "lv_LV"}, platform="win32", ui_language=_no_ui) == "lv"
    assert detect_language(environ={}, platform="win32", ui_language=_no_ui) == "en"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "lv_LV.UTF-8"}, "lv"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "lt_LT.UTF-8"}, "lt"),
        ({"LANG": "lt_LT.UTF-8", "LC_MESSAGES": "lv_LV", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "lt_LT.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:lv:en"}, "lv"),
        ({"LANG": "lt_LT.UTF-8", "LANGUAGE": "en_GB:en"}, "en"),
        ({"LANG": "C", "LANGUAGE": "lv"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "lv_LV@euro"}, "lv"),
    ],
)
def test_linux_follows_the_messages_locale(environ: Mapping[str, str], expected: str) -> None:
    """LC_ALL, LC_MESSAGES, LANG in that order, LANGUAGE's list first unless the locale is C."""
    assert detect_language(environ=environ, platform="linux", ui_language=_no_ui) == expected


def test_the_chosen_language_wins_over_the_computers() -> None:
    """--lang, then LIBTRAINER_LANG, come before the system's language."""

    def latvian() -> int:
        return LATVIAN

    assert detect_language("lt", environ={}, platform="win32", ui_language=latvian) == "lt"
    env = {"LIBTRAINER_LANG": "en", "LANG": "lv_LV"}
    assert detect_language(environ=env, platform="linux", ui_language=_no_ui) == "en"


def _registry(values: Mapping[str, str]) -> Callable[[str], str | None]:
    return values.get


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"sList": ";", "sDecimal": ","}, NumberFormat(";", ",")),
        ({"sList": ",", "sDecimal": "."}, NumberFormat(",", ".")),
        ({"sList": ";", "sDecimal": "."}, NumberFormat(";", ".")),
        ({"sList": "\t", "sDecimal": ","}, NumberFormat("\t", ",")),
        ({"sList": ",", "sDecimal": ","}, NumberFormat(";", ",")),
        ({"sList": "ab", "sDecimal": "."}, NumberFormat(",", ".")),
        ({"sDecimal": ","}, NumberFormat(";", ",")),
        ({"sList": ";", "sDecimal": "7"}, None),
        ({}, None),
    ],
)
def test_windows_regional_settings_give_the_csv_format(
    values: Mapping[str, str], expected: NumberFormat | None
) -> None:
    """sList and sDecimal as Windows has them; a separator that cannot work gives the one
    that goes with the decimal symbol; no usable decimal symbol is "not known"."""
    assert system.windows_number_format(_registry(values)) == expected
    assert system.detect_number_format("win32", read=_registry(values)) == expected


@pytest.mark.parametrize(
    ("conv", "expected"),
    [
        ({"decimal_point": ","}, NumberFormat(";", ",")),
        ({"decimal_point": "."}, NumberFormat(",", ".")),
        ({"decimal_point": ""}, None),
        (None, None),
    ],
)
def test_posix_decimal_point_gives_the_csv_format(
    conv: Mapping[str, object] | None, expected: NumberFormat | None
) -> None:
    """A decimal comma means ";" between cells, a point ","; the C locale is "not known"."""
    assert system.posix_number_format(lambda: conv) == expected
    assert system.detect_number_format("linux", conv=lambda: conv) == expected


def test_reading_the_users_numeric_locale_puts_the_processs_back() -> None:
    """Reading the user's locale leaves the process's numeric locale as it was."""
    before = locale.setlocale(locale.LC_NUMERIC)
    system.user_localeconv()
    assert locale.setlocale(locale.LC_NUMERIC) == before


def test_windows_probes_answer_nothing_elsewhere() -> None:
    """The registry and display-language probes are guarded: off Windows they say "not known"."""
    if sys.platform.startswith("win"):
        pytest.skip("a test of the guard off Windows")
    assert system.windows_ui_language() is None
    assert system.read_windows_international("sList") is None
