"""`libtrainer demo --start` follows the computer: its language is the window's, a Latvian
computer gets a Latvian library's demo, a Lithuanian one a Lithuanian library's, any other the
Lithuanian one with a line saying so; --country and --language choose. The computer's
language is injected (environment, no Windows answer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from libtrainer.cli import main
from libtrainer.i18n import get_language, system
from libtrainer.services import storefile
from libtrainer.services.demo import latvia, launch

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@pytest.fixture
def computer(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set the computer's locale (LANG); no window; the GUI, when asked, records the
    language in force and the data folder."""

    def set_locale(value: str) -> None:
        for name in LOCALE_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("LANG", value)

    monkeypatch.setattr(system, "windows_ui_language", lambda: None)
    monkeypatch.setattr(launch, "display_available", lambda: False)
    return set_locale


def _place(data: Path) -> tuple[str, str, str]:
    """(country, region, branch) of the store in ``data``."""
    store = storefile.open_store(data)
    try:
        with store.read() as conn:
            row = conn.exec_driver_sql(
                "SELECT region.country, region.name, branch.name FROM device"
                " JOIN branch ON branch.id = device.branch_id"
                " JOIN library ON library.id = branch.library_id"
                " JOIN region ON region.id = library.region_id"
            ).one()
    finally:
        store.close()
    return str(row[0]), str(row[1]), str(row[2])


def test_a_latvian_computer_gets_a_latvian_librarys_demo_in_latvian(
    tmp_path: Path, computer: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """LANG=lv_LV: the store is Priekuļu pagasta bibliotēka's (LV), the messages Latvian."""
    computer("lv_LV.UTF-8")
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "demo", "--start"]) == 0
    assert _place(data) == ("LV", latvia.HOME_REGION, latvia.HOME_BRANCH)
    out = capsys.readouterr().out
    assert "demonstrācijas krātuve" in out and "Priekuļu pagasta bibliotēka, Cēsu" in out
    assert "--country LV" not in out
    assert get_language() == "lv"


def test_a_lithuanian_computer_gets_the_lithuanian_demo(
    tmp_path: Path, computer: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """LANG=lt_LT: the Lithuanian library's demo, and no line about the Latvian one."""
    computer("lt_LT.UTF-8")
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "demo", "--start"]) == 0
    assert _place(data) == ("LT", "Alytaus apskritis", "Būdviečio padalinys")
    assert "--country LV" not in capsys.readouterr().out


def test_any_other_computer_gets_the_lithuanian_demo_and_is_told_so(
    tmp_path: Path, computer: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """An English (or German) computer: the Lithuanian demo, the CLI naming it and how to
    have the Latvian one; the window is English."""
    computer("de_DE.UTF-8")
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "demo", "--start"]) == 0
    assert _place(data)[0] == "LT"
    out = capsys.readouterr().out
    assert "Demonstration store of a Lithuanian library: Būdviečio padalinys" in out
    assert "demo --start --country LV" in out
    assert get_language() == "en"


@pytest.mark.parametrize(
    ("computer_locale", "options", "country", "language"),
    [
        ("lt_LT.UTF-8", ["--country", "LV"], "LV", "lt"),
        ("en_GB.UTF-8", ["--country", "lv"], "LV", "en"),
        ("lt_LT.UTF-8", ["--language", "lv"], "LV", "lv"),
        ("lv_LV.UTF-8", ["--language", "en"], "LT", "en"),
        ("lv_LV.UTF-8", ["--language", "en", "--country", "LV"], "LV", "en"),
    ],
)
def test_country_and_language_can_be_chosen(
    tmp_path: Path,
    computer: Any,
    monkeypatch: pytest.MonkeyPatch,
    computer_locale: str,
    options: list[str],
    country: str,
    language: str,
) -> None:
    """--country picks the demo, --language the window's language (and with it the demo)."""
    computer(computer_locale)
    seen: list[str] = []
    monkeypatch.setattr(launch, "display_available", lambda: True)
    monkeypatch.setattr(launch, "_gui_runner", lambda: lambda ctx: seen.append(get_language()) or 0)
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "demo", "--start", *options]) == 0
    assert _place(data)[0] == country
    assert seen == [language]


def test_a_made_store_is_kept_and_another_country_is_pointed_to_a_new_folder(
    tmp_path: Path, computer: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """--country LV on a folder with the Lithuanian demo changes nothing and says where to
    make the Latvian one; the same country says nothing more."""
    computer("C.UTF-8")
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "demo", "--start"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "demo", "--start", "--country", "LV"]) == 0
    out = capsys.readouterr().out
    assert "Creating" not in out and "give --data-dir a new folder" in out
    assert _place(data)[0] == "LT"
    assert main(["--data-dir", str(data), "demo", "--start", "--country", "LT"]) == 0
    assert "new folder" not in capsys.readouterr().out


def test_country_without_start_is_refused(
    tmp_path: Path, computer: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """`demo --country LV` (no --start) says the option is for a new demo store; no store."""
    computer("C.UTF-8")
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "demo", "--country", "LV"]) == 2
    assert "use it with --start" in capsys.readouterr().err
    assert not storefile.exists(data)


def test_a_latvian_region_demo_is_a_latvian_coordinators_computer(
    tmp_path: Path, computer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`demo --start --size region --country LV` makes a coordinator in the Latvian region
    (a branch's data stands in for the region's: the place is tested, not the fill)."""
    computer("C.UTF-8")
    real_fill = launch.fill
    monkeypatch.setattr(
        launch, "fill", lambda store, size, seed: real_fill(store, size="branch", seed=seed)
    )
    data = tmp_path / "d"
    options = ["--size", "region", "--country", "LV"]
    assert main(["--data-dir", str(data), "demo", "--start", *options]) == 0
    assert _place(data) == ("LV", latvia.HOME_REGION, latvia.HOME_BRANCH)
    store = storefile.open_store(data)
    try:
        assert store.meta("role") == "coordinator"
    finally:
        store.close()


@pytest.mark.parametrize(
    ("country", "language", "expected"),
    [
        (None, "lv", "LV"),
        (None, "lt", "LT"),
        (None, "en", "LT"),
        ("LV", "en", "LV"),
        ("lt", "lv", "LT"),
    ],
)
def test_demo_country_rule(country: str | None, language: str, expected: str) -> None:
    """--country first, then the language's country, then Lithuania."""
    assert launch.demo_country(country, language) == expected
