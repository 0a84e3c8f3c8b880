"""Typed GUI settings over QSettings, kept in a file the tests choose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from libtrainer.gui.settings import GuiSettings


def test_values_round_trip_with_their_types(tmp_path: Path, qapp: Any) -> None:
    """Strings, booleans, integers and bytes come back as they were saved."""
    path = tmp_path / "s.ini"
    settings = GuiSettings(path)
    settings.language = "lv"
    settings.high_contrast = True
    settings.font_points = 14
    settings.geometry = b"\x00\x01\xff"
    settings.sync()
    again = GuiSettings(path)
    assert (again.language, again.high_contrast, again.font_points, again.geometry) == (
        "lv",
        True,
        14,
        b"\x00\x01\xff",
    )


def test_missing_or_damaged_values_give_the_defaults(tmp_path: Path, qapp: Any) -> None:
    """An empty file gives defaults; a non-number where a number belongs gives the default."""
    path = tmp_path / "s.ini"
    path.write_text("[ui]\nfont_points=lots\n", encoding="utf-8")
    settings = GuiSettings(path)
    assert settings.font_points == 0
    assert settings.language is None and settings.high_contrast is False


def test_environment_variable_points_the_settings_elsewhere(
    tmp_path: Path, qapp: Any, monkeypatch: Any
) -> None:
    """LIBTRAINER_SETTINGS decides where the settings file is (tests never touch the home)."""
    target = tmp_path / "elsewhere" / "settings.ini"
    monkeypatch.setenv("LIBTRAINER_SETTINGS", str(target))
    settings = GuiSettings()
    settings.last_login = "ruta"
    settings.sync()
    assert Path(settings.path) == target and target.exists()
