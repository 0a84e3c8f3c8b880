"""Closing, locking or switching the language while a Save is being written (decision 0516).

A form's Save runs in the background; until it comes back the form still holds what it is
saving, so asking "Save the changes …?" then would ask about a save already under way (and
its Save answer, ignored by the running save, would cancel the close without a word). The
window holds the action instead and says "Saving…"; once every save has ended it runs the
action again: a form saved is unchanged (a new person's form is empty), so the window closes
without a question, and only what is really unsaved — a save refused, typing after Save —
is asked about (or, at the lock, saved then).

What counts as a save under way: a screen's ``busy`` (its writes: Save, archive, erase,
merge) and an open dialog's ``saving`` (a group or session dialog, the attendance sheet
writing a new person). The lock waits at most :data:`LOCK_WAIT_MS` — it is about privacy —
and then locks anyway; closing and the language wait as long as the save runs (a write ends:
the store's busy timeout bounds it). GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog

from libtrainer.i18n import _

#: how often the window looks whether the saves have ended (no signal spans them all)
POLL_MS = 40
#: how long the lock waits for a save under way before it locks anyway
LOCK_WAIT_MS = 5_000

#: the actions held, in the order they run once the saves have ended
ORDER = ("lock", "close", "language")


def saves_running(window: Any) -> bool:
    """Whether a screen or a dialog of ``window`` is writing a save now."""
    workspace = getattr(window, "workspace", None)
    if workspace is not None and any(
        getattr(screen, "busy", False) for screen in workspace.screens.values()
    ):
        return True
    return any(getattr(dialog, "saving", False) for dialog in window.findChildren(QDialog))


def waiting_text(kind: str) -> str:
    """The status line while ``kind`` ("close", "lock", "language") waits for a save."""
    if kind == "lock":
        return _("Saving… The app locks once it is saved.")
    if kind == "language":
        return _("Saving… The language changes once it is saved.")
    return _("Saving… The window closes once it is saved.")


class SaveWait(QObject):
    """The window's held close, lock or language switch (one each; asking again while held
    changes nothing). :meth:`hold` returns False when no save is under way (go on now)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("saveWait")
        self.window = window
        self.held: dict[str, Callable[[], None]] = {}
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._look)
        self._lock_timer = QTimer(self)
        self._lock_timer.setSingleShot(True)
        self._lock_timer.timeout.connect(self._lock_anyway)
        self._text = ""

    def hold(self, kind: str, action: Callable[[], None]) -> bool:
        """Hold ``action`` (``kind``: "close", "lock" or "language") while a save is under
        way and say so; True: held."""
        if kind not in self.held and not saves_running(self.window):
            return False
        self.held[kind] = action
        if kind == "lock" and not self._lock_timer.isActive():
            self._lock_timer.start(LOCK_WAIT_MS)
        self._say(waiting_text(min(self.held, key=ORDER.index)))
        if not self._poll.isActive():
            self._poll.start()
        return True

    def waiting(self, kind: str | None = None) -> bool:
        """Whether ``kind`` (any, when None) is held."""
        return bool(self.held) if kind is None else kind in self.held

    def _say(self, text: str) -> None:
        self._text = text
        self.window.statusBar().showMessage(text)

    def _look(self) -> None:
        if not saves_running(self.window):
            self._release()

    def _lock_anyway(self) -> None:
        """The lock waited long enough: it locks now (the save goes on without its screen)."""
        if "lock" in self.held:
            self._release()

    def _release(self) -> None:
        """Run what was held, in :data:`ORDER` (a language switch is moot once the window
        locks or closes)."""
        self._poll.stop()
        self._lock_timer.stop()
        held, self.held = self.held, {}
        if self.window.statusBar().currentMessage() == self._text:
            self.window.statusBar().clearMessage()
        if "lock" in held or "close" in held:
            held.pop("language", None)
        for kind in ORDER:
            action = held.get(kind)
            if action is not None:
                action()
