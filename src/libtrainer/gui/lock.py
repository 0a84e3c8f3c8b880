"""Idle lock: after N minutes without keyboard or mouse input the window locks itself.

Locking is the window's job (:meth:`MainWindow.lock`): it deletes every screen widget and
empties every model, closes open dialogs and shows the sign-in panel, so no personal data
stays in a widget behind a cover. This module only notices idleness: an application-wide event
filter restarts a timer on every key press, click, wheel turn or mouse move. The filter is
installed only while armed (someone is signed in): before that there is nothing to lock, and a
Python filter on every event of the app costs time at start-up (so does building the Python
type of ``QEvent``: the kinds of input it watches for are looked up when it is armed).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent


@cache
def activity() -> frozenset[QEvent.Type]:
    """The events that count as someone using the app."""
    from PySide6.QtCore import QEvent  # noqa: PLC0415 - see the module docstring

    return frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
        }
    )


class IdleWatcher(QObject):
    """Emits :attr:`idle` once the app has had no input for the interval (while armed)."""

    idle = Signal()

    def __init__(self, minutes: int, parent: Any = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        self._armed = False
        self._activity: frozenset[QEvent.Type] = frozenset()

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(1, int(minutes)) * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        """The idle time before locking (tests use milliseconds)."""
        self._timer.setInterval(ms)
        if self._timer.isActive():
            self._timer.start()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def arm(self) -> None:
        """Start watching (after sign-in)."""
        if not self._armed:
            self._activity = activity()
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
        self._armed = True
        self._timer.start()

    def disarm(self) -> None:
        """Stop watching (while locked)."""
        if self._armed:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
        self._armed = False
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._armed

    def eventFilter(self, watched: Any, event: QEvent) -> bool:  # noqa: N802
        if self._armed and event.type() in self._activity:
            self._timer.start()
        return False

    def stop(self) -> None:
        self.disarm()
