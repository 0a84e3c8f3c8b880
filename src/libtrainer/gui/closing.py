"""Send what is waiting before the window closes.

A librarian marks the last session of the day and closes libtrainer; the next automatic sync
was minutes away, and the computer may not be used again for days. So when the window closes
after someone signed in (also when it is locked now) and a shared folder is set, this
computer's waiting changes are
published first (only sent: taking in what arrived waits until next time). It runs off the GUI
thread like every sync; an automatic sync running then sends them, and closing waits for it
instead. When it takes more than a moment, a dialog says so and offers "Close without
sending"; after :data:`~libtrainer.gui.close_anyway.PATIENCE_MS` it says the shared folder is
not answering, that nothing saved is lost and that the changes are sent again with the next
sync, and the button reads "Close anyway" (:mod:`libtrainer.gui.close_anyway` says why that is
true). A folder that is not reachable, not being enrolled yet or a failure close the window
at once (the failure's kind is logged, nothing personal).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog

from libtrainer.i18n import _

from libtrainer.gui import close_anyway, sync_runner
from libtrainer.gui.operations import PROGRESS_DELAY_MS, Job, Operation, wrap_label

if TYPE_CHECKING:
    from libtrainer.gui.mainwindow import MainWindow

log = logging.getLogger("libtrainer.gui.closing")


class SendBeforeClose(QObject):
    """Once per window: :meth:`wanted` says whether to send first; :meth:`start` sends, then
    closes the window (also when the person chooses not to wait)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.stage = "idle"  # "sending", then "done": the window closes for real
        self.dialog: QProgressDialog | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._show_dialog)
        self.patience = QTimer(self)
        self.patience.setSingleShot(True)
        self.patience.timeout.connect(self._not_answering)

    def wanted(self) -> bool:
        state = self.window.state
        return (
            self.stage == "idle"
            and self.window.autosync.active  # someone signed in since the app started
            and state.store_open
            and bool(state.share_path)
        )

    def start(self) -> None:
        self.stage = "sending"
        autosync = self.window.autosync
        running = autosync.running
        autosync.stop()
        self.timer.start(PROGRESS_DELAY_MS)
        self.patience.start(close_anyway.PATIENCE_MS)
        if running:  # that sync sends them: closing waits for it
            autosync.finished.connect(self._close)
            autosync.failed.connect(self._close)
            return
        share = self.window.state.share_path

        def work(job: Job) -> int | None:
            return sync_runner.send_before_close(job.store, share)

        future = (
            Operation(self.window, work)
            .uses_share()
            .success(self._sent)
            .failure(self._failed)
            .run_in_background()
        )
        if future.cancelled():  # the app is already shutting its workers down
            self._close()

    def _show_dialog(self) -> None:
        if self.stage != "sending":
            return
        dialog = QProgressDialog(
            _("Sending your changes to the shared folder before closing…"),
            _("Close without sending"),
            0,
            0,
            self.window,
        )
        dialog.setObjectName("sendBeforeCloseDialog")
        dialog.setWindowTitle(_("Please wait"))
        dialog.setAccessibleName(_("Sending your changes to the shared folder before closing…"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._not_waiting)
        self.dialog = dialog
        dialog.show()

    def _not_answering(self) -> None:
        """Waited long enough: say why, and that closing anyway loses nothing."""
        if self.stage != "sending":
            return
        if self.dialog is None:
            self._show_dialog()
        if self.dialog is not None:
            text = close_anyway.not_answering_text([close_anyway.send_fate()])
            wrap_label(self.dialog, text)
            self.dialog.setCancelButtonText(close_anyway.close_anyway_label())

    def _sent(self, sent: int | None) -> None:
        if sent:
            log.info("sent %d changes before closing", sent)
        self._close()

    def _failed(self, error: BaseException) -> None:
        log.warning("sending before closing failed: %s", type(error).__name__)
        self._close()

    def _not_waiting(self) -> None:
        log.info("closed without waiting for the changes to be sent")
        self._close()

    def _close(self, *_args: Any) -> None:
        if self.stage == "done":
            return
        self.stage = "done"
        self.timer.stop()
        self.patience.stop()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self._not_waiting)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.window.close()
