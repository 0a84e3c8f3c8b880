"""Keyboard accelerators (the "&" letter of a text): on every screen, in every language, each
Alt+letter reaches exactly one thing — a menu of the menu bar, a button, a tab, or the field
of a label. When two share a letter, Qt cycles through them instead of acting (Alt+R would
open the View menu, then the search box, then Save).

Letters are compared case-insensitively; a letter with a diacritic is a letter of its own
(Qt matches the exact key: "Į&rašyti" is R, not Į).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QTabBar, QWidget

from tests.gui.conftest import WAIT_MS, idle

LANGUAGES = ("en", "lt", "lv")
#: The screens of a branch computer (duplicates and devices exist only on a coordinator's).
SCREENS = (
    "today",
    "groups",
    "participants",
    "consultations",
    "escouts",
    "reports",
    "programmes",
    "staff",
    "sync",
    "settings",
)


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" ("&&" is a literal ampersand), lower-cased; or None."""
    index = 0
    while index < len(text) - 1:
        if text[index] == "&":
            if text[index + 1] != "&":
                return text[index + 1].lower()
            index += 1
        index += 1
    return None


def reachable(root: QWidget, *, visible_only: bool = True) -> list[str]:
    """Texts under ``root`` that Alt+letter reaches: buttons (and check boxes), labels with a
    buddy, checkable group boxes, tabs."""
    shown = (lambda w: w.isVisible()) if visible_only else (lambda w: True)
    texts = [w.text() for w in root.findChildren(QAbstractButton) if shown(w)]
    texts += [w.text() for w in root.findChildren(QLabel) if w.buddy() is not None and shown(w)]
    texts += [w.title() for w in root.findChildren(QGroupBox) if w.isCheckable() and shown(w)]
    for bar in root.findChildren(QTabBar):
        if shown(bar):
            texts += [bar.tabText(i) for i in range(bar.count())]
    return texts


def menu_titles(window: Any) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def clashes(texts: list[str]) -> dict[str, list[str]]:
    """Letter -> the texts that use it, for letters used more than once."""
    users: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        letter = mnemonic(text)
        if letter is not None:
            users[letter].append(text)
    return {letter: used for letter, used in users.items() if len(used) > 1}


def screen_clashes(window: Any, qtbot: Any, key: str) -> dict[str, list[str]]:
    """Clashes on screen ``key``, one tab at a time for each tab widget it shows."""
    screen = window.go(key)
    idle(qtbot, window)
    QApplication.processEvents()
    found = clashes(menu_titles(window) + reachable(screen))
    for bar in [b for b in screen.findChildren(QTabBar) if b.isVisible()]:
        for index in range(bar.count()):
            bar.setCurrentIndex(index)
            QApplication.processEvents()
            found.update(clashes(menu_titles(window) + reachable(screen)))
    return found


def test_mnemonic_reads_the_letter_after_a_single_ampersand() -> None:
    """The helper finds the accelerator letter the way Qt does ("&&" is no accelerator)."""
    assert mnemonic("Į&rašyti") == "r"
    assert mnemonic("&Sąrašas") == "s"
    assert mnemonic("Ž&ąsis") == "ą"
    assert mnemonic("Tom && Jerry") is None
    assert mnemonic("Tom && &Jerry") == "j"
    assert mnemonic("Plain") is None


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", SCREENS)
def test_no_two_things_share_an_alt_letter_on_a_screen(
    window: Any, qtbot: Any, lang: str, key: str
) -> None:
    """On each screen, in each language, menus, buttons, tabs and labelled fields have
    different Alt+letters."""
    window.set_language(lang)
    assert screen_clashes(window, qtbot, key) == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_two_things_share_an_alt_letter_on_the_sign_in_panel(
    window: Any, qtbot: Any, lang: str
) -> None:
    """The sign-in panel (its passphrase row too) and the menu titles have different letters."""
    window.set_language(lang)
    window.lock()
    # set_language rebuilt the panel's rows: let Qt delete the replaced labels
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    texts = menu_titles(window) + reachable(window.sign_in, visible_only=False)
    assert clashes(texts) == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_two_things_share_an_alt_letter_on_the_attendance_sheet(
    window: Any, qtbot: Any, lang: str
) -> None:
    """The attendance sheet, its duplicate prompt shown, has different Alt+letters."""
    window.set_language(lang)
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_id() is not None, timeout=WAIT_MS)
    qtbot.mouseClick(screen.attend, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=WAIT_MS)
    row = dialog.new_row
    row.given.setText("Sarunas")
    row.family.setText("ZEMAITIS")
    row.year.setText("1957")
    QTest.keyClick(row.year, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.use_existing.isVisible(), timeout=WAIT_MS)
    assert dialog.add_anyway.isVisible()
    assert clashes(reachable(dialog)) == {}
