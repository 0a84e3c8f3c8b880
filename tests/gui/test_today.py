"""Today screen: today's figures and sessions; Enter on a session takes attendance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, add_account, open_window


def test_today_lists_the_session_and_opens_its_attendance(window: Any, qtbot: Any) -> None:
    """The session planned for today is listed; activating it opens its attendance sheet."""
    screen = window.go("today")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=WAIT_MS)
    assert screen.figures["sessions"].text() == "1"
    assert screen.figures["participants"].text() == "3"
    assert screen.model.index(0, 2).data() == "Senjorų grupė"
    header = screen.model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert header == "Group or topic"
    assert screen.model.columnCount() == len(screen.model._rows[0][1])
    screen.sessions.setFocus()
    screen.sessions.setCurrentIndex(screen.model.index(0, 0))
    qtbot.keyClick(screen.sessions, Qt.Key.Key_Return)
    groups = window.current_screen()
    assert groups.key == "groups"
    qtbot.waitUntil(
        lambda: groups.dialog is not None and groups.dialog.model.rowCount() == 3, timeout=WAIT_MS
    )


@pytest.mark.parametrize(
    ("country", "library"), [("LV", "a Latvian library"), ("LT", "a Lithuanian library")]
)
def test_a_demo_store_says_which_demo_it_is(
    tmp_path: Path, make_state: Any, qtbot: Any, country: str, library: str
) -> None:
    """The demo banner names the demo's country (demo --start follows the computer's
    language, so the person learns which one they got)."""
    from libtrainer.services import setup, storefile

    data = tmp_path / "demo"
    store = storefile.create(data, demo=True)
    try:
        setup.initialise(
            store,
            region="Vidzemes reģions",
            library="Cēsu Centrālā bibliotēka",
            branch="Priekuļu pagasta bibliotēka",
            device_name="Demo PC",
            role="branch",
            country=country,
        )
        add_account(store)
    finally:
        store.close()
    window = open_window(data, make_state, qtbot)
    screen = window.go("today")
    qtbot.waitUntil(lambda: bool(screen.demo.text()), timeout=WAIT_MS)
    assert f"This is a demonstration store of {library}" in screen.demo.text()


def test_the_demos_language_option_is_the_windows_choice(tmp_path: Path, qapp: Any) -> None:
    """`demo --start --language lv` (applied by the CLI) wins over the language saved in the
    window's settings, as --lang does; without it the saved choice wins."""
    from libtrainer.i18n import set_language

    from libtrainer.gui.app import choose_language
    from libtrainer.gui.settings import GuiSettings

    settings = GuiSettings(tmp_path / "settings.ini")
    settings.language = "en"
    set_language("lv")
    try:
        assert choose_language(settings, ["demo", "--start", "--language", "lv"]) == "lv"
        assert choose_language(settings, ["demo", "--start", "--language=lv"]) == "lv"
        assert choose_language(settings, ["--lang", "lv", "demo", "--start"]) == "lv"
        assert choose_language(settings, ["demo", "--start"]) == "en"
    finally:
        set_language("en")
