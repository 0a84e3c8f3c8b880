"""Latvian and Lithuanian messages about a person added on the attendance sheet agree with the
person's gender when the record knows it, and are worded for anyone when it does not — never
"pievienots(-a)" (decision 0360)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from libtrainer.i18n import gendered, get_language, set_language
from tests.gui.conftest import WAIT_MS
from tests.gui.test_attendance import _sheet


def _add(dialog: Any, qtbot: Any, given: str, family: str, gender: str) -> None:
    row = dialog.new_row
    row.given.setText(given)
    row.family.setText(family)
    row.year.setText("1956")
    row.gender.set_code(gender)
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)


@pytest.mark.parametrize(
    ("gender", "expected"),
    [
        ("female", "Ārija Bērziņa pievienota grupai"),
        ("male", "Ārija Bērziņa pievienots grupai"),
        ("unspecified", "Grupai pievienota persona Ārija Bērziņa"),
    ],
)
def test_latvian_added_message_follows_the_gender(
    window: Any, qtbot: Any, gender: str, expected: str
) -> None:
    """A woman is "pievienota … atzīmēta kā klātesoša", a man "pievienots … klātesošs",
    someone of no stated gender "persona … pievienota"; no "(-a)" in any."""
    window.set_language("lv")
    dialog = _sheet(window, qtbot)
    _add(dialog, qtbot, "Ārija", "Bērziņa", gender)
    text = dialog.message.text()
    assert expected in text, text
    assert "(-" not in text


@pytest.mark.parametrize("lang", ["lv", "lt"])
def test_every_gendered_message_has_both_forms(lang: str) -> None:
    """Each message shown by gender has a female and a male form in lv and lt, different
    from the form for anyone (a missing form would fall back silently)."""
    messages = [
        "{name} is ticked as present.",
        "{name} is added to the group (saved now) and ticked as present; Save records the marks.",
        "{name} is added to the group (saved now).",
    ]
    before = get_language()
    set_language(lang)
    try:
        for message in messages:
            anyone = gendered(None, message)
            female, male = gendered("female", message), gendered("male", message)
            assert anyone != message and len({anyone, female, male}) == 3, message
            assert "(-" not in anyone + female + male
    finally:
        set_language(before)
