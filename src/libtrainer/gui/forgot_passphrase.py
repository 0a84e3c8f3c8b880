""" "Forgot the passphrase?" on the sign-in panel of a store that opens with a passphrase
(``services.keysource.reset_passphrase``, decision 0524).

A store that kept its key in the keyring before and was moved to a passphrase keeps its
recovery code, which wraps the same key: the code and a new passphrase typed twice set the
records' passphrase again (the key is wrapped anew; the records themselves do not change).
A store locked with a passphrase from the start (the first-run wizard, ``init``) has no code:
its key comes from the passphrase alone. The dialog then says so plainly — nothing can replace
the passphrase; where it may be written down; the coordinator holds what was sent — and only
closes. A wrong code, or a short new passphrase, changes nothing and says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from libtrainer.domain.errors import KeyStoreError
from libtrainer.i18n import _

from libtrainer.gui.basics import add_row
from libtrainer.gui.password_dialogs import GrowingForm


def _secret(name: str) -> QLineEdit:
    field = QLineEdit(objectName=name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class ForgotPassphraseDialog(GrowingForm):
    """``can_reset``: the store has a recovery code that sets a new passphrase
    (``keysource.can_reset``); ``finished_ok(None)`` once the new passphrase is in force."""

    def __init__(self, parent: Any, *, data_dir: Path, can_reset: bool) -> None:
        from libtrainer.services.keysource import (  # noqa: PLC0415
            MIN_PASSPHRASE,
            NO_CODE_FOR_PASSPHRASE,
        )

        super().__init__(_("Forgot the passphrase?"), parent)
        self.setObjectName("forgotPassphraseDialog")
        self.data_dir, self.can_reset = data_dir, can_reset
        self.code = QLineEdit(objectName="forgotPassphraseCode")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.phrase = _secret("newPassphrase")
        self.repeat = _secret("repeatPassphrase")
        if not can_reset:
            self.intro((_(NO_CODE_FOR_PASSPHRASE), "forgotPassphraseNoCode"))
            self.ok.hide()
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
            return
        self.intro(
            (
                _(
                    "The recovery code (24 letters and digits, written down when this computer "
                    "was set up) lets you choose a new passphrase for the records. The records "
                    "themselves do not change, and the recovery code keeps working."
                ),
                "forgotPassphraseIntro",
            ),
            (
                _(
                    "At least {limit} characters. Write the new passphrase down and keep it "
                    "where the staff can find it, not on this computer."
                ).format(limit=MIN_PASSPHRASE),
                "forgotPassphraseKeep",
            ),
        )
        add_row(self.form, _("Recovery &code"), self.code)
        self.field_row("passphrase", _("&New passphrase"), self.phrase)
        add_row(self.form, _("Repeat &the new passphrase"), self.repeat)
        self.ok.setText(_("&Set the passphrase"))

    def submit(self) -> None:
        if not self.can_reset:
            return
        if self.phrase.text() != self.repeat.text():
            self.clear_errors()
            self.message.show_message(_("The two passphrases differ."), "error")
            self.grow()
            self.repeat.clear()
            self.repeat.setFocus()
            return
        self.message.show_message("")
        data_dir, code, phrase = self.data_dir, self.code.text(), self.phrase.text()

        def write(_job: Any) -> None:
            from libtrainer.services import keysource  # noqa: PLC0415

            keysource.reset_passphrase(data_dir, code, phrase)

        self.run_write(write)

    def _failed(self, error: BaseException) -> None:
        """A wrong or mistyped code: said in the message line, the code ready to correct."""
        super()._failed(error)
        if isinstance(error, KeyStoreError):
            self.code.setFocus()
            self.code.selectAll()
