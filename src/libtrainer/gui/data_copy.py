"""“Copy of their data…” on the participant form: a resident's copy of everything recorded
about them (GDPR Art. 15 and 20; decision 0410).

The button's menu offers the PDF in each language (the resident's may not be the window's)
and the JSON file for other programs; then a real save dialog asks where, first in the
Documents folder — the copy is a file meant to leave with the person, so, as “Save a copy…”
(decision 0521), it is theirs where they choose and never cleaned, and nothing is put in the
printouts folder. The suggested name holds no name of the person. The copy is read and written
on the reader thread, whole or not at all; the banner then says where it is and that it holds
their personal data. Shown to librarians, coordinators and administrators (as the erasure,
decision 0515). Thread rule: GUI thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMenu

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import LANGUAGES, _, get_language
from libtrainer.i18n.oserrors import os_reason

from libtrainer.gui import delete_rules, printouts
from libtrainer.gui.labels import UI_LANGUAGES
from libtrainer.gui.operations import error_text
from libtrainer.gui.widgets import with_suffix

SUFFIXES = {"pdf": ".pdf", "json": ".json"}


def may_copy(role: str) -> bool:
    """Whether the person signed in gets the button: the roles that answer residents'
    requests about their data (the same as for an erasure)."""
    return delete_rules.may_erase_people(role)


class DataCopy:
    """The copy for ``screen`` (a :class:`~libtrainer.gui.screens.participants.
    ParticipantsScreen`): its form's ``copy_button``, ``current_id``, ``op`` and ``banner``."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.button = screen.form.copy_button
        self.menu = QMenu(self.button)
        self.menu.setObjectName("dataCopyMenu")
        first = get_language()
        for lang in (first, *(code for code in LANGUAGES if code != first)):
            action = self.menu.addAction(
                _("PDF to read, in {language}").format(language=UI_LANGUAGES[lang])
            )
            action.setObjectName(f"dataCopyPdf_{lang}")
            action.triggered.connect(lambda _c=False, lang=lang: self.ask("pdf", lang))
        action = self.menu.addAction(_("JSON file for other programs"))
        action.setObjectName("dataCopyJson")
        action.triggered.connect(lambda _c=False: self.ask("json", first))
        self.button.setMenu(self.menu)
        hidden = not may_copy(screen.state.role)
        self.button.setHidden(hidden)
        screen.form.copy_note.setHidden(hidden)
        self.button.setEnabled(False)

    def person_shown(self, shown: bool) -> None:
        """A saved person is in the form (True) or the form is empty or new (False)."""
        self.button.setEnabled(shown)

    def ask(self, fmt: str, lang: str, path: str | None = None) -> None:
        """Ask where to save the copy (unless ``path`` is given), then make it."""
        if self.screen.current_id is None:
            return
        suffix = SUFFIXES[fmt]
        if path is None:
            chosen = _ask_path(self.screen, fmt, suffix)
            if chosen is None:
                return
        else:
            chosen = with_suffix(Path(path), suffix)
        self.make(self.screen.current_id, chosen, fmt, lang)

    def make(self, person: str, target: Path, fmt: str, lang: str) -> None:
        """Write the copy of ``person`` to ``target`` on the reader thread."""
        unsaved = self.screen.has_changes()

        def write(job: Any) -> str:
            from libtrainer.reports.subject_copy import write_copy  # noqa: PLC0415
            from libtrainer.services.subject_access import subject_access  # noqa: PLC0415

            with job.reader() as unit:
                copy = subject_access(unit, person)
            try:
                write_copy(copy, target, fmt=fmt, lang=lang)
            except OSError as exc:  # a folder, no permission, the file open in a program
                raise LibtrainerError(
                    N_(
                        "The copy could not be saved as {path} ({detail}). Choose another "
                        "place, or close the file if it is open."
                    ),
                    path=str(target),
                    detail=os_reason(exc),
                ) from exc
            return copy.name

        self.screen.op(write).read_only().with_progress(_("Making the copy…")).success(
            lambda name: self._made(name, target, unsaved)
        ).failure(self._failed).run_in_background()

    def _made(self, name: str, path: Path, unsaved: bool) -> None:
        text = _(
            "A copy of everything recorded about {name} is saved to {path}. It holds their "
            "personal data: give it to them, and do not leave it on a computer others use."
        ).format(name=name, path=path)
        if unsaved:
            text += " " + _("The changes not saved in the form are not in it.")
        self.screen.banner.show_message(text, "info")

    def _failed(self, error: BaseException) -> None:
        self.screen.banner.show_message(error_text(error), "error")


def _ask_path(parent: Any, fmt: str, suffix: str) -> Path | None:
    """The save dialog, first in Documents under a name without the person's name."""
    stem = _("personal-data")
    suggested = printouts.documents() / f"{stem}-{dt.date.today().isoformat()}{suffix}"
    if fmt == "json":
        title, kinds = _("Save the copy for other programs"), _("JSON files (*.json)")
    else:
        title, kinds = _("Save the copy of their data"), _("PDF documents (*.pdf)")
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), kinds)
    return with_suffix(Path(chosen), suffix) if chosen else None
