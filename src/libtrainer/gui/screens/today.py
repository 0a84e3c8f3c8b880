"""Today: what is on today, the quick actions, and warnings that matter (data folder not
surviving restarts, demonstration data, changes waiting to be sent).

The figures and the list cover one place and a line says which (``gui/today_queries.py``):
this branch, or on a coordinator's computer the whole region, the list with a Branch column.
There a session of another branch is not opened for attendance: that branch keeps it
(decision 0114); the banner says so."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QTableView

from libtrainer.domain.errors import N_
from libtrainer.i18n import _, ngettext
from libtrainer.i18n.format import format_date

from libtrainer.gui import today_queries
from libtrainer.gui.group_branches import changed_here
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.widgets import Banner, table_view

PERSISTENCE = {
    "lost": (
        "error",
        N_(
            "The check file in the data folder is gone: this folder was probably "
            "restored when the computer restarted, and records typed here would be lost at "
            "every restart. Send them on the Sync screen before the computer is switched off, "
            "and call the coordinator to choose a folder that is kept."
        ),
    ),
    "waiting": (
        "info",
        N_(
            "Restart check: the data folder has not been through a restart yet. "
            "After the next restart, this screen tells you whether it kept its files."
        ),
    ),
    "confirmed": ("info", N_("The data folder survived a restart.")),
}


WEEK = 7

#: The demo banner, naming which demo it is (the store's country: ``demo --start`` follows
#: the computer's language, so a person may need to know which one they got).
DEMO_BANNERS = {
    "LT": N_("This is a demonstration store of a Lithuanian library: do not enter real people."),
    "LV": N_("This is a demonstration store of a Latvian library: do not enter real people."),
}


def demo_text(device: Any) -> str:
    """The demo banner of ``device``'s store."""
    text = DEMO_BANNERS.get(str(device.country or "").upper())
    return _(text) if text else _("This is a demonstration store: do not enter real people.")


class TodayScreen(Screen):
    key = "today"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.date_label = QLabel(objectName="todayDate")
        self.scope = QLabel(objectName="todayScope")
        self.scope.setWordWrap(True)
        self.branch_of: dict[str, str] = {}
        self.persist = Banner()
        self.persist.setObjectName("persistenceBanner")
        self.demo = Banner(kind="warning")
        self.demo.setObjectName("demoBanner")
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        for i, (key, text) in enumerate(
            (
                ("consultations", _("Consultations today")),
                ("sessions", _("Sessions today")),
                ("participants", _("Participants")),
                ("groups", _("Open groups")),
                ("pending", _("Changes waiting to be sent")),
            )
        ):
            value = QLabel("…", objectName=f"figure_{key}")
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            font.setBold(True)
            value.setFont(font)
            caption = QLabel(text)
            caption.setWordWrap(True)
            value.setAccessibleName(text)
            grid.addWidget(value, 0, i)
            grid.addWidget(caption, 1, i)
            self.figures[key] = value
        region = self.region
        where = [_("Branch")] if region else []
        self.model = ListTableModel(
            [_("Date"), _("Time"), *where, _("Group or topic"), _("Place"), _("Marked")], self
        )
        wide = (3, 4) if region else (2, 3)
        self.sessions: QTableView = table_view("todaySessions", self.model, wide)
        self.sessions.setAccessibleName(_("Sessions of the coming week; Enter takes attendance"))
        self.sessions.activated.connect(self._open_session)
        self.sessions_label = QLabel(
            _("&Sessions of every branch, today and in the coming week (Enter: take attendance)")
            if region
            else _("&Sessions today and in the coming week (Enter: take attendance)")
        )
        self.sessions_label.setBuddy(self.sessions)
        actions = QHBoxLayout()
        for name, text, slot in (
            ("quickConsultation", _("Log a &consultation (Ctrl+K)"), self._consultation),
            ("quickParticipant", _("&New participant (Ctrl+N)"), self._participant),
            ("quickAttendance", _("Take &attendance (Ctrl+T)"), self._attendance),
        ):
            button = QPushButton(text, objectName=name)
            button.setAccessibleName(text.replace("&", ""))
            button.clicked.connect(slot)
            actions.addWidget(button)
        actions.addStretch(1)
        for widget in (self.date_label, self.scope, self.persist, self.demo):
            self.body.addWidget(widget)
        self.body.addLayout(grid)
        self.body.addLayout(actions)
        self.body.addWidget(self.sessions_label)
        self.body.addWidget(self.sessions, 1)

    @property
    def region(self) -> bool:
        """A coordinator's computer: the figures and the list cover the whole region."""
        device = self.state.device
        return device is not None and device.role == "coordinator"

    def refresh(self) -> None:
        device = self.state.device
        today = format_date(dt.date.today(), "full")
        self.date_label.setText(
            today  # the scope line names the region
            if self.region
            else _("{date} — {branch}").format(
                date=today, branch=device.branch_name if device else ""
            )
        )
        kind, text = PERSISTENCE.get(self.state.persistence, ("", ""))
        text = _(text) if text else ""
        if self.state.store_behind is not None:  # the folder went back in time (0518)
            from libtrainer.gui.store_progress import behind_text  # noqa: PLC0415 - rare

            warning = behind_text(self.state.store_behind)
            kind = "error" if kind == "error" else "warning"
            text = "\n\n".join(t for t in (warning, text) if t)
        self.persist.show_message(text, kind or None)
        self.demo.show_message(demo_text(device) if device and device.demo else "", "warning")
        branch, day = self.branch_id, dt.date.today()
        region = device.region_id if device is not None and self.region else None

        def load(unit: Any) -> tuple[Any, int]:
            from libtrainer.gui import sync_runner  # noqa: PLC0415

            return (
                today_queries.today_view(unit.session, branch, day, WEEK, region_id=region),
                sync_runner.waiting_quick(unit.connection),
            )

        self.read(load).success(self._loaded).run_in_background()

    def _scope_text(self, view: Any) -> str:
        if view.region:
            return _(
                "The whole region{name}: this computer holds every branch's work, so the "
                "figures and the sessions below cover all branches."
            ).format(name=f" ({view.region_name})" if view.region_name else "")
        device = self.state.device
        return _("Figures and sessions of {branch}.").format(
            branch=device.branch_name if device else ""
        )

    def _loaded(self, result: tuple[Any, int]) -> None:
        view, pending = result
        counts, sessions = view.counts, view.rows
        self.branch_of = view.branch_of
        scope = self._scope_text(view)
        if view.more:
            scope += " " + ngettext(
                "Only the first {count} session is listed.",
                "Only the first {count} sessions are listed.",
                len(sessions),
            ).format(count=len(sessions))
        self.scope.setText(scope)
        for key, value in (
            ("consultations", counts.consultations),
            ("sessions", counts.sessions),
            ("participants", counts.participants),
            ("groups", counts.groups_open),
            ("pending", pending),
        ):
            self.figures[key].setText(str(value))
        self.model.set_rows(sessions)
        if sessions:
            self.sessions.selectRow(0)

    def focus_first(self) -> None:
        self.sessions.setFocus()

    def _go(self, key: str) -> Any:
        window = self.window()
        go = getattr(window, "go", None)
        return go(key) if callable(go) else None

    def _consultation(self) -> None:
        screen = self._go("consultations")
        if screen is not None:
            screen.focus_first()

    def _participant(self) -> None:
        screen = self._go("participants")
        if screen is not None:
            screen.new_participant()

    def _attendance(self) -> None:
        self._open_session(self.sessions.currentIndex())

    def _open_session(self, index: Any) -> None:
        session_id = self.model.id_at(index.row()) if index.isValid() else None
        branch = self.branch_of.get(session_id or "")
        if branch is not None and not changed_here(self.state, branch):
            where = self.model.index(index.row(), 2).data()
            self.banner.show_message(
                _(
                    "This session is kept by {branch}: its attendance is taken on that "
                    "branch's computers. Groups & sessions prints its sign-in sheet."
                ).format(branch=where),
                "info",
            )
            return
        screen = self._go("groups")
        if screen is not None:
            screen.take_attendance(session_id)
