"""The sign-in panel: the first thing the window shows, and what it shows when locked.

It holds no personal data: a login field, a password field and — only when the store is
protected by a passphrase instead of the system keyring and is not open yet — a passphrase
field. The window checks what was typed through an operation (scrypt runs on the worker).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _

from libtrainer.gui.basics import Banner, add_row, heading


class SignInPanel(QWidget):
    """Emits ``submitted(login, password, passphrase)``; passphrase is "" when not asked.

    ``typing`` is emitted when the person edits the login or the password (the window opens
    the store then, while they type)."""

    submitted = Signal(str, str, str)
    typing = Signal()
    #: "Enter the recovery code…" was pressed (shown only when the keyring lost the store key)
    recovery_wanted = Signal()
    #: "Forgot your password?" was pressed
    forgot_wanted = Signal()
    #: "Forgot the passphrase?" was pressed (shown with the passphrase field)
    forgot_passphrase_wanted = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInPanel")
        self.title = heading("")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = Banner(kind="error")
        self.message.setObjectName("signInMessage")
        #: a warning that stays while the panel is shown (the folder went back in time)
        self.notice = Banner(kind="warning")
        self.notice.setObjectName("signInNotice")
        self._notice: Any = None
        self.button = QPushButton()
        self.button.setObjectName("signInButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self._submit)
        self.recover = QPushButton()
        self.recover.setObjectName("recoverButton")
        self.recover.setVisible(False)
        self.recover.clicked.connect(self.recovery_wanted)
        self.forgot = QPushButton()
        self.forgot.setObjectName("forgotButton")
        self.forgot.setFlat(True)  # a link: the way on when the password is forgotten
        # (no Qt.CursorShape: the Qt namespace is not looked up before ready, decision 0508)
        self.forgot.setStyleSheet(
            "QPushButton { color: palette(link); text-decoration: underline; }"
        )
        self.forgot.clicked.connect(self.forgot_wanted)
        self.forgot_phrase = QPushButton()
        self.forgot_phrase.setObjectName("forgotPassphraseButton")
        self.forgot_phrase.setFlat(True)  # a link under the passphrase field
        self.forgot_phrase.setStyleSheet(self.forgot.styleSheet())
        # at its own width, under the start of the field (the form would stretch it)
        self.forgot_phrase.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.forgot_phrase.clicked.connect(self.forgot_passphrase_wanted)
        for field in (self.login, self.password, self.passphrase):
            field.returnPressed.connect(self._submit)
        for field in (self.login, self.password):
            field.textEdited.connect(self.typing)

        box = QWidget()
        box.setMaximumWidth(520)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addWidget(self.notice)
        inner.addLayout(self.form)
        inner.addWidget(self.message)
        right = QHBoxLayout()  # the button at its own width, on the right
        right.addWidget(self.recover)
        right.addWidget(self.forgot)
        right.addStretch(1)
        right.addWidget(self.button)
        inner.addLayout(right)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(box)
        column.addStretch(2)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        self._labels: list[QLabel] = []
        self._needs_passphrase = False
        self._busy = False
        self.retranslate()
        self.setTabOrder(self.login, self.password)
        self.setTabOrder(self.password, self.passphrase)
        self.setTabOrder(self.passphrase, self.forgot_phrase)
        self.setTabOrder(self.forgot_phrase, self.button)
        self.setTabOrder(self.button, self.forgot)

    def retranslate(self) -> None:
        while self.form.rowCount():
            self.form.takeRow(0)
        for label in self._labels:
            label.deleteLater()
        self.title.setText(_("Sign in"))
        self.subtitle.setText(
            _(
                "This computer is shared: sign in to see the records. The app "
                "locks itself when nobody uses it for a while."
            )
        )
        self._labels = [
            add_row(self.form, _("&Login name"), self.login),
            add_row(self.form, _("&Password"), self.password),
            add_row(
                self.form,
                _("Passphrase of the recor&ds"),
                self.passphrase,
                _("Needed because this computer cannot keep the secret key of the records."),
            ),
        ]
        # the link sits under the passphrase field; an empty label of its own, deleted as above
        spacer = QLabel()
        self.form.addRow(spacer, self.forgot_phrase)
        self._labels.append(spacer)
        self.button.setText(_("Sign &in"))
        self.button.setAccessibleName(_("Sign in"))
        self.recover.setText(_("Enter the recovery &code…"))
        self.recover.setAccessibleName(_("Enter the recovery code"))
        self.forgot.setText(_("Forgot your pass&word?"))
        self.forgot.setAccessibleName(_("Forgot your password?"))
        self.forgot_phrase.setText(_("Forgot the passph&rase?"))
        self.forgot_phrase.setAccessibleName(_("Forgot the passphrase?"))
        self.set_needs_passphrase(self._needs_passphrase)
        self.set_notice(self._notice)

    def set_notice(self, text: Any) -> None:
        """Show the warning ``text()`` (a callable, so a new language re-renders it; None
        hides it) until it is set again."""
        self._notice = text
        shown = text() if text is not None else ""
        self.notice.show_message(shown, "warning" if shown else None)

    def refresh_notice(self) -> None:
        """Show the warning again as it is now (hidden once what it said has ended)."""
        self.set_notice(self._notice)

    @property
    def needs_passphrase(self) -> bool:
        """The passphrase field is asked (the store opens with a passphrase, not open yet)."""
        return self._needs_passphrase

    def set_needs_passphrase(self, needed: bool) -> None:
        self._needs_passphrase = needed
        for field in (self.passphrase, self.forgot_phrase):
            field.setVisible(needed)
            label = self.form.labelForField(field)
            if label is not None:
                label.setVisible(needed)

    def reset(self, login: str = "", message: str = "") -> None:
        """Empty the fields (after sign-in, on lock) and show ``message``, if any."""
        self.login.setText(login)
        self.password.clear()
        self.passphrase.clear()
        self.message.show_message(message, "error" if message else None)
        self.set_busy(False)

    def focus(self) -> None:
        (self.password if self.login.text() else self.login).setFocus()

    @property
    def busy(self) -> bool:
        """ "Sign in" was pressed and its outcome is not known yet ("Signing in…")."""
        return self._busy

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.button.setEnabled(not busy)
        self.button.setText(_("Signing in…") if busy else _("Sign &in"))

    def offer_recovery(self, offered: bool) -> None:
        """Show "Enter the recovery code…" (the keyring lost the store key) or hide it."""
        self.recover.setVisible(offered)

    def ask_passphrase(self, text: str) -> None:
        """The records turned out to open with a passphrase after "Sign in" was pressed: the
        field shows, ``text`` says why, and the panel is ready again (login and password
        stay as typed)."""
        self.set_needs_passphrase(True)
        self.message.show_message(text, "info")
        self.set_busy(False)
        self.passphrase.setFocus()

    def show_error(self, text: str) -> None:
        self.password.clear()
        self.message.show_message(text, "error")
        self.set_busy(False)
        self.password.setFocus()

    def _submit(self) -> None:
        if not self.button.isEnabled():
            return
        if not self.login.text().strip():
            self.login.setFocus()
            return
        self.set_busy(True)
        self.message.show_message("")
        phrase = self.passphrase.text() if self._needs_passphrase else ""
        self.submitted.emit(self.login.text(), self.password.text(), phrase)
