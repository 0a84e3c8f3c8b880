"""Participants: ``participants find TEXT``, ``participants change-code PERSON NEW_CODE`` and
``participants access PERSON --out FILE`` (a resident's copy of their data, decision 0410).

A coded person's record is the code's (docs/decisions/0400). When a branch gave a code to the
wrong person, changing it moves the person, with their sessions, groups and consultations, to
the new code's record and leaves the old record for whoever else has the old code
(``services.participants.change_code``). Refused on a coordinator's computer for a person
whose record is the code's: the branch that gave the wrong code changes it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from libtrainer.cli.args import check_output, output_file
from libtrainer.cli.context import Context
from libtrainer.cli.duplicates import find_participant
from libtrainer.domain.errors import N_, LibtrainerError, NotFoundError
from libtrainer.domain.rules import fold
from libtrainer.i18n import LANGUAGES, _, get_language
from libtrainer.services import participants
from libtrainer.store.models import Branch, Library
from libtrainer.store.uow import UnitOfWork

#: The file formats of ``access``.
FORMATS = ("pdf", "json")
#: How many people ``find`` lists at most.
FIND_LIMIT = 50


def register(sub: Any) -> None:
    p = sub.add_parser(
        "participants",
        help=_("residents who take part: find them, change a code, make a copy of their data"),
    )
    psub = p.add_subparsers(dest="participants_command", metavar=_("ACTION"), required=True)

    f = psub.add_parser(
        "find",
        help=_("find people by name (diacritics and case do not matter) or code, with their ids"),
    )
    f.add_argument(
        "text", metavar=_("TEXT"), help=_('words of the name, e.g. "ona petr", or a code')
    )
    f.add_argument("--archived", action="store_true", help=_("archived people too"))
    f.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    f.set_defaults(handler=cmd_find)

    c = psub.add_parser(
        "change-code",
        help=_(
            "give a person another participant code (a code given by mistake): their "
            "sessions, groups and consultations move with them"
        ),
    )
    _person_argument(c)
    c.add_argument(
        "new_code", metavar=_("NEW_CODE"), help=_('the new code ("" takes the code off)')
    )
    c.set_defaults(handler=cmd_change_code)

    a = psub.add_parser(
        "access",
        help=_(
            "a copy of everything recorded about a person, for them (PDF to read, or JSON "
            "for other programs)"
        ),
    )
    _person_argument(a)
    a.add_argument(
        "--out",
        required=True,
        metavar=_("FILE"),
        help=_("the file to write (.pdf or .json)"),
    )
    a.add_argument(
        "--format",
        choices=FORMATS,
        help=_("pdf or json (default: by the file's ending; else pdf)"),
    )
    a.add_argument(
        "--lang",
        dest="doc_lang",
        choices=LANGUAGES,
        help=_("language of the document (default: the language of messages)"),
    )
    a.set_defaults(handler=cmd_access)


def _person_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "person",
        metavar=_("PERSON"),
        help=_(
            "the person's code, record id (or the start or end of the id), or name when only "
            "one person has it"
        ),
    )


def cmd_access(args: argparse.Namespace, ctx: Context) -> int:
    """Write the person's copy of their data; nothing is written when anything fails."""
    from libtrainer.reports.subject_copy import format_for, write_copy  # noqa: PLC0415
    from libtrainer.services.subject_access import subject_access  # noqa: PLC0415

    out = Path(args.out)
    check_output(out)
    with ctx.store().uow() as uow:
        copy = subject_access(uow, _person(uow, args.person))
    fmt = format_for(out, args.format)
    with output_file(out) as path:
        write_copy(copy, path, fmt=fmt, lang=args.doc_lang or get_language())
    print(
        _(
            "A copy of everything recorded about {name} is saved to {path}. It holds their "
            "personal data: give it to them, and do not leave it on a computer others use."
        ).format(name=copy.name, path=out)
    )
    return 0


def _places(uow: UnitOfWork, branch_ids: set[str]) -> dict[str, tuple[str, str]]:
    """Each branch's name and its library's name."""
    rows = uow.session.execute(
        select(Branch.id, Branch.name, Library.name)
        .join(Library, Library.id == Branch.library_id)
        .where(Branch.id.in_(sorted(branch_ids)))
    )
    return {bid: (branch, library) for bid, branch, library in rows}


def cmd_change_code(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.store().uow() as uow:
        person = _person(uow, args.person)
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


def _person(uow: UnitOfWork, ref: str) -> str:
    """The participant ``ref`` names: a code or id (:func:`find_participant`), else a whole
    name ("Given Family" or "Family Given"; diacritics and case do not matter) that only one
    person has. Part of a name is not enough: a change of code must not pick a namesake."""
    try:
        return find_participant(uow, ref)
    except NotFoundError:
        words = sorted(fold(ref).split())
        found = [
            p
            for p in participants.search(uow, ref, limit=FIND_LIMIT, include_archived=True)
            if sorted(fold(f"{p.given_name} {p.family_name}").split()) == words
        ]
        if len(found) == 1:
            return found[0].id
        if not found:
            raise
    raise LibtrainerError(
        N_(
            "Several people are called “{ref}”. List them with: libtrainer participants find "
            "“{ref}”, and give the id (its end is enough)."
        ),
        ref=ref,
    )


def cmd_find(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    coordinator = store.meta("role") == "coordinator"
    with store.uow() as uow:
        found = participants.search(
            uow, args.text, limit=FIND_LIMIT + 1, include_archived=args.archived
        )
        place = _places(uow, {p.branch_id for p in found if p.branch_id})
    more, found = len(found) > FIND_LIMIT, found[:FIND_LIMIT]
    if args.json:
        records = [
            {
                "id": p.id,
                "given_name": p.given_name,
                "family_name": p.family_name,
                "birth_year": p.birth_year,
                "code": p.code,
                "branch": place.get(p.branch_id or "", ("", ""))[0] or None,
                "library": place.get(p.branch_id or "", ("", ""))[1] or None,
                "archived": p.archived,
            }
            for p in found
        ]
        json.dump({"participants": records, "more": more}, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for p in found:
        parts = [str(p.birth_year) if p.birth_year else _("birth year unknown")]
        if p.code:
            parts.append(_("code {code}").format(code=p.code))
        # namesakes are told apart by where they attend: the branch, and on a coordinator's
        # computer (every library of the region) the library too, as ``duplicates list`` does
        branch, library = place.get(p.branch_id or "", ("", ""))
        if coordinator and branch and library:
            parts.append(f"{branch} ({library})")
        else:
            parts.append(branch or _("no branch"))
        if p.archived:
            parts.append(_("in the archive"))
        print(f"{p.family_name}, {p.given_name} — {', '.join(parts)} [{p.id}]")
    if not found:
        print(_("Nobody was found for “{text}”.").format(text=args.text))
    elif more:
        print(_("Only the first {n} are listed; add more of the name.").format(n=FIND_LIMIT))
    return 0
