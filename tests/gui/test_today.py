"""Today screen: today's figures and sessions; Enter on a session takes attendance."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS


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
