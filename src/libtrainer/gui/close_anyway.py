"""“Close anyway” when closing waits for the shared folder (decisions 0509, 0514 updates).

Closing waits for what is being written: a store save always (it ends: the store's busy
timeout bounds it), and work on the shared folder — sending the waiting changes, a Devices
screen's approval, revocation or change of keys — because it should finish too. But a network
drive whose server stopped answering blocks such work in the operating system for minutes.
So after :data:`PATIENCE_MS` of waiting for the shared folder only, the window offers "Close
anyway", saying in plain words that nothing saved is lost and what becomes of the unfinished
work (each kind says its own, see ``AppState.share_actions``).

Why that is true: the store commits before it writes to the share and a transaction not
committed rolls back (decision 0303); a file is written to the share under a hidden temporary
name that no reader takes and only then given its name (``sync/share.write_once``; an empty
file left under the name by a system without hard links is skipped by readers and filled by
its writer's next sync); a change of keys keeps the new keys before the list naming them is
written (``identity.settle_pending_keys``). The process then ends after at most
``app.EXIT_WAIT_SECONDS`` (decision 0509, sixth session).

GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from libtrainer.i18n import _

from libtrainer.gui import fit

#: How long closing waits for the shared folder before it offers "Close anyway".
PATIENCE_MS = 5_000


def not_answering_text(fates: list[str]) -> str:
    """The explanation: the folder does not answer, nothing saved is lost, and ``fates``."""
    return "\n\n".join(
        [
            _("The shared folder is not answering."),
            _(
                "You can close anyway: everything saved is kept on this computer, and nothing "
                "is lost."
            ),
            *fates,
        ]
    )


def send_fate() -> str:
    """What becomes of changes whose sending is left unfinished."""
    return _(
        "The changes not sent yet stay on this computer and are sent again with the next "
        "sync; a file half-written on the shared folder is never read."
    )


def close_anyway_label() -> str:
    return _("Close &anyway")


class CloseAnywayDialog(QDialog):
    """The window is waiting for the shared folder: "Close anyway" or keep waiting."""

    def __init__(self, parent: Any, fates: list[str], close: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setObjectName("closeAnywayDialog")
        self.setWindowTitle(_("Please wait"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.text = QLabel(not_answering_text(fates), objectName="closeAnywayText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(fit.readable_width(self, 440))
        self.setAccessibleDescription(self.text.text())
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(
            close_anyway_label(), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button.setObjectName("closeAnyway")
        self.wait_button = buttons.addButton(
            _("&Keep waiting"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.wait_button.setObjectName("keepWaiting")
        self.close_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.accepted.connect(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fit.fit_window(self)
