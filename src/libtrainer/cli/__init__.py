"""Headless commands (``libtrainer --help``). Proves the core runs without Qt.

Every command is a module in this package with ``register(subparsers)``; its handler takes the
parsed arguments and a :class:`Context` and returns an exit status. Errors meant for a person
(``LibtrainerError``) are printed in the user's language; anything else is logged with its
traceback (to the log file in the data folder, never to the screen) and summarised.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from libtrainer import __version__
from libtrainer.cli.context import Context
from libtrainer.domain.errors import LibtrainerError, stack_without_data
from libtrainer.i18n import _, detect_language, render, set_language

log = logging.getLogger("libtrainer")

#: Command modules of ``libtrainer.cli``, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "core",
    "sync",
    "trust",
    "reports",
    "importing",
    "printing",
    "groups",
    "programmes",
    "participants",
    "staff",
    "accounts",
    "duplicates",
)


def command_modules() -> list[ModuleType]:
    """The command modules that exist in this build (areas land one by one)."""
    found = []
    for name in COMMAND_MODULES:
        qualified = f"libtrainer.cli.{name}"
        try:
            found.append(importlib.import_module(qualified))
        except ModuleNotFoundError as exc:
            if exc.name != qualified:
                raise
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="libtrainer",
        description=_(
            "Digital-skills training records for public libraries. "
            "Without a command, the app window opens."
        ),
    )
    parser.add_argument("--version", action="version", version=f"libtrainer {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar=_("DIR"),
        help=_(
            "folder of the store (default: LIBTRAINER_DATA_DIR or the "
            "per-user application data folder)"
        ),
    )
    parser.add_argument(
        "--lang",
        choices=["lt", "lv", "en"],
        help=_("language of messages (default: LIBTRAINER_LANG or the system's)"),
    )
    parser.add_argument(
        "--passphrase-file",
        metavar=_("FILE"),
        help=_("read the store passphrase from FILE (when there is no keyring)"),
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for module in command_modules():
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    pre = argparse.ArgumentParser(prog="libtrainer", add_help=False)
    pre.add_argument("--lang")
    pre.add_argument("--data-dir")
    pre.add_argument("--passphrase-file")
    known, rest = pre.parse_known_args(args_list)
    set_language(detect_language(known.lang))
    if not rest and known.lang in (None, "lt", "lv", "en"):
        # No command: the app window. The command modules (and the store's libraries) are
        # not loaded for it, so the window opens sooner (bench/gui.py).
        return _no_command(build_parser, Context.from_args(known))
    from libtrainer.cli.args import translate_argparse  # noqa: PLC0415 - not on the window's path

    translate_argparse()
    parser = build_parser()
    args = parser.parse_args(args_list)
    ctx = Context.from_args(args)
    if args.command is None:
        return _no_command(lambda: parser, ctx)
    try:
        return int(args.handler(args, ctx) or 0)
    except LibtrainerError as exc:
        print(render(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_("Stopped."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the output went away (``libtrainer … | head``): not an error. Python
        # would complain again when it flushes stdout at exit, so point it at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        log.error("unexpected error in command %s: %s", args.command, stack_without_data(exc))
        print(ctx.unexpected_error_text(), file=sys.stderr)
        return 1
    finally:
        ctx.close()


def _no_command(parser: Callable[[], argparse.ArgumentParser], ctx: Context) -> int:
    """Open the GUI when it is installed and a display is available; otherwise print help."""
    try:
        from libtrainer.gui import opening  # noqa: PLC0415 - no Qt in it

        opening.prefetch_key(ctx.data_dir)  # while Qt loads (see opening.prefetch_key)
        from libtrainer.gui.app import run as run_gui  # noqa: PLC0415 - Qt only when asked
    except ImportError:
        from libtrainer.cli.args import translate_argparse  # noqa: PLC0415 - only without Qt

        translate_argparse()
        parser().print_help()
        return 0
    return int(run_gui(ctx))
