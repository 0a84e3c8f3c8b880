"""Tab in the dialogs: from Cancel straight to the first field, never to a scroll area."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QScrollArea, QWidget

from tests.gui.conftest import WAIT_MS


def _open(window: Any, qtbot: Any, button: str) -> Any:
    """The Groups screen's dialog behind ``button`` (new_group, plan, finish), shown."""
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_id() is not None, timeout=WAIT_MS)
    qtbot.mouseClick(getattr(screen, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    return screen.dialog


def _walk(dialog: Any, qtbot: Any, start: QWidget, steps: int) -> list[QWidget]:
    """The widgets Tab reaches, ``steps`` presses from ``start``."""
    start.setFocus()
    seen = []
    for _step in range(steps):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        seen.append(dialog.focusWidget())
    return seen


@pytest.mark.parametrize("button", ["new_group", "plan", "finish"])
def test_tab_from_cancel_goes_to_the_first_field_of_a_form_dialog(
    window: Any, qtbot: Any, button: str
) -> None:
    """New group, Plan sessions, Finish group: Tab after Cancel is the first field, and a
    round of Tab never stops on the form's scroll area."""
    dialog = _open(window, qtbot, button)
    fields = dialog._fields()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    seen = _walk(dialog, qtbot, cancel, len(fields) + 3)
    assert seen[0] is fields[0]
    assert not any(isinstance(widget, QScrollArea) for widget in seen)
    assert dialog.findChild(QScrollArea, "formScroll").focusPolicy() == Qt.FocusPolicy.NoFocus


def test_tab_round_the_attendance_sheet_skips_its_scroll_area(window: Any, qtbot: Any) -> None:
    """The attendance sheet: a round of Tab from Save reaches the list and the new person's
    fields, never the scroll area around them."""
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_id() is not None, timeout=WAIT_MS)
    dialog = screen.take_attendance()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=WAIT_MS)
    seen = _walk(dialog, qtbot, dialog.save_button, 16)
    assert not any(isinstance(widget, QScrollArea) for widget in seen)
    assert dialog.new_row.given in seen
