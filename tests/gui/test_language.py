"""Switching the language: menus, navigation and screens change at once; nothing English is
left on the main screens in Lithuanian or Latvian."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from tests.gui.conftest import WAIT_MS, idle

ENGLISH_ONLY = {
    "Today",
    "Participants",
    "Consultations",
    "Settings",
    "Sign in",
    "Save",
    "Find a person",
    "Log a consultation",
}


@pytest.mark.parametrize(("lang", "today"), [("lt", "Šiandien"), ("lv", "Šodien")])
def test_switching_language_rebuilds_navigation_and_menus(
    window: Any, qtbot: Any, lang: str, today: str
) -> None:
    """From Settings, choosing a language renames the navigation and the File menu."""
    screen = window.go("settings")
    index = screen.language.findData(lang)
    screen.language.setCurrentIndex(index)
    screen.language.activated.emit(index)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)
    assert window.workspace.nav.item(0).text() == today
    assert window.menuBar().actions()[0].text() != "&File"
    assert window.state.settings.language == lang


@pytest.mark.parametrize("lang", ["lt", "lv"])
def test_no_english_label_is_left_on_the_main_screens(window: Any, qtbot: Any, lang: str) -> None:
    """Every screen's labels and buttons are translated after switching."""
    window.set_language(lang)
    for key in window.workspace.screen_keys():
        screen = window.go(key)
        idle(qtbot, window)
        texts = {w.text().replace("&", "") for w in screen.findChildren(QLabel)}
        texts |= {w.text().replace("&", "") for w in screen.findChildren(QAbstractButton)}
        assert not texts & ENGLISH_ONLY, (key, texts & ENGLISH_ONLY)
