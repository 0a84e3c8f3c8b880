"""Locking: idle minutes or Ctrl+L; afterwards no personal data is left in any widget."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit

from tests.gui.conftest import WAIT_MS, idle, sign_in


def _visible_texts(window: Any) -> list[str]:
    """Every text a label, a field or an item view of the window holds."""
    texts = [label.text() for label in window.findChildren(QLabel)]
    texts += [edit.text() for edit in window.findChildren(QLineEdit)]
    for view in window.findChildren(QAbstractItemView):
        model, root = view.model(), view.rootIndex()
        if model is None:
            continue
        try:
            columns = model.columnCount(root)
        except TypeError:  # list models keep columnCount private
            columns = 1
        for row in range(model.rowCount(root)):
            for col in range(columns):
                texts.append(str(model.index(row, col, root).data() or ""))
    return texts


def test_idle_lock_removes_every_screen_and_personal_data(window: Any, qtbot: Any) -> None:
    """After the idle time the workspace is deleted: no participant name remains anywhere."""
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.model.total == 3, timeout=WAIT_MS)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: "Žemaitis" in _visible_texts(window), timeout=WAIT_MS)
    window.idle.set_interval_ms(50)
    qtbot.waitUntil(lambda: window.workspace is None, timeout=WAIT_MS)
    qtbot.wait(50)
    assert window.pages.currentWidget() is window.sign_in
    assert not any("Žemaitis" in text or "Šarūnas" in text for text in _visible_texts(window))
    assert window.state.user is None
    assert "Locked" in window.sign_in.message.text()


def test_ctrl_l_locks_and_signing_in_again_unlocks(window: Any, qtbot: Any) -> None:
    """Ctrl+L locks at once; the same person signs in again and gets the workspace back."""
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspace is None, timeout=WAIT_MS)
    assert window.sign_in.login.text() == "ruta"
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)


def test_open_dialogs_are_closed_on_lock(window: Any, qtbot: Any) -> None:
    """An attendance sheet left open is closed and deleted when the app locks."""
    groups = window.go("groups")
    qtbot.waitUntil(lambda: groups.session_id() is not None, timeout=WAIT_MS)
    dialog = groups.take_attendance()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=WAIT_MS)
    window.lock()
    assert not dialog.isVisible()


def test_idle_watcher_sees_the_apps_events_only_while_armed(qapp: Any) -> None:
    """Before sign-in and after lock no Python filter runs for every event of the app."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from libtrainer.gui.lock import IdleWatcher

    seen: list[int] = []

    class Counting(IdleWatcher):
        def eventFilter(self, watched: Any, event: QEvent) -> bool:  # noqa: N802
            seen.append(1)
            return super().eventFilter(watched, event)

    watcher, target = Counting(5), QObject()

    def poke() -> int:
        seen.clear()
        QApplication.sendEvent(target, QEvent(QEvent.Type.User))
        return len(seen)

    assert poke() == 0
    watcher.arm()
    assert poke() == 1
    watcher.disarm()
    assert poke() == 0
    watcher.stop()
