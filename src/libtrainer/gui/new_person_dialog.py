"""Adding the visitor typed in a consultation as a new person: the given and family names
shown apart, to check before saving.

A name typed in one line cannot be split for certain: "Ona Marija Petraitienė" has two given
names, "Līga Ozoliņa Ķēniņa" two family names. :func:`split_name` guesses as people of the
language usually write (Lithuanian: the last word is the family name; Latvian: the first word
is the given name) and the dialog lets the librarian move the words before anything is saved.
Open at the lock, its names are saved with the consultation by the screen
(``ConsultationsScreen.save_before_lock``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from libtrainer.i18n import _, get_language

from libtrainer.gui import fit
from libtrainer.gui.basics import add_row


def split_name(text: str, language: str) -> tuple[str, str]:
    """(given, family) guessed from a name typed in one line; one word is the given name."""
    words = text.split()
    if len(words) < 2:
        return " ".join(words), ""
    if language == "lv":
        return words[0], " ".join(words[1:])
    return " ".join(words[:-1]), words[-1]


class NewPersonDialog(QDialog):
    """Given and family name, prefilled from what was typed; Add is the default (Enter).
    Open it with ``open()`` and connect ``accepted``; :meth:`names` gives the names."""

    def __init__(self, typed: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("newPersonDialog")
        self.setWindowTitle(_("Add a new person"))
        self.setAccessibleName(_("Add a new person"))
        given, family = split_name(typed, get_language())
        note = QLabel(
            _(
                "Check which words are the given name and which the family name, e.g. given "
                "name “Ona Marija”, family name “Petraitienė”; or given name “Līga”, family "
                "name “Ozoliņa Ķēniņa”."
            ),
            objectName="newPersonNote",
        )
        note.setWordWrap(True)
        note.setMinimumWidth(fit.readable_width(self, 420))
        self.given = QLineEdit(given, objectName="newGiven")
        self.family = QLineEdit(family, objectName="newFamily")
        self.problem = QLabel(objectName="newPersonProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout(self)
        form.addRow(note)
        add_row(form, _("Given na&me"), self.given)
        add_row(form, _("Famil&y name"), self.family)
        form.addRow(self.problem)
        buttons = QDialogButtonBox()
        self.add = buttons.addButton(_("&Add the person"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add.setObjectName("newPersonAdd")
        self.add.setDefault(True)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("newPersonCancel")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        fit.fit_window(self)
        (self.family if given and not family else self.given).setFocus()

    def names(self) -> tuple[str, str]:
        return " ".join(self.given.text().split()), " ".join(self.family.text().split())

    def _accept(self) -> None:
        """Both names are needed: the empty one is named and gets the keyboard."""
        given, family = self.names()
        if given and family:
            self.accept()
            return
        self.problem.setText(_("Type the given name and the family name."))
        self.problem.show()
        (self.family if given else self.given).setFocus()
