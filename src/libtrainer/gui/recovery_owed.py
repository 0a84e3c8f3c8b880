"""The first recovery code of a store made by the wizard, kept only once written down.

The wizard makes the code but does not keep it (``store.json`` says one is owed): the window
shows it after the administrator signs in and keeps it (``recovery.keep_code``) when "I have
written the code down" is ticked and OK pressed. The idle lock or closing the window before
that leaves no code behind that nobody saw: the same code is shown again at an
administrator's next sign-in while the app runs, and a new one after a restart (decision 0519).
"""

from __future__ import annotations

from typing import Any

from shiboken6 import isValid

from libtrainer.i18n import _

from libtrainer.gui.operations import Job, Operation, error_text


class OwedCode:
    """Holds a code made but not yet confirmed (``(shown code, wrapped key)``) for a window."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.made: tuple[str, dict[str, Any]] | None = None
        self.dialog: Any = None

    def offer(self) -> None:
        """After an administrator signed in: show the owed code (made now if needed)."""
        if self.dialog is not None and isValid(self.dialog) and self.dialog.isVisible():
            return  # the lock deletes it (mainwindow.lock): then it is shown anew
        if self.made is not None:
            self._show(self.made)
            return
        data_dir = self.window.state.data_dir

        def look(_job: Job) -> tuple[str, dict[str, Any]] | None:
            from libtrainer.services import storefile  # noqa: PLC0415

            if not storefile.read_config(data_dir).owes_code:
                return None  # the usual case: nothing owed, the keyring left alone (0527)
            from libtrainer.services import recovery  # noqa: PLC0415 - rare

            return recovery.prepare_code(data_dir)

        def found(made: tuple[str, dict[str, Any]] | None) -> None:
            if made is not None and self.window.state.is_admin:
                self.made = made
                self._show(made)

        Operation(self.window, look).success(found).failure(self._failed).run_in_background()

    def _show(self, made: tuple[str, dict[str, Any]]) -> None:
        from libtrainer.gui.recovery_dialogs import RecoveryCodeDialog  # noqa: PLC0415

        code, wrapped = made
        self.dialog = RecoveryCodeDialog(self.window, code)
        self.dialog.accepted.connect(lambda: self._keep(wrapped))
        self.dialog.open()

    def _keep(self, wrapped: dict[str, Any]) -> None:
        data_dir = self.window.state.data_dir

        def keep(_job: Job) -> None:
            from libtrainer.services import recovery  # noqa: PLC0415 - rare

            recovery.keep_code(data_dir, wrapped)

        def kept(_result: None) -> None:
            self.made = None
            self.window.statusBar().showMessage(
                _("The recovery code is kept: the code written down opens the records."), 15_000
            )

        Operation(self.window, keep).success(kept).failure(self._failed).run_in_background()

    def _failed(self, error: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - rare

        QMessageBox.warning(
            self.window,
            _("Recovery code not kept"),
            _(
                "The recovery code could not be kept: {reason} It is shown again at the next "
                "sign-in of an administrator."
            ).format(reason=error_text(error)),
        )
