"""Printables: ``print sign-in-sheet SESSION`` and ``print certificates GROUP`` (PDF)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from libtrainer.cli.args import output_file, whole_number
from libtrainer.cli.context import Context
from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import LANGUAGES, _, get_language


def register(sub: Any) -> None:
    p = sub.add_parser("print", help=_("make sign-in sheets and certificates (PDF) to print"))
    what = p.add_subparsers(dest="printable", metavar=_("WHAT"), required=True)

    s = what.add_parser("sign-in-sheet", help=_("the sign-in sheet of one session"))
    s.add_argument(
        "session",
        metavar=_("SESSION"),
        help=_(
            "the session's date (2026-11-23) when one session is held that day, else the start "
            "or end of its id"
        ),
    )
    _common(s)
    s.add_argument(
        "--walk-ins",
        type=whole_number,
        default=6,
        metavar="N",
        help=_("empty rows for people who come without enrolling (default 6)"),
    )
    s.set_defaults(handler=cmd_sign_in)

    c = what.add_parser(
        "certificates", help=_("a completion certificate for each person who completed the group")
    )
    c.add_argument("group", metavar=_("GROUP"), help=_("the group's id (or its start) or name"))
    _common(c)
    # Certificates are only ever for completed enrolments; the old flag is still accepted.
    c.add_argument("--completed-only", action="store_true", help=argparse.SUPPRESS)
    c.add_argument(
        "--issued",
        metavar=_("DATE"),
        help=_("date of issue printed on the certificates (default: today)"),
    )
    c.set_defaults(handler=cmd_certificates)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, metavar=_("FILE.pdf"), help=_("the PDF to write"))
    p.add_argument(
        "--lang",
        dest="doc_lang",
        choices=LANGUAGES,
        help=_("language of the document (default: the language of messages)"),
    )


def cmd_sign_in(args: argparse.Namespace, ctx: Context) -> int:
    from libtrainer.reports.printables import sign_in_sheet

    walk_ins = max(0, min(args.walk_ins, 60))
    store = ctx.store()
    with output_file(Path(args.out)) as path:
        out = sign_in_sheet(
            store, args.session, path, lang=args.doc_lang or get_language(), walk_ins=walk_ins
        )
    print(_("Sign-in sheet written to {path}.").format(path=out))
    return 0


def cmd_certificates(args: argparse.Namespace, ctx: Context) -> int:
    from libtrainer.reports.printables import certificates
    from libtrainer.services import grouplist

    issued = None
    if args.issued:
        try:
            issued = dt.date.fromisoformat(args.issued)
        except ValueError:
            raise LibtrainerError(
                N_("The date {value} is not a date such as 2026-03-15."), value=args.issued
            ) from None
    store = ctx.store()
    with store.read() as conn:  # another branch's unfinished group: that branch finishes it
        grouplist.check_certificates(conn, args.group)
    with output_file(Path(args.out)) as path:
        out = certificates(
            store,
            args.group,
            path,
            lang=args.doc_lang or get_language(),
            issued_on=issued,
        )
    print(_("Certificates written to {path}.").format(path=out))
    return 0
