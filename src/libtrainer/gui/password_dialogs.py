"""A forgotten password set again (``services.password_reset``, decision 0519): by an
administrator for another account (Settings ▸ Staff accounts), or from the sign-in panel with
the store's recovery code for an administrator account; and the owner's own password chosen
at the sign-in that follows an administrator's reset. Each stays open when the core refuses
(a short password, a wrong code, the same password again) and says why; nothing is changed
then."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout
from shiboken6 import isValid

from libtrainer.domain.errors import N_
from libtrainer.i18n import _

from libtrainer.gui import fit
from libtrainer.gui.basics import Banner, add_row
from libtrainer.gui.form_dialog import FormDialog

KEY_BACK = N_("The recovery code also put the records' secret key back on this computer.")


def _text(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _secret(name: str) -> QLineEdit:
    field = QLineEdit(objectName=name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class GrowingForm(FormDialog):
    """A form with plain-text paragraphs above it that grows to show a long message."""

    def intro(self, *texts: tuple[str, str]) -> None:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        for index, (text, name) in enumerate(texts, start=1):
            layout.insertWidget(index, _text(text, name))

    def _failed(self, error: BaseException) -> None:
        super()._failed(error)
        self.grow()

    def grow(self) -> None:
        """Make room for a message just shown (wrapped text): without it the fields squeeze."""
        layout = self.layout()
        assert layout is not None
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        fields, viewport = self.scroll.widget(), self.scroll.viewport()
        if fields is not None and fields.hasHeightForWidth():
            # a message under a field wraps: the scroll area's own hint does not know that
            short = fields.heightForWidth(viewport.width()) - viewport.height()
            if short > 0:  # and the usual gap before the message line and the buttons
                needed = max(needed, self.height() + short + max(layout.spacing(), 0))
        if needed > self.height():  # no taller than the screen: the form scrolls then
            fit.fit_now(self, QSize(self.width(), needed))


class _PasswordForm(GrowingForm):
    """A form ending in "New password" and "Repeat the new password"."""

    def __init__(self, title: str, parent: Any) -> None:
        super().__init__(title, parent)
        self.new = _secret("newPassword")
        self.repeat = _secret("repeatPassword")
        self.ok.setText(_("&Set the password"))

    def password_rows(self) -> None:
        self.field_row("password", _("&New password"), self.new)
        add_row(self.form, _("Repeat &the new password"), self.repeat)

    def same_twice(self) -> bool:
        if self.new.text() == self.repeat.text():
            return True
        self.clear_errors()
        self.message.show_message(_("The two passwords differ."), "error")
        self.grow()
        self.repeat.clear()
        self.repeat.setFocus()
        return False


class SetPasswordDialog(_PasswordForm):
    """An administrator (``by``) sets a new password for the account ``staff_id``;
    ``finished_ok(login)``."""

    def __init__(self, parent: Any, *, staff_id: str, login: str, name: str, by: str) -> None:
        super().__init__(_("Set a new password"), parent)
        self.setObjectName("setPasswordDialog")
        self.staff_id, self.by = staff_id, by
        self.intro(
            (
                _(
                    "A new password for {name} (login name {login}), who forgot theirs. Tell it "
                    "to them in private; when they sign in with it, they are asked to choose "
                    "their own."
                ).format(name=name, login=login),
                "setPasswordIntro",
            )
        )
        self.password_rows()

    def submit(self) -> None:
        if not self.same_twice():
            return
        staff_id, new, by = self.staff_id, self.new.text(), self.by

        def write(job: Any) -> str:
            from libtrainer.services import password_reset  # noqa: PLC0415

            with job.uow() as uow:
                return password_reset.set_password(uow, staff_id, new, by=by)

        self.run_write(write)


class ForgotPasswordDialog(_PasswordForm):
    """ "Forgot your password?" on the sign-in panel: what to do, and — when the store has a
    recovery code — a form that sets an administrator's password with it; ``finished_ok(login)``.

    ``when_open(then, failed)`` calls ``then`` once the store is open (the window opens it),
    else ``failed(error)``; when the keyring lost the store key, ``put_key_back(code, then,
    failed)`` brings it back with the code typed (decision 0008) and the form goes on. A
    closed dialog never writes: whatever it waited for finds it gone."""

    def __init__(
        self,
        parent: Any,
        *,
        data_dir: Path,
        has_code: bool,
        when_open: Callable[..., None],
        put_key_back: Callable[..., None] | None = None,
    ) -> None:
        super().__init__(_("Forgot your password?"), parent)
        self.setObjectName("forgotPasswordDialog")
        self.data_dir, self.has_code, self.when_open = data_dir, has_code, when_open
        self.put_key_back = put_key_back
        #: The code typed here put the store key back into the keyring.
        self.key_back = False
        self.key_note = Banner(kind="info")
        self.key_note.setObjectName("forgotKeyBack")
        self.key_note.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.message), self.key_note)
        ask = _(
            "Ask an administrator of this computer: under Settings ▸ Staff accounts they can "
            "set a new password for you (“Set a new password…”). When you sign in with it, you "
            "are asked to choose your own."
        )
        if has_code:
            more = _(
                "If you are the administrator and nobody else can sign in as one: the recovery "
                "code (24 letters and digits, written down when this computer was set up) lets "
                "you set a new password for an administrator account here."
            )
        else:
            more = _(
                "The records on this computer have no recovery code, so only an administrator "
                "can set a new password here: ask one, or call the coordinator."
            )
        self.intro((ask, "forgotAsk"), (more, "forgotMore"))
        self.code = QLineEdit(objectName="forgotCode")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.login = QLineEdit(objectName="forgotLogin")
        if has_code:
            add_row(self.form, _("Recovery &code"), self.code)
            self.field_row("login", _("Administrator's &login name"), self.login)
            self.password_rows()
        else:
            self.ok.hide()
            cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            cancel.setText(_("Close"))

    def submit(self) -> None:
        if not self.has_code or not self.same_twice():
            return
        data_dir, code = self.data_dir, self.code.text()
        login, new = self.login.text(), self.new.text()

        def write(job: Any) -> str:
            from libtrainer.services import password_reset  # noqa: PLC0415

            with job.uow() as uow:
                return password_reset.reset_with_code(uow, data_dir, code, login, new)

        self.clear_errors()
        self.message.show_message("")
        self.ok.setEnabled(False)  # until the store is open and the write is done
        self._when_open(write, code)

    def _when_open(self, write: Callable[[Any], str], code: str) -> None:
        def opened() -> None:
            if self._still_open():
                self.run_write(write)

        def not_open(error: BaseException) -> None:
            if not self._still_open():
                return
            if getattr(error, "recoverable", False) and not self.key_back and self.put_key_back:
                self.put_key_back(code, lambda: self._key_is_back(write, code), self._refused)
            else:
                self._refused(error)

        self.when_open(opened, not_open)

    def _key_is_back(self, write: Callable[[Any], str], code: str) -> None:
        """The code brought the store key back (the sign-in panel says so too): go on."""
        if not self._still_open():
            return
        self.key_back = True
        self.key_note.show_message(_(KEY_BACK), "info")
        self.grow()
        self._when_open(write, code)

    def _refused(self, error: BaseException) -> None:
        if self._still_open():
            self._failed(error)

    def _still_open(self) -> bool:
        return isValid(self) and self.isVisible()


class ChooseOwnPasswordDialog(_PasswordForm):
    """After signing in with a password an administrator set: the person chooses their own
    (``accounts.change_password`` with ``current``, the password just accepted, which it
    must not equal) before the window opens; ``finished_ok(None)``. Cancel (Esc, the close
    button, the idle lock) is rejection: the window goes back to the sign-in panel."""

    def __init__(self, parent: Any, *, staff_id: str, name: str, current: str) -> None:
        from libtrainer.services.accounts import MIN_PASSWORD_LENGTH  # noqa: PLC0415

        super().__init__(_("Choose your own password"), parent)
        self.setObjectName("chooseOwnPasswordDialog")
        self.staff_id, self._current = staff_id, current
        self.intro(
            (
                _(
                    "An administrator set the password you signed in with as {name}. Choose "
                    "your own now, one that only you know; the window opens once it is set."
                ).format(name=name),
                "chooseOwnIntro",
            ),
            (
                _(
                    "At least {limit} characters, not the one you just used. Cancel signs you out."
                ).format(limit=MIN_PASSWORD_LENGTH),
                "chooseOwnRules",
            ),
        )
        self.password_rows()

    def submit(self) -> None:
        if not self.same_twice():
            return
        staff_id, current, new = self.staff_id, self._current, self.new.text()

        def write(job: Any) -> None:
            from libtrainer.services import accounts  # noqa: PLC0415

            with job.uow() as uow:
                accounts.change_password(uow, staff_id, current, new)

        self.run_write(write)

    def done(self, result: int) -> None:
        """Closed either way: the password just used is not kept in memory any longer."""
        self._current = ""
        super().done(result)
