"""The clipboard after the lock and at close: a name the app copied is gone; what another
program copied stays (decision 0521)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import WAIT_MS, idle


def _copy_a_name(window: Any, qtbot: Any) -> str:
    """Ctrl+C on the people list's first row, as a librarian does; what was copied."""
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.model.total == 3, timeout=WAIT_MS)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: screen.model.index(0, 0).data() is not None, timeout=WAIT_MS)
    window.activateWindow()
    screen.table.setFocus()
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    qtbot.keyClick(screen.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text()
    assert copied and copied == screen.model.index(0, 0).data()
    return copied


def test_a_name_copied_from_a_list_is_gone_after_the_idle_lock(window: Any, qtbot: Any) -> None:
    """Copy a family name, leave the PC: after the idle lock the clipboard is empty."""
    _copy_a_name(window, qtbot)
    window.idle.set_interval_ms(50)
    qtbot.waitUntil(lambda: window.workspace is None, timeout=WAIT_MS)
    assert QApplication.clipboard().text() == ""


def test_a_name_copied_is_gone_after_closing(window: Any, qtbot: Any) -> None:
    """Closing the window empties the clipboard of the name it copied."""
    _copy_a_name(window, qtbot)
    window.close()
    assert QApplication.clipboard().text() == ""


def test_what_another_program_copied_stays_after_the_lock(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """A copy made while the app was not the active one is not the app's: the lock keeps it."""
    _copy_a_name(window, qtbot)
    monkeypatch.setattr(QApplication, "activeWindow", staticmethod(lambda: None))
    QApplication.clipboard().setText("pirkinių sąrašas")
    monkeypatch.undo()
    window.lock()
    qtbot.waitUntil(lambda: window.workspace is None, timeout=WAIT_MS)
    assert QApplication.clipboard().text() == "pirkinių sąrašas"
    QApplication.clipboard().clear()
