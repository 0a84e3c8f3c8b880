"""The staff list: ``staff list|add|edit|archive|unarchive``.

People added here have no sign-in account (``libtrainer`` window, Settings ▸ Staff accounts,
makes those). A branch computer of a region changes only its own branch's people
(docs/decisions/0111). A person is named by their id, the unique start of it, or by
"Given Family" when one person has that name. Bad input is one line naming the option; nothing
is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from libtrainer.cli.context import Context
from libtrainer.domain.enums import StaffRole
from libtrainer.domain.errors import N_, LibtrainerError, ValidationError
from libtrainer.i18n import _, render
from libtrainer.i18n.labels import STAFF_ROLES
from libtrainer.services import staff
from libtrainer.services.staff import StaffInfo
from libtrainer.store.uow import UnitOfWork

#: The option that gives each field a service can refuse.
OPTIONS = {
    "given_name": "--given",
    "family_name": "--family",
    "role": "--role",
    "email": "--email",
}


def register(sub: Any) -> None:
    p = sub.add_parser(
        "staff", help=_("the staff list (lecturers, librarians…): list, add, change, archive")
    )
    psub = p.add_subparsers(dest="staff_command", metavar=_("ACTION"), required=True)

    c = psub.add_parser("list", help=_("list the staff (archived people too with --all)"))
    c.add_argument("--all", action="store_true", help=_("archived people too"))
    c.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    c.set_defaults(handler=cmd_list)

    c = psub.add_parser(
        "add", help=_("add a person to this branch's staff (without a sign-in account)")
    )
    _fields(c, adding=True)
    c.set_defaults(handler=cmd_add)

    c = psub.add_parser("edit", help=_("change a person's details (only the options given)"))
    _person(c)
    _fields(c, adding=False)
    c.set_defaults(handler=cmd_edit)

    for name, helptext, handler in (
        (
            "archive",
            _("no longer offer a person as lecturer or helper (past records keep them)"),
            cmd_archive,
        ),
        ("unarchive", _("offer an archived person again"), cmd_unarchive),
    ):
        c = psub.add_parser(name, help=helptext)
        _person(c)
        c.set_defaults(handler=handler)


def _person(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "person",
        metavar=_("PERSON"),
        help=_('the person\'s id (or its start), or "Given Family" when only one has that name'),
    )


def _fields(p: argparse.ArgumentParser, *, adding: bool) -> None:
    """The field options; for ``add`` the names and role are required, for ``edit`` every
    option is optional and only those given change."""
    p.add_argument("--given", required=adding, metavar=_("GIVEN_NAME"), help=_("given name"))
    p.add_argument("--family", required=adding, metavar=_("FAMILY_NAME"), help=_("family name"))
    p.add_argument(
        "--role",
        required=adding,
        type=_role,
        metavar=_("ROLE"),
        help=_(
            "what the person does: {roles} (a sign-in account keeps the role it signs in with)"
        ).format(roles=", ".join(_(STAFF_ROLES[m.value]) for m in StaffRole)),
    )
    p.add_argument(
        "--email",
        metavar=_("ADDRESS"),
        help=_("e-mail address ('' removes it)") if not adding else _("e-mail address"),
    )


def _role(text: str) -> str:
    """A role typed as its code or its label in lt, lv or en ("lektorius", "Lektors")."""
    from libtrainer.i18n import LANGUAGES  # noqa: PLC0415
    from libtrainer.services.register.columns import key_of, translator  # noqa: PLC0415

    lookup = {key_of(m.value): m.value for m in StaffRole}
    for lang in LANGUAGES:
        for code, msgid in STAFF_ROLES.items():
            lookup.setdefault(key_of(translator(lang)(msgid)), code)
    code = lookup.get(key_of(text))
    if code is None:
        roles = ", ".join(_(STAFF_ROLES[m.value]) for m in StaffRole)
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a role; choose one of: {roles}.").format(value=text, roles=roles)
        )
    return code


def _given(args: argparse.Namespace) -> dict[str, Any]:
    """The fields named on the command line, as the services take them."""
    values = {
        "given_name": args.given,
        "family_name": args.family,
        "role": args.role,
        "email": args.email,
    }
    return {name: value for name, value in values.items() if value is not None}


def _write(ctx: Context, work: Callable[[UnitOfWork], Any]) -> Any:
    """``work`` in one unit of work; a refused field is printed naming its option (exit 2 by
    the caller), with nothing written."""
    try:
        with ctx.store().uow() as uow:
            return work(uow)
    except ValidationError as error:
        option = OPTIONS.get(error.field, error.field)
        # The message is already in the user's language; the template only adds the option.
        raise LibtrainerError(
            N_("{option}: {message}"), option=option, message=render(error)
        ) from None


# --- the commands --------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.store().uow() as uow:
        every = staff.list_people(uow, include_archived=True)
    found = every if args.all else [p for p in every if not p.archived]
    if args.json:
        json.dump({"staff": [_record(p) for p in found]}, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for person in found:
        print(_line(person))
    if not found and every:
        print(_("Everyone is archived; list them with: libtrainer staff list --all"))
    elif not found:
        print(_("The staff list is empty."))
        print(_("Add someone with: libtrainer staff add --given NAME --family NAME --role ROLE"))
    return 0


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    values = _given(args)
    given, family, role = values.pop("given_name"), values.pop("family_name"), values.pop("role")
    changed = _write(ctx, lambda uow: staff.add_person(uow, given, family, role, **values))
    print(_("Added: {person}").format(person=_line(_info(ctx, changed.first("staff")))))
    return 0


def cmd_edit(args: argparse.Namespace, ctx: Context) -> int:
    values = _given(args)
    if not values:
        raise LibtrainerError(
            N_("Nothing to change: give at least one option, such as --email or --role.")
        )

    def edit(uow: UnitOfWork) -> tuple[str, Any]:
        found = staff.find_person(uow, args.person)
        return found, staff.edit_person(uow, found, **values)

    found, changed = _write(ctx, edit)
    line = _line(_info(ctx, found))
    if changed.empty:
        print(_("Nothing changed: {person}").format(person=line))
    else:
        print(_("Saved: {person}").format(person=line))
    return 0


def cmd_archive(args: argparse.Namespace, ctx: Context) -> int:
    return _set_archived(args, ctx, archived=True)


def cmd_unarchive(args: argparse.Namespace, ctx: Context) -> int:
    return _set_archived(args, ctx, archived=False)


def _set_archived(args: argparse.Namespace, ctx: Context, *, archived: bool) -> int:
    change = staff.archive_person if archived else staff.unarchive_person

    def work(uow: UnitOfWork) -> tuple[str, Any]:
        found = staff.find_person(uow, args.person)
        return found, change(uow, found)

    found, changed = _write(ctx, work)
    name = _info(ctx, found).name
    if archived:
        message = (
            _(
                "Archived: {name}. Past groups, sessions and consultations keep them; they are "
                "no longer offered as lecturer or helper."
            )
            if not changed.empty
            else _("{name} was already archived.")
        )
    else:
        message = (
            _("Brought back: {name}. They are offered as lecturer and helper again.")
            if not changed.empty
            else _("{name} is not archived.")
        )
    print(message.format(name=name))
    return 0


# --- helpers -------------------------------------------------------------------------------------


def _info(ctx: Context, staff_id: str) -> StaffInfo:
    with ctx.store().uow() as uow:
        return staff.get_person(uow, staff_id)


def _record(p: StaffInfo) -> dict[str, Any]:
    return {
        "id": p.id,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "role": p.role,
        "branch_id": p.branch_id,
        "branch": p.branch or None,
        "email": p.email,
        "archived": p.archived,
        "login": p.login,
        "changeable": p.changeable,
    }


def _line(p: StaffInfo) -> str:
    """ "Family, Given — Lecturer, Branch, e-mail, sign-in: login, archived [id]"."""
    parts = [_(STAFF_ROLES.get(p.role, p.role))]
    if p.branch:
        parts.append(p.branch)
    if p.email:
        parts.append(p.email)
    if p.login:
        parts.append(_("sign-in: {login}").format(login=p.login))
    if p.archived:
        parts.append(_("in the archive"))
    return f"{p.family_name}, {p.given_name} — {', '.join(parts)} [{p.id}]"
