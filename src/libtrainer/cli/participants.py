"""Participants: ``participants change-code PERSON NEW_CODE``.

A coded person's record is the code's (docs/decisions/0400). When a branch gave a code to the
wrong person, changing it moves the person, with their sessions, groups and consultations, to
the new code's record and leaves the old record for whoever else has the old code
(``services.participants.change_code``). Refused on a coordinator's computer for a person
whose record is the code's: the branch that gave the wrong code changes it.
"""

from __future__ import annotations

import argparse
from typing import Any

from libtrainer.cli.context import Context
from libtrainer.cli.duplicates import find_participant
from libtrainer.i18n import _
from libtrainer.services import participants


def register(sub: Any) -> None:
    p = sub.add_parser("participants", help=_("residents who take part: change a code"))
    psub = p.add_subparsers(dest="participants_command", metavar=_("ACTION"), required=True)

    c = psub.add_parser(
        "change-code",
        help=_(
            "give a person another participant code (a code given by mistake): their "
            "sessions, groups and consultations move with them"
        ),
    )
    c.add_argument(
        "person",
        metavar=_("PERSON"),
        help=_("the person's code or record id (or the start or end of the id)"),
    )
    c.add_argument(
        "new_code", metavar=_("NEW_CODE"), help=_('the new code ("" takes the code off)')
    )
    c.set_defaults(handler=cmd_change_code)


def cmd_change_code(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.store().uow() as uow:
        person = find_participant(uow, args.person)
        old_code = participants.get_participant(uow, person).fields["code"]
        changed = participants.change_code(uow, person, args.new_code)
    code = " ".join(args.new_code.split()) or None
    if not changed.created.get("participant"):
        print(_("Saved: the code is now “{code}”.").format(code=code or "—"))
        return 0
    if code:
        print(
            _(
                "Changed: the code is now “{code}”; the person's sessions, groups and "
                "consultations moved with them."
            ).format(code=code)
        )
    else:
        print(
            _(
                "The code was taken off; the person's sessions, groups and consultations "
                "moved with them to a record of their own."
            )
        )
    print(
        _("The old code “{old}” is left for whoever else has it; it is not shown here.").format(
            old=old_code
        )
    )
    return 0
