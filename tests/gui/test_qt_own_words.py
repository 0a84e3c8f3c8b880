"""Qt's own words (standard buttons, a text field's menu) in the person's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from libtrainer.gui import appearance


@pytest.fixture
def lithuanian(qapp: QApplication) -> Iterator[QApplication]:
    """The app in Lithuanian for one test, English again afterwards."""
    appearance.apply_language(qapp, "lt")
    yield qapp
    appearance.apply_language(qapp, "en")


def _texts(box: QDialogButtonBox) -> set[str]:
    return {button.text() for button in box.buttons()}


def test_standard_buttons_are_lithuanian(lithuanian: QApplication) -> None:
    """OK and Cancel of a plain button box are in Lithuanian (Qt ships no qtbase_lt)."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    assert _texts(box) == {"Gerai", "Atšaukti"}


def test_message_box_yes_no_are_lithuanian(lithuanian: QApplication) -> None:
    """A question's Yes and No are in Lithuanian, with their mnemonics."""
    box = QMessageBox(QMessageBox.Icon.Question, "t", "q")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    texts = {button.text().replace("&", "") for button in box.buttons()}
    assert texts == {"Taip", "Ne"}


def test_text_field_menu_is_lithuanian_and_keeps_shortcuts(lithuanian: QApplication) -> None:
    """A text field's right-click menu is in Lithuanian; Qt's own words we do not give (the
    shortcut keys) stay as Qt has them."""
    field = QLineEdit()  # the menu's parent: kept alive while the menu is read
    menu = field.createStandardContextMenu()
    texts = [action.text() for action in menu.actions() if action.text()]
    assert any(text.startswith("&Kopijuoti\t") and text.endswith("+C") for text in texts)
    assert "Cu&t" not in " ".join(texts)


def test_english_keeps_qts_words(qapp: QApplication) -> None:
    """In English Qt's own words are left as Qt has them."""
    appearance.apply_language(qapp, "en")
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    assert _texts(box) == {"OK", "Cancel"}
