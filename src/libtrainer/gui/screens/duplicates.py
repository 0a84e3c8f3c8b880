"""Duplicates (coordinators): records that may be one resident, side by side, and the decision.

Pairs come from :mod:`libtrainer.services.duplicates`: the same name, and the same birth year
or one of them unknown. "Same person" makes reports count the two records as one resident
(the chosen record's details count); "Not the same person" stops the pair being offered. The
second tab lists confirmed records, and "Separate" undoes a confirmation. Nothing is merged
or deleted: both records keep their history. The third tab lists participant codes two
branches gave to different people (``codeclash_tab``); the fourth, sessions entered twice
on two computers (``sessiontwin_tab``); the fifth joins any two records the coordinator
finds by name (``duplicates_pick``), for pairs the list does not offer. The record boxes show
every ESF+ fact of both records and mark those that differ (``duplicate_boxes``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QSize
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _

from libtrainer.gui.models import ListTableModel
from libtrainer.gui.operations import error_text
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.screens.codeclash_tab import CodeClashTab
from libtrainer.gui.screens.duplicate_boxes import RecordBox, difference_note
from libtrainer.gui.screens.duplicate_boxes import name as _name
from libtrainer.gui.screens.duplicate_boxes import place as _place
from libtrainer.gui.screens.duplicate_boxes import sessions_text as _sessions
from libtrainer.gui.screens.duplicate_fit import boxes_area, least_height
from libtrainer.gui.screens.duplicates_pick import PickTab
from libtrainer.gui.screens.sessiontwin_tab import SessionTwinTab
from libtrainer.gui.widgets import table_view


class Tabs(QTabWidget):
    """Tabs as tall as the page shown needs: a tab widget asks for its tallest page's height
    and minimum, and the scroll area around a screen gives it that, so a long list or the
    record boxes on another tab pushed this tab's buttons below the window's edge (Separate
    on "Confirmed" at 1366×768). The pages not shown are left out of the minimum (their size
    policy is Ignored while hidden) and of the preferred size, and the height asked for is
    the shown page's least (``duplicate_fit``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.currentChanged.connect(self._only_current_counts)

    def addTab(self, page: QWidget, label: str) -> int:  # type: ignore[override]
        index = super().addTab(page, label)
        self._only_current_counts()
        return index

    def _only_current_counts(self, *_args: Any) -> None:
        shown = self.currentWidget()
        for i in range(self.count()):
            page = self.widget(i)
            kind = QSizePolicy.Policy.Preferred if page is shown else QSizePolicy.Policy.Ignored
            page.setSizePolicy(kind, kind)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        """The shown page's preferred height (a tab widget's is its tallest page's): the
        screen asks for it when the page has no height-for-width (the Confirmed tab)."""
        base = super().sizeHint()
        page = self.currentWidget()
        if page is None or not self.count():
            return base
        tallest = max(self.widget(i).sizeHint().height() for i in range(self.count()))
        return QSize(base.width(), max(base.height() - tallest + page.sizeHint().height(), 0))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """The least height of the shown page at ``width`` (:func:`duplicate_fit.least_height`)
        and the tab bar and frame: the screen scrolls only when the page cannot shrink to the
        window, and its lists take the room there is."""
        page = self.currentWidget()
        layout = page.layout() if page is not None else None
        if layout is None:
            return super().heightForWidth(width)
        chrome = self.minimumSizeHint().height() - page.minimumSizeHint().height()
        inner = max(width - 4, 0)  # the page's width inside the frame, near enough
        return max(chrome, 0) + max(least_height(layout, inner), page.minimumSizeHint().height())


class DuplicatesScreen(Screen):
    key = "duplicates"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self._pairs: dict[str, Any] = {}
        self._kept: dict[str, str] = {}  # pair → the record chosen to keep (across refreshes)
        self._resume_row: int | None = None  # the row of the last decision, until re-read
        self.intro = QLabel(
            _(
                "Records that may be the same resident: the same name, and the same birth year "
                "or one of them unknown. Compare them and decide. Nothing is merged or deleted: "
                "reports count a confirmed pair as one resident."
            ),
            objectName="duplicatesIntro",
        )
        self.intro.setWordWrap(True)
        self.pairs = ListTableModel(
            [_("Given and family name"), _("Birth year"), _("Record 1"), _("Record 2")], self
        )
        self.pair_view = table_view("duplicatePairs", self.pairs, (0, 2, 3))
        self.pair_view.setAccessibleName(_("Records that may be the same person"))
        self.pair_view.selectionModel().currentRowChanged.connect(self._pair_changed)
        self.more = QLabel(objectName="morePairs")
        self.first = RecordBox(_("Record 1"), "first", _("Keep the details of record &1"))
        self.second = RecordBox(_("Record 2"), "second", _("Keep the details of record &2"))
        self.keep = QButtonGroup(self)
        self.keep.addButton(self.first.keep)
        self.keep.addButton(self.second.keep)
        self.first.keep.clicked.connect(self._keep_chosen)
        self.second.keep.clicked.connect(self._keep_chosen)
        self.note = QLabel(objectName="pairDifferences")
        self.note.setProperty("textFormat", "PlainText")
        self.note.setWordWrap(True)
        self.same_button = QPushButton(_("&Same person"), objectName="samePerson")
        self.same_button.clicked.connect(self.same_person)
        self.different_button = QPushButton(_("&Not the same person"), objectName="notSame")
        self.different_button.clicked.connect(self.not_same)
        self.confirmed = ListTableModel(
            [_("Record"), _("Branch"), _("Counted as"), _("Branch")], self
        )
        self.confirmed_view = table_view("confirmedDuplicates", self.confirmed, (0, 2))
        self.confirmed_view.setAccessibleName(_("Records confirmed as the same person"))
        self.confirmed_view.selectionModel().currentRowChanged.connect(self._enable)
        self.separate_button = QPushButton(_("Se&parate"), objectName="separateRecord")
        self.separate_button.setToolTip(_("Count the chosen record as its own person again"))
        self.separate_button.clicked.connect(self.separate)
        self.codes = CodeClashTab(self._decide_code)
        self._code_resume: int | None = None  # the row of the last code decided, until re-read
        self.sessions = SessionTwinTab(self._decide_sessions)
        self._session_resume: int | None = None  # the row of the last pair decided, until re-read
        self.pick = PickTab(self.read, self._same_chosen, self._failed)
        self._layout()

    def _layout(self) -> None:
        to_decide = QWidget()
        column = QVBoxLayout(to_decide)
        column.addWidget(self.intro)
        column.addWidget(self.pair_view, 1)
        column.addWidget(self.more)
        records = QHBoxLayout()
        records.addWidget(self.first)
        records.addWidget(self.second)
        # the boxes and the line under them scroll on their own when the window is short;
        # the note has its own row: in a row of buttons it asks for more height
        column.addWidget(boxes_area("duplicateRecords", records, self.note))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.different_button)
        buttons.addWidget(self.same_button)
        column.addLayout(buttons)
        done = QWidget()
        side = QVBoxLayout(done)
        side.addWidget(self.confirmed_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.separate_button)
        side.addLayout(row)
        self.tabs = Tabs(objectName="duplicateTabs")
        self.tabs.setAccessibleName(_("Records to decide and confirmed records"))
        self.tabs.addTab(to_decide, _("To decide"))
        self.tabs.addTab(done, _("Confirmed"))
        self.tabs.addTab(self.codes, _("One code, different people?"))
        self.tabs.addTab(self.sessions, _("Sessions entered twice"))
        self.tabs.addTab(self.pick, _("Choose two records"))

        self.body.addWidget(self.tabs)
        self._enable()

    def focus_first(self) -> None:
        self.pair_view.setFocus()

    def pair(self) -> Any | None:
        return self._pairs.get(self.pairs.id_at(self.pair_view.currentIndex().row()) or "")

    def _enable(self, *_args: Any) -> None:
        chosen = self.pair() is not None
        for widget in (self.same_button, self.different_button, self.first, self.second):
            widget.setEnabled(chosen)
        row = self.confirmed_view.currentIndex().row()
        self.separate_button.setEnabled(self.confirmed.id_at(row) is not None)

    # -- loading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        from libtrainer.services import codeclash, duplicates, session_twins  # noqa: PLC0415

        def load(unit: Any) -> tuple[Any, ...]:
            return (
                duplicates.candidates(unit),
                duplicates.confirmed(unit),
                codeclash.clashes(unit.connection),
                session_twins.candidates(unit),
                session_twins.counted_as_one(unit),
            )

        self.read(load).success(self._loaded).failure(self._failed).run_in_background()

    def _loaded(self, result: tuple[Any, ...]) -> None:
        found, confirmed, clashes, session_pairs, counted = result
        self._show_sessions(session_pairs, counted)
        self.codes.show_clashes(clashes, self._code_resume)
        if self._code_resume is not None:
            self._code_resume = None
            self.codes.view.setFocus()  # the decision's button was disabled meanwhile
        count = self.codes.count
        self.tabs.setTabText(
            2,
            _("One code, different people? ({n})").format(n=count)
            if count
            else _("One code, different people?"),
        )
        keep = self.pairs.id_at(self.pair_view.currentIndex().row())
        self._pairs = {self._key(p): p for p in found.pairs}
        self.pairs.set_rows(
            [
                (
                    key,
                    (
                        _name(p.second),
                        str(p.first.birth_year or p.second.birth_year or "—"),
                        f"{_place(p.first)} · {_sessions(p.first, dates=False)}",
                        f"{_place(p.second)} · {_sessions(p.second, dates=False)}",
                    ),
                )
                for key, p in self._pairs.items()
            ]
        )
        self.more.setText(_("More pairs wait: decide these first.") if found.more else "")
        self.more.setVisible(found.more)
        self.confirmed.set_rows(
            [
                (
                    p.first.id,
                    (_name(p.first), _place(p.first), _name(p.second), _place(p.second)),
                )
                for p in confirmed
            ]
        )
        row = self.pairs.row_of(keep) if keep else -1
        if row < 0 and self._pairs:  # after a decision: the pair that came up in its place
            row = min(self._resume_row or 0, len(self._pairs) - 1)
        if row >= 0:
            self.pair_view.setCurrentIndex(self.pairs.index(row, 0))
        else:
            self._show_pair(None)
        if self._resume_row is not None and self.tabs.currentWidget() is self.pick:
            self._resume_row = None
            self.pick.left.view.setFocus()  # the decision's button was disabled meanwhile
        if self._resume_row is not None:
            view = self.confirmed_view if self.tabs.currentIndex() == 1 else self.pair_view
            if view is self.confirmed_view and self.confirmed.rowCount():
                last = self.confirmed.rowCount() - 1
                view.setCurrentIndex(self.confirmed.index(min(self._resume_row, last), 0))
            self._resume_row = None
            view.setFocus()  # the decision's button was disabled meanwhile: focus went nowhere
        self.tabs.setTabText(
            0, _("To decide ({n})").format(n=len(self._pairs)) if self._pairs else _("To decide")
        )
        self._enable()

    def _show_sessions(self, found: Any, counted: list[Any]) -> None:
        self.sessions.show_pairs(found, counted, self._session_resume)
        if self._session_resume is not None:
            self._session_resume = None
            self.sessions.view.setFocus()  # the decision's button was disabled meanwhile
        n = self.sessions.count
        self.tabs.setTabText(
            3,
            _("Sessions entered twice ({n})").format(n=n) if n else _("Sessions entered twice"),
        )

    def _pair_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_pair(self.pair())

    def _show_pair(self, pair: Any | None) -> None:
        from libtrainer.services.duplicate_records import default_keep  # noqa: PLC0415

        self.first.show_record(pair.first if pair else None, pair.second if pair else None)
        self.second.show_record(pair.second if pair else None, pair.first if pair else None)
        self.note.setText(difference_note(pair.first, pair.second) if pair else "")
        if pair is not None:
            chosen = self._kept.get(self._key(pair))
            if chosen is None:  # the default: the record that knows more, then the busier
                chosen = default_keep(pair.first, pair.second)
            (self.second if chosen == pair.second.id else self.first).keep.setChecked(True)
        self._enable()

    @staticmethod
    def _key(pair: Any) -> str:
        return f"{pair.first.id}|{pair.second.id}"

    def _keep_chosen(self) -> None:
        pair = self.pair()
        if pair is not None:
            box = self.second if self.second.keep.isChecked() else self.first
            self._kept[self._key(pair)] = pair.second.id if box is self.second else pair.first.id

    # -- writing -------------------------------------------------------------------------------

    def same_person(self) -> None:
        from libtrainer.services import duplicates  # noqa: PLC0415

        pair = self.pair()
        if pair is None or self.busy:
            return
        keep = pair.second.id if self.second.keep.isChecked() else pair.first.id
        staff = self._staff()
        self._write(
            lambda uow: duplicates.same_person(
                uow, pair.first.id, pair.second.id, keep=keep, staff_id=staff
            ),
            _("Confirmed: the two records count as one person in reports."),
        )

    def not_same(self) -> None:
        from libtrainer.services import duplicates  # noqa: PLC0415

        pair = self.pair()
        if pair is None or self.busy:
            return
        staff = self._staff()
        self._write(
            lambda uow: duplicates.not_same(uow, pair.first.id, pair.second.id, staff_id=staff),
            _("Noted: these records are different people; they will not be offered again."),
        )

    def _same_chosen(self, first: str, second: str, keep: str) -> None:
        """ "Same person" for two records chosen on the "Choose two records" tab."""
        from libtrainer.services import duplicates  # noqa: PLC0415

        if self.busy:
            return
        staff = self._staff()
        self._write(
            lambda uow: duplicates.same_person(uow, first, second, keep=keep, staff_id=staff),
            _("Confirmed: the two records count as one person in reports."),
        )

    def separate(self) -> None:
        from libtrainer.services import duplicates  # noqa: PLC0415

        record = self.confirmed.id_at(self.confirmed_view.currentIndex().row())
        if record is None or self.busy:
            return
        self._write(
            lambda uow: duplicates.separate(uow, record),
            _("Separated: the record counts as its own person again."),
        )

    def _staff(self) -> str | None:
        return getattr(self.state.user, "staff_id", None)

    def _write(self, fn: Any, done: str) -> None:
        decided = (
            self.confirmed_view if self.tabs.currentIndex() == 1 else self.pair_view
        ).currentIndex()

        def saved(changed: Any) -> None:
            self._resume_row = max(decided.row(), 0)
            self.banner.show_message(done, "info")
            # The lists are out of date until they are read again: nothing to act on meanwhile.
            self._pairs = {}
            self.pairs.clear()
            self.confirmed.clear()
            self._show_pair(None)
            if self.tabs.currentWidget() is self.pick:
                self.pick.decided()
            self.state.notify(changed)

        self.busy = True
        self.write(fn).success(self.settled(saved)).failure(
            self.settled(self._failed)
        ).run_in_background()

    def _decide_code(self, status: str, key: str, done: str) -> None:
        """A decision on one note of the codes tab (``status``: different | dismissed)."""
        from libtrainer.services import codeclash  # noqa: PLC0415

        if self.busy:
            return
        row = max(self.codes.view.currentIndex().row(), 0)

        def saved(changed: Any) -> None:
            self._code_resume = row
            self.banner.show_message(done, "info")
            self.codes.clear()
            self.state.notify(changed)

        staff = self._staff()
        self.busy = True
        self.write(lambda uow: codeclash.decide_in(uow, status, key, staff)).success(
            self.settled(saved)
        ).failure(self.settled(self._failed)).run_in_background()

    def _decide_sessions(self, action: str, first: str, second: str, done: str) -> None:
        """A decision on one pair of the sessions tab (``action``: a function of
        :mod:`libtrainer.services.session_twins`: same_session | not_same | separate)."""
        from libtrainer.services import session_twins  # noqa: PLC0415

        if self.busy:
            return
        view = self.sessions.counted_view if action == "separate" else self.sessions.view
        row = max(view.currentIndex().row(), 0)
        staff = self._staff()
        decide = getattr(session_twins, action)

        def saved(changed: Any) -> None:
            self._session_resume = row
            self.banner.show_message(done, "info")
            self.sessions.clear()
            self.state.notify(changed)

        self.busy = True
        self.write(lambda uow: decide(uow, first, second, staff_id=staff)).success(
            self.settled(saved)
        ).failure(self.settled(self._failed)).run_in_background()

    def clear_personal_data(self) -> None:
        super().clear_personal_data()
        self.codes.clear()
        self.sessions.clear()
        self.pick.clear()
        self.note.clear()
        self.first.show_record(None)
        self.second.show_record(None)

    def _failed(self, error: BaseException) -> None:
        self.banner.show_message(error_text(error), "error")
