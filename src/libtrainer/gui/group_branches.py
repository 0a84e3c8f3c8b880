"""Groups & sessions on a coordinator's computer: every branch's groups, a branch to show, and
which groups are changed here (docs/decisions/0114).

Every branch's groups arrive on the coordinator's computer, which prints their sign-in sheets
and certificates. Only its own branch's groups are changed there
(:func:`libtrainer.services.grouplist.kept_here`): the buttons that would change another
branch's group are disabled and a note says why, so nothing is offered that should not be done.
A branch or lecturer computer shows no branch column or choice and changes every group it holds.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel

from libtrainer.i18n import _
from libtrainer.services.grouplist import kept_here


class BranchChoice:
    """The coordinator's "Branch:" choice above the group list (all branches at first).

    The choice lasts while the window is open (the screen is rebuilt after a lock); the app
    remembers no list filter between sessions."""

    def __init__(self, on_change: Any) -> None:
        self.combo = QComboBox(objectName="branchFilter")
        self.combo.setAccessibleName(_("Branch whose groups are shown"))
        self.combo.setMinimumContentsLength(24)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.addItem(_("All branches"), "")
        self.combo.currentIndexChanged.connect(lambda _i: on_change())
        self.label = QLabel(_("&Branch:"))
        self.label.setBuddy(self.combo)

    def branch_id(self) -> str | None:
        """The branch chosen, or None for all."""
        return str(self.combo.currentData() or "") or None

    def fill(self, branches: list[tuple[str, str]]) -> None:
        """Offer ``branches`` (id, name), keeping the one chosen (all, if it has no groups)."""
        chosen = self.branch_id() or ""
        self.combo.blockSignals(True)
        try:
            while self.combo.count() > 1:
                self.combo.removeItem(1)
            for branch_id, name in branches:
                self.combo.addItem(name, branch_id)
            self.combo.setCurrentIndex(max(0, self.combo.findData(chosen)))
        finally:
            self.combo.blockSignals(False)

    def show_all(self) -> None:
        """Choose every branch again without refreshing (the caller refreshes): after making
        a group of this computer's branch while another branch is shown, so that it is listed."""
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(0)
        self.combo.blockSignals(False)


def changed_here(state: Any, branch_id: str | None) -> bool:
    """Whether a group of ``branch_id`` is changed on this computer (see the module)."""
    device = state.device
    if device is None:
        return True
    return kept_here(device.role, device.branch_id, branch_id)


def kept_note(branch: str) -> str:
    """Why another branch's group is only printed here."""
    return _(
        "This group is kept by {branch}: its people, sessions and attendance are changed on "
        "that branch's computers (a change made here would not reach them). Here you print "
        "its sign-in sheets and certificates."
    ).format(branch=branch)
