"""Correcting a group or a session, taking a person out, finishing a group — the Groups &
sessions screen's flows that change what is already there (docs/decisions/0102).

Who may: librarians, coordinators and administrators change any group or session of the
screen; a lecturer — and any other role — only a group or a session they lead (the rule of
decision 0515 for deleting, without its "every session" part: a change is not a tombstone and
a lead lecturer corrects the group's own fields). Each flow reads what it needs, checks the
rule, then opens the dialog filled with the current values; the dialog writes through one
operation. Nothing here touches the store itself.
"""

from __future__ import annotations

from typing import Any

from libtrainer.domain.errors import N_
from libtrainer.i18n import _

from libtrainer.gui.delete_rules import STAFF_ROLES
from libtrainer.gui.group_dialogs import NewGroupDialog, PlanSessionsDialog
from libtrainer.gui.group_people import FinishGroupDialog, TakeOutDialog

#: What a lecturer is told when the record is not theirs.
NOT_YOURS = {
    "group": N_(
        "With a lecturer’s sign-in you can change only a group you lead. Ask a librarian or "
        "the coordinator to change this one."
    ),
    "session": N_(
        "With a lecturer’s sign-in you can change only sessions you lead. Ask a librarian or "
        "the coordinator to change this one."
    ),
    "members": N_(
        "With a lecturer’s sign-in you can take people out only of a group you lead. Ask a "
        "librarian or the coordinator."
    ),
}


def refusal(role: str, staff_id: str | None, what: str, lecturer_id: str | None) -> str | None:
    """Why the person signed in may not change this (translated), or None when they may."""
    if role in STAFF_ROLES or (staff_id is not None and lecturer_id == staff_id):
        return None
    return _(NOT_YOURS[what])


def _current(items: list[Any], keep: str | None) -> list[Any]:
    """The choices still in use, and the record's own even when archived since."""
    return [i for i in items if not i.archived or i.id == keep]


class GroupEditing:
    """The flows, run for ``screen`` (a :class:`~libtrainer.gui.screens.groups.GroupsScreen`)."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen

    def _allowed(self, what: str, lecturer_id: str | None) -> bool:
        state = self.screen.state
        refused = refusal(state.role, state.staff_id, what, lecturer_id)
        if refused:
            self.screen.banner.show_message(refused, "error")
        return refused is None

    def change_group(self) -> None:
        from libtrainer.services import groups, org, programmes  # noqa: PLC0415

        group_id = self.screen.group_id()
        if group_id is None:
            return

        def load(unit: Any) -> tuple[Any, list[Any], list[Any]]:
            info = groups.group_info(unit, group_id)
            progs = programmes.list_programmes(unit, include_archived=True)
            staff = org.list_staff(unit, include_archived=True)
            return info, _current(progs, info.programme_id), _current(staff, info.lecturer_id)

        def loaded(found: tuple[Any, list[Any], list[Any]]) -> None:
            info, progs, staff = found
            if self._allowed("group", info.lecturer_id):
                dialog = NewGroupDialog(progs, staff, None, self.screen, group=info)
                self.screen._open(dialog)

        self.screen.read(load).success(loaded).run_in_background()

    def change_session(self) -> None:
        from libtrainer.services import org, sessions  # noqa: PLC0415

        group_id, session_id = self.screen.group_id(), self.screen.session_id()
        if group_id is None or session_id is None:
            return

        def load(unit: Any) -> tuple[Any, list[Any]]:
            info = sessions.session_info(unit, session_id)
            staff = org.list_staff(unit, include_archived=True)
            return info, _current(staff, info.lecturer_id)

        def loaded(found: tuple[Any, list[Any]]) -> None:
            info, staff = found
            if self._allowed("session", info.lecturer_id):
                dialog = PlanSessionsDialog(group_id, staff, None, self.screen, session=info)
                self.screen._open(dialog)

        self.screen.read(load).success(loaded).run_in_background()

    def take_out(self) -> None:
        from libtrainer.services import groups  # noqa: PLC0415

        group_id = self.screen.group_id()
        if group_id is None:
            return

        def load(unit: Any) -> tuple[Any, list[Any]]:
            return groups.group_info(unit, group_id), groups.roster(unit, group_id)

        def loaded(found: tuple[Any, list[Any]]) -> None:
            info, roster = found
            if self._allowed("members", info.lecturer_id):
                dialog = TakeOutDialog(group_id, info.name, roster, self.screen)
                self.screen._open(dialog)
                dialog.finished_ok.connect(lambda _changed: self._taken_out_note())

        self.screen.read(load).success(loaded).run_in_background()

    def _taken_out_note(self) -> None:
        self.screen.banner.show_message(
            _("Taken out of the group. Their attendance marks so far stay in the reports."),
            "info",
        )

    def finish_group(self) -> None:
        from libtrainer.services import completion  # noqa: PLC0415

        group_id = self.screen.group_id()
        if group_id is None:
            return

        from libtrainer.services import groups  # noqa: PLC0415

        def load(unit: Any) -> tuple[Any, Any]:
            return completion.standings(unit, group_id), groups.finish_dates(unit, group_id)

        def opened(found: tuple[Any, Any]) -> None:
            standings, dates = found
            dialog = FinishGroupDialog(group_id, standings, self.screen, dates=dates)
            self.screen._open(dialog)
            dialog.finished_ok.connect(lambda _changed: self.screen._finished_note())

        self.screen.read(load).success(opened).run_in_background()
