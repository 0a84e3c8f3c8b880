"""The Duplicates screen's tab "Sessions entered twice" (coordinators).

A lecturer's laptop and the branch PC can both hold one session (typed in from the paper
sign-in sheet): :mod:`libtrainer.services.session_twins` offers such pairs — one branch, one
day, overlapping times, one group on two computers or two groups with someone at both.
"Same session" makes reports count them as one (sessions, hours, each person once); "Not the
same" stops the pair being offered; the second list holds the pairs counted as one, and
"Separate" undoes the decision. Nothing is merged, copied or deleted: both sessions keep their
marks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _, ngettext
from libtrainer.i18n.format import format_date, format_hours

from libtrainer.gui.models import ListTableModel
from libtrainer.gui.screens.duplicate_fit import boxes_area
from libtrainer.gui.widgets import table_view


def _time(s: Any) -> str:
    if s.start is None or s.end is None:
        return _("time not recorded")
    return f"{s.start:%H:%M}–{s.end:%H:%M}"


def _what(s: Any) -> str:
    return s.group or s.topic or s.programme or _("one-off session")


def _short(s: Any) -> str:
    """One session in a table cell: what, when, how many present."""
    present = ngettext("{count} present", "{count} present", s.present).format(count=s.present)
    return f"{_what(s)} · {_time(s)} · {present}"


def details(s: Any) -> str:
    """One session in full (plain text: names come from every branch)."""
    lines = [
        _what(s),
        _("Date and time: {date}, {time}").format(date=format_date(s.date), time=_time(s)),
        _("Academic hours: {hours}").format(hours=format_hours(s.hours)),
        _("Branch: {branch}").format(branch=s.branch or _("no branch")),
        _("Entered on: {device}").format(device=s.device or _("computer not known")),
        ngettext(
            "{count} person marked present", "{count} people marked present", s.present
        ).format(count=s.present),
    ]
    if s.programme and s.programme != _what(s):
        lines.insert(1, _("Programme: {programme}").format(programme=s.programme))
    return "\n".join(lines)


class SessionBox(QGroupBox):
    """One session of the chosen pair."""

    def __init__(self, title: str, name: str) -> None:
        super().__init__(title)
        self.details = QLabel(objectName=f"{name}Details")
        self.details.setProperty("textFormat", "PlainText")
        self.details.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.details)

    def show_session(self, session: Any | None) -> None:
        self.details.setText(details(session) if session is not None else "")


class SessionTwinTab(QWidget):
    """Pairs to decide, the chosen pair side by side, and the pairs counted as one.

    ``decide(action, first, second, done_text)`` is the screen's: it runs the write as an
    operation (``action``: same_session | not_same | separate)."""

    def __init__(self, decide: Callable[[str, str, str, str], None]) -> None:
        super().__init__()
        self._decide = decide
        self._pairs: dict[str, Any] = {}
        self._counted: dict[str, Any] = {}
        intro = QLabel(
            _(
                "Sessions that may be one session entered twice: at one branch, on one day, "
                "at overlapping times, either one group's session entered on two computers or "
                "two groups' sessions with someone marked present at both (one person, or "
                "records with the same name). Reports count a pair decided “same session” "
                "once: its sessions, hours and each person. Nothing is merged or deleted."
            ),
            objectName="sessionTwinIntro",
        )
        intro.setWordWrap(True)
        headers = [_("Date"), _("Branch"), _("Session 1"), _("Session 2")]
        self.model = ListTableModel([*headers, _("Present at both")], self)
        self.view = table_view("sessionTwinPairs", self.model, (2, 3))
        self.view.setAccessibleName(_("Sessions that may be one session entered twice"))
        self.view.selectionModel().currentRowChanged.connect(self._changed)
        self.more = QLabel(objectName="moreSessionPairs")
        self.first = SessionBox(_("Session 1"), "firstSession")
        self.second = SessionBox(_("Session 2"), "secondSession")
        self.same_button = QPushButton(_("Same sess&ion"), objectName="sameSession")
        self.same_button.clicked.connect(self.same_session)
        self.different_button = QPushButton(_("N&ot the same"), objectName="notSameSession")
        self.different_button.clicked.connect(self.not_same)
        self.counted = ListTableModel(headers, self)
        self.counted_view = table_view("sessionsCountedAsOne", self.counted, (2, 3))
        self.counted_view.setAccessibleName(_("Sessions counted as one session"))
        self.counted_view.selectionModel().currentRowChanged.connect(self._enable)
        self.separate_button = QPushButton(_("Separa&te"), objectName="separateSessions")
        self.separate_button.setToolTip(_("Count the two sessions as two again"))
        self.separate_button.clicked.connect(self.separate)
        self._layout(intro)

    def _layout(self, intro: QLabel) -> None:
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.view, 2)
        column.addWidget(self.more)
        boxes = QHBoxLayout()
        boxes.addWidget(self.first)
        boxes.addWidget(self.second)
        column.addWidget(boxes_area("sessionTwinBoxes", boxes))  # scroll when short, not the page
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.different_button)
        buttons.addWidget(self.same_button)
        column.addLayout(buttons)
        column.addWidget(QLabel(_("Counted as one session:"), objectName="countedLabel"))
        column.addWidget(self.counted_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.separate_button)
        column.addLayout(row)
        self._enable()

    @property
    def count(self) -> int:
        return len(self._pairs)

    def chosen(self) -> Any | None:
        return self._pairs.get(self.model.id_at(self.view.currentIndex().row()) or "")

    def chosen_counted(self) -> Any | None:
        return self._counted.get(self.counted.id_at(self.counted_view.currentIndex().row()) or "")

    @staticmethod
    def _key(pair: Any) -> str:
        return f"{pair.first.id}|{pair.second.id}"

    @staticmethod
    def _cells(pair: Any) -> tuple[str, str, str, str]:
        s = pair.first
        return (format_date(s.date), s.branch or _("no branch"), _short(s), _short(pair.second))

    def show_pairs(self, found: Any, counted: list[Any], resume_row: int | None = None) -> None:
        keep = self.model.id_at(self.view.currentIndex().row())
        self._pairs = {self._key(p): p for p in found.pairs}
        self._counted = {self._key(p): p for p in counted}
        self.model.set_rows([(k, (*self._cells(p), str(p.shared))) for k, p in self._pairs.items()])
        self.counted.set_rows([(k, self._cells(p)) for k, p in self._counted.items()])
        self.more.setText(_("More pairs wait: decide these first.") if found.more else "")
        self.more.setVisible(found.more)
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and self._pairs:
            row = min(resume_row or 0, len(self._pairs) - 1)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._changed()

    def clear(self) -> None:
        """Nothing to act on until the lists are read again (after a decision, at lock)."""
        self._pairs, self._counted = {}, {}
        self.model.clear()
        self.counted.clear()
        self._changed()

    def _changed(self, *_args: QModelIndex) -> None:
        pair = self.chosen()
        self.first.show_session(pair.first if pair else None)
        self.second.show_session(pair.second if pair else None)
        self._enable()

    def _enable(self, *_args: Any) -> None:
        chosen = self.chosen() is not None
        for widget in (self.same_button, self.different_button, self.first, self.second):
            widget.setEnabled(chosen)
        self.separate_button.setEnabled(self.chosen_counted() is not None)

    # -- decisions -----------------------------------------------------------------------------

    def same_session(self) -> None:
        pair = self.chosen()
        if pair is not None:
            done = _("Decided: the two sessions count as one session in reports.")
            self._decide("same_session", pair.first.id, pair.second.id, done)

    def not_same(self) -> None:
        pair = self.chosen()
        if pair is not None:
            done = _("Noted: two different sessions; they will not be offered again.")
            self._decide("not_same", pair.first.id, pair.second.id, done)

    def separate(self) -> None:
        pair = self.chosen_counted()
        if pair is not None:
            done = _("Separated: the two sessions count as two again.")
            self._decide("separate", pair.first.id, pair.second.id, done)
