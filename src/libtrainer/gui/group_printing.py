"""Printing from Groups & sessions: sign-in sheets and certificates, and “Save a copy…”.

A printout is made in the private printouts folder of the data folder and opened there to
print; it is deleted at the lock and at close (:mod:`libtrainer.gui.printouts`, decision 0521),
so the next person at a public PC finds no list of names in Documents. “Save a copy…” copies
the last printout where the person chooses, with a real save dialog, for someone who wants to
keep it. Thread rule: GUI thread; the files are written on the reader thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import _, get_language
from libtrainer.i18n.oserrors import os_reason

from libtrainer.gui import printouts
from libtrainer.gui.operations import error_text
from libtrainer.gui.widgets import ask_save_path, with_suffix


class GroupPrinting:
    """Printing for ``screen`` (a :class:`~libtrainer.gui.screens.groups.GroupsScreen`):
    its ``state``, ``banner``, ``op`` and ``open_printout``. :attr:`button` is “Save a
    copy…”, shown once something was printed."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.last: tuple[Path, str] | None = None  # the last printout and its plain name
        text = _("Save a cop&y…")
        self.button = QPushButton(text)
        self.button.setObjectName("savePrintout")
        self.button.setAccessibleName(text.replace("&", "").rstrip("…"))
        self.button.setToolTip(
            _("The printout is deleted at the lock and at closing; a copy stays where you save it")
        )
        self.button.clicked.connect(lambda: self.save_copy())
        self.button.hide()  # until something is printed

    def print(self, path: str | None, stem: str, make: Any) -> None:
        """Write the PDF ``make(store, target, lang)`` in the printouts folder (at ``path``
        instead when given), then open it to print."""
        data_dir, lang, today = self.screen.state.data_dir, get_language(), dt.date.today()
        given = with_suffix(Path(path), ".pdf") if path is not None else None

        def write(job: Any) -> Any:
            target = given
            try:
                if target is None:
                    target = printouts.new_path(data_dir, stem, today)
                return make(job.store, target, lang)
            except OSError as exc:  # a folder, no permission, the PDF still open in a viewer
                raise LibtrainerError(
                    N_(
                        "The PDF could not be saved as {path} ({detail}). Choose another "
                        "place, or close the PDF if it is open."
                    ),
                    path=str(target or printouts.folder(data_dir)),
                    detail=os_reason(exc),
                ) from exc

        self.screen.op(write).read_only().with_progress(_("Making the PDF…")).success(
            lambda made: self._printed(Path(made), stem, kept=given is not None)
        ).failure(self._failed).run_in_background()

    def _printed(self, path: Path, stem: str, *, kept: bool) -> None:
        if kept:
            text = _("Saved to {path}. It opens now, to print.").format(path=path)
        else:
            text = _(
                "The PDF opens now, to print. It is kept in libtrainer's own printouts folder "
                "only until the app is locked or closed; to keep it, press “Save a copy…”."
            )
            self.last = (path, stem)
            self.button.show()
        self.screen.banner.show_message(text, "info")
        self.screen.open_printout(path)

    def _failed(self, error: BaseException) -> None:
        self.screen.banner.show_message(error_text(error), "error")

    def save_copy(self, path: str | None = None) -> None:
        """Copy the last printout where the person chooses (asks where, first in Documents,
        unless ``path`` is given); the copy is theirs and stays after the lock."""
        if self.last is None:
            return
        source, stem = self.last
        if path is None:
            suggested = printouts.documents() / f"{stem}-{dt.date.today().isoformat()}.pdf"
            chosen = ask_save_path(
                self.screen,
                _("Save a copy of the PDF"),
                suggested,
                _("PDF documents (*.pdf)"),
                ".pdf",
            )
        else:
            chosen = with_suffix(Path(path), ".pdf")
        if chosen is None:
            return
        target: Path = chosen

        def copy(_job: Any) -> Path:
            try:
                return copy_file(source, target)
            except OSError as exc:
                raise LibtrainerError(
                    N_(
                        "The copy could not be saved as {path} ({detail}). Choose another "
                        "place, or close the file if it is open."
                    ),
                    path=str(target),
                    detail=os_reason(exc),
                ) from exc

        self.screen.op(copy).read_only().with_progress(_("Saving…")).success(
            lambda saved: self.screen.banner.show_message(
                _("A copy is saved to {path}.").format(path=saved), "info"
            )
        ).failure(self._failed).run_in_background()

    def forget(self) -> None:
        """At the lock: no printout is on offer any more (it is being deleted)."""
        self.last = None
        self.button.hide()


def copy_file(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target``, whole or not at all (``reports.atomic``)."""
    import shutil  # noqa: PLC0415 - only when saving a copy

    from libtrainer.reports.atomic import temp_then_rename  # noqa: PLC0415

    with temp_then_rename(target) as tmp:
        shutil.copyfile(source, tmp)
    return target
