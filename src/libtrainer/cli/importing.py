"""Register commands: ``template`` writes a blank attendance register, ``import`` reads one."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from libtrainer.cli.args import output_file
from libtrainer.cli.context import Context
from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import LANGUAGES, _, get_language


def register(sub: Any) -> None:
    p = sub.add_parser("template", help=_("write a blank attendance register (xlsx) to fill in"))
    p.add_argument("file", metavar=_("FILE.xlsx"), help=_("where to write the template"))
    p.add_argument(
        "--lang",
        dest="doc_lang",
        choices=LANGUAGES,
        help=_("language of the template (default: the language of messages)"),
    )
    p.set_defaults(handler=cmd_template)

    p = sub.add_parser("import", help=_("import a filled attendance register (xlsx or csv)"))
    p.add_argument("file", metavar=_("FILE"), help=_("the register: .xlsx or .csv"))
    p.add_argument(
        "--dry-run",
        action="store_true",
        help=_("check the file and show what would be added, without writing"),
    )
    p.add_argument(
        "--skip-bad",
        action="store_true",
        help=_("import the good rows even when some rows have mistakes"),
    )
    p.add_argument(
        "--bad-rows-out",
        metavar=_("FILE"),
        help=_("with --skip-bad: save the rows left out to FILE, to fix them"),
    )
    p.add_argument(
        "--bring-back-deleted",
        action="store_true",
        help=_(
            "also bring back sessions, marks and enrolments of the file that were deleted in "
            "the records, and enter again people erased from the records (without it they "
            "stay deleted)"
        ),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_import)


def cmd_template(args: argparse.Namespace, ctx: Context) -> int:
    from libtrainer.services.register import write_template

    path = Path(args.file)
    if path.suffix.lower() != ".xlsx":
        raise LibtrainerError(N_("The template is an Excel file: give a name ending in .xlsx."))
    with output_file(path, _("FILE.xlsx"), folder_must_exist=False):
        write_template(path, args.doc_lang or get_language())
    print(_("Template written to {path}.").format(path=path))
    return 0


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from libtrainer.services.register import import_register
    from libtrainer.services.register.summary import describe, to_json

    if args.bad_rows_out and not args.skip_bad:
        raise LibtrainerError(N_("--bad-rows-out works together with --skip-bad."))
    result = import_register(
        ctx.store(),
        Path(args.file),
        dry_run=args.dry_run,
        skip_bad=args.skip_bad,
        bad_rows_out=Path(args.bad_rows_out) if args.bad_rows_out else None,
        restore_deleted=args.bring_back_deleted,
    )
    if args.json:
        json.dump(to_json(result), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for line in describe(result):
            print(line)
    if result.errors and not args.skip_bad:
        return 1
    return 0
