"""The first-run wizard's page on how the records are locked: the key kept by Windows for this
account, or a passphrase the staff type at each start.

Windows keeps the key in the user's profile. On a PC whose profile is put back at every
restart (reboot-restore software) the key is gone each morning and only the recovery code on
paper opens the records (decision 0008); where the public uses the staff's Windows account,
anyone at the PC could open them. A passphrase is right there. The page always asks: a tick
"This computer is put back at each restart, or the public uses this same Windows account"
asks for the passphrase, ticked already when restore software is found installed
(``persistence.restore_software``, decision 0504). Without a keyring a passphrase is the only
way and no tick is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from libtrainer.i18n import _

from libtrainer.gui.firstrun_pages import Page
from libtrainer.gui.widgets import Banner


class _ClickLabel(QLabel):
    """The wrapped text of a tick box: clicking it ticks the box, as a box's own text does
    (a ``QCheckBox`` text never wraps, and this one is long in every language)."""

    def __init__(self, box: QCheckBox) -> None:
        super().__init__()
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if self.box.isEnabled():
            self.box.toggle()


class KeyPage(Page):
    """``uses_passphrase()``: the store is made with the passphrase typed here."""

    def __init__(self, *, keyring_available: bool = True, restore: list[str] | None = None) -> None:
        super().__init__("keyPage")
        self.keyring_available = keyring_available
        #: the reboot-restore products found installed ([]: none known)
        self.restore = list(restore or [])
        self.detected = Banner(kind="warning")
        self.detected.setObjectName("restoreDetected")
        self.shared_pc = QCheckBox(objectName="useStaffPassphrase")
        self.shared_pc.setChecked(bool(self.restore) or not keyring_available)
        self.shared_pc.toggled.connect(self._update)
        self.shared_text = _ClickLabel(self.shared_pc)
        self.shared_text.setObjectName("useStaffPassphraseText")
        self.shared_row = QWidget(objectName="useStaffPassphraseRow")
        row = QHBoxLayout(self.shared_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.shared_pc)
        row.addWidget(self.shared_text, 1)
        self.shared_row.setVisible(keyring_available)
        self.phrase = QLineEdit(objectName="storePassphrase")
        self.phrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="storePassphraseRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.keep_it = QLabel(objectName="passphraseAdvice")
        self.keep_it.setWordWrap(True)
        self.without = Banner(kind="warning")
        self.without.setObjectName("withoutPassphrase")
        self.body.insertWidget(1, self.detected)
        self.body.insertWidget(2, self.shared_row)
        self.body.insertWidget(4, self.keep_it)
        self.body.insertWidget(5, self.without)

    def uses_passphrase(self) -> bool:
        return not self.keyring_available or self.shared_pc.isChecked()

    def retranslate(self) -> None:
        self.setTitle(_("How the records are locked"))
        if self.keyring_available:
            self.intro.setText(
                _(
                    "The records are locked with a key. Usually Windows keeps that key for "
                    "this Windows account, and nobody has to type anything. But some computers "
                    "are put back as they were at every restart: Windows then forgets the key "
                    "each morning. And where visitors use the same Windows account as the "
                    "staff, anyone could open the records. On such a computer, lock the "
                    "records with a passphrase that the staff type at each start."
                )
            )
        else:
            self.intro.setText(
                _(
                    "This computer cannot keep the key to the records safely. Choose a "
                    "passphrase instead: the app asks for it at every start."
                )
            )
        shared = _(
            "&This computer is put back at each restart, or the public uses this same "
            "Windows account: lock the records with a passphrase"
        )
        self.shared_text.setText(shared)
        self.shared_pc.setAccessibleName(shared.replace("&", ""))
        self.keep_it.setText(
            _(
                "Without the passphrase the records cannot be opened. Write it down and keep "
                "it where the staff can find it, not on this computer."
            )
        )
        self.rows((_("&Passphrase"), self.phrase), (_("&Repeat"), self.repeat))
        self._update()

    def _update(self) -> None:
        asked = self.uses_passphrase()
        self.detected.show_message(
            _(
                "{product} is installed on this computer: it puts Windows back as it was at "
                "every restart, and the key to the records with it. A passphrase is proposed "
                "for that reason."
            ).format(product=", ".join(self.restore))
            if self.restore and self.keyring_available
            else "",
            "warning",
        )
        for field in (self.phrase, self.repeat):
            field.setEnabled(asked)
        self.keep_it.setVisible(asked)
        self.without.show_message(
            _(
                "Without a passphrase this computer forgets the key at every restart: each "
                "morning the records open only with the recovery code written on paper."
            )
            if self.restore and not asked
            else "",
            "warning",
        )

    def validatePage(self) -> bool:  # noqa: N802
        if not self.uses_passphrase():
            self.message.show_message("")
            return True
        if len(self.phrase.text()) < 10:
            return self.fail(_("Use at least 10 characters."))
        if self.phrase.text() != self.repeat.text():
            return self.fail(_("The two passphrases differ."))
        self.message.show_message("")
        return True
