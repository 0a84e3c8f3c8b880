"""Rows held at a merge, in sentences: those waiting for a record that has not arrived yet, and
those referring to a record deleted (decision 0310: they are kept, never dropped, and come back
only if that record is restored). Plain reading of ``store.held.reasons``; merging is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from libtrainer.domain.errors import N_
from libtrainer.i18n import _, ngettext
from libtrainer.store.held import HeldGroup

#: What the held rows are (plural, as counted).
KINDS = {
    "attendance": N_("attendance marks"),
    "enrolment": N_("enrolments in groups"),
    "assessment": N_("assessments"),
    "participant": N_("participants"),
    "participant_alias": N_("“same person” links"),
    "participant_distinct": N_("“not the same person” notes"),
    "participant_tag": N_("target-group tags"),
    "consultation": N_("consultations"),
    "consultation_topic": N_("consultation topics"),
    "training_group": N_("groups"),
    "training_session": N_("sessions"),
    "escout_visit": N_("e-scout visits"),
    "staff": N_("staff members"),
    "volunteer": N_("e-scouts"),
}
#: The record they refer to (one, as named).
RECORDS = {
    "participant": N_("participant"),
    "training_session": N_("session"),
    "training_group": N_("group"),
    "enrolment": N_("enrolment"),
    "consultation": N_("consultation"),
    "staff": N_("staff member"),
    "volunteer": N_("e-scout"),
    "programme": N_("programme"),
    "branch": N_("branch"),
    "library": N_("library"),
    "region": N_("region"),
}


def held_lines(total: int, groups: list[HeldGroup], label: Callable[[str], str]) -> list[str]:
    """What waits, and what refers to a deleted record (which kind, deleted where, what to do)."""
    lines: list[str] = []
    deleted = [g for g in groups if g.deleted_by is not None]
    waiting = total - sum(g.rows for g in deleted)
    if waiting > 0:
        lines.append(
            ngettext(
                "{n} record waits for a record it refers to; it is linked as soon as that arrives.",
                "{n} records wait for records they refer to; they are linked as soon as those "
                "arrive.",
                waiting,
            ).format(n=waiting)
        )
    by_device: dict[str, list[HeldGroup]] = {}
    for group in deleted:
        by_device.setdefault(str(group.deleted_by), []).append(group)
    for device, found in by_device.items():
        n = sum(g.rows for g in found)
        lines.append(
            ngettext(
                "{n} record refers to a record deleted on {device}; it is kept aside and not "
                "counted: {what}.",
                "{n} records refer to records deleted on {device}; they are kept aside and not "
                "counted: {what}.",
                n,
            ).format(n=n, device=label(device), what="; ".join(_what(g) for g in found))
        )
    if deleted:
        lines.append(
            _(
                "Such records come back only if the deleted record is restored on the computer "
                "that deleted it (Undo, right after the deletion). If it was deleted by "
                "mistake, call whoever uses that computer; otherwise nothing needs doing: "
                "nothing was lost."
            )
        )
    return lines


def _what(group: HeldGroup) -> str:
    kind = _(KINDS[group.tbl]) if group.tbl in KINDS else group.tbl
    record = _(RECORDS[group.wait_tbl]) if group.wait_tbl in RECORDS else group.wait_tbl
    return _("{kind} (deleted record: {record}): {n}").format(
        kind=kind, record=record, n=group.rows
    )
