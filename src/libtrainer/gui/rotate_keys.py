"""“Change this computer's keys” on the Devices screen (``libtrainer trust rotate`` from the
window; decisions 0301, 0512 update).

A coordinator does not use a terminal. The box says when to change the keys (they may have been
copied, a computer holding them was lost or stolen, the yearly change); the button asks first
(Cancel is the default), then the change runs on the share thread like every other write to the
shared folder (decision 0514). The result is told in plain words — the new trust list version,
what the branch computers will see, that the key backup must be made again — and the backup is
offered at once (``key_backup_dialog.py``). When the folder is not reachable or another
coordinator changed the list at that moment, nothing changed and the banner says so (try again).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from libtrainer.i18n import _

from libtrainer.gui import fit
from libtrainer.gui.confirm import ConfirmDialog
from libtrainer.gui.key_backup_dialog import KeyBackupDialog
from libtrainer.gui.operations import error_text
from libtrainer.gui.widgets import heading


def when_text() -> str:
    """When to change the keys, in the current language."""
    return _(
        "Change this computer's keys when they may have been copied (a copy of its data folder "
        "or of a key backup got somewhere it should not be), when a computer holding them was "
        "lost or stolen (restore the key backup on the new computer first, then change the keys "
        "there), or once a year. The branch computers have nothing to do."
    )


def rotate_fate() -> str:
    """What closing during a change of keys leaves (``AppState.share_actions``)."""
    return _(
        "If the new list of computers did not reach the shared folder, this computer keeps "
        "its keys: change them again on the Devices screen. If it did, the new keys are taken "
        "into use at the next sync."
    )


def _plain(text: str, name: str) -> QLabel:
    label = QLabel(text, objectName=name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class KeysBox(QGroupBox):
    """The explanation and the button; :meth:`ask` and what follows run for ``screen``."""

    def __init__(self, screen: Any) -> None:
        super().__init__(_("This computer's keys"))
        self.screen = screen
        self.dialog: QDialog | None = None  # the question, the result or the backup form
        self.button = QPushButton(_("C&hange this computer's keys…"), objectName="rotateKeys")
        self.button.setAccessibleName(_("Change this computer's keys"))
        self.button.setAccessibleDescription(when_text())
        self.button.clicked.connect(self.ask)
        column = QVBoxLayout(self)
        column.addWidget(_plain(when_text(), "rotateKeysWhen"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        column.addLayout(row)

    def enable(self, allowed: bool) -> None:
        self.button.setEnabled(allowed)

    def ask(self) -> ConfirmDialog | None:
        """The question (None while a change of the shared folder started here runs)."""
        if self.screen.sharing:
            return None
        text = _(
            "This computer gets new keys, and the region's list of computers a new version "
            "signed with the old key and the new one. From then on the old key can no longer "
            "change the list or sign what this computer sends. Everything sent before stays "
            "readable on this computer.\n\nThe branch "
            "computers take the new version at their next sync; they have nothing to do.\n\n"
            "A key backup made before does not hold the new keys: make a new one straight "
            "after (it is offered when the keys are changed)."
        )
        dialog = ConfirmDialog(
            self.screen, _("Change this computer's keys?"), text, _("C&hange the keys"), "rotate"
        )
        self._show(dialog)
        dialog.accepted.connect(self._run)
        return dialog

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _run(self) -> None:
        """Change the keys on the share thread. Whether it runs is the operation's future
        (``AppState.share_actions``), not a flag that a result never delivered (the app
        closing, an unexpected failure) could leave set; a change cut short in the core is
        settled by the trust list (``identity.settle_pending_keys``)."""
        from libtrainer.sync import devices  # noqa: PLC0415

        screen, share = self.screen, self.screen.state.share_path
        if screen.sharing:
            return
        op = screen.op(lambda job: devices.rotate_keys(job.store, share)).uses_share()
        op.with_progress(_("Changing this computer's keys…")).success(self._done)
        screen.share_change("rotate", op.failure(self._failed), rotate_fate())

    def _done(self, rotated: Any) -> None:
        self.screen.banner.show_message(
            _("New keys are in use; new code: {code}. Make a new key backup now.").format(
                code=rotated.code
            ),
            "info",
        )
        self.screen.refresh()
        self._show(RotatedDialog(self.screen, rotated, self.backup))

    def _failed(self, error: BaseException) -> None:
        self.screen.banner.show_message(
            _("The keys were not changed. {reason}").format(reason=error_text(error)), "error"
        )

    def backup(self) -> KeyBackupDialog:
        dialog = KeyBackupDialog(self.screen, folder=_home())
        dialog.finished_ok.connect(self._backed_up)
        self._show(dialog)
        return dialog

    def _backed_up(self, path: Any) -> None:
        self.screen.banner.show_message(
            _("The keys were written to {path}. Keep the file and its passphrase apart.").format(
                path=path
            ),
            "info",
        )


def _home() -> Path:
    return Path.home()


class RotatedDialog(QDialog):
    """What changed, in plain words, and the key backup offered at once."""

    def __init__(self, parent: Any, rotated: Any, backup: Any) -> None:
        super().__init__(parent)
        self.setObjectName("rotatedDialog")
        title = _("The keys were changed")
        self.setWindowTitle(title)
        text = _(
            "This computer now uses new keys. The region's list of computers is now version "
            "{version}; this computer's code is now {code} (it was {old}).\n\nThe branch "
            "computers take the new list at their next sync; they have nothing to do. What "
            "they send from then on is encrypted for the new key; what they sent before stays "
            "readable here.\n\nThe key backup made before does not hold the new keys. Make a "
            "new key backup now, keep it apart from its passphrase, and destroy the old one."
        ).format(version=rotated.version, code=rotated.code, old=rotated.old_code or "—")
        self.text = _plain(text, "rotatedExplanation")
        self.text.setMinimumWidth(fit.readable_width(self, 480))
        self.setAccessibleDescription(text)
        buttons = QDialogButtonBox()
        self.backup = buttons.addButton(
            _("Make a key &backup now…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.backup.setObjectName("rotatedBackup")
        self.later = buttons.addButton(_("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.later.setObjectName("rotatedLater")
        self.backup.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.accepted.connect(backup)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fit.fit_window(self)
        self.backup.setFocus()
