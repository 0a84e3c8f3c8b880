"""The staff form: names, role, e-mail, branch — each field with an error line under it — and a
line saying whether the person signs in on this computer.

``values()`` gives exactly the fields ``services.staff`` takes, so adding and changing use the
same form. The role is what the person does; a sign-in account keeps the role it signs in with,
so the form says so. It never touches the store.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit

from libtrainer.i18n import _

from libtrainer.gui import labels as L
from libtrainer.gui.field_form import FieldForm
from libtrainer.gui.widgets import CodeCombo

#: The role a new person gets (guest lecturers are the usual reason to add someone).
NEW_ROLE = "lecturer"


class StaffForm(FieldForm):
    """Emits ``submit`` when Enter is pressed in one of its text fields."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffForm")
        self.given = QLineEdit(objectName="staffGiven")
        self.family = QLineEdit(objectName="staffFamily")
        self.role = CodeCombo(L.ROLES)
        self.role.setObjectName("staffRole")
        self.role.setToolTip(
            _(
                "What the person does. Someone with a sign-in account keeps the role they sign "
                "in with."
            )
        )
        self.email = QLineEdit(objectName="staffEmail")
        self.email.setPlaceholderText(_("name@example.lt (may stay empty)"))
        self.branch = CodeCombo([], blank="—")
        self.branch.setObjectName("staffBranch")
        for field, text, widget in (
            ("given_name", _("Given na&me"), self.given),
            ("family_name", _("Famil&y name"), self.family),
            ("role", _("Ro&le"), self.role),
            ("email", _("&E-mail"), self.email),
            ("branch_id", _("Br&anch"), self.branch),
        ):
            self._row(field, text, widget)
        self.account = QLabel(objectName="staffAccount")
        self.account.setProperty("textFormat", "PlainText")  # it quotes a login name
        self.account.setWordWrap(True)
        self.layout_.addRow(self.account)
        self._submit_on_enter()

    def set_branches(self, branches: list[tuple[str, str]]) -> None:
        """The branches to choose from: (id, name), by name."""
        self.branch.set_choices(branches, blank="—")

    def values(self) -> dict[str, Any]:
        """The fields for ``staff.add_person`` / ``staff.edit_person`` (the branch only where
        it is chosen here: elsewhere a new person is of this branch and a person keeps theirs)."""
        values = {
            "given_name": self.given.text(),
            "family_name": self.family.text(),
            "role": self.role.code(),
            "email": self.email.text() or None,
        }
        if self.branch.isEnabled():
            values["branch_id"] = self.branch.code()
        return values

    def set_values(self, person: Any = None, *, home: str | None = None) -> None:
        """Show a ``StaffInfo``, or empty the form (None) for a new person at ``home``."""
        self.clear_errors()
        self.given.setText(person.given_name if person else "")
        self.family.setText(person.family_name if person else "")
        self.role.set_code(person.role if person else NEW_ROLE)
        self.email.setText((person.email or "") if person else "")
        self.branch.setCurrentIndex(
            max(self.branch.findData(person.branch_id if person else home), 0)
        )
        self.account.setText(self._account_text(person))

    @staticmethod
    def _account_text(person: Any) -> str:
        if person is None or person.login is None:
            return _("No sign-in account on this computer: chosen as lecturer or helper only.")
        if person.account_disabled:
            return _("Sign-in account “{login}” on this computer, disabled.").format(
                login=person.login
            )
        return _(
            "Signs in on this computer as “{login}”; the account keeps its password and the "
            "role it signs in with."
        ).format(login=person.login)

    def set_editable(self, editable: bool, *, branch: bool = True) -> None:
        """Fields open for typing (the branch only where this computer chooses it)."""
        super().set_editable(editable)
        self.branch.setEnabled(editable and branch)
