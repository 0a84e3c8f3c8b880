"""Core commands: init, status, demo, check."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from libtrainer.cli.args import whole_number
from libtrainer.cli.context import Context
from libtrainer.domain.enums import Role
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.i18n import _
from libtrainer.services import checks, setup, status, storefile


def register(sub: Any) -> None:
    p = sub.add_parser("init", help=_("create the store of this computer and set up the device"))
    p.add_argument("--region", required=True, help=_("region, e.g. “Alytaus apskritis”"))
    p.add_argument("--library", required=True, help=_("municipal library"))
    p.add_argument("--branch", required=True, help=_("branch, community site or mobile library"))
    p.add_argument("--device-name", required=True, help=_("a name for this computer"))
    p.add_argument(
        "--role",
        choices=[r.value for r in Role],
        default=Role.BRANCH.value,
        help=_("what this device is used for"),
    )
    p.add_argument("--country", default="LT", choices=["LT", "LV"], help=_("country"))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("status", help=_("show the device, the store and changes waiting"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("demo", help=_("fill the store with realistic demonstration data"))
    p.add_argument(
        "--size",
        choices=["branch", "region"],
        default="branch",
        help=_("how much data: one branch, or a whole region"),
    )
    p.add_argument(
        "--start",
        action="store_true",
        help=_("create a demo store if there is none, then open the app"),
    )
    p.add_argument(
        "--country",
        type=str.upper,
        choices=["LT", "LV"],
        help=_(
            "with --start: the country of the new demo store, a Lithuanian or a Latvian "
            "library (default: from the computer's language; Lithuanian for any other)"
        ),
    )
    p.add_argument(
        "--language",
        choices=["lt", "lv", "en"],
        help=_("with --start: the language of the window (default: the computer's)"),
    )
    p.add_argument(
        "--seed", type=whole_number, default=7, help=_("random seed (same seed, same data)")
    )
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("check", help=_("check the store's integrity"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_check)


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    passphrase = ctx.passphrase(confirm=True) if ctx.passphrase_file else None
    from libtrainer.sync import keys

    if passphrase is None and not keys.keyring_available():
        passphrase = ctx.passphrase(confirm=True)
    store = storefile.create(ctx.data_dir, passphrase=passphrase, setup_pending=True)
    ctx._store = store
    ctx.setup_logging()
    ident = setup.initialise(
        store,
        region=args.region,
        library=args.library,
        branch=args.branch,
        device_name=args.device_name,
        role=args.role,
        country=args.country,
    )
    code = None
    if passphrase is None:
        from libtrainer.services import recovery

        code = recovery.make_code(ctx.data_dir)
    # an init stopped before this is made again by init
    storefile.finish_setup(ctx.data_dir, branch=args.branch, device=args.device_name)
    print(_("Store created in {path}.").format(path=ctx.data_dir))
    print(_("This device: {device}").format(device=ident.device_id))
    if code is not None:
        print_recovery_code(code)
    if keys.keyring_available():
        from libtrainer.sync.identity import enrolment_code, ensure_device_keys

        ensure_device_keys(store)
        print(_("Enrolment code of this computer: {code}").format(code=enrolment_code(store)))
    return 0


def print_recovery_code(code: str) -> None:
    """Show a new recovery code and what it is for (``init``, ``keys recovery-code``)."""
    print(_("Recovery code of this store: {code}").format(code=code))
    print(
        _(
            "Write it down and keep it with the library's papers, not on this computer. If this "
            "computer's keyring loses the store key (a new Windows profile, reboot-restore "
            "software), only this code opens the records again: libtrainer keys recover"
        )
    )


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    info = status.status(ctx.store(), ctx.data_dir)
    if args.json:
        json.dump(info, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for line in status.describe(info):
            print(line)
    return 0


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from libtrainer.services import demo

    if args.start:
        return demo.start(
            ctx, size=args.size, seed=args.seed, country=args.country, language=args.language
        )
    if args.country or args.language:
        raise ValidationError(
            "--country" if args.country else "--language",
            N_(
                "{option} is for a new demonstration store: use it with --start. Without "
                "--start, demo adds to this store, in its own country and language."
            ),
            option="--country" if args.country else "--language",
        )
    summary = demo.fill(ctx.store(), size=args.size, seed=args.seed)
    print(_("Demo data added: {summary}").format(summary=demo.describe(summary)))
    return 0


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    report = checks.check(ctx.store())
    if args.json:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for line in report.lines():
            print(line)
    return 0 if report.healthy else 1
