"""The ``sync`` command: send this computer's changes to the shared folder, merge the others'."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from libtrainer.cli.context import Context
from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import _, render
from libtrainer.services import settings
from libtrainer.store.store import Store
from libtrainer.sync import quarantine, quarantine_view
from libtrainer.sync.errors import ShareUnreachable
from libtrainer.sync.session import SyncSummary, device_label, synchronise
from libtrainer.sync.share import full_path
from libtrainer.sync.summary import as_json, describe, describe_quarantine
from libtrainer.sync.target import StoreTarget, Target
from libtrainer.sync.trust import load_trust


def register(sub: Any) -> None:
    p = sub.add_parser(
        "sync",
        help=_("send this computer's changes to the shared folder and merge what others sent"),
    )
    p.add_argument(
        "share",
        nargs="?",
        metavar=_("SHARE"),
        help=_(
            "the shared folder: a network folder, a cloud folder or a USB stick (default: "
            "the one set in the app's Settings)"
        ),
    )
    p.add_argument(
        "--central",
        metavar="URL",
        help=_(
            "merge into this PostgreSQL database (postgresql://…) instead of "
            "this computer's store (coordinators)"
        ),
    )
    p.add_argument(
        "--restamp",
        metavar=_("BUNDLE"),
        action="append",
        default=[],
        help=_(
            "merge a bundle that was set aside for its future date, with this "
            "computer's clock (the code given in the message; coordinators); the device's "
            "later bundles dated no further ahead are re-stamped too"
        ),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_sync)

    p = sub.add_parser(
        "schedule",
        help=_("send every hour also while the app is closed (this computer's scheduler)"),
    )
    p.add_argument(
        "schedule_action",
        choices=("on", "off", "status"),
        metavar="on|off|status",
        help=_("on: register the hourly send; off: remove it; status: show it"),
    )
    p.set_defaults(handler=cmd_schedule)

    q = sub.add_parser(
        "quarantine", help=_("bundles set aside and not merged, and suspended devices")
    )
    qsub = q.add_subparsers(dest="quarantine_command", metavar=_("ACTION"), required=True)
    p = qsub.add_parser(
        "list", help=_("show every quarantined bundle with its reason and what to do")
    )
    central_option(p)
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_quarantine_list)


def central_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--central",
        metavar="URL",
        help=_("use this PostgreSQL database (postgresql://…) instead of this computer's store"),
    )


def open_target(args: argparse.Namespace, store: Store, stack: ExitStack) -> Target:
    """This computer's store, or the central database named by ``--central``."""
    if not getattr(args, "central", None):
        return StoreTarget(store)
    from libtrainer.sync.central import central_target  # noqa: PLC0415 - psycopg

    return stack.enter_context(central_target(args.central, store.identity.clock, store))


def cmd_quarantine_list(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    with ExitStack() as stack:
        target = open_target(args, store, stack)
        with store.read() as conn:
            trust = load_trust(conn)
        with target.reading() as conn:
            view = quarantine_view.overview(conn, lambda device: device_label(trust, device))
    if args.json:
        json.dump(view.as_json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for line in describe_quarantine(view):
        print(line)
    return 0


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    if args.restamp and store.meta("role") != "coordinator":
        raise LibtrainerError(N_("Only a coordinator can re-stamp a bundle."))
    try:
        with ExitStack() as stack:
            target = open_target(args, store, stack)
            for ref in args.restamp:
                with target.transaction() as conn:
                    quarantine.approve_restamp(conn, ref)
            summary = synchronise(store, _share_root(args, store), target=target)
    except ShareUnreachable as exc:
        if args.json:
            json.dump({"reachable": False, "unsent": exc.params.get("n", 0)}, sys.stdout)
            print()
        else:
            print(render(exc))
        return 0
    _print(args, ctx, summary)
    return 1 if summary.failed else 0


def cmd_schedule(args: argparse.Namespace, ctx: Context) -> int:
    """Register, remove or show the hourly send while the app is closed (administrators set
    the same in the app's Settings); the choice is kept in the store."""
    from libtrainer.sync import scheduled  # noqa: PLC0415

    store = ctx.store()
    if args.schedule_action == "status":
        chosen = store.meta(settings.SCHEDULED_SEND) == "hourly"
        there = scheduled.installed(ctx.data_dir)
        if chosen and there:
            print(_("This computer sends every hour, also while the app is closed."))
        elif chosen:
            print(
                _(
                    "The hourly send is chosen but not registered now; the app registers it "
                    "again at the next sign-in, or run “libtrainer schedule on”."
                )
            )
        else:
            print(_("This computer sends only while the app is open."))
        return 0
    on = args.schedule_action == "on"
    if on:
        scheduled.install(ctx.data_dir)
    else:
        scheduled.remove(ctx.data_dir)
    with store.uow() as uow:
        settings.save(uow, scheduled_send=on)
    if on:
        if not store.meta(settings.SHARE_PATH):
            print(_("Set the shared folder in the app's Settings, or nothing can be sent."))
        print(_("This computer now sends every hour, also while the app is closed."))
    else:
        print(_("This computer now sends only while the app is open."))
    return 0


def _share_root(args: argparse.Namespace, store: Store) -> Path:
    """SHARE (taken from the folder the command runs in when it is relative), else the shared
    folder set in Settings (so a scheduled task can run plain ``libtrainer sync``); one
    remembered without its drive is refused by ``Share`` (decision 0331)."""
    if args.share:
        return full_path(args.share)
    root = store.meta(settings.SHARE_PATH)
    if not root:
        raise LibtrainerError(
            N_("Name the shared folder (libtrainer sync SHARE) or set it in the app's Settings.")
        )
    return Path(root)


def _print(args: argparse.Namespace, ctx: Context, summary: SyncSummary) -> None:
    if args.json:
        json.dump(as_json(summary), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    with ctx.store().read() as conn:
        trust = load_trust(conn)
    for line in describe(summary, lambda device: device_label(trust, device)):
        print(line)
