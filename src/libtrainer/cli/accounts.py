"""Sign-in accounts of this computer: ``accounts list|reset-password LOGIN``.

For the computer without anyone who can sign in as an administrator (decision 0519): whoever
runs the command can open the store with its key, so they may set any account's password. The
new password is read from a prompt (typed twice, not shown) or from ``--password-file``, never
from the command line, where other users and the shell's history could see it. The account is
then marked: its owner chooses their own password at the next sign-in in the window. No
command signs in as a person, so none has to refuse a marked account.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from libtrainer.cli.context import Context
from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import _
from libtrainer.i18n.labels import STAFF_ROLES

#: The state of an account whose password an administrator set (decision 0519, update).
NOT_CHOSEN = N_("own password not chosen yet")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "accounts", help=_("sign-in accounts of this computer: list, set a forgotten password")
    )
    psub = p.add_subparsers(dest="accounts_command", metavar=_("ACTION"), required=True)

    c = psub.add_parser("list", help=_("list the sign-in accounts (login name, name, role)"))
    c.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    c.set_defaults(handler=cmd_list)

    c = psub.add_parser(
        "reset-password",
        help=_("set a new password for an account whose password was forgotten"),
    )
    c.add_argument("login", metavar=_("LOGIN"), help=_("the account's login name"))
    c.add_argument(
        "--password-file",
        metavar=_("FILE"),
        help=_("read the new password from FILE (without it, it is asked for, twice)"),
    )
    c.set_defaults(handler=cmd_reset_password)


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    from libtrainer.services import accounts  # noqa: PLC0415

    with ctx.store().read() as conn:
        rows = accounts.list_accounts(conn)
    if args.json:
        records = [
            {
                "login": user.login,
                "staff_id": user.staff_id,
                "given_name": user.given_name,
                "family_name": user.family_name,
                "role": user.role,
                "disabled": disabled,
                "must_change_password": user.must_change_password,
            }
            for user, disabled in rows
        ]
        json.dump({"accounts": records}, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for user, disabled in rows:
        role = _(STAFF_ROLES[user.role]) if user.role in STAFF_ROLES else user.role
        state = _(_state(disabled, user.must_change_password))
        print(f"{user.login}\t{user.display_name}\t{role}\t{state}")
    if not rows:
        print(_("No sign-in accounts yet: the first-run window makes the first one."))
    return 0


def _state(disabled: bool, must_change: bool) -> str:
    if disabled:
        return N_("disabled")
    return NOT_CHOSEN if must_change else N_("active")


def cmd_reset_password(args: argparse.Namespace, ctx: Context) -> int:
    from libtrainer.services import password_reset  # noqa: PLC0415

    store = ctx.store()  # before the prompt: a store that does not open asks for nothing
    new = _new_password(args.password_file)
    with store.uow() as uow:
        login = password_reset.set_password_for_login(uow, args.login, new)
    print(
        _(
            "The new password of “{login}” is set. Give it to the person in private; when "
            "they sign in with it, the window asks them to choose their own."
        ).format(login=login)
    )
    return 0


def _new_password(path: str | None) -> str:
    if path:
        try:
            # utf-8-sig: Notepad and PowerShell 5 start a "UTF-8" file with a BOM
            return Path(path).read_text(encoding="utf-8-sig").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise LibtrainerError(N_("The file {path} cannot be read."), path=path) from exc
    if sys.stdin is None or not sys.stdin.isatty():
        raise LibtrainerError(
            N_(
                "Give the new password with --password-file FILE, or run the command in a "
                "terminal to type it (it is never taken from the command line)."
            )
        )
    import getpass  # noqa: PLC0415 - only to prompt

    first = getpass.getpass(_("New password: "))
    if getpass.getpass(_("Repeat the new password: ")) != first:
        raise LibtrainerError(N_("The two passwords differ. Nothing was changed."))
    return first
