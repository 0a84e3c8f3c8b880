"""Settings ▸ "Lock the records with a passphrase…": a store that keeps its key in the keyring
moves to a passphrase the staff type at each start (``services.keysource``, decision 0003).

For an administrator, with the records open. It explains why in plain words (a computer put
back at each restart forgets the key every morning; visitors on the staff's Windows account
could open the records), asks for the passphrase twice and moves the key on the worker. An
hourly send while the app is closed cannot type a passphrase: it is switched off afterwards.
Nothing changes when it is refused (a short passphrase, the key not found).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout

from libtrainer.i18n import _

from libtrainer.gui.basics import add_row
from libtrainer.gui.form_dialog import FormDialog

log = logging.getLogger("libtrainer.gui")


class UsePassphraseDialog(FormDialog):
    """``finished_ok(scheduled_send)``: the records now open with the passphrase typed here;
    ``scheduled_send`` is the hourly send's state afterwards."""

    def __init__(self, parent: Any, *, data_dir: Path, scheduled_send: bool) -> None:
        super().__init__(_("Lock the records with a passphrase"), parent)
        self.setObjectName("usePassphraseDialog")
        self.data_dir, self.scheduled_send = data_dir, scheduled_send
        intro = QLabel(
            _(
                "Now this computer's Windows keeps the key to the records for this Windows "
                "account. If the computer is put back as it was at every restart, it forgets "
                "the key each morning, and the records open only with the recovery code. If "
                "visitors use this same Windows account, anyone could open them. With a "
                "passphrase, the app asks the staff for it at each start instead. The records "
                "themselves do not change."
            ),
            objectName="usePassphraseIntro",
        )
        keep = QLabel(
            _(
                "Without the passphrase the records cannot be opened. Write it down and keep "
                "it where the staff can find it, not on this computer."
            ),
            objectName="usePassphraseKeep",
        )
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        for index, label in enumerate((intro, keep), start=1):
            label.setWordWrap(True)
            layout.insertWidget(index, label)
        if scheduled_send:
            note = QLabel(
                _(
                    "The hourly send while the app is closed is switched off: it cannot type "
                    "the passphrase. The app sends while it is open."
                ),
                objectName="usePassphraseSchedule",
            )
            note.setWordWrap(True)
            layout.insertWidget(3, note)
        self.phrase = QLineEdit(objectName="newPassphrase")
        self.repeat = QLineEdit(objectName="repeatPassphrase")
        for field in (self.phrase, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field_row("passphrase", _("&Passphrase"), self.phrase)
        add_row(self.form, _("&Repeat"), self.repeat)
        self.ok.setText(_("&Use the passphrase"))

    def submit(self) -> None:
        if self.phrase.text() != self.repeat.text():
            self.clear_errors()
            self.message.show_message(_("The two passphrases differ."), "error")
            self.repeat.clear()
            self.repeat.setFocus()
            return
        self.message.show_message("")
        data_dir, phrase, scheduled = self.data_dir, self.phrase.text(), self.scheduled_send

        def move(job: Any) -> bool:
            from libtrainer.services import keysource  # noqa: PLC0415

            keysource.use_passphrase(data_dir, phrase)
            return scheduled and not _stop_scheduled_send(job, data_dir)

        self.run_write(move)


def _stop_scheduled_send(job: Any, data_dir: Path) -> bool:
    """Switch the hourly send off (the system's task, then the choice); True when it is off.
    The passphrase is in force already: a scheduler that refuses is only logged."""
    from libtrainer.services import settings as device  # noqa: PLC0415
    from libtrainer.sync import scheduled  # noqa: PLC0415

    try:
        scheduled.remove(data_dir)
    except Exception as exc:  # noqa: BLE001 - see the docstring
        log.warning("the hourly send could not be removed: %s", type(exc).__name__)
        return False
    with job.uow() as uow:
        device.save(uow, scheduled_send=False)
    return True
