"""The Duplicates screen's tab "One code, different people?" (coordinators).

Merging notes a participant code that two branches gave to people with different names or
birth years (:mod:`libtrainer.services.codeclash`): the code makes them one record, so one
person's details replaced the other's. "Same person" (a spelling difference) removes the note;
"Different people" keeps it listed, as waiting for the branch's correction, until "Remove from
the list". What the branch does is said on the tab itself. Nothing here changes a record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from libtrainer.i18n import _

from libtrainer.gui.models import ListTableModel
from libtrainer.gui.widgets import table_view


def _version(version: Any) -> str:
    year = str(version.birth_year) if version.birth_year else _("year unknown")
    return f"{version.given_name} {version.family_name}, {year}"


def _where(version: Any) -> str:
    place = version.branch or _("no branch")
    return _("{branch}, computer “{device}”").format(branch=place, device=version.device)


def _decision(clash: Any) -> str:
    if clash.status == "different":
        return _("Different people: waits for the branch's correction")
    return _("To check")


def details(clash: Any) -> str:
    """The selected note, in full (plain text: names come from every branch)."""
    return "\n".join(
        [
            _("Code: {code}").format(code=clash.code),
            f"1) {_version(clash.first)} — {_where(clash.first)}",
            f"2) {_version(clash.second)} — {_where(clash.second)}",
            _("The record now shows: {name}").format(name=clash.now or "—"),
        ]
    )


class CodeClashTab(QWidget):
    """The notes, the selected one in full, what to do, and the decisions.

    ``decide(status, key, done_text)`` is the screen's: it runs the write as an operation."""

    def __init__(self, decide: Callable[[str, str, str], None]) -> None:
        super().__init__()
        self._decide = decide
        self._clashes: dict[str, Any] = {}
        intro = QLabel(
            _(
                "Two branches gave the same participant code to people with different names "
                "or birth years. One code is one record: one person's details replaced the "
                "other's, and both people's hours count for one resident."
            ),
            objectName="codeClashIntro",
        )
        intro.setWordWrap(True)
        self.model = ListTableModel(
            [_("Code"), _("Version 1"), _("Version 2"), _("Decision")], self
        )
        self.view = table_view("codeClashes", self.model, (1, 2))
        self.view.setAccessibleName(_("Participant codes given to two different people"))
        self.view.selectionModel().currentRowChanged.connect(self._changed)
        self.details = QLabel(objectName="codeClashDetails")
        self.details.setProperty("textFormat", "PlainText")
        self.details.setWordWrap(True)
        from libtrainer.services.codeclash import WHAT_TO_DO  # noqa: PLC0415

        self.advice = QLabel(
            _("Same person (only spelt differently): the note is removed.") + "\n" + _(WHAT_TO_DO),
            objectName="codeClashAdvice",
        )
        self.advice.setWordWrap(True)
        self.same_button = QPushButton(_("Sa&me person"), objectName="codeSamePerson")
        self.same_button.clicked.connect(self.same_person)
        self.different_button = QPushButton(_("&Different people"), objectName="codeDifferent")
        self.different_button.clicked.connect(self.different_people)
        self.remove_button = QPushButton(_("&Remove from the list"), objectName="codeRemove")
        self.remove_button.setToolTip(_("The branch has corrected its record"))
        self.remove_button.clicked.connect(self.remove)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.view, 1)
        column.addWidget(self.details)
        column.addWidget(self.advice)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.remove_button, self.different_button, self.same_button):
            buttons.addWidget(button)
        column.addLayout(buttons)
        self._enable()

    @property
    def count(self) -> int:
        return len(self._clashes)

    def chosen(self) -> Any | None:
        return self._clashes.get(self.model.id_at(self.view.currentIndex().row()) or "")

    def show_clashes(self, clashes: list[Any], resume_row: int | None = None) -> None:
        keep = self.model.id_at(self.view.currentIndex().row())
        self._clashes = {c.key: c for c in clashes}
        self.model.set_rows(
            [
                (
                    c.key,
                    (
                        c.code,
                        f"{_version(c.first)} · {c.first.branch or _('no branch')}",
                        f"{_version(c.second)} · {c.second.branch or _('no branch')}",
                        _decision(c),
                    ),
                )
                for c in clashes
            ]
        )
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and clashes and resume_row is not None:
            row = min(resume_row, len(clashes) - 1)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._changed()

    def clear(self) -> None:
        """Nothing to act on until the list is read again (after a decision, at lock)."""
        self._clashes = {}
        self.model.clear()
        self._changed()

    def _changed(self, *_args: QModelIndex) -> None:
        clash = self.chosen()
        self.details.setText(details(clash) if clash is not None else "")
        self._enable()

    def _enable(self) -> None:
        clash = self.chosen()
        self.same_button.setEnabled(clash is not None)
        self.different_button.setEnabled(clash is not None and clash.status != "different")
        self.remove_button.setEnabled(clash is not None and clash.status == "different")

    # -- decisions -----------------------------------------------------------------------------

    def same_person(self) -> None:
        self._run("dismissed", _("Noted: the same person; the code is no longer listed."))

    def different_people(self) -> None:
        self._run(
            "different",
            _("Noted: different people. The code stays listed until the branch has corrected it."),
        )

    def remove(self) -> None:
        self._run("dismissed", _("Removed from the list."))

    def _run(self, status: str, done: str) -> None:
        clash = self.chosen()
        if clash is not None:
            self._decide(status, clash.key, done)
