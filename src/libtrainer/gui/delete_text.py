"""The words of a delete: the question (what goes, counted; what stays; where the deletion
goes), the undo bar's line and the message after an undo."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from libtrainer.domain.errors import N_
from libtrainer.i18n import _, ngettext

if TYPE_CHECKING:
    from libtrainer.services.records import DeletePlan

    from libtrainer.gui.delete_queries import Target

#: The question's title and confirm button, by table.
TITLES = {
    "training_session": (N_("Delete the session?"), N_("&Delete the session")),
    "training_group": (N_("Delete the group?"), N_("&Delete the group")),
    "consultation": (N_("Delete the consultation?"), N_("&Delete the consultation")),
    "escout_visit": (N_("Delete the e-scout visit?"), N_("&Delete the visit")),
    "participant": (N_("Erase this person?"), N_("&Erase for good")),
}


def what(target: Target) -> str:
    """The record named for people: "the group “Senjorų grupė” (Public e-services)"."""
    f = target.fields
    if target.table == "training_session":
        if f.get("group"):
            return _("the session of {when} (group “{group}”)").format(**f)
        return _("the session of {when}").format(**f)
    if target.table == "training_group":
        return _("the group “{name}” ({programme})").format(**f)
    if target.table == "consultation":
        return _("the consultation of {date} ({person})").format(**f)
    if target.table == "escout_visit":
        return _("the visit of the e-scout {name} on {when}").format(**f)
    if f.get("year"):
        return _("{name} (born {year})").format(**f)
    return str(f.get("name", ""))


def _counted(table: str, n: int) -> str:
    if table == "training_session":
        return ngettext("{n} session", "{n} sessions", n).format(n=n)
    if table == "attendance":
        return ngettext("{n} attendance mark", "{n} attendance marks", n).format(n=n)
    if table == "enrolment":
        return ngettext("{n} group enrolment", "{n} group enrolments", n).format(n=n)
    if table == "assessment":
        return ngettext("{n} self-assessment", "{n} self-assessments", n).format(n=n)
    if table == "participant_tag":
        return ngettext("{n} target-group entry", "{n} target-group entries", n).format(n=n)
    if table == "participant_alias":
        return ngettext(
            "{n} link to a record of the same person", "{n} links to records of the same person", n
        ).format(n=n)
    if table == "participant_distinct":
        return ngettext(
            "{n} “not the same person” note", "{n} “not the same person” notes", n
        ).format(n=n)
    if table == "participant_code_decision":
        return ngettext(
            "{n} decision on its participant code", "{n} decisions on its participant code", n
        ).format(n=n)
    if table == "session_twin":
        return ngettext("{n} “same session” decision", "{n} “same session” decisions", n).format(
            n=n
        )
    return ngettext("{n} other record", "{n} other records", n).format(n=n)


#: Parts of a record that need no mention of their own (a consultation's topics).
_UNSAID = frozenset({"consultation_topic"})


#: The order things are named in, the weightiest first; any other table comes last.
_ORDER = (
    "training_session",
    "attendance",
    "enrolment",
    "assessment",
    "participant_tag",
    "participant_alias",
    "participant_distinct",
    "participant_code_decision",
    "session_twin",
)


def along(deleted: Mapping[str, int]) -> str:
    """What goes along, counted: "3 sessions, 41 attendance marks and 12 group enrolments"
    ("" when nothing)."""
    tables = sorted(deleted, key=lambda t: _ORDER.index(t) if t in _ORDER else len(_ORDER))
    items = [_counted(t, deleted[t]) for t in tables if deleted[t] and t not in _UNSAID]
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def question(target: Target, plan: DeletePlan, *, coordinator: bool = False) -> str:
    """The question's text: what is deleted, what goes with it, what stays, and where the
    deletion goes (``coordinator``: asked on a coordinator's computer)."""
    erasure = target.table == "participant"
    if erasure:
        first = _(
            "The record of this person will be deleted for good: {what}. This is how a person "
            "is erased when they ask for it; to keep the record for reports, use Archive "
            "instead."
        )
    else:
        first = _("This will be deleted: {what}.")
    parts = [first.format(what=what(target))]
    goes = along(plan.deleted)
    if goes:
        parts.append(_("{items} will be deleted with it.").format(items=goes))
    kept = plan.cleared.get("consultation", 0)
    if kept:
        parts.append(
            ngettext(
                "{n} consultation given to this person stays in reports without their name "
                "and without its notes: only its date, topics and length and the person's age "
                "band and gender are kept.",
                "{n} consultations given to this person stay in reports without their name "
                "and without their notes: only their dates, topics and length and the "
                "person's age band and gender are kept.",
                kept,
            ).format(n=kept)
        )
    if erasure:
        parts.append(
            _(
                "This computer keeps only a fingerprint of the name and birth year, which "
                "cannot be turned back into them and is never sent anywhere, so that importing "
                "an old register does not enter the person again."
            )
        )
        parts.append(
            _(
                "Copies made earlier are not deleted: files already on the shared folder "
                "(locked so that only the coordinators can open them) and printed or "
                "exported lists stay as they are."
            )
        )
    parts.append(_sent(erasure, coordinator))
    return "\n\n".join(parts)


def _sent(erasure: bool, coordinator: bool) -> str:
    """Where the deletion goes with the next sync, and the undo."""
    if coordinator and erasure:
        return _(
            "With the next sync the erasure also reaches the branch computers and lecturers' "
            "laptops that hold this person, and any other coordinator. Until you change "
            "something else, you can undo it here."
        )
    if coordinator:
        return _(
            "The deletion is made in the region's records on this computer and, with the next "
            "sync, on any other coordinator's computer. Until you change something else, you "
            "can undo it here."
        )
    return _(
        "The deletion is sent to the coordinator with the next sync. Until you change "
        "something else, you can undo it here."
    )


def deleted(target: Target) -> str:
    """The undo bar's line after the delete."""
    if target.table == "participant":
        return _("Erased: {what}.").format(what=what(target))
    return _("Deleted: {what}.").format(what=what(target))


def restored(target: Target) -> str:
    """The message after an undo."""
    return _("Brought back: {what}. The coordinator gets it back with the next sync.").format(
        what=what(target)
    )
