"""Does the data folder survive restarts: path heuristics and the marker check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from libtrainer.gui import persistence
from libtrainer.gui.settings import GuiSettings

WIN_ENV = {"TEMP": r"C:\Users\skaitykla\AppData\Local\Temp", "SystemDrive": "C:"}


@pytest.mark.parametrize(
    "path",
    [
        r"C:\Users\skaitykla\AppData\Local\Temp\libtrainer",
        r"C:\Windows\Temp\libtrainer",
        r"D:\tmp\data",
    ],
)
def test_windows_temp_folders_are_risky(path: str) -> None:
    """%TEMP%, C:\\Windows\\Temp and any ...\\tmp folder are flagged as temporary."""
    risks = persistence.risky_location(path, env=WIN_ENV, exists=lambda p: False, platform="win32")
    assert risks and "temporary folder" in risks[0].msgid


def test_deep_freeze_makes_the_system_drive_risky_but_not_a_thawed_drive() -> None:
    """With Deep Freeze installed, C:\\ folders are flagged (naming the product); T:\\ is not."""
    installed = {r"C:\Program Files\Faronics\Deep Freeze"}
    risky = persistence.risky_location(
        r"C:\libtrainer", env=WIN_ENV, exists=installed.__contains__, platform="win32"
    )
    assert risky and risky[0].params["product"] == "Deep Freeze"
    assert (
        persistence.risky_location(
            r"T:\libtrainer", env=WIN_ENV, exists=installed.__contains__, platform="win32"
        )
        == []
    )


@pytest.mark.parametrize(
    ("path", "risky"),
    [
        ("/tmp/libtrainer", True),
        ("/var/tmp/x", True),
        ("/home/skaitykla/.local/share/libtrainer", False),
    ],
)
def test_posix_temp_folders_are_risky(path: str, risky: bool) -> None:
    """/tmp and /var/tmp are temporary; a folder in the home is not."""
    found = persistence.risky_location(path, env={}, exists=lambda p: False, platform="linux")
    assert bool(found) is risky


def test_marker_states_across_a_restart(tmp_path: Path) -> None:
    """Written and no restart since: waiting; after a restart: confirmed; file gone: lost."""
    marker = persistence.write_marker(tmp_path)
    written = dt.datetime.fromisoformat(marker.written)
    before = written - dt.timedelta(hours=1)
    after = written + dt.timedelta(hours=1)
    assert persistence.check_marker(marker.path, marker.token, booted=before) == "waiting"
    assert persistence.check_marker(marker.path, marker.token, booted=after) == "confirmed"
    Path(marker.path).unlink()
    assert persistence.check_marker(marker.path, marker.token, booted=after) == "lost"
    assert persistence.check_marker(None, None) == "none"


def test_a_restored_older_marker_counts_as_lost(tmp_path: Path) -> None:
    """A marker with another timestamp (an old image put back) is not the one we wrote."""
    first = persistence.write_marker(tmp_path)
    persistence.write_marker(tmp_path)
    assert persistence.check_marker(first.path, first.token) in ("lost",)


def test_start_checks_the_remembered_marker_and_needs_nothing_without_one(
    tmp_path: Path, make_state: Any
) -> None:
    """At start, no marker remembered: "none"; the remembered marker still there and no
    restart since: "waiting"; the marker gone: "lost"."""
    assert make_state(tmp_path / "none").persistence == "none"
    marker = persistence.write_marker(tmp_path / "data")
    settings = GuiSettings(tmp_path / "settings.ini")  # the file make_state's settings read
    settings.marker_path, settings.marker_written = marker.path, marker.token
    settings.sync()
    assert make_state(tmp_path / "data").persistence == "waiting"
    Path(marker.path).unlink()
    assert make_state(tmp_path / "data").persistence == "lost"
