"""Sync on its own: from the first sign-in until the window closes, in the background.

A librarian should not have to remember to press "Sync now": the shared folder is reachable
only now and then (a network drive at the branch, a cloud folder, a USB stick). So the window
syncs a minute after sign-in and then every ``GuiSettings.auto_sync_minutes`` minutes (10 by
default; 0 turns it off) — each time only if a shared folder is set and reachable, and never
while another sync is running. It goes on while the window is locked (the idle lock comes
minutes after the last attendance was marked; nothing is shown, the store stays open anyway)
and stops when the window closes. A device that asked to join finishes joining as soon as the
coordinator has approved it.

It is quiet: no progress dialog and no message box. The Sync screen shows the outcome when it
is next refreshed; a failure is logged (its kind only, no personal data) and the next attempt
comes at the next interval. The work runs through the operation helper, off the GUI thread.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from libtrainer.gui.operations import Job, Operation

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from libtrainer.gui.state import AppState

log = logging.getLogger("libtrainer.gui.autosync")

FIRST_DELAY_MS = 60_000


class AutoSync(QObject):
    """Background sync. ``start()`` on sign-in (it then goes on through locks), ``stop()`` on
    close; :attr:`active` says it was started and not stopped."""

    #: A sync finished: its ``sync_runner.SyncResult``, or None when there was nothing to do.
    finished = Signal(object)
    #: A sync failed (the error; already logged).
    failed = Signal(object)

    def __init__(self, window: QWidget, state: AppState, minutes: int) -> None:
        super().__init__(window)
        self.window = window
        self.state = state
        self.minutes = max(0, int(minutes))
        self.running = False
        self.active = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.run)

    def start(self, first_ms: int = FIRST_DELAY_MS) -> None:
        """Sync ``first_ms`` from now, then every interval (nothing when turned off)."""
        self.active = True
        if self.minutes > 0:
            self.timer.start(first_ms)

    def stop(self) -> None:
        self.active = False
        self.timer.stop()

    def set_minutes(self, minutes: int) -> None:
        """A new interval (Settings), from now: 0 stops the automatic sync; otherwise the next
        one is planned that many minutes from now while it is active."""
        self.minutes = max(0, int(minutes))
        self.timer.stop()
        if not self.running:
            self._again()

    def _again(self) -> None:
        if self.minutes > 0 and self.active:
            self.timer.start(self.minutes * 60_000)

    def run(self) -> None:
        """Sync now in the background if there is somewhere to sync to."""
        self.timer.stop()
        share = self.state.share_path
        if self.running or not share or not self.active or not self.state.store_open:
            self._again()
            return
        from libtrainer.gui import sync_runner  # noqa: PLC0415 - not at start

        self.running = True

        def work(job: Job) -> Any:
            return sync_runner.auto_sync(job.store, share, job)

        Operation(self.window, work).uses_share().success(self._done).failure(
            self._failed
        ).run_in_background()

    def _done(self, result: Any) -> None:
        self.running = False
        if result is not None:
            log.info(
                "automatic sync: %d changes sent, %d received",
                result.sent_changes,
                result.received,
            )
            self.state.notify(None)
        self.finished.emit(result)
        self._again()

    def _failed(self, error: BaseException) -> None:
        self.running = False
        log.warning("automatic sync failed: %s", type(error).__name__)
        self.failed.emit(error)
        self._again()
