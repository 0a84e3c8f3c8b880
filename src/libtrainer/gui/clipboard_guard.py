"""The clipboard after the lock: what the app put there does not outlive the session.

Ctrl+C in a list copies the current cell (Qt's item views do it themselves), and a field's
Copy copies its text: a person's name stays on the system clipboard after the idle lock, and
the next person at a public PC pastes it anywhere. The window cannot see those copies being
made, only the clipboard changing, so the guard remembers the text whenever the clipboard
changes while this app is the active one or owns the clipboard (Windows, X11); at the lock
and at close (:meth:`clear`) the clipboard is emptied when it still holds that text or the app
still owns it. What another program copied later is left alone. On X11 the selection (pasted
with the middle button) is emptied too when the app owns it.

The guard watches only from the first sign-in (:meth:`watch`): nothing personal can be
copied before, and the window is ready sooner. Thread rule: GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication


class ClipboardGuard(QObject):
    """Remembers what the app last copied; :meth:`clear` empties the clipboard if it still
    holds it."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._watching = False
        self._ours: str | None = None

    def watch(self) -> None:
        """Start noticing copies (at sign-in; once is enough)."""
        if self._watching:
            return
        self._watching = True
        QApplication.clipboard().dataChanged.connect(self._changed)

    def _changed(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard.ownsClipboard() or QApplication.activeWindow() is not None:
            self._ours = clipboard.text() or None

    def clear(self) -> bool:
        """Empty the clipboard when it holds what this app put there; whether it did."""
        if not self._watching:  # nobody signed in yet: nothing personal was shown
            return False
        from PySide6.QtGui import QClipboard  # noqa: PLC0415 - not at start (decision 0508)

        clipboard = QApplication.clipboard()
        if clipboard.supportsSelection() and clipboard.ownsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
        ours, self._ours = self._ours, None
        if clipboard.ownsClipboard() or (ours is not None and clipboard.text() == ours):
            clipboard.clear()
            return True
        return False
