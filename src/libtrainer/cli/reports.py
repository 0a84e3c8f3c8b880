"""``libtrainer report KIND``: coordinator reports to JSON, CSV, xlsx or PDF.

    libtrainer report summary --from 2024-01-01 --to 2024-12-31 --scope library:Lazdijų \\
        --by branch --by target_group --format xlsx --out 2024.xlsx
    libtrainer report esf --from 2024-01-01 --to 2024-12-31 --age-rules 2014 --format json

Without ``--out`` a JSON report goes to standard output (for scripts).

A CSV is written for the spreadsheet of this computer (decision 0358): the list separator and
decimal symbol of its regional settings; when they are not known, by the report's language
(Lithuanian and Latvian with ``;`` between cells and a decimal comma, English with ``,`` and a
decimal point). ``--csv-separator comma|semicolon`` chooses otherwise; scripts are better
served by JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from libtrainer.cli.args import check_output, output_file
from libtrainer.cli.context import Context
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.i18n import _
from libtrainer.reports.api import FORMATS, KINDS, export_report, run_report
from libtrainer.reports.csvjson import CSV_SEPARATORS
from libtrainer.reports.dimensions import ACTIVITY, GROUP_KINDS
from libtrainer.reports.filters import AGE_RULES, ReportFilters, resolve_programmes, resolve_scope


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a date such as 2024-12-31.").format(value=text)
        ) from None


def register(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help=_("coordinator reports: summary, ESF+ indicators, sessions, consultations, impact"),
        description=_("Make a report from the records in this store."),
    )
    p.add_argument("kind", choices=list(KINDS), help=_("which report"))
    p.add_argument(
        "--from",
        dest="date_from",
        type=_date,
        required=True,
        metavar=_("DATE"),
        help=_("first day of the period (YYYY-MM-DD)"),
    )
    p.add_argument(
        "--to",
        dest="date_to",
        type=_date,
        required=True,
        metavar=_("DATE"),
        help=_("last day of the period (YYYY-MM-DD)"),
    )
    p.add_argument(
        "--scope",
        metavar=_("SCOPE"),
        help=_(
            "region, library or branch (this device's own), or KIND:ID-or-name, "
            "e.g. branch:Būdviečio (default: everything in the store)"
        ),
    )
    p.add_argument(
        "--programme",
        action="append",
        default=[],
        metavar=_("PROGRAMME"),
        help=_("only this programme (id, code or title); may be repeated"),
    )
    p.add_argument(
        "--audience",
        choices=["residents", "library_staff"],
        help=_("only programmes for this audience"),
    )
    p.add_argument(
        "--by",
        action="append",
        default=[],
        metavar=_("BREAKDOWN"),
        help=_("breakdown(s), comma-separated or repeated: {choices}").format(
            choices=", ".join((*ACTIVITY, *GROUP_KINDS))
        ),
    )
    p.add_argument(
        "--age-rules",
        choices=list(AGE_RULES),
        default="2021",
        help=_("ESF+ age bands: 2021 (under 18, 18–29, 55+) or 2014 (under 25, over 54)"),
    )
    p.add_argument(
        "--new-entrants",
        action="store_true",
        help=_(
            "ESF+: count only people whose first attendance falls in the period (so that "
            "reports of consecutive periods add up)"
        ),
    )
    p.add_argument(
        "--format",
        choices=list(FORMATS),
        help=_("output format (default: from the file name, else json)"),
    )
    p.add_argument(
        "--csv-separator",
        choices=list(CSV_SEPARATORS),
        default="auto",
        help=_(
            "CSV only: auto (default) writes what Excel expects on this computer: the list "
            "separator and decimal symbol of its regional settings, or, when they are not "
            "known, “;” and a decimal comma (1,5) for a Lithuanian or Latvian report, “,” and "
            "a decimal point (1.5) for an English one; comma or semicolon chooses one of "
            "those. Dates are written as 2024-12-31. For scripts, use --format json"
        ),
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar=_("FILE"),
        help=_("file to write (default for JSON: standard output)"),
    )
    p.set_defaults(handler=cmd_report)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.out.suffix.lower().lstrip(".") if args.out else ""
    if suffix and suffix not in FORMATS:
        raise ValidationError(
            "format",
            N_(
                "{path} ends in .{suffix}, which is not a report format. End the file name in "
                "one of {formats}, or name the format with --format."
            ),
            path=str(args.out),
            suffix=suffix,
            formats=", ".join(f".{f}" for f in FORMATS),
        )
    return suffix or "json"


def _by(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    fmt = _format(args)
    if args.out is None and fmt != "json":
        raise ValidationError(
            "format", N_("The {format} report needs a file: add --out FILE."), format=fmt
        )
    if args.out is not None:
        check_output(args.out)  # a folder, or no such folder: say so before the report is made
    store = ctx.store()
    with store.read() as conn:
        scope = resolve_scope(conn, args.scope)
        ids, names = resolve_programmes(conn, args.programme)
    filters = ReportFilters(
        args.date_from,
        args.date_to,
        scope,
        ids,
        names,
        args.audience,
        args.age_rules,
        new_entrants=args.new_entrants,
    )
    report = run_report(store, args.kind, filters, by=_by(args.by))
    if args.out is None:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    with output_file(args.out) as out:
        export_report(report, fmt, out, csv_separator=args.csv_separator)
    print(_("Report written to {path}.").format(path=args.out))
    return 0
