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
writing a new person). A change of the shared folder started from a screen (the Devices
screen's approve, revoke, change of keys: ``AppState.share_actions``) is waited for too, but
a network drive may not answer for minutes: when closing has waited
:data:`~libtrainer.gui.close_anyway.PATIENCE_MS` for such work only, "Close anyway" is offered
(:mod:`libtrainer.gui.close_anyway`), saying what is kept and what becomes of the work. The
lock waits for saves only, at most :data:`LOCK_WAIT_MS` — it is about privacy — and then locks
anyway; closing waits as long as a store save runs (a write ends: the store's busy timeout
bounds it), and the language as long as anything runs. GUI thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog

from libtrainer.i18n import _

from libtrainer.gui import close_anyway

log = logging.getLogger("libtrainer.gui.save_wait")
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


def share_running(window: Any) -> bool:
    """Whether a change of the shared folder started from a screen of ``window`` runs."""
    state = getattr(window, "state", None)
    return bool(state is not None and state.share_running())


def waiting_text(kind: str, *, share: bool = False) -> str:
    """The status line while ``kind`` ("close", "lock", "language") waits for a save (or,
    with ``share``, for work on the shared folder only)."""
    if share and kind == "close":
        return _("Waiting for the shared folder… The window closes once the work there ends.")
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
        self._patience = QTimer(self)
        self._patience.setSingleShot(True)
        self._patience.timeout.connect(self._patience_over)
        self._patient = False  # closing has waited PATIENCE_MS: "Close anyway" is offered
        self._declined = False  # "Keep waiting" was chosen: not offered again unasked
        #: "Close anyway" was chosen: closing no longer waits for the shared folder
        self.anyway = False
        self.dialog: Any = None
        self._text = ""

    def _waits(self, kind: str) -> bool:
        """Whether ``kind`` has anything to wait for now. The lock never waits for the shared
        folder (nothing there is asked about at the lock; the work goes on without its
        screen); closing stops waiting for it after "Close anyway"."""
        if saves_running(self.window):
            return True
        if kind == "lock" or (kind == "close" and self.anyway):
            return False
        return share_running(self.window)

    def hold(self, kind: str, action: Callable[[], None]) -> bool:
        """Hold ``action`` (``kind``: "close", "lock" or "language") while a save is under
        way and say so; True: held."""
        if kind not in self.held and not self._waits(kind):
            return False
        self.held[kind] = action
        if kind == "lock" and not self._lock_timer.isActive():
            self._lock_timer.start(LOCK_WAIT_MS)
        if kind == "close":
            self._declined = False  # asked to close again: offer "Close anyway" again
            if not self._patient and not self._patience.isActive():
                self._patience.start(close_anyway.PATIENCE_MS)
            self._offer()
        first = min(self.held, key=ORDER.index)
        self._say(waiting_text(first, share=not saves_running(self.window)))
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
        if not any(self._waits(kind) for kind in self.held):
            self._release()
        else:
            self._offer()

    def _patience_over(self) -> None:
        self._patient = True
        self._offer()

    def _offer(self) -> None:
        """Offer "Close anyway" once closing has waited long enough for the shared folder
        alone (never while a store save runs: that is always waited for)."""
        if (
            not self._patient
            or self._declined
            or self.dialog is not None
            or "close" not in self.held
            or saves_running(self.window)
            or not share_running(self.window)
        ):
            return
        state = self.window.state
        self.dialog = close_anyway.CloseAnywayDialog(
            self.window, state.share_fates(), self._close_anyway
        )
        self.dialog.rejected.connect(self._keep_waiting)
        self.dialog.open()

    def _keep_waiting(self) -> None:
        self._declined = True
        self._drop_dialog()

    def _drop_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()

    def _close_anyway(self) -> None:
        """The person chose not to wait for the shared folder: close now (a store save
        started meanwhile is still waited for)."""
        log.info("closed without waiting for the shared folder")
        self.anyway = True
        self._drop_dialog()
        if not any(self._waits(kind) for kind in self.held):
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
        self._patience.stop()
        self._patient = self._declined = False
        self._drop_dialog()
        held, self.held = self.held, {}
        if self.window.statusBar().currentMessage() == self._text:
            self.window.statusBar().clearMessage()
        if "lock" in held or "close" in held:
            held.pop("language", None)
        for kind in ORDER:
            action = held.get(kind)
            if action is not None:
                action()
