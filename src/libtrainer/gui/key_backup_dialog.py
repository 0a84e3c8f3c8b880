"""“Make a key backup” from the window (``libtrainer keys backup FILE``): offered on the Devices
screen straight after a coordinator changed its keys, since a backup made before does not hold
them (decision 0512, update). The file is written off the GUI thread; a refused field (no file
chosen, a short passphrase, two different ones) is named under that field and nothing is
written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from libtrainer.i18n import _

from libtrainer.gui import fit
from libtrainer.gui.form_dialog import FormDialog
from libtrainer.gui.password_dialogs import _secret, _text
from libtrainer.gui.widgets import ask_save_path

SUFFIX = ".ltkeys"  # = sync.devices.BACKUP_SUFFIX (sync is not imported at start)


class KeyBackupDialog(FormDialog):
    """Where to save the backup and its passphrase, typed twice; ``finished_ok(path)``."""

    def __init__(self, parent: Any, *, folder: Path | None = None) -> None:
        super().__init__(_("Make a key backup"), parent)
        self.setObjectName("keyBackupDialog")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(
            1,
            _text(
                _(
                    "The backup holds every key of this computer, sealed with a passphrase, "
                    "and the key of its records too (unless they open with a passphrase). "
                    "With it and a copy of the data folder a new computer can take over as the "
                    "region's coordinator and read everything sent to it. Save it on a USB "
                    "stick that is kept locked away, not on this computer, keep the passphrase "
                    "apart from it, and destroy backups made before."
                ),
                "keyBackupIntro",
            ),
        )
        start = folder or Path.home()
        self.path = QLineEdit(objectName="keyBackupPath")
        self.path.setText(str(start / f"libtrainer-keys-{dt.date.today():%Y-%m-%d}{SUFFIX}"))
        self.choose = QPushButton(_("C&hoose…"), objectName="keyBackupChoose")
        self.choose.clicked.connect(self._choose)
        row = QWidget(objectName="keyBackupPathRow")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.path, 1)
        line.addWidget(self.choose)
        self.field_row("path", _("&Save to"), row)
        self.path.setAccessibleName(_("Save to"))
        self.passphrase = _secret("keyBackupPassphrase")
        self.repeat = _secret("keyBackupRepeat")
        self.field_row("passphrase", _("&Passphrase"), self.passphrase)
        self.field_row("repeat", _("&Repeat the passphrase"), self.repeat)
        self.ok.setText(_("&Write the backup"))

    def _choose(self) -> None:
        chosen = ask_save_path(
            self,
            _("Save the key backup"),
            self.path.text(),
            _("Key backups (*{suffix})").format(suffix=SUFFIX),
            SUFFIX,
        )
        if chosen is not None:
            self.path.setText(str(chosen))

    def submit(self) -> None:
        path, phrase, again = self.path.text(), self.passphrase.text(), self.repeat.text()

        def write(job: Any) -> Path:
            from libtrainer.sync import devices  # noqa: PLC0415

            return devices.backup_keys(job.store, path, phrase, again)

        self.message.show_message("")
        self.run_write(write)

    def _failed(self, error: BaseException) -> None:
        super()._failed(error)
        if getattr(error, "field", None) == "repeat":
            self.repeat.clear()
        self._grow()

    def _grow(self) -> None:
        """Make room for the message just shown under a field: the rows below stay in sight."""
        fields = self.scroll.widget()
        fields.adjustSize()
        short = fields.sizeHint().height() - self.scroll.viewport().height()
        if short > 0:  # no taller than the screen: the form scrolls then
            fit.fit_now(self, QSize(self.width(), self.height() + short))
