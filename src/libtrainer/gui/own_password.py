"""The step between an accepted password and the window when an administrator set that
password (decision 0519, update): the person chooses their own first.

The window is not signed in meanwhile: the sign-in panel stays behind the dialog (busy), no
screen, menu or record is reachable. Choosing signs in; Cancel, Esc, closing the dialog or the
idle lock (armed while the dialog is open: a shared PC may be left like that) signs out.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from libtrainer.i18n import _


class OwnPasswordStep:
    """Asks ``window`` (a ``MainWindow``) for the person's own password; one at a time."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.dialog: Any = None

    def ask(self, user: Any, password: str) -> None:
        """``user`` (a ``services.accounts.SignedIn``) signed in with ``password``, which an
        administrator set: open the dialog; the window opens only once it is chosen."""
        from libtrainer.gui.password_dialogs import ChooseOwnPasswordDialog  # noqa: PLC0415

        window = self.window
        dialog = ChooseOwnPasswordDialog(
            window, staff_id=user.staff_id, name=user.display_name, current=password
        )
        self.dialog = dialog
        dialog.finished_ok.connect(lambda _result: self._chosen(dialog, user))
        dialog.rejected.connect(lambda: self._cancelled(dialog, user.login))
        window.idle.arm()
        dialog.open()

    def cancel(self) -> bool:
        """Close an open dialog as Cancel does (the idle lock); False when none is open."""
        if self.dialog is None:
            return False
        self.dialog.reject()
        return True

    def _chosen(self, dialog: Any, user: Any) -> None:
        if self.dialog is not dialog:  # cancelled while the password was being written
            return
        self.dialog = None
        dialog.deleteLater()
        self.window.signed_in(dataclasses.replace(user, must_change_password=False))
        self.window.statusBar().showMessage(_("Your own password is set."), 15_000)

    def _cancelled(self, dialog: Any, login: str) -> None:
        if self.dialog is not dialog:
            return
        self.dialog = None
        dialog.deleteLater()
        window = self.window
        window.idle.disarm()
        window.sign_in.reset(login=login)
        window.sign_in.message.show_message(
            _("Signed out: you have not chosen your own password yet. Sign in again to choose it."),
            "info",
        )
        window.sign_in.focus()
