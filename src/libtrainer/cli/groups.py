"""Training groups: ``groups list [--branch X] [--all] [--json]``.

What a coordinator needs to name one group to ``print certificates`` or ``print
sign-in-sheet`` when several branches give their groups the same name: each group with its
branch, programme, dates, counts and id (its end is enough to name it).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from libtrainer.cli.context import Context
from libtrainer.i18n import _, get_language
from libtrainer.services import grouplist
from libtrainer.services.grouplist import GroupLine


def register(sub: Any) -> None:
    p = sub.add_parser(
        "groups", help=_("training groups of every branch here: list them with their ids")
    )
    gsub = p.add_subparsers(dest="groups_command", metavar=_("ACTION"), required=True)

    c = gsub.add_parser(
        "list", help=_("list the groups with their branch, dates and id (archived ones with --all)")
    )
    c.add_argument(
        "--branch",
        metavar=_("BRANCH"),
        help=_("only the groups of the branches whose name contains this text (or of one id)"),
    )
    c.add_argument("--all", action="store_true", help=_("archived groups too"))
    c.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    c.set_defaults(handler=cmd_list)


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.store().uow() as uow:
        found = grouplist.list_groups(
            uow, branch=args.branch, include_archived=args.all, lang=get_language()
        )
    if args.json:
        doc = {"groups": [_record(g) for g in found]}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for line in found:
        print(_line(line))
    if not found:
        print(_("There are no groups here."))
    else:
        print(
            _(
                "Name a group by the end of its id, e.g.: libtrainer print certificates "
                "{ending} --out FILE.pdf"
            ).format(ending=found[0].id[-8:])
        )
    return 0


def _record(g: GroupLine) -> dict[str, Any]:
    return {
        "id": g.id,
        "name": g.name,
        "branch_id": g.branch_id,
        "branch": g.branch,
        "programme_id": g.programme_id,
        "programme": g.programme,
        "start_date": g.start_date.isoformat() if g.start_date else None,
        "end_date": g.end_date.isoformat() if g.end_date else None,
        "finished": g.finished,
        "archived": g.archived,
        "people": g.people,
        "sessions": g.sessions,
    }


def _line(g: GroupLine) -> str:
    """ "Name — Branch, Programme, 2026-09-01 – 2026-11-20, finished, people: 12, sessions:
    8 [id]"."""
    dates = " – ".join(d.isoformat() if d else "…" for d in (g.start_date, g.end_date))
    parts = [g.branch, g.programme, dates]
    if g.finished:
        parts.append(_("finished"))
    if g.archived:
        parts.append(_("in the archive"))
    parts.append(_("people: {n}").format(n=g.people))
    parts.append(_("sessions: {n}").format(n=g.sessions))
    return f"{g.name} — {', '.join(p for p in parts if p)} [{g.id}]"
