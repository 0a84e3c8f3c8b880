"""“This computer was restored or copied: take a new identity” on the Sync screen.

What ``libtrainer enroll SHARE --new-device`` does (``sync.renew.renew_and_join``,
docs/decisions/0318), for a branch computer the coordinator suspended after a restore or a copy:
the coordinator phones and says "take a new identity". :class:`RenewAction` owns the button
(shown only on a computer that is not the coordinator's, to an administrator or a coordinator),
asks first in plain words (:class:`RenewDialog`), runs the renewal through the operation helper
(off the GUI thread) and then shows the new enrolment code and what happens next. When it is
refused (shared folder unreachable, a coordinator's computer) the reason is shown and nothing
has changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from libtrainer.i18n import _, ngettext

from libtrainer.gui.confirm import ConfirmDialog
from libtrainer.gui.operations import Operation, error_text

#: Who may take a new identity: the roles the Sync screen trusts with its other sync actions.
ROLES = ("admin", "coordinator")


class RenewDialog(ConfirmDialog):
    """Asks before taking a new identity and says what will happen. Cancel is the default."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            parent,
            _("Take a new identity for this computer?"),
            _(
                "Do this only when your coordinator asks you to.\n\n"
                "This computer was restored (for example by restore-on-restart software or "
                "from a backup) or copied, so the coordinator no longer accepts what it sends "
                "under its old identity. With a new identity:\n"
                "• this computer gets a new enrolment code: read it to the coordinator by "
                "phone;\n"
                "• everything recorded on this computer is sent again — nothing is lost;\n"
                "• after the coordinator has approved the new code, syncing works again.\n\n"
                "The shared folder must be reachable now."
            ),
            _("Take a &new identity"),
            "renew",
            action_name=_("Take a new identity for this computer"),
            text_name=_("What taking a new identity does"),
            width=520,
        )


class RenewAction:
    """The Sync screen's "take a new identity" button, its dialog and its operation."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.dialog: RenewDialog | None = None
        self.button = QPushButton(_("This computer was restored or copied — take a new &identity…"))
        self.button.setObjectName("renewIdentity")
        self.button.setAccessibleName(
            _("This computer was restored or copied: take a new identity")
        )
        self.button.setToolTip(_("Only when the coordinator asks you to."))
        self.button.clicked.connect(self.ask)
        self.button.hide()

    def allowed(self) -> bool:
        """Not on the coordinator's computer; for an administrator or a coordinator, and for
        anyone while a coordinator's notice has paused this computer's sending (the
        coordinator asks for it then; it must approve the new code anyway, decision 0333)."""
        status = self.screen.status
        if status is None or status.coordinator:
            return False
        return self.screen.state.role in ROLES or bool(getattr(status, "paused", None))

    def update(self) -> None:
        self.button.setVisible(self.allowed())

    def ask(self) -> RenewDialog | None:
        """Open the confirmation (window-modal, non-blocking); OK starts the renewal."""
        if not self.allowed():
            return None
        self.dialog = RenewDialog(self.screen)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(self.run)
        self.dialog.finished.connect(self._closed)
        self.dialog.open()
        return self.dialog

    def _closed(self, _result: int) -> None:
        self.dialog = None

    def run(self) -> None:
        """Take the new identity and ask to be enrolled, on the share thread."""
        from libtrainer.gui import sync_runner  # noqa: PLC0415

        share = self.screen.state.share_path
        self.button.setEnabled(False)
        Operation(
            self.screen, lambda job: sync_runner.renew(job.store, share)
        ).uses_share().with_progress(_("Taking a new identity…")).success(self._renewed).failure(
            self._failed
        ).run_in_background()

    def _renewed(self, result: tuple[Any, Any]) -> None:
        renewed, outcome = result
        screen, state = self.screen, self.screen.state
        self.button.setEnabled(True)
        if state.device is not None:
            state.device = state.device._replace(device_id=renewed.device)
        screen.labels["code"].setText(outcome.code)
        screen.banner.show_message("\n".join(messages(renewed, outcome)), "info")
        state.notify(None)
        screen.refresh()

    def _failed(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        self.screen.banner.show_message(error_text(error), "error")
        self.screen.refresh()


def messages(renewed: Any, outcome: Any) -> list[str]:
    """What the person reads after the renewal (``sync.renew.Renewed`` + ``JoinOutcome``)."""
    lines = [
        _(
            "This computer has a new identity. Read this new enrolment code to your "
            "coordinator by phone: {code}"
        ).format(code=outcome.code),
        ngettext(
            "{n} change recorded on this computer will be sent again under the new identity.",
            "{n} changes recorded on this computer will be sent again under the new identity.",
            renewed.resent,
        ).format(n=renewed.resent),
    ]
    if outcome.state == "enrolled":
        lines.append(_("This computer is enrolled."))
        return lines
    if renewed.old_enrolled:
        lines.append(
            _(
                "The coordinator also resumes this computer's old identity ({old}) on the Sync "
                "screen (“Resume device”, or “libtrainer trust resume {old}”): what was "
                "already merged from it stays."
            ).format(old=renewed.old_device)
        )
    lines.append(
        _(
            "When the coordinator has approved the new code, press “Check again”: everything "
            "is then sent under the new identity."
        )
    )
    return lines
