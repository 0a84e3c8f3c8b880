"""The store's recovery code in the window: shown once when made, typed in when the keyring
lost the store key (``services.recovery``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from libtrainer.i18n import _

from libtrainer.gui import fit


def _text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class RecoveryCodeDialog(QDialog):
    """A new recovery code, once: it closes only after the person ticks that they wrote it
    down (the code is kept nowhere on this computer)."""

    def __init__(self, parent: Any, code: str) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryCodeDialog")
        self.setWindowTitle(_("Recovery code of this computer's records"))
        self.setMinimumWidth(fit.readable_width(self, 480))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _text(
                _(
                    "Write this code down on paper and keep it with the library's papers, "
                    "not on this computer. If this computer loses the secret key of the records "
                    "(a new Windows profile, reboot-restore software), only this code opens the "
                    "records again."
                )
            )
        )
        self.code = QLabel(code)
        self.code.setObjectName("recoveryCode")
        self.code.setTextFormat(Qt.TextFormat.PlainText)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.6)
        font.setWeight(QFont.Weight.Bold)
        self.code.setFont(font)
        self.code.setAccessibleName(_("Recovery code"))
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.code)
        self.written = QCheckBox(_("I have &written the code down"))
        self.written.setObjectName("recoveryWritten")
        layout.addWidget(self.written)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.written.toggled.connect(self.ok.setEnabled)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        fit.fit_window(self)
        self.written.setFocus()

    def reject(self) -> None:
        """Esc and the close button do nothing until the code is written down; after the
        tick they count as OK: the code on paper is kept, never thrown away."""
        if self.written.isChecked():
            self.accept()

    def save_before_lock(self, _window: Any) -> None:
        """The idle lock closes every dialog: once the tick says the code is written down,
        it is kept (as OK would), not left for a new code at the next sign-in."""
        if self.written.isChecked() and self.isVisible():
            self.accept()


class EnterRecoveryCodeDialog(QDialog):
    """Asks for the recovery code; ``typed()`` is what was entered."""

    def __init__(self, parent: Any) -> None:
        super().__init__(parent)
        self.setObjectName("enterRecoveryCodeDialog")
        self.setWindowTitle(_("Enter the recovery code"))
        self.setMinimumWidth(fit.readable_width(self, 480))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _text(
                _(
                    "Type the recovery code written down when this computer was set up (24 "
                    "letters and digits). It puts the secret key of the records back on this "
                    "computer; the records are then as they were."
                )
            )
        )
        self.field = QLineEdit()
        self.field.setObjectName("recoveryCodeField")
        self.field.setAccessibleName(_("Recovery code"))
        self.field.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        layout.addWidget(self.field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit.fit_window(self)
        self.field.setFocus()

    def typed(self) -> str:
        return self.field.text()
