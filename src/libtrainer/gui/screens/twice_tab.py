"""The Duplicates screen's tab "Sessions entered twice?" (coordinators).

Pairs come from :mod:`libtrainer.services.twice`: sessions at one branch on one day, of one
group or programme, whose times overlap — a lecturer's laptop and the branch PC often both
record a session. The two are shown side by side with what helps to decide (time, hours,
group, lecturer, marks, the people marked at both, the computer that entered each). "Merge
into the selected one…" asks first (with what will move), then records the other session's
marks at the chosen one and deletes the other (:mod:`libtrainer.services.twice_merge`);
"Different sessions" stops listing the pair. Store work runs as the screen's operations.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _, ngettext
from libtrainer.i18n.format import format_date, format_datetime, format_hours

from libtrainer.gui.confirm import ConfirmDialog
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.operations import error_text
from libtrainer.gui.widgets import table_view


def _time(side: Any) -> str:
    return side.start_time.strftime("%H:%M") if side.start_time else "—"


def _marks(side: Any) -> str:
    return ngettext(
        "{count} mark ({present} present)", "{count} marks ({present} present)", side.marks
    ).format(count=side.marks, present=side.present)


def details(side: Any) -> str:
    """One session in full (plain text: names come from every branch)."""
    hours = _("{hours} acad. h").format(hours=format_hours(side.academic_hours))
    lines = [
        f"{format_date(side.date)}, {_time(side)} ({hours})",
        _("Branch: {branch}").format(branch=side.branch or _("no branch")),
        _("Programme: {title}").format(title=side.programme or "—"),
        _("Group: {name}").format(name=side.group or _("no group")),
        _("Lecturer: {name}").format(name=side.lecturer or "—"),
    ]
    if side.topic:
        lines.append(_("Topic: {topic}").format(topic=side.topic))
    lines.append(_marks(side))
    if side.device:
        entered = format_datetime(side.entered.astimezone(), "short") if side.entered else "—"
        lines.append(
            _("Entered on computer “{device}”, {when}").format(device=side.device, when=entered)
        )
    return "\n".join(lines)


class SessionBox(QGroupBox):
    """One session of the pair, and the choice to keep it."""

    def __init__(self, title: str, name: str, keep_text: str) -> None:
        super().__init__(title)
        self.details = QLabel(objectName=f"{name}SessionDetails")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.keep = QRadioButton(keep_text, objectName=f"{name}SessionKeep")
        column = QVBoxLayout(self)
        column.addWidget(self.details, 1)
        column.addWidget(self.keep)

    def show_side(self, side: Any | None) -> None:
        self.details.setText(details(side) if side is not None else "")


class TwiceTab(QWidget):
    """The pairs, the selected pair side by side, and the decisions. ``screen`` is the
    Duplicates screen: its operations, banner and busy flag are used."""

    def __init__(self, screen: Any) -> None:
        super().__init__()
        self.screen = screen
        self.dialog: ConfirmDialog | None = None
        self._pairs: dict[str, Any] = {}
        self._kept: dict[str, str] = {}  # pair → the session chosen to keep (across refreshes)
        self._resume: int | None = None  # the row of the last decision, until re-read
        intro = QLabel(
            _(
                "Sessions at the same branch on the same day, of the same group or programme, "
                "at overlapping times: often one session recorded on a lecturer's laptop and "
                "again on the branch computer. Reports count each session, its hours and the "
                "participants' hours, so one of them should be merged into the other."
            ),
            objectName="twiceIntro",
        )
        intro.setWordWrap(True)
        # "first / second" in the columns that differ: time, people present, computer
        self.model = ListTableModel(
            [
                _("Date"),
                _("Time"),
                _("Branch"),
                _("Programme"),
                _("Present"),
                _("Entered on computers"),
            ],
            self,
        )
        self.view = table_view("twiceSessions", self.model, (2, 3, 5))
        self.view.setAccessibleName(_("Sessions that may be one session entered twice"))
        self.view.selectionModel().currentRowChanged.connect(self._changed)
        self.more = QLabel(objectName="twiceMore")
        self.first = SessionBox(_("Session 1"), "first", _("Keep session &1"))
        self.second = SessionBox(_("Session 2"), "second", _("Keep session &2"))
        self.keep = QButtonGroup(self)
        for box in (self.first, self.second):
            self.keep.addButton(box.keep)
            box.keep.clicked.connect(self._keep_chosen)
        self.shared = QLabel(objectName="twiceShared")
        self.different_button = QPushButton(_("&Different sessions"), objectName="twiceDifferent")
        self.different_button.clicked.connect(self.different)
        self.merge_button = QPushButton(_("&Merge into the selected one…"), objectName="twiceMerge")
        self.merge_button.setToolTip(
            _("Record the other session's marks at the selected one and delete the other")
        )
        self.merge_button.clicked.connect(self.ask_merge)
        self._layout(intro)

    def _layout(self, intro: QLabel) -> None:
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.view, 1)
        column.addWidget(self.more)
        boxes = QHBoxLayout()
        boxes.addWidget(self.first)
        boxes.addWidget(self.second)
        column.addLayout(boxes)
        column.addWidget(self.shared)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.different_button)
        buttons.addWidget(self.merge_button)
        column.addLayout(buttons)
        self._changed()

    @property
    def count(self) -> int:
        return len(self._pairs)

    def chosen(self) -> Any | None:
        return self._pairs.get(self.model.id_at(self.view.currentIndex().row()) or "")

    # -- loading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        from libtrainer.services import twice  # noqa: PLC0415

        self.screen.read(lambda unit: twice.find(unit.connection)).success(self.show_pairs).failure(
            self._failed
        ).run_in_background()

    def show_pairs(self, found: Any) -> None:
        keep = self.model.id_at(self.view.currentIndex().row())
        self._pairs = {p.key: p for p in found.pairs}
        self.model.set_rows(
            [
                (
                    p.key,
                    (
                        format_date(p.first.date, "short"),
                        f"{_time(p.first)} / {_time(p.second)}",
                        p.first.branch,
                        p.first.programme or p.second.programme or "—",
                        f"{p.first.present} / {p.second.present}",
                        f"{p.first.device or '—'} / {p.second.device or '—'}",
                    ),
                )
                for p in found.pairs
            ]
        )
        self.more.setText(_("More pairs wait: decide these first.") if found.more else "")
        self.more.setVisible(found.more)
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and self._pairs and self._resume is not None:
            row = min(self._resume, len(self._pairs) - 1)
        if row < 0 and self._pairs:
            row = 0
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        if self._resume is not None:
            self._resume = None
            self.view.setFocus()  # the decision's button was disabled meanwhile
        self._changed()
        tabs = self.screen.tabs
        index = tabs.indexOf(self)
        title = _("Sessions entered twice?")
        tabs.setTabText(index, f"{title} ({self.count})" if self.count else title)

    def clear(self) -> None:
        """Nothing to act on until the list is read again (after a decision, at lock)."""
        self._pairs = {}
        self.model.clear()
        self._changed()

    def _changed(self, *_args: QModelIndex) -> None:
        pair = self.chosen()
        self.first.show_side(pair.first if pair else None)
        self.second.show_side(pair.second if pair else None)
        self.shared.setText(
            _("People marked at both sessions: {count}").format(count=pair.shared) if pair else ""
        )
        if pair is not None:
            kept = self._kept.get(pair.key, pair.suggested.id)
            (self.second if kept == pair.second.id else self.first).keep.setChecked(True)
        for widget in (self.first, self.second, self.different_button, self.merge_button):
            widget.setEnabled(pair is not None)

    def _keep_chosen(self) -> None:
        pair = self.chosen()
        if pair is not None:
            self._kept[pair.key] = self._keep_and_drop(pair)[0]

    def _keep_and_drop(self, pair: Any) -> tuple[str, str]:
        if self.second.keep.isChecked():
            return pair.second.id, pair.first.id
        return pair.first.id, pair.second.id

    # -- decisions -----------------------------------------------------------------------------

    def different(self) -> None:
        from libtrainer.services import twice  # noqa: PLC0415
        from libtrainer.services.results import Changed  # noqa: PLC0415

        pair = self.chosen()
        if pair is None or self.screen.busy:
            return

        def note(uow: Any) -> Any:
            twice.mark_different(uow.connection, pair.first.id, pair.second.id)
            uow.commit()
            return Changed()

        self._write(note, _("Noted: these are different sessions; they will not be offered again."))

    def ask_merge(self) -> None:
        """Read what the merge would move, then ask (Cancel is the default button)."""
        from libtrainer.services import twice_merge  # noqa: PLC0415

        pair = self.chosen()
        if pair is None or self.screen.busy or self.dialog is not None:
            return
        keep, drop = self._keep_and_drop(pair)
        self.screen.read(lambda unit: twice_merge.plan_merge(unit, keep, drop)).success(
            lambda plan: self._ask(pair, plan)
        ).failure(self._failed).run_in_background()

    def _ask(self, pair: Any, plan: Any) -> None:
        if self.chosen() is not pair:
            return  # the list changed meanwhile
        kept = 1 if plan.keep_id == pair.first.id else 2
        dropped = pair.second if kept == 1 else pair.first
        moved = plan.moved + plan.made_present
        lines = [
            _("Session {kept} stays. Session {dropped}, entered on “{device}”, is deleted.").format(
                kept=kept, dropped=3 - kept, device=dropped.device or "—"
            ),
            ngettext(
                "{count} mark of it is recorded at the session that stays.",
                "{count} marks of it are recorded at the session that stays.",
                moved,
            ).format(count=moved),
        ]
        if plan.enrolled:
            lines.append(
                ngettext(
                    "{count} person is enrolled in the group of the session that stays.",
                    "{count} people are enrolled in the group of the session that stays.",
                    plan.enrolled,
                ).format(count=plan.enrolled)
            )
        lines.append(
            _(
                "Reports then count one session and its hours once. A person marked present "
                "at either session counts as present. This cannot be undone here."
            )
        )
        self.dialog = ConfirmDialog(
            self, _("Merge the two sessions?"), "\n\n".join(lines), _("&Merge"), "twiceMerge"
        )
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(lambda: self._merge(plan.keep_id, plan.drop_id))
        self.dialog.finished.connect(self._closed)
        self.dialog.open()

    def _closed(self, _result: int) -> None:
        self.dialog = None

    def _merge(self, keep: str, drop: str) -> None:
        from libtrainer.services import twice_merge  # noqa: PLC0415

        if self.screen.busy:
            return
        self._write(
            lambda uow: twice_merge.merge_sessions(uow, keep, drop),
            _("Merged: the other session was deleted; reports count one session."),
        )

    def _write(self, fn: Any, done: str) -> None:
        row = max(self.view.currentIndex().row(), 0)
        screen = self.screen

        def saved(changed: Any) -> None:
            self._resume = row
            screen.banner.show_message(done, "info")
            self.clear()
            screen.state.notify(changed)

        screen.busy = True
        screen.write(fn).success(screen.settled(saved)).failure(
            screen.settled(self._failed)
        ).run_in_background()

    def _failed(self, error: BaseException) -> None:
        self.screen.banner.show_message(error_text(error), "error")
