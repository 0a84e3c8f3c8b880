"""Staff accounts of this computer (administrators only): list, add, disable / enable, set a
new password for someone who forgot theirs (``gui.password_dialogs``). The list shows an
account whose owner has not chosen their own password since such a reset."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from libtrainer.i18n import _

from libtrainer.gui import labels as L
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.operations import Operation, error_text
from libtrainer.gui.widgets import Banner, CodeCombo, add_row, table_view

SIGN_IN_ROLES = ("librarian", "lecturer", "coordinator", "admin")


def _state(disabled: bool, must_change: bool) -> str:
    if disabled:
        return _("disabled")
    return _("own password not chosen yet") if must_change else _("active")


class AccountsPanel(QGroupBox):
    def __init__(self, state: Any, parent: Any = None) -> None:
        super().__init__(_("Staff accounts"), parent)
        self.setObjectName("accountsPanel")
        self.state = state
        # a person's name: not "Name", whose translations name a thing (lt "Pavadinimas")
        self.model = ListTableModel(
            [_("Login name"), _("Given and family name"), _("Role"), _("State")], self
        )
        self.view = table_view("accountTable", self.model, (1,))
        self.view.setAccessibleName(_("Staff accounts"))
        self.view.setMinimumHeight(120)
        self.view.setMaximumHeight(240)
        self.toggle = QPushButton(_("&Disable or enable"), objectName="toggleAccount")
        self.toggle.clicked.connect(self._toggle)
        # no Alt letter: every letter of it is taken on the Settings screen
        self.reset = QPushButton(_("Set a new password…"), objectName="resetPassword")
        self.reset.clicked.connect(self._reset)
        self.given = QLineEdit(objectName="accountGiven")
        self.family = QLineEdit(objectName="accountFamily")
        self.login = QLineEdit(objectName="accountLogin")
        self.role = CodeCombo([(r, _(L.ROLES[r])) for r in SIGN_IN_ROLES])
        self.role.setObjectName("accountRole")
        self.password = QLineEdit(objectName="accountPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add = QPushButton(_("&Add the account"), objectName="addAccount")
        self.add.clicked.connect(self._add)
        self.message = Banner()
        form = QFormLayout()
        for text, field in (
            (_("Given na&me"), self.given),
            (_("Famil&y name"), self.family),
            (_("&Login name"), self.login),
            (_("&Role"), self.role),
            (_("First &password"), self.password),
        ):
            add_row(form, text, field)
        form.addRow("", self.add)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.reset)
        row.addWidget(self.toggle)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self._disabled: dict[str, bool] = {}
        self._users: dict[str, Any] = {}

    def refresh(self) -> None:
        from libtrainer.services import accounts  # noqa: PLC0415

        def load(job: Any) -> list[Any]:
            with job.store.read() as conn:
                return accounts.list_accounts(conn)

        Operation(self, load).read_only().success(self._loaded).run_in_background()

    def _loaded(self, rows: list[Any]) -> None:
        self._disabled = {user.staff_id: disabled for user, disabled in rows}
        self._users = {user.staff_id: user for user, _disabled in rows}
        self.model.set_rows(
            [
                (
                    user.staff_id,
                    (
                        user.login,
                        user.display_name,
                        L.label(L.ROLES, user.role),
                        _state(disabled, user.must_change_password),
                    ),
                )
                for user, disabled in rows
            ]
        )

    def _toggle(self) -> None:
        from libtrainer.services import accounts  # noqa: PLC0415

        staff_id = self.model.id_at(self.view.currentIndex().row())
        if staff_id is None:
            return
        disable = not self._disabled.get(staff_id, False)

        def run(job: Any) -> None:
            with job.uow() as uow:
                accounts.set_disabled(uow, staff_id, disable)

        Operation(self, run).success(lambda _r: self.refresh()).failure(
            lambda e: self.message.show_message(error_text(e), "error")
        ).run_in_background()

    def _reset(self) -> None:
        from libtrainer.gui.password_dialogs import SetPasswordDialog  # noqa: PLC0415

        staff_id = self.model.id_at(self.view.currentIndex().row())
        user = self._users.get(staff_id) if staff_id is not None else None
        if user is None or self.state.staff_id is None:
            self.message.show_message(_("Choose the account in the list first."), "error")
            return
        if user.staff_id == self.state.staff_id:
            from libtrainer.services.password_reset import OWN_PASSWORD  # noqa: PLC0415

            self.message.show_message(_(OWN_PASSWORD), "error")
            return
        dialog = SetPasswordDialog(
            self,
            staff_id=user.staff_id,
            login=user.login,
            name=user.display_name,
            by=self.state.staff_id,
        )
        dialog.finished_ok.connect(self._password_set)
        dialog.open()

    def _password_set(self, login: str) -> None:
        self.message.show_message(
            _("The new password of “{login}” is set.").format(login=login), "info"
        )
        self.refresh()  # the account now shows that its owner has not chosen their own

    def _add(self) -> None:
        from libtrainer.services import accounts  # noqa: PLC0415

        values = {
            "login": self.login.text(),
            "password": self.password.text(),
            "role": self.role.code(),
            "given_name": self.given.text(),
            "family_name": self.family.text(),
            "branch_id": self.state.device.branch_id if self.state.device else None,
            "must_change_password": True,  # the administrator chose it
        }

        def run(job: Any) -> Any:
            with job.uow() as uow:
                return accounts.create_account(uow, **values)

        self.add.setEnabled(False)  # one account per click, even on a double click
        Operation(self, run).success(self._added).failure(self._add_failed).run_in_background()

    def _add_failed(self, error: BaseException) -> None:
        self.add.setEnabled(True)
        self.message.show_message(error_text(error), "error")

    def _added(self, changed: Any) -> None:
        self.add.setEnabled(True)
        for field in (self.given, self.family, self.login, self.password):
            field.clear()
        self.message.show_message(
            _(
                "Account added. Give the first password to the person in private; when they "
                "sign in with it, they are asked to choose their own."
            ),
            "info",
        )
        self.refresh()
        self.state.notify(changed)
